/**
 * Reading and writing values in an activation's cells: in the JS-API convention (host calls and
 * `WasmFunc.call`) and exactly (`callExact`).
 */

import { KpioError } from '../../api/errors.js';
import type { ValType } from '../../api/types.js';
import type { Value } from '../../api/values.js';
import type { Execution } from './execution.js';
import { InterpFunc } from './func.js';
import type { InterpStore } from './store.js';
import { bigIntHi, bigIntLo, exactToWords, pairToBigInt, wordsToExact } from './value-words.js';

/** The JS-API value of type `t` at `cell`. */
export function readJs(ex: Execution, cell: number, t: ValType): unknown {
  switch (t) {
    case 'i32':
      return ex.i32[cell];
    case 'i64':
      return pairToBigInt(ex.i32[cell]!, ex.i32[cell + 1]!);
    case 'f32':
      return ex.f32[cell];
    case 'f64':
      return ex.f64[cell >> 1];
    case 'v128':
      return ex.u8.slice(cell * 4, cell * 4 + 16);
    default:
      return ex.refs[cell];
  }
}

/**
 * ToNumber of the JS-API conversions (ToWebAssemblyValue of i32, f32, f64), refusing BigInts and
 * symbols with a clear error instead of a TypeError from deep inside.
 */
export function jsToNumber(x: unknown, t: ValType): number {
  if (typeof x === 'bigint' || typeof x === 'symbol') {
    throw new KpioError(`cannot convert a ${typeof x} to ${t} (an ${t} value must be a number)`);
  }
  return Number(x);
}

/** ToBigInt64 of the JS API: the i64 (a signed 64-bit bigint) of a bigint, boolean or numeric string. */
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

/** A v128 from the JS-API side: it must be 16 bytes (the JS API itself has no v128 values). */
export function jsToV128(x: unknown): Uint8Array {
  if (!(x instanceof Uint8Array) || x.length !== 16) throw new KpioError('a v128 value must be a Uint8Array of 16 bytes');
  return x;
}

/** Checks that `x` can be a funcref of `store` (one of its functions, or null). */
export function checkFuncRef(store: InterpStore, x: unknown): void {
  if (x === null) return;
  if (x instanceof InterpFunc && x.store === store) return;
  throw new KpioError('a funcref value must be null or a function of the same engine');
}

/** Writes the JS-API value `x` as type `t` at `cell` (ToWebAssemblyValue). */
export function writeJs(ex: Execution, cell: number, t: ValType, x: unknown): void {
  switch (t) {
    case 'i32':
      ex.i32[cell] = jsToNumber(x, t);
      return;
    case 'i64': {
      const v = jsToI64(x);
      ex.i32[cell] = bigIntLo(v);
      ex.i32[cell + 1] = bigIntHi(v);
      return;
    }
    case 'f32':
      ex.f32[cell] = jsToNumber(x, t);
      return;
    case 'f64':
      ex.f64[cell >> 1] = jsToNumber(x, t);
      return;
    case 'v128':
      ex.u8.set(jsToV128(x), cell * 4);
      return;
    case 'funcref':
      checkFuncRef(ex.store, x);
      ex.refs[cell] = x;
      return;
    default:
      ex.refs[cell] = x;
  }
}

/** Checks exact arguments against parameter types `params` (count and types; throws KpioError). */
export function checkExactArgs(params: readonly ValType[], args: readonly Value[]): void {
  if (args.length !== params.length) throw new KpioError(`expected ${params.length} arguments, got ${args.length}`);
  for (let i = 0; i < params.length; i++) {
    if (args[i]!.type !== params[i]) throw new KpioError(`argument ${i}: expected a ${params[i]} value, got ${args[i]!.type}`);
  }
}

/** The exact value of type `t` at `cell`. */
export function readExact(ex: Execution, cell: number, t: ValType): Value {
  if (t === 'funcref' || t === 'externref') return { type: t, value: ex.refs[cell] } as Value;
  const I = ex.i32;
  return wordsToExact(t, I[cell]!, I[cell + 1]!, I[cell + 2]!, I[cell + 3]!);
}

/** Writes exact value `v` (which must be of type `t`) at `cell`. */
export function writeExact(ex: Execution, cell: number, t: ValType, v: Value): void {
  if (v.type !== t) throw new KpioError(`expected a ${t} value, got ${v.type}`);
  if (v.type === 'funcref' || v.type === 'externref') {
    if (v.type === 'funcref') checkFuncRef(ex.store, v.value);
    ex.refs[cell] = v.value;
    return;
  }
  const w = exactToWords(v);
  const n = t === 'v128' ? 4 : t === 'i64' || t === 'f64' ? 2 : 1;
  for (let i = 0; i < n; i++) ex.i32[cell + i] = w[i]!;
}
