/**
 * Float helpers of compiled code: moving f32/f64 values to and from their bits, copysign, the
 * rounding instructions, min/max, and the float-to-int32 truncations.
 *
 * How compiled code keeps floats (see README.md, "Floats"): an f64 is a JS number, whose bits V8
 * keeps through locals, calls and typed-array loads and stores. An f32 is a JS number that holds an
 * exactly representable single value; a single NaN is held as the double NaN with the same sign and
 * the 23 payload bits at the top of the mantissa, *without* setting the quiet bit. The hardware
 * conversion between float and double would quiet a signalling NaN, so every place where an f32
 * meets its bits (loads, stores, reinterpret, globals, exact calls) goes through
 * {@link f32FromBitsWith} / {@link f32ToBitsWith}; arithmetic may quiet NaNs, which wasm allows.
 */

import { i32TruncSatS, i32TruncSatU, nearest } from '../../interp/numeric.js';
import type { Scratch } from './scratch.js';
import { trapInvalidConversion, trapOverflow } from './traps.js';

/** The f32 value (in compiled code's representation) with bits `b`. */
export function f32FromBitsWith(s: Scratch, b: number): number {
  if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) {
    s.i32[1] = (b & -2147483648) | 0x7ff00000 | ((b & 0x7fffff) >>> 3);
    s.i32[0] = b << 29;
    return s.f64[0];
  }
  s.i32[0] = b;
  return s.f32[0];
}

/** The bits of an f32 value held in compiled code's representation. */
export function f32ToBitsWith(s: Scratch, x: number): number {
  if (x === x) {
    s.f32[0] = x;
    return s.i32[0];
  }
  s.f64[0] = x;
  const hi = s.i32[1];
  let m = ((hi & 0xfffff) << 3) | (s.i32[0] >>> 29);
  // Note: a double NaN whose payload lies only in its low bits has no single image; make it quiet.
  if (m === 0) m = 0x400000;
  return (hi & -2147483648) | 0x7f800000 | m;
}

/** The f64 with low word `lo` and high word `hi`. */
export function f64FromWordsWith(s: Scratch, lo: number, hi: number): number {
  s.i32[0] = lo;
  s.i32[1] = hi;
  return s.f64[0];
}

/** The low word of the bits of `x`; the high word goes to `s.ret[0]`. */
export function f64ToWordsWith(s: Scratch, x: number): number {
  s.f64[0] = x;
  s.ret[0] = s.i32[1];
  return s.i32[0];
}

/** copysign on doubles (also right for f32 values, whose sign is the double's). */
export function copysignWith(s: Scratch, x: number, y: number): number {
  const f = s.f64;
  const w = s.i32;
  f[0] = y;
  const sign = w[1] & -2147483648;
  f[0] = x;
  w[1] = (w[1] & 0x7fffffff) | sign;
  return f[0];
}

/** The float helpers that need scratch space, bound to one engine's scratch. */
export function floatHelpers(s: Scratch) {
  return {
    f32FromBits: (b: number): number => f32FromBitsWith(s, b),
    f32ToBits: (x: number): number => f32ToBitsWith(s, x),
    f64FromWords: (lo: number, hi: number): number => f64FromWordsWith(s, lo, hi),
    f64ToWords: (x: number): number => f64ToWordsWith(s, x),
    copysign: (x: number, y: number): number => copysignWith(s, x, y),
    /** The bits of an f64 as an unsigned bigint (exact values). */
    f64BitsOf: (x: number): bigint => {
      s.f64[0] = x;
      return (BigInt(s.i32[1] >>> 0) << 32n) | BigInt(s.i32[0] >>> 0);
    },
  };
}

/**
 * Round to nearest, ties to even, keeping the sign of zero; NaN in gives the canonical NaN.
 * Note: V8's Math.round/ceil/floor/trunc may return a signalling NaN argument unchanged, but wasm
 * wants an arithmetic NaN, hence the explicit NaN cases here and below.
 */
export function fnearest(x: number): number {
  return x === x ? nearest(x) : NaN;
}

/** `ceil` with an arithmetic NaN for NaN. */
export function fceil(x: number): number {
  return x === x ? Math.ceil(x) : NaN;
}

/** `floor` with an arithmetic NaN for NaN. */
export function ffloor(x: number): number {
  return x === x ? Math.floor(x) : NaN;
}

/** `trunc` with an arithmetic NaN for NaN. */
export function ftrunc(x: number): number {
  return x === x ? Math.trunc(x) : NaN;
}

/** wasm `min`: NaN if either is NaN, and -0 below +0 (Math.min already orders zeros so). */
export function fmin(x: number, y: number): number {
  return x !== x || y !== y ? NaN : Math.min(x, y);
}

/** wasm `max`. */
export function fmax(x: number, y: number): number {
  return x !== x || y !== y ? NaN : Math.max(x, y);
}

/** f64.promote_f32: the same number, with NaNs quieted (canonical). */
export function fpromote(x: number): number {
  return x === x ? x : NaN;
}

/** i32.trunc_f32_s / i32.trunc_f64_s with the spec's traps. */
export function i32TruncS(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  return x !== x ? trapInvalidConversion() : trapOverflow();
}

/** i32.trunc_f32_u / i32.trunc_f64_u with the spec's traps (the result as int32 bits). */
export function i32TruncU(x: number): number {
  if (x > -1 && x < 4294967296) return x >>> 0 | 0;
  return x !== x ? trapInvalidConversion() : trapOverflow();
}

export { i32TruncSatS, i32TruncSatU };
