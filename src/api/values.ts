/**
 * Values crossing the boundary between kpio and its embedder.
 *
 * Two conventions exist:
 * - The **JS-API convention** (what `WebAssembly` uses): i32/f32/f64 as `number`, i64 as `bigint`,
 *   references as functions/objects or `null`. Host functions and `Func.call` use it.
 * - **Exact values** ({@link Value}): a tagged form that keeps every bit, including NaN payloads of
 *   f32/f64 and v128 lanes. The spec runner, the fuzzer and engine tests use it.
 */

import type { FuncType, ValType } from './types.js';

/** A value in exact (bit-preserving) form. */
export type Value =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  /** `bits`: the IEEE-754 single bits as an unsigned 32-bit integer. */
  | { readonly type: 'f32'; readonly bits: number }
  /** `bits`: the IEEE-754 double bits as an unsigned 64-bit bigint. */
  | { readonly type: 'f64'; readonly bits: bigint }
  /** `bytes`: 16 bytes, little-endian lane order. */
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  /** `value`: a function, or `null` for `ref.null func`. */
  | { readonly type: 'funcref'; readonly value: WasmFunc | null }
  /** `value`: any host value, or `null` for `ref.null extern`. */
  | { readonly type: 'externref'; readonly value: unknown };

/** A value in the JS-API convention. */
export type JsValue = number | bigint | WasmFunc | null | unknown;

/**
 * A host function in the JS-API convention: receives one JS value per parameter and returns
 * `undefined` (no results), one value, or an array (several results). It may return a Promise
 * when the guest is called through an async entry point of an engine that can suspend.
 */
export type HostFunction = (...args: any[]) => unknown;

/** A WebAssembly function: exported from an instance, created for the host, or held in a table. */
export interface WasmFunc {
  readonly kind: 'func';
  readonly type: FuncType;
  /** Calls with JS-API conventions. Returns `undefined`, one value, or an array for several results. */
  call(...args: unknown[]): unknown;
  /** Calls with exact values. */
  callExact(args: readonly Value[]): Value[];
  /** Calls through the async entry point (host imports may return Promises) where the engine supports it. */
  callAsync(...args: unknown[]): Promise<unknown>;
}

/** A linear memory, shaped like `WebAssembly.Memory`. */
export interface WasmMemory {
  readonly kind: 'memory';
  readonly type: import('./types.js').MemoryType;
  /** The current buffer. A new object after every growth: never cache it across calls into wasm. */
  readonly buffer: ArrayBuffer;
  /** Grows by `delta` pages; returns the old size in pages, or throws a RangeError-like KpioError. */
  grow(delta: number): number;
}

/** A table, shaped like `WebAssembly.Table`. */
export interface WasmTable {
  readonly kind: 'table';
  readonly type: import('./types.js').TableType;
  readonly length: number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number, init?: unknown): number;
}

/** A global, shaped like `WebAssembly.Global`. */
export interface WasmGlobal {
  readonly kind: 'global';
  readonly type: import('./types.js').GlobalType;
  /** The value in the JS-API convention. Setting an immutable global throws. */
  value: unknown;
  getExact(): Value;
  setExact(v: Value): void;
}

/** Anything that can be imported or exported. */
export type Extern = WasmFunc | WasmMemory | WasmTable | WasmGlobal;

/** The default (zero) exact value of a type. */
export function defaultValue(t: ValType): Value {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: 0 };
    case 'i64':
      return { type: 'i64', value: 0n };
    case 'f32':
      return { type: 'f32', bits: 0 };
    case 'f64':
      return { type: 'f64', bits: 0n };
    case 'v128':
      return { type: 'v128', bytes: new Uint8Array(16) };
    case 'funcref':
      return { type: 'funcref', value: null };
    case 'externref':
      return { type: 'externref', value: null };
  }
}
