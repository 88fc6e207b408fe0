/**
 * The interpreter's linear memory: an ArrayBuffer replaced on every growth, like
 * `WebAssembly.Memory`, with the views the executor reads through.
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import type { MemoryType } from '../../api/types.js';
import { MAX_PAGES, PAGE_SIZE } from '../../api/types.js';
import type { WasmMemory } from '../../api/values.js';

/** A linear memory of the interpreter engine. */
export class InterpMemory implements WasmMemory {
  readonly kind = 'memory';
  /** The current buffer (a new object after each growth). */
  buffer: ArrayBuffer;
  /** A DataView over {@link buffer}: the executor's loads and stores go through it. */
  view: DataView;
  /** A byte view over {@link buffer}. */
  u8: Uint8Array;
  /** A 32-bit view over {@link buffer} (the JIT's aligned accesses, see jit/codegen/align.ts). */
  i32: Int32Array;
  /** `buffer.byteLength`, kept as a plain field for the executor's bounds checks. */
  byteLength: number;
  /** Largest size in pages: the type's maximum, capped by the engine's `maxMemoryPages`. */
  readonly maxPages: number;

  /**
   * Creates a memory of `type.limits.min` pages. `owner` identifies the engine that made it;
   * `limitPages` is the engine's `maxMemoryPages` (or undefined). Fails with a
   * "memory limit exceeded" trap when the minimum is above the limit or cannot be allocated.
   */
  constructor(
    readonly owner: object,
    readonly type: MemoryType,
    limitPages: number | undefined,
  ) {
    const typeMax = type.limits.max ?? MAX_PAGES;
    this.maxPages = Math.min(typeMax, limitPages ?? MAX_PAGES, MAX_PAGES);
    const min = type.limits.min;
    if (min > this.maxPages) {
      throw new Trap(
        TrapCode.MemoryLimitExceeded,
        `memory limit exceeded: the memory needs ${min} pages, the limit is ${this.maxPages}`,
      );
    }
    const buf = allocate(min);
    if (buf === null) {
      throw new Trap(TrapCode.MemoryLimitExceeded, `memory limit exceeded: cannot allocate ${min} pages`);
    }
    this.buffer = buf;
    this.view = new DataView(buf);
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.byteLength = buf.byteLength;
  }

  /** Current size in pages. */
  get pages(): number {
    return this.byteLength / PAGE_SIZE;
  }

  /**
   * Grows by `delta` pages (an unsigned 32-bit count) the way `memory.grow` does: returns the old
   * size in pages, or -1 when the result would exceed the maximum or cannot be allocated.
   */
  growPages(delta: number): number {
    const old = this.byteLength / PAGE_SIZE;
    if (delta === 0) return old;
    const next = old + delta;
    if (delta < 0 || next > this.maxPages) return -1;
    const buf = allocate(next);
    if (buf === null) return -1;
    const u8 = new Uint8Array(buf);
    u8.set(this.u8);
    this.buffer = buf;
    this.view = new DataView(buf);
    this.u8 = u8;
    this.i32 = new Int32Array(buf);
    this.byteLength = buf.byteLength;
    return old;
  }

  /** JS-API growth: returns the old size in pages, or throws a KpioError when it cannot grow. */
  grow(delta: number): number {
    const d = Number(delta);
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new KpioError(`memory.grow: invalid page count ${String(delta)}`);
    }
    const r = this.growPages(d);
    if (r < 0) {
      throw new KpioError(
        `memory.grow(${d}) failed: ${this.pages} + ${d} pages exceeds the maximum of ${this.maxPages} pages`,
      );
    }
    return r;
  }
}

/** A zeroed buffer of `pages` pages, or null when the host cannot allocate it. */
function allocate(pages: number): ArrayBuffer | null {
  try {
    return new ArrayBuffer(pages * PAGE_SIZE);
  } catch {
    // Note: V8 throws RangeError ("Array buffer allocation failed") when it cannot reserve the
    // memory; wasm semantics turn that into a failed grow, never a host exception.
    return null;
  }
}
