/**
 * Value conversions at the boundaries of compiled code (used by the generated adapters in
 * adapters.ts): i64 between (low, high) words and bigints, float bits, v128 bytes, and the JS-API
 * conversions of host function results (ToWebAssemblyValue, with the interpreter's errors).
 */

import { KpioError, Trap, TrapCode } from '../../../api/errors.js';
import { checkFuncRef } from '../../interp/value-io.js';
import type { InterpStore } from '../../interp/index.js';
import { isStackOverflow } from './traps.js';

/** The low word of a 64-bit integer. */
export function lo64(x: bigint): number {
  return Number(BigInt.asIntN(32, x));
}

/** The high word of a 64-bit integer. */
export function hi64(x: bigint): number {
  return Number(BigInt.asIntN(32, x >> 32n));
}

/** The signed 64-bit integer with words (lo, hi). */
export function pair64(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/** The unsigned 64-bit integer with words (lo, hi) (f64 bits). */
export function upair64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** A v128 (4 lanes) as 16 bytes. */
export function v128ToBytes(v: Int32Array): Uint8Array {
  const b = new Uint8Array(16);
  for (let i = 0; i < 4; i++) {
    const w = v[i];
    b[i * 4] = w & 0xff;
    b[i * 4 + 1] = (w >>> 8) & 0xff;
    b[i * 4 + 2] = (w >>> 16) & 0xff;
    b[i * 4 + 3] = (w >>> 24) & 0xff;
  }
  return b;
}

/** 16 bytes as a v128. */
export function bytesToV128(b: Uint8Array): Int32Array {
  const w = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
  return Int32Array.of(w(0), w(4), w(8), w(12));
}

/** ToNumber for the JS API, refusing BigInts and symbols (as the interpreter). */
function toNumber(x: unknown, t: string): number {
  if (typeof x === 'bigint' || typeof x === 'symbol') {
    throw new KpioError(`cannot convert a ${typeof x} to ${t} (an ${t} value must be a number)`);
  }
  return Number(x);
}

/** ToWebAssemblyValue for i32. */
export function jsToI32(x: unknown): number {
  return toNumber(x, 'i32') | 0;
}

/** ToWebAssemblyValue for f32 (compiled code's representation). */
export function jsToF32(x: unknown): number {
  return Math.fround(toNumber(x, 'f32'));
}

/** ToWebAssemblyValue for f64. */
export function jsToF64(x: unknown): number {
  return toNumber(x, 'f64');
}

/** ToBigInt64 of the JS API (as the interpreter). */
export function jsToI64(x: unknown): bigint {
  if (typeof x === 'bigint') return BigInt.asIntN(64, x);
  if (typeof x === 'boolean') return x ? 1n : 0n;
  if (typeof x === 'string') {
    try {
      return BigInt.asIntN(64, BigInt(x));
    } catch {
      throw new KpioError(`cannot convert the string ${JSON.stringify(x)} to i64`);
    }
  }
  throw new KpioError(`an i64 value must be a bigint, got ${x === null ? 'null' : typeof x}`);
}

/** A v128 from the JS-API side (16 bytes). */
export function jsToV128(x: unknown): Int32Array {
  if (!(x instanceof Uint8Array) || x.length !== 16) throw new KpioError('a v128 value must be a Uint8Array of 16 bytes');
  return bytesToV128(x);
}

/** The host functions' results as an array of `n` JS values (a host with several results returns an iterable). */
export function hostResults(r: unknown, n: number): unknown[] {
  if (r === null || typeof r !== 'object' || typeof (r as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new KpioError(`a host function with ${n} results must return an iterable of ${n} values`);
  }
  const arr = [...(r as Iterable<unknown>)];
  if (arr.length !== n) throw new KpioError(`a host function returned ${arr.length} values, expected ${n}`);
  return arr;
}

/** The trap for a host result that cannot be converted (a KpioError), or the error itself. */
export function badHostResult(e: unknown): unknown {
  if (e instanceof KpioError) return new Trap(TrapCode.HostError, `invalid host function result: ${e.message}`, { cause: e });
  return e;
}

/** True for any thenable. */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}

/** A host function returned a Promise to a synchronous call: the interpreter's trap. */
export function hostPromise(r: PromiseLike<unknown>): never {
  // Note: nobody will await it; keep a rejection from surfacing as an unhandled one.
  Promise.resolve(r).catch(() => undefined);
  throw new Trap(
    TrapCode.HostError,
    'a host function returned a Promise, but the wasm call was made through a synchronous entry point: ' +
      'use callAsync (an async entry point) so that the engine can suspend',
  );
}

/** Boundary helpers that depend on the engine (its store and its set of foreign errors). */
export function boundaryHelpers(store: InterpStore, foreign: WeakSet<object>) {
  return {
    /** A funcref from the JS-API side (null or a function of this engine). */
    jsToFuncref(x: unknown): unknown {
      checkFuncRef(store, x);
      return x;
    },
    /** Records an exception from outside compiled code (see traps.ts, makeUnwind); returns it. */
    foreignError(e: unknown): unknown {
      if (e instanceof RangeError && !isStackOverflow(e)) foreign.add(e);
      return e;
    },
  };
}
