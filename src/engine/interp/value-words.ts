/**
 * Conversions between exact values and the 32-bit words the interpreter stores them as: i32 and
 * f32 bits in one word, i64 and f64 bits as (low, high), v128 as four little-endian lanes.
 */

import type { NumType, VecType } from '../../api/types.js';
import type { Value } from '../../api/values.js';

/** The four words of a numeric or vector value (unused words are 0). */
export function exactToWords(v: Value): [number, number, number, number] {
  switch (v.type) {
    case 'i32':
      return [v.value | 0, 0, 0, 0];
    case 'f32':
      return [v.bits | 0, 0, 0, 0];
    case 'i64':
      return [Number(BigInt.asIntN(32, v.value)), Number(BigInt.asIntN(32, v.value >> 32n)), 0, 0];
    case 'f64':
      return [Number(BigInt.asIntN(32, v.bits)), Number(BigInt.asIntN(32, v.bits >> 32n)), 0, 0];
    case 'v128': {
      const b = v.bytes;
      return [v128Word(b, 0), v128Word(b, 1), v128Word(b, 2), v128Word(b, 3)];
    }
    default:
      return [0, 0, 0, 0];
  }
}

/** The exact value of type `t` stored in words `w0..w3`. */
export function wordsToExact(t: NumType | VecType, w0: number, w1: number, w2: number, w3: number): Value {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: w0 | 0 };
    case 'f32':
      return { type: 'f32', bits: w0 >>> 0 };
    case 'i64':
      return { type: 'i64', value: pairToBigInt(w0, w1) };
    case 'f64':
      return { type: 'f64', bits: BigInt.asUintN(64, pairToBigInt(w0, w1)) };
    case 'v128':
      return { type: 'v128', bytes: v128Bytes(w0, w1, w2, w3) };
  }
}

/** The 16 little-endian bytes of the v128 whose 32-bit lanes are `w0..w3`. */
export function v128Bytes(w0: number, w1: number, w2: number, w3: number): Uint8Array {
  const bytes = new Uint8Array(16);
  [w0, w1, w2, w3].forEach((w, i) => {
    bytes[i * 4] = w & 0xff;
    bytes[i * 4 + 1] = (w >>> 8) & 0xff;
    bytes[i * 4 + 2] = (w >>> 16) & 0xff;
    bytes[i * 4 + 3] = (w >>> 24) & 0xff;
  });
  return bytes;
}

/** 32-bit lane `i` (0..3) of the v128 with little-endian bytes `b`. */
export function v128Word(b: Uint8Array, i: number): number {
  const k = i * 4;
  return b[k]! | (b[k + 1]! << 8) | (b[k + 2]! << 16) | (b[k + 3]! << 24);
}

/** The signed 64-bit integer with low word `lo` and high word `hi`. */
export function pairToBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/** Low word of a 64-bit integer (any bigint, taken modulo 2^64). */
export function bigIntLo(x: bigint): number {
  return Number(BigInt.asIntN(32, x));
}

/** High word of a 64-bit integer (any bigint, taken modulo 2^64). */
export function bigIntHi(x: bigint): number {
  return Number(BigInt.asIntN(32, x >> 32n));
}
