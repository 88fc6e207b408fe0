/**
 * The host-side state of WASI 0.2 resources: a slab of entries indexed by small integers, with a
 * free list so that allocation and release are O(1). The integer is the representation the host
 * hands the canonical ABI for `own<R>` results (`ResourceRef.own(type, rep)`); the guest never sees
 * it (it sees handle indices of its own table).
 */

import { Trap, TrapCode } from '../../api/errors.js';

/** Default bound on live host resources per WASI instance (a configurable limit, DESIGN.md section 5). */
export const DEFAULT_MAX_RESOURCES = 65536;

/** Marks a free slot; `next` is the index of the next free slot or -1. */
class FreeSlot {
  constructor(readonly next: number) {}
}

/** A slab of live values with O(1) insert and remove through a free list. */
export class ResourceTable<T extends object> {
  private readonly slots: (T | FreeSlot)[] = [];
  private freeHead = -1;
  private live = 0;

  /** `maxEntries` bounds the live entries; inserting beyond it traps. */
  constructor(readonly maxEntries: number = DEFAULT_MAX_RESOURCES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  /** Number of live entries. */
  get size(): number {
    return this.live;
  }

  /**
   * Stores `value` and returns its index. Traps when the table is full: a guest that leaks
   * resources without bound must not exhaust the host.
   */
  insert(value: T): number {
    if (this.live >= this.maxEntries) {
      throw new Trap(TrapCode.HostError, `WASI resource limit reached: ${this.maxEntries} live host resources`);
    }
    this.live++;
    const head = this.freeHead;
    if (head >= 0) {
      this.freeHead = (this.slots[head] as FreeSlot).next;
      this.slots[head] = value;
      return head;
    }
    this.slots.push(value);
    return this.slots.length - 1;
  }

  /** The value at `index`, or undefined when the slot is free or out of range. */
  tryGet(index: number): T | undefined {
    const v = this.slots[index];
    if (v === undefined || v instanceof FreeSlot) return undefined;
    return v;
  }

  /** Removes and returns the value at `index` (undefined when there is none). */
  remove(index: number): T | undefined {
    const v = this.tryGet(index);
    if (v === undefined) return undefined;
    this.slots[index] = new FreeSlot(this.freeHead);
    this.freeHead = index;
    this.live--;
    return v;
  }

  /** Live entries as `[index, value]` pairs in index order. */
  *entries(): IterableIterator<[number, T]> {
    for (let i = 0; i < this.slots.length; i++) {
      const v = this.slots[i];
      if (v !== undefined && !(v instanceof FreeSlot)) yield [i, v];
    }
  }
}
