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
import { exactToWords, pairToBigInt, wordsToExact } from './value-words.js';

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

/** ToNumber for the JS-API conversions, refusing BigInts and symbols with a clear error. */
function toNumber(x: unknown, t: ValType): number {
  if (typeof x === 'bigint' || typeof x === 'symbol') {
    throw new KpioError(`cannot convert a ${typeof x} to ${t} (an ${t} value must be a number)`);
  }
  return Number(x);
}

/** ToBigInt64 of the JS API. */
function toBigInt(x: unknown): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'boolean') return x ? 1n : 0n;
  if (typeof x === 'string') {
    try {
      return BigInt(x);
    } catch {
      throw new KpioError(`cannot convert the string ${JSON.stringify(x)} to i64`);
    }
  }
  throw new KpioError(`an i64 value must be a bigint, got ${x === null ? 'null' : typeof x}`);
}

/** Checks that `x` can be a funcref of `store` (one of its functions, or null). */
export function checkFuncRef(store: InterpStore, x: unknown): void {
  if (x === null) return;
  if (x instanceof InterpFunc && x.store === store) return;
  throw new KpioError('a funcref value must be null or a function of the same interpreter engine');
}

/** Writes the JS-API value `x` as type `t` at `cell` (ToWebAssemblyValue). */
export function writeJs(ex: Execution, cell: number, t: ValType, x: unknown): void {
  switch (t) {
    case 'i32':
      ex.i32[cell] = toNumber(x, t);
      return;
    case 'i64': {
      const v = BigInt.asIntN(64, toBigInt(x));
      ex.i32[cell] = Number(BigInt.asIntN(32, v));
      ex.i32[cell + 1] = Number(v >> 32n);
      return;
    }
    case 'f32':
      ex.f32[cell] = toNumber(x, t);
      return;
    case 'f64':
      ex.f64[cell >> 1] = toNumber(x, t);
      return;
    case 'v128':
      if (!(x instanceof Uint8Array) || x.length !== 16) {
        throw new KpioError('a v128 value must be a Uint8Array of 16 bytes');
      }
      ex.u8.set(x, cell * 4);
      return;
    case 'funcref':
      checkFuncRef(ex.store, x);
      ex.refs[cell] = x;
      return;
    default:
      ex.refs[cell] = x;
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
