/**
 * Value conversions at the boundaries of compiled code (used by the generated adapters in
 * adapters.ts). The conversions themselves are the interpreter's (value-io.ts, value-words.ts,
 * host-call.ts: ToWebAssemblyValue, i64 words, v128 bytes, host results); what is here adapts them
 * to compiled code's representation (an i64 as two int32 words, an f32 as a rounded number, a v128
 * as an Int32Array of its lanes).
 */

import { hostResultError, hostResultList, isThenable, syncPromiseTrap } from '../../interp/host-call.js';
import type { InterpStore } from '../../interp/index.js';
import { checkFuncRef, jsToI64, jsToNumber, jsToV128 as jsToV128Bytes } from '../../interp/value-io.js';
import { bigIntHi, bigIntLo, pairToBigInt, v128Bytes, v128Word } from '../../interp/value-words.js';
import { isStackOverflow } from './traps.js';

export { bigIntHi, bigIntLo, hostResultError, hostResultList, isThenable, jsToI64, pairToBigInt };

/** A v128 (compiled code's four lanes) as 16 bytes. */
export function v128ToBytes(v: Int32Array): Uint8Array {
  return v128Bytes(v[0]!, v[1]!, v[2]!, v[3]!);
}

/** 16 bytes as a v128 (compiled code's four lanes). */
export function bytesToV128(b: Uint8Array): Int32Array {
  return Int32Array.of(v128Word(b, 0), v128Word(b, 1), v128Word(b, 2), v128Word(b, 3));
}

/** ToWebAssemblyValue for i32. */
export function jsToI32(x: unknown): number {
  return jsToNumber(x, 'i32') | 0;
}

/** ToWebAssemblyValue for f32 (compiled code's representation: the number rounded to single). */
export function jsToF32(x: unknown): number {
  return Math.fround(jsToNumber(x, 'f32'));
}

/** ToWebAssemblyValue for f64. */
export function jsToF64(x: unknown): number {
  return jsToNumber(x, 'f64');
}

/** A v128 from the JS-API side (16 bytes) in compiled code's representation. */
export function jsToV128(x: unknown): Int32Array {
  return bytesToV128(jsToV128Bytes(x));
}

/** A host function returned a Promise to a synchronous call: the interpreter's trap. */
export function hostPromise(r: PromiseLike<unknown>): never {
  throw syncPromiseTrap(r);
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
