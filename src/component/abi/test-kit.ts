/**
 * Small stand-ins for engine objects, for the canonical ABI's tests and for hosts that exercise
 * the ABI without a wasm engine: a {@link WasmMemory} over a plain ArrayBuffer that grows like a
 * real one (a new buffer object per growth), {@link WasmFunc}s made from JS functions, and a bump
 * allocator `realloc` that records every call.
 */

import { KpioError } from '../../api/errors.js';
import { PAGE_SIZE, type FuncType } from '../../api/types.js';
import type { Value, WasmFunc, WasmMemory } from '../../api/values.js';

/** A {@link WasmMemory} backed by an ArrayBuffer that is replaced on every growth. */
export class ArrayMemory implements WasmMemory {
  /** Always `'memory'`. */
  readonly kind = 'memory' as const;
  #buffer: ArrayBuffer;

  constructor(
    pages = 1,
    /** The most pages the memory may grow to. */
    readonly maxPages = 256,
  ) {
    this.#buffer = new ArrayBuffer(pages * PAGE_SIZE);
  }

  /** The memory type (current size as the minimum). */
  get type(): WasmMemory['type'] {
    return { limits: { min: this.#buffer.byteLength / PAGE_SIZE, max: this.maxPages } };
  }

  /** The current buffer: a new object after every growth. */
  get buffer(): ArrayBuffer {
    return this.#buffer;
  }

  /** Grows by `delta` pages, copying the contents into a new buffer; returns the old size in pages. */
  grow(delta: number): number {
    const old = this.#buffer.byteLength / PAGE_SIZE;
    if (old + delta > this.maxPages) throw new KpioError(`memory cannot grow beyond ${this.maxPages} pages`);
    const next = new ArrayBuffer((old + delta) * PAGE_SIZE);
    new Uint8Array(next).set(new Uint8Array(this.#buffer));
    this.#buffer = next;
    return old;
  }

  /** A byte view of the current buffer. */
  bytes(): Uint8Array {
    return new Uint8Array(this.#buffer);
  }
}

/** A {@link WasmFunc} of core type `type` implemented by the JS function `fn` (JS-API convention). */
export function jsFunc(type: FuncType, fn: (...args: any[]) => unknown): WasmFunc {
  return {
    kind: 'func',
    type,
    call: (...args: unknown[]) => fn(...args),
    callExact(_args: readonly Value[]): Value[] {
      throw new KpioError('jsFunc: exact calls are not supported');
    },
    callAsync: async (...args: unknown[]) => fn(...args),
  };
}

/** One recorded call of a {@link BumpAllocator}'s realloc. */
export interface ReallocCall {
  readonly old: number;
  readonly oldSize: number;
  readonly align: number;
  readonly newSize: number;
  readonly result: number;
}

/**
 * A `realloc` that never frees: shrinking keeps the block in place, growing copies it to a new
 * aligned block at the end. Grows the memory when it runs out. Records every call in `calls`.
 */
export class BumpAllocator {
  /** Every call so far, in order. */
  readonly calls: ReallocCall[] = [];
  /** The next free address. */
  next: number;
  /** The `realloc` core function. */
  readonly realloc: WasmFunc;

  constructor(
    readonly memory: ArrayMemory,
    start = 8,
  ) {
    this.next = start;
    this.realloc = jsFunc({ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }, (old: number, oldSize: number, align: number, newSize: number) =>
      this.#realloc(old >>> 0, oldSize >>> 0, align >>> 0, newSize >>> 0),
    );
  }

  #realloc(old: number, oldSize: number, align: number, newSize: number): number {
    let result: number;
    if (old !== 0 && newSize <= oldSize) result = old;
    else {
      result = Math.ceil(this.next / align) * align;
      this.next = result + newSize;
      while (this.next > this.memory.buffer.byteLength) this.memory.grow(1);
      if (old !== 0) {
        const b = this.memory.bytes();
        b.copyWithin(result, old, old + Math.min(oldSize, newSize));
      }
    }
    this.calls.push({ old, oldSize, align, newSize, result });
    return result;
  }
}
