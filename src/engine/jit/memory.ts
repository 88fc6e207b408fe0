/**
 * The JIT's linear memory: the interpreter's memory (which owns the ArrayBuffer and is shared with
 * interpreted code) plus the typed-array views and bounds that compiled code reads through.
 */

import type { MemoryType } from '../../api/types.js';
import { InterpMemory } from '../interp/index.js';

/** A linear memory of the JIT engine (an {@link InterpMemory} with more views). */
export class JitMemory extends InterpMemory {
  /** Views over the current buffer for aligned accesses (refreshed on every growth). */
  i8: Int8Array;
  i16: Int16Array;
  u16: Uint16Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
  /**
   * `byteLength - n` for access sizes n = 1, 2, 4, 8, 16: an access of n bytes at effective address
   * `ea` is in bounds exactly when `ea <= lN` (negative when the memory is smaller than n).
   */
  l1: number;
  l2: number;
  l4: number;
  l8: number;
  l16: number;

  constructor(owner: object, type: MemoryType, limitPages: number | undefined) {
    super(owner, type, limitPages);
    const b = this.buffer;
    this.i8 = new Int8Array(b);
    this.i16 = new Int16Array(b);
    this.u16 = new Uint16Array(b);
    this.i32 = new Int32Array(b);
    this.f32 = new Float32Array(b);
    this.f64 = new Float64Array(b);
    const n = this.byteLength;
    this.l1 = n - 1;
    this.l2 = n - 2;
    this.l4 = n - 4;
    this.l8 = n - 8;
    this.l16 = n - 16;
  }

  override growPages(delta: number): number {
    const r = super.growPages(delta);
    if (r >= 0 && this.i8.buffer !== this.buffer) this.refresh();
    return r;
  }

  /** Rebuilds the views and bounds after the buffer changed. */
  private refresh(): void {
    const b = this.buffer;
    this.i8 = new Int8Array(b);
    this.i16 = new Int16Array(b);
    this.u16 = new Uint16Array(b);
    this.i32 = new Int32Array(b);
    this.f32 = new Float32Array(b);
    this.f64 = new Float64Array(b);
    const n = this.byteLength;
    this.l1 = n - 1;
    this.l2 = n - 2;
    this.l4 = n - 4;
    this.l8 = n - 8;
    this.l16 = n - 16;
  }
}
