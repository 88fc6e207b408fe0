/**
 * Value pools of the fuzzer: edge constants of every numeric type (zeros of both signs, infinities,
 * NaNs with payloads, integer extremes, denormals, conversion boundaries, rounding ties) mixed with
 * uniformly random bits, so generated code and arguments hit the corners where engines differ.
 */

import { f32ToBits, f64ToBits } from '../util/float-bits.js';
import type { Rng } from './rng.js';

/** The canonical f32 NaN (positive, quiet, no payload). */
export const F32_CANONICAL_NAN = 0x7fc00000;
/** The canonical f64 NaN (positive, quiet, no payload). */
export const F64_CANONICAL_NAN = 0x7ff8000000000000n;

/** Edge i32 values (signed). */
export const I32_EDGES: readonly number[] = [
  0, 1, 2, 3, -1, -2, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
  0x10000, 0x7ffffffe, 0x7fffffff, -0x80000000, -0x7fffffff, 0x55555555, -0x55555556, 0x0f0f0f0f, 0x12345678,
  -0x10000, -0x8000, -0x81, -0x80,
];

/** Edge i64 values (signed). */
export const I64_EDGES: readonly bigint[] = [
  0n, 1n, 2n, 3n, -1n, -2n, 31n, 32n, 33n, 63n, 64n, 65n, 127n, 128n, 0xffn, 0xffffn, 0x7fffffffn, 0x80000000n,
  0xffffffffn, 0x100000000n, -0x80000000n, -0x80000001n, 0x7fffffffffffffffn, -0x8000000000000000n,
  -0x7fffffffffffffffn, 0x7ffffffffffffffen, 0x5555555555555555n, 0x0123456789abcdefn, -0x100000000n,
  0x20000000000000n, 0x1fffffffffffffn, -0x20000000000001n,
];

/** Edge f32 bit patterns. */
export const F32_EDGES: readonly number[] = [
  0x00000000, 0x80000000, // +0, -0
  0x7f800000, 0xff800000, // +inf, -inf
  0x7fc00000, 0xffc00000, // canonical NaNs
  0x7fa00000, 0x7f800001, 0xff800001, 0x7fbfffff, // signalling NaNs with payloads
  0x7fc00001, 0x7fffffff, 0xffffffff, 0x7fd23456, 0xffe00000, // quiet NaNs with payloads
  0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000, // denormals
  0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, // smallest normal, largest finite
  0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, // ±1, ±0.5, ±1.5, ±2.5
  0x3f7fffff, 0xbf7fffff, 0x3f800001, 0x4b000000, 0x4b000001, 0x4b7fffff, 0xcb000001, // near-integer rounding
  0x4effffff, 0x4f000000, 0x4f000001, 0xcf000000, 0xcf000001, 0xceffffff, // around ±2^31
  0x4f7fffff, 0x4f800000, // around 2^32
  0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x5f7fffff, 0x5f800000, // around ±2^63, 2^64
];

/** Edge f64 bit patterns. */
export const F64_EDGES: readonly bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, // ±0
  0x7ff0000000000000n, 0xfff0000000000000n, // ±inf
  0x7ff8000000000000n, 0xfff8000000000000n, // canonical NaNs
  0x7ff0000000000001n, 0x7ff4000000000000n, 0xfff0000000000001n, 0x7ff7ffffffffffffn, // signalling NaNs
  0x7ff8000000000001n, 0x7fffffffffffffffn, 0xffffffffffffffffn, 0x7ffc00000000abcdn, // quiet NaNs with payloads
  0x0000000000000001n, 0x8000000000000001n, 0x000fffffffffffffn, 0x0008000000000000n, // denormals
  0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn, // smallest normal, largest finite
  0x3ff0000000000000n, 0xbff0000000000000n, 0x3fe0000000000000n, 0xbfe0000000000000n, // ±1, ±0.5
  0x3ff8000000000000n, 0xbff8000000000000n, 0x4004000000000000n, 0xc004000000000000n, // ±1.5, ±2.5
  0x3fefffffffffffffn, 0x3ff0000000000001n, 0x4330000000000000n, 0x4330000000000001n, 0xc330000000000001n,
  0x41dfffffffc00000n, 0x41dfffffffe00000n, 0x41e0000000000000n, // 2^31-1, 2^31-0.5, 2^31
  0xc1e0000000000000n, 0xc1e0000000100000n, 0xc1e0000000200000n, // -2^31, -2^31-0.5, -2^31-1
  0x41efffffffe00000n, 0x41f0000000000000n, 0xbfeffffffffffffen, // 2^32-1, 2^32, -0.999...
  0x43dfffffffffffffn, 0x43e0000000000000n, 0xc3e0000000000000n, 0xc3e0000000000001n, // around ±2^63
  0x43efffffffffffffn, 0x43f0000000000000n, // around 2^64
  0x47efffffe0000000n, 0x47efffffefffffffn, 0x47effffff0000000n, 0x47f0000000000000n, // f32 max and demote overflow
  0x36a0000000000000n, 0x3690000000000000n, 0x3698000000000000n, 0x380fffffe0000000n, // f32 denormal range
  0x3ff0000010000000n, 0x3ff0000030000000n, // demote rounding ties
];

