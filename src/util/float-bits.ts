/**
 * Conversions between IEEE-754 bit patterns and JS numbers. Bits are the source of truth for
 * exact values: a NaN's payload survives only as bits.
 */

const buf = new ArrayBuffer(8);
const f32 = new Float32Array(buf);
const f64 = new Float64Array(buf);
const u32 = new Uint32Array(buf);
const u64 = new BigUint64Array(buf);

/** The number an f32 bit pattern denotes (NaN payloads are not preserved by JS numbers). */
export function f32FromBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}

/** The f32 bit pattern (unsigned) of a number after rounding to single precision. */
export function f32ToBits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** The number an f64 bit pattern denotes. */
export function f64FromBits(bits: bigint): number {
  u64[0] = BigInt.asUintN(64, bits);
  return f64[0]!;
}

/** The f64 bit pattern (unsigned 64-bit bigint) of a number. */
export function f64ToBits(x: number): bigint {
  f64[0] = x;
  return u64[0]!;
}

/** True when an f32 bit pattern is a NaN. */
export function isF32NaNBits(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0;
}

/** True when an f64 bit pattern is a NaN. */
export function isF64NaNBits(bits: bigint): boolean {
  const b = BigInt.asUintN(64, bits);
  return (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0x000fffffffffffffn) !== 0n;
}
