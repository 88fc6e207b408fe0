/**
 * Numeric helpers of the executor that are too large to inline in its dispatch loop: 64-bit
 * integer arithmetic on (low, high) int32 pairs, float-to-integer truncation with the spec's traps,
 * correctly rounded int64-to-f32 conversion and round-half-to-even.
 *
 * Every helper that writes a result reads all of its inputs first: the destination may be one of
 * the operands.
 */

import { Trap, TrapCode } from '../../api/errors.js';

const TWO32 = 4294967296;

/** Number of set bits of a 32-bit integer. */
export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Trailing zero count of a 32-bit integer (32 for 0). */
export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit integers. */
export function mulHiU32(x: number, y: number): number {
  const x0 = x & 0xffff;
  const x1 = x >>> 16;
  const y0 = y & 0xffff;
  const y1 = y >>> 16;
  const p00 = x0 * y0;
  const p01 = x0 * y1;
  const p10 = x1 * y0;
  const p11 = x1 * y1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** i64.mul: `I[d..d+1] = I[a..a+1] * I[b..b+1]` (wrapping). */
export function i64Mul(I: Int32Array, d: number, a: number, b: number): void {
  const al = I[a];
  const ah = I[a + 1];
  const bl = I[b];
  const bh = I[b + 1];
  I[d] = Math.imul(al, bl);
  I[d + 1] = (Math.imul(ah, bl) + Math.imul(al, bh) + mulHiU32(al, bl)) | 0;
}

/** The signed 64-bit value of the pair at `a` as a bigint. */
export function i64Big(I: Int32Array, a: number): bigint {
  return (BigInt(I[a + 1]) << 32n) | BigInt(I[a] >>> 0);
}

/** Writes a bigint (taken modulo 2^64) to the pair at `d`. */
export function i64SetBig(I: Int32Array, d: number, v: bigint): void {
  I[d] = Number(BigInt.asIntN(32, v));
  I[d + 1] = Number(BigInt.asIntN(32, v >> 32n));
}

/** Writes an integral number in [-2^63, 2^64) to the pair at `d` (modulo 2^64). */
export function i64SetNumber(I: Int32Array, d: number, t: number): void {
  const hi = Math.floor(t / TWO32);
  const lo = t - hi * TWO32;
  I[d] = lo | 0;
  I[d + 1] = hi | 0;
}

/** True when the pair at `a` is a sign-extended int32. */
function small(I: Int32Array, a: number): boolean {
  return I[a + 1] === I[a] >> 31;
}

/** i64.div_s with the spec's traps. */
export function i64DivS(I: Int32Array, d: number, a: number, b: number): void {
  if (I[b] === 0 && I[b + 1] === 0) throw new Trap(TrapCode.IntegerDivideByZero);
  if (small(I, a) && small(I, b)) {
    i64SetNumber(I, d, Math.trunc(I[a] / I[b]));
    return;
  }
  if (I[a] === 0 && I[a + 1] === -2147483648 && I[b] === -1 && I[b + 1] === -1) {
    throw new Trap(TrapCode.IntegerOverflow);
  }
  i64SetBig(I, d, i64Big(I, a) / i64Big(I, b));
}

/** i64.div_u with the spec's traps. */
export function i64DivU(I: Int32Array, d: number, a: number, b: number): void {
  if (I[b] === 0 && I[b + 1] === 0) throw new Trap(TrapCode.IntegerDivideByZero);
  if (I[a + 1] === 0 && I[b + 1] === 0) {
    i64SetNumber(I, d, Math.floor((I[a] >>> 0) / (I[b] >>> 0)));
    return;
  }
  i64SetBig(I, d, BigInt.asUintN(64, i64Big(I, a)) / BigInt.asUintN(64, i64Big(I, b)));
}

/** i64.rem_s with the spec's traps (INT64_MIN rem -1 is 0). */
export function i64RemS(I: Int32Array, d: number, a: number, b: number): void {
  if (I[b] === 0 && I[b + 1] === 0) throw new Trap(TrapCode.IntegerDivideByZero);
  if (small(I, a) && small(I, b)) {
    // Note: `% ` of int32 values is exact; `+ 0` turns -0 into 0 before the split.
    i64SetNumber(I, d, (I[a] % I[b]) + 0);
    return;
  }
  const bv = i64Big(I, b);
  if (bv === -1n) {
    I[d] = 0;
    I[d + 1] = 0;
    return;
  }
  i64SetBig(I, d, i64Big(I, a) % bv);
}

/** i64.rem_u with the spec's traps. */
export function i64RemU(I: Int32Array, d: number, a: number, b: number): void {
  if (I[b] === 0 && I[b + 1] === 0) throw new Trap(TrapCode.IntegerDivideByZero);
  if (I[a + 1] === 0 && I[b + 1] === 0) {
    i64SetNumber(I, d, (I[a] >>> 0) % (I[b] >>> 0));
    return;
  }
  i64SetBig(I, d, BigInt.asUintN(64, i64Big(I, a)) % BigInt.asUintN(64, i64Big(I, b)));
}

/** i64.rotl by `n` (taken modulo 64) of the pair at `a` into `d`. */
export function i64Rotl(I: Int32Array, d: number, a: number, n: number): void {
  let lo = I[a];
  let hi = I[a + 1];
  n &= 63;
  if (n >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    n -= 32;
  }
  if (n === 0) {
    I[d] = lo;
    I[d + 1] = hi;
    return;
  }
  I[d] = (lo << n) | (hi >>> (32 - n));
  I[d + 1] = (hi << n) | (lo >>> (32 - n));
}

/** i64.shl by `n` (modulo 64). */
export function i64Shl(I: Int32Array, d: number, a: number, n: number): void {
  const lo = I[a];
  const hi = I[a + 1];
  n &= 63;
  if (n === 0) {
    I[d] = lo;
    I[d + 1] = hi;
  } else if (n < 32) {
    I[d] = lo << n;
    I[d + 1] = (hi << n) | (lo >>> (32 - n));
  } else {
    I[d] = 0;
    I[d + 1] = lo << (n - 32);
  }
}

/** i64.shr_s by `n` (modulo 64). */
export function i64ShrS(I: Int32Array, d: number, a: number, n: number): void {
  const lo = I[a];
  const hi = I[a + 1];
  n &= 63;
  if (n === 0) {
    I[d] = lo;
    I[d + 1] = hi;
  } else if (n < 32) {
    I[d] = (lo >>> n) | (hi << (32 - n));
    I[d + 1] = hi >> n;
  } else {
    I[d] = hi >> (n - 32);
    I[d + 1] = hi >> 31;
  }
}

/** i64.shr_u by `n` (modulo 64). */
export function i64ShrU(I: Int32Array, d: number, a: number, n: number): void {
  const lo = I[a];
  const hi = I[a + 1];
  n &= 63;
  if (n === 0) {
    I[d] = lo;
    I[d + 1] = hi;
  } else if (n < 32) {
    I[d] = (lo >>> n) | (hi << (32 - n));
    I[d + 1] = hi >>> n;
  } else {
    I[d] = hi >>> (n - 32);
    I[d + 1] = 0;
  }
}

/** The trap for a float that cannot be truncated to an integer. */
export function truncTrap(x: number): Trap {
  return x !== x ? new Trap(TrapCode.InvalidConversionToInteger) : new Trap(TrapCode.IntegerOverflow);
}

/** i64.trunc_f*_s / _u with the spec's traps. */
export function i64Trunc(I: Int32Array, d: number, x: number, signed: boolean): void {
  if (signed ? !(x >= -9223372036854775808 && x < 9223372036854775808) : !(x > -1 && x < 18446744073709551616)) {
    throw truncTrap(x);
  }
  i64SetNumber(I, d, Math.trunc(x));
}

/** i64.trunc_sat_f*_s / _u: saturating, NaN gives 0. */
export function i64TruncSat(I: Int32Array, d: number, x: number, signed: boolean): void {
  if (x !== x) {
    I[d] = 0;
    I[d + 1] = 0;
  } else if (signed) {
    if (x < -9223372036854775808) {
      I[d] = 0;
      I[d + 1] = -2147483648;
    } else if (x >= 9223372036854775808) {
      I[d] = -1;
      I[d + 1] = 2147483647;
    } else {
      i64SetNumber(I, d, Math.trunc(x));
    }
  } else if (x <= -1) {
    I[d] = 0;
    I[d + 1] = 0;
  } else if (x >= 18446744073709551616) {
    I[d] = -1;
    I[d + 1] = -1;
  } else {
    i64SetNumber(I, d, Math.trunc(x));
  }
}

/** i32.trunc_sat_f*_s. */
export function i32TruncSatS(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return x | 0;
}

/** i32.trunc_sat_f*_u (as an int32 bit pattern). */
export function i32TruncSatU(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return x >>> 0 | 0;
}

/**
 * The int64 (signed or unsigned) in words (lo, hi) as a double that rounds *once* to the right f32:
 * values of 2^53 or more are first cut to 53 significant bits with a sticky lowest bit
 * (round-to-odd), so storing the result into a Float32Array rounds correctly.
 */
export function i64ToF32Source(lo: number, hi: number, signed: boolean): number {
  let neg = false;
  if (signed && hi < 0) {
    neg = true;
    const nlo = -lo | 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
    lo = nlo;
  }
  const hu = hi >>> 0;
  const lu = lo >>> 0;
  let r: number;
  if (hu < 0x200000) {
    r = hu * TWO32 + lu;
  } else {
    r = hu * TWO32 + ((lu >>> 11) | ((lu & 0x7ff) !== 0 ? 1 : 0)) * 2048;
  }
  return neg ? -r : r;
}

/** The int64 in words (lo, hi) as the nearest double (one rounding). */
export function i64ToF64(lo: number, hi: number, signed: boolean): number {
  return (signed ? hi : hi >>> 0) * TWO32 + (lo >>> 0);
}

/**
 * `x`, or the canonical NaN when `x` is a NaN. Note: V8's Math.floor/ceil/trunc/round return a
 * signaling NaN argument unchanged, but wasm requires an arithmetic (quiet) NaN result.
 */
export function quiet(x: number): number {
  return x === x ? x : NaN;
}

/** Round to nearest, ties to even (f32.nearest / f64.nearest); keeps the sign of zero. */
export function nearest(x: number): number {
  const r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/**
 * Compares two i64 values given as (lo, hi) words. `which`: 0 eq, 1 ne, 2 lt_s, 3 lt_u, 4 gt_s,
 * 5 gt_u, 6 le_s, 7 le_u, 8 ge_s, 9 ge_u (the order of the comparison ops).
 */
export function i64Compare(which: number, al: number, ah: number, bl: number, bh: number): boolean {
  if (which < 2) return (al === bl && ah === bh) === (which === 0);
  // c: -1, 0, 1 as a < b, a == b, a > b
  let c: number;
  if (ah !== bh) {
    c = (which & 1) === 0 ? (ah < bh ? -1 : 1) : ah >>> 0 < bh >>> 0 ? -1 : 1;
  } else {
    c = al === bl ? 0 : al >>> 0 < bl >>> 0 ? -1 : 1;
  }
  switch (which >> 1) {
    case 1:
      return c < 0;
    case 2:
      return c > 0;
    case 3:
      return c <= 0;
    default:
      return c >= 0;
  }
}
