/**
 * The per-component-instance table of handles (CanonicalABI.md "Table State"): a dense array
 * whose index 0 is never used, with a LIFO free list so allocation and removal are O(1) and
 * freed indices are reused in the order the specification prescribes.
 */

import { componentTrap } from './abi-errors.js';
import { MAX_HANDLE_TABLE_LENGTH } from './limits.js';

/** A table of elements addressed by 32-bit indices, as every component instance keeps for its handles. */
export class HandleTable<T> {
  // Note: slot 0 stays `undefined` forever so that 0 can never name a live handle.
  readonly #elems: (T | undefined)[] = [undefined];
  readonly #free: number[] = [];
  #live = 0;

  /**
   * @param maxIndex the largest index the table may hand out; the specification fixes
   *   2^28 - 1, an embedder may configure less (DESIGN.md section 5: limits are configuration).
   */
  constructor(readonly maxIndex: number = MAX_HANDLE_TABLE_LENGTH) {}

  /** Number of live elements. */
  get size(): number {
    return this.#live;
  }

  /** True when `index` names a live element. */
  has(index: number): boolean {
    return Number.isInteger(index) && index > 0 && index < this.#elems.length && this.#elems[index] !== undefined;
  }

  /** The element at `index`; traps with "unknown handle index N" when there is none. */
  get(index: number): T {
    const e = Number.isInteger(index) && index >= 0 && index < this.#elems.length ? this.#elems[index] : undefined;
    if (e === undefined) throw componentTrap(`unknown handle index ${index}`);
    return e;
  }

  /** Stores `e` at the most recently freed index, or at the end; returns the index. */
  add(e: T): number {
    let i = this.#free.pop();
    if (i !== undefined) this.#elems[i] = e;
    else {
      i = this.#elems.length;
      if (i > this.maxIndex) throw componentTrap(`handle table is full (limit ${this.maxIndex} handles)`);
      this.#elems.push(e);
    }
    this.#live++;
    return i;
  }

  /** Removes and returns the element at `index`; traps like {@link get} when there is none. */
  remove(index: number): T {
    const e = this.get(index);
    this.#elems[index] = undefined;
    this.#free.push(index);
    this.#live--;
    return e;
  }

  /** The live elements with their indices, in index order. */
  *entries(): IterableIterator<[number, T]> {
    for (let i = 1; i < this.#elems.length; i++) {
      const e = this.#elems[i];
      if (e !== undefined) yield [i, e];
    }
  }
}
