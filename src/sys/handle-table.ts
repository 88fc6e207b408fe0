/**
 * A table of handles indexed by small non-negative integers (file descriptors in Preview 1,
 * resource handles in 0.2). New entries take the lowest free index, like POSIX descriptors.
 */

import { Errno, sysError } from './errno.js';

/** Default upper bound on live entries (a configurable limit, DESIGN.md section 5). */
export const DEFAULT_MAX_HANDLES = 4096;

/** A handle table with a size limit. Lookups of free slots throw `EBADF`. */
export class HandleTable<T> {
  private readonly slots: (T | undefined)[] = [];
  private live = 0;
  /** Lowest index that may be free (every index below it is in use). */
  private lowestFree = 0;

  /** `maxHandles` bounds the number of live entries (`EMFILE` beyond it). */
  constructor(readonly maxHandles: number = DEFAULT_MAX_HANDLES) {
    if (!Number.isInteger(maxHandles) || maxHandles < 1) throw new RangeError('maxHandles must be a positive integer');
  }

  /** Number of live entries. */
  get size(): number {
    return this.live;
  }

  /** Inserts at the lowest free index and returns it; `EMFILE` when the table is full. */
  insert(value: T): number {
    if (this.live >= this.maxHandles) throw sysError(Errno.MFILE, 'handle table is full');
    let i = this.lowestFree;
    while (i < this.slots.length && this.slots[i] !== undefined) i++;
    this.slots[i] = value;
    this.live++;
    this.lowestFree = i + 1;
    return i;
  }

  /** Puts `value` at exactly `index`, replacing what was there; returns the replaced entry. */
  set(index: number, value: T): T | undefined {
    this.checkIndex(index);
    const old = this.slots[index];
    if (old === undefined) {
      if (this.live >= this.maxHandles) throw sysError(Errno.MFILE, 'handle table is full');
      this.live++;
    }
    while (this.slots.length < index) this.slots.push(undefined);
    this.slots[index] = value;
    return old;
  }

  /** The entry at `index`, or undefined. */
  tryGet(index: number): T | undefined {
    return this.slots[index];
  }

  /** The entry at `index`; `EBADF` when there is none. */
  get(index: number): T {
    const v = this.slots[index];
    if (v === undefined) throw sysError(Errno.BADF);
    return v;
  }

  /** True when `index` holds an entry. */
  has(index: number): boolean {
    return this.slots[index] !== undefined;
  }

  /** Removes and returns the entry at `index`; `EBADF` when there is none. */
  remove(index: number): T {
    const v = this.get(index);
    this.slots[index] = undefined;
    this.live--;
    if (index < this.lowestFree) this.lowestFree = index;
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    return v;
  }

  /**
   * Moves the entry at `from` to `to` (POSIX `dup2` then close): returns the entry that was at
   * `to`, which the caller must release. Both must hold entries (`EBADF` otherwise).
   */
  renumber(from: number, to: number): T | undefined {
    const v = this.get(from);
    this.get(to);
    if (from === to) return undefined;
    const old = this.slots[to];
    this.slots[to] = v;
    this.remove(from);
    return old;
  }

  /** Live entries as `[index, entry]` pairs in index order. */
  *entries(): IterableIterator<[number, T]> {
    for (let i = 0; i < this.slots.length; i++) {
      const v = this.slots[i];
      if (v !== undefined) yield [i, v];
    }
  }

  private checkIndex(index: number): void {
    // Note: with lowest-free allocation every live index is below maxHandles, so larger ones are
    // refused rather than growing the slot array.
    if (!Number.isInteger(index) || index < 0 || index >= this.maxHandles) throw sysError(Errno.BADF);
  }
}