/** A random i32 (signed): edges, small numbers or uniform bits. */
export function randomI32(rng: Rng): number {
  switch (rng.below(4)) {
    case 0:
    case 1:
      return rng.pick(I32_EDGES) | 0;
    case 2:
      return rng.range(-300, 300);
    default:
      return rng.u32() | 0;
  }
}

/** A random i64 (signed): edges, small numbers, i32 edges widened, or uniform bits. */
export function randomI64(rng: Rng): bigint {
  switch (rng.below(5)) {
    case 0:
    case 1:
      return rng.pick(I64_EDGES);
    case 2:
      return BigInt(rng.range(-300, 300));
    case 3:
      return BigInt(rng.pick(I32_EDGES));
    default:
      return BigInt.asIntN(64, rng.u64());
  }
}

/** Random f32 bits: edges, "nice" numbers (small integers, halves), scaled integers or uniform bits. */
export function randomF32Bits(rng: Rng): number {
  switch (rng.below(6)) {
    case 0:
    case 1:
      return rng.pick(F32_EDGES) >>> 0;
    case 2:
    case 5:
      return f32ToBits(niceNumber(rng));
    case 3:
      return f32ToBits(Math.fround((rng.u32() | 0) * Math.pow(2, rng.range(-40, 40))));
    default:
      return rng.u32();
  }
}

/** Random f64 bits: edges, "nice" numbers, scaled integers, or uniform bits. */
export function randomF64Bits(rng: Rng): bigint {
  switch (rng.below(6)) {
    case 0:
    case 1:
      return rng.pick(F64_EDGES);
    case 2:
    case 5:
      return f64ToBits(niceNumber(rng));
    case 3:
      return f64ToBits((rng.u32() | 0) * Math.pow(2, rng.range(-80, 80)));
    default:
      return rng.u64();
  }
}

/** 16 random bytes, either uniform or built from lanes of edge values. */
export function randomV128(rng: Rng): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  switch (rng.below(5)) {
    case 0:
      for (let i = 0; i < 4; i++) view.setInt32(i * 4, randomI32(rng), true);
      break;
    case 1:
      for (let i = 0; i < 2; i++) view.setBigUint64(i * 8, BigInt.asUintN(64, randomI64(rng)), true);
      break;
    case 2:
      for (let i = 0; i < 4; i++) view.setUint32(i * 4, randomF32Bits(rng), true);
      break;
    case 3:
      for (let i = 0; i < 2; i++) view.setBigUint64(i * 8, randomF64Bits(rng), true);
      break;
    default:
      for (let i = 0; i < 8; i++) view.setInt16(i * 2, rng.chance(0.5) ? rng.pick(I32_EDGES) : rng.u32(), true);
  }
  return out;
}

/**
 * A small "nice" number: an integer, a half (rounding ties), a quarter, or a value just off a
 * half, possibly negative.
 */
export function niceNumber(rng: Rng): number {
  const base = rng.range(-40, 40);
  return base + rng.pick([0, 0, 0.5, 0.5, -0.5, 0.25, 0.75, 0.5000001, 0.4999999]);
}
