/**
 * Conversions between exact {@link Value}s and the JS-API value convention (ToJSValue and
 * ToWebAssemblyValue of the WebAssembly JS API).
 */

import { KpioError } from '../api/errors.js';
import type { ValType } from '../api/types.js';
import type { Value, WasmFunc } from '../api/values.js';
import { f32FromBits, f32ToBits, f64FromBits, f64ToBits } from './float-bits.js';

/** ToJSValue: an exact value as a JS-API value. v128 has no JS form and throws. */
export function toJsValue(v: Value): unknown {
  switch (v.type) {
    case 'i32':
    case 'i64':
      return v.value;
    case 'f32':
      return f32FromBits(v.bits);
    case 'f64':
      return f64FromBits(v.bits);
    case 'v128':
      throw new KpioError('a v128 value cannot be passed to or from JavaScript (use exact values)');
    case 'funcref':
    case 'externref':
      return v.value;
  }
}

/** ToWebAssemblyValue: a JS-API value as an exact value of type `t`. */
export function fromJsValue(t: ValType, x: unknown): Value {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: Number(x) | 0 };
    case 'i64': {
      if (typeof x !== 'bigint') {
        if (typeof x === 'boolean' || typeof x === 'string') return { type: 'i64', value: BigInt.asIntN(64, BigInt(x)) };
        throw new KpioError(`an i64 value must be a bigint, got ${typeof x}`);
      }
      return { type: 'i64', value: BigInt.asIntN(64, x) };
    }
    case 'f32':
      return { type: 'f32', bits: f32ToBits(Number(x)) };
    case 'f64':
      return { type: 'f64', bits: f64ToBits(Number(x)) };
    case 'v128':
      throw new KpioError('a v128 value cannot be passed to or from JavaScript (use exact values)');
    case 'funcref':
      if (x !== null && !isWasmFunc(x)) throw new KpioError('a funcref value must be a WebAssembly function or null');
      return { type: 'funcref', value: x as WasmFunc | null };
    case 'externref':
      return { type: 'externref', value: x === undefined ? undefined : x };
  }
}

/** True when `x` looks like a kpio {@link WasmFunc}. */
export function isWasmFunc(x: unknown): x is WasmFunc {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'func';
}

/**
 * Converts the results of a call in exact form to the JS-API convention: `undefined` for none,
 * the value for one, an array for several.
 */
export function resultsToJs(results: readonly Value[]): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJsValue(results[0]!);
  return results.map(toJsValue);
}

/** Converts what a JS host function returned into exact results of the given types. */
export function resultsFromJs(types: readonly ValType[], ret: unknown): Value[] {
  if (types.length === 0) return [];
  if (types.length === 1) return [fromJsValue(types[0]!, ret)];
  if (ret === null || typeof ret !== 'object' || !(Symbol.iterator in ret)) {
    throw new KpioError(`a host function with ${types.length} results must return an iterable`);
  }
  const arr = [...(ret as Iterable<unknown>)];
  if (arr.length !== types.length) {
    throw new KpioError(`a host function returned ${arr.length} values, expected ${types.length}`);
  }
  return arr.map((x, i) => fromJsValue(types[i]!, x));
}
