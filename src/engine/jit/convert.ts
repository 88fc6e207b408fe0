/**
 * Conversions between compiled code's calling convention and the two others: the JS-API
 * convention (host functions, `WasmFunc.call`) and exact values (the interpreter's `callExact`).
 *
 * Compiled convention, per value: i32 a number (int32), i64 two int32 numbers (low, high), f32 a
 * number in the JIT's representation (see rt/float.ts), f64 a number, v128 an Int32Array of 4
 * lanes, references as they are. Results: none, the value (an i64 returns its low word and leaves
 * the high word in `ret[0]`), or an array of flattened values for several results.
 */

import { KpioError } from '../../api/errors.js';
import type { ValType } from '../../api/types.js';
import type { Value } from '../../api/values.js';
import { checkFuncRef } from '../interp/value-io.js';
import { pairToBigInt } from '../interp/value-words.js';
import type { InterpStore } from '../interp/index.js';
import { f32FromBitsWith, f32ToBitsWith, f64FromWordsWith, f64ToWordsWith } from './rt/float.js';
import type { Scratch } from './rt/scratch.js';

/** ToNumber for the JS API, refusing BigInts and symbols with a clear error (as the interpreter). */
function toNumber(x: unknown, t: ValType): number {
  if (typeof x === 'bigint' || typeof x === 'symbol') {
    throw new KpioError(`cannot convert a ${typeof x} to ${t} (an ${t} value must be a number)`);
  }
  return Number(x);
}

/** ToBigInt64 of the JS API (as the interpreter). */
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

/** A v128 as 16 bytes. */
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

/**
 * Appends the compiled-convention form of JS-API value `x` of type `t` to `out` (ToWebAssemblyValue;
 * throws a KpioError for values that cannot be converted).
 */
export function pushFromJs(store: InterpStore, s: Scratch, out: unknown[], t: ValType, x: unknown): void {
  switch (t) {
    case 'i32':
      out.push(toNumber(x, t) | 0);
      return;
    case 'i64': {
      const v = BigInt.asIntN(64, toBigInt(x));
      out.push(Number(BigInt.asIntN(32, v)), Number(v >> 32n));
      return;
    }
    case 'f32':
      out.push(Math.fround(toNumber(x, t)));
      return;
    case 'f64':
      out.push(toNumber(x, t));
      return;
    case 'v128':
      if (!(x instanceof Uint8Array) || x.length !== 16) throw new KpioError('a v128 value must be a Uint8Array of 16 bytes');
      out.push(bytesToV128(x));
      return;
    case 'funcref':
      checkFuncRef(store, x);
      out.push(x);
      return;
    default:
      out.push(x);
  }
}

/** Appends the compiled-convention form of exact value `v` (of type `t`) to `out`. */
export function pushFromExact(store: InterpStore, s: Scratch, out: unknown[], t: ValType, v: Value): void {
  if (v.type !== t) throw new KpioError(`expected a ${t} value, got ${v.type}`);
  switch (v.type) {
    case 'i32':
      out.push(v.value | 0);
      return;
    case 'i64':
      out.push(Number(BigInt.asIntN(32, v.value)), Number(BigInt.asIntN(32, v.value >> 32n)));
      return;
    case 'f32':
      out.push(f32FromBitsWith(s, v.bits | 0));
      return;
    case 'f64':
      out.push(f64FromWordsWith(s, Number(BigInt.asIntN(32, v.bits)), Number(BigInt.asIntN(32, v.bits >> 32n))));
      return;
    case 'v128':
      out.push(bytesToV128(v.bytes));
      return;
    case 'funcref':
      checkFuncRef(store, v.value);
      out.push(v.value);
      return;
    default:
      out.push(v.value);
  }
}

/**
 * Reads the values of `types` from compiled-convention results: `r` is what the function returned
 * (for one i64 result its high word is in `s.ret[0]`). Calls `each(type, words...)` style readers.
 */
export function flatResults(types: readonly ValType[], r: unknown, s: Scratch): unknown[] {
  if (types.length === 0) return [];
  if (types.length === 1) return types[0] === 'i64' ? [r, s.ret[0]] : [r];
  return r as unknown[];
}

/** The exact values of `types` from flattened compiled-convention values starting at `k`. */
export function exactFromFlat(types: readonly ValType[], flat: readonly unknown[], s: Scratch): Value[] {
  const out: Value[] = [];
  let k = 0;
  for (const t of types) {
    const x = flat[k++];
    switch (t) {
      case 'i32':
        out.push({ type: 'i32', value: (x as number) | 0 });
        break;
      case 'i64':
        out.push({ type: 'i64', value: pairToBigInt(x as number, flat[k++] as number) });
        break;
      case 'f32':
        out.push({ type: 'f32', bits: f32ToBitsWith(s, x as number) >>> 0 });
        break;
      case 'f64': {
        const lo = f64ToWordsWith(s, x as number);
        out.push({ type: 'f64', bits: BigInt.asUintN(64, pairToBigInt(lo, s.ret[0])) });
        break;
      }
      case 'v128':
        out.push({ type: 'v128', bytes: v128ToBytes(x as Int32Array) });
        break;
      default:
        out.push({ type: t, value: x } as Value);
    }
  }
  return out;
}

/** JS-API values of `types` from flattened compiled-convention values. */
export function jsFromFlat(types: readonly ValType[], flat: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  let k = 0;
  for (const t of types) {
    const x = flat[k++];
    if (t === 'i64') out.push(pairToBigInt(x as number, flat[k++] as number));
    else if (t === 'v128') out.push(v128ToBytes(x as Int32Array));
    else out.push(x);
  }
  return out;
}

/**
 * The compiled-convention return value for results `flat` of `types` (one value, or the array),
 * setting `s.ret[0]` for a single i64.
 */
export function compiledReturn(types: readonly ValType[], flat: unknown[], s: Scratch): unknown {
  if (types.length === 0) return undefined;
  if (types.length === 1) {
    if (types[0] === 'i64') s.ret[0] = flat[1] as number;
    return flat[0];
  }
  return flat;
}
