/**
 * Integer helpers of compiled code: i32 division and bit counts, and the i64 operations that are
 * not inlined. Compiled code keeps an i64 as two int32 JS values (low, high); a helper that produces
 * an i64 returns the low half and leaves the high half in `scratch.ret[0]`.
 *
 * Nothing here allocates: 64-bit division works on 16/32-bit pieces in doubles (exact below 2^53)
 * and corrects a double estimate of the quotient with exact 64-bit arithmetic.
 */

import { ctz32, i64ToF32Source, mulHiU32, popcnt32 } from '../../interp/numeric.js';
import type { Scratch } from './scratch.js';
import { trapDivZero, trapInvalidConversion, trapOverflow } from './traps.js';

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

export { ctz32, popcnt32 };

/** i32.div_s with the spec's traps. */
export function i32DivS(a: number, b: number): number {
  if (b === 0) trapDivZero();
  if (b === -1 && a === -2147483648) trapOverflow();
  return (a / b) | 0;
}

/** i32.div_u with the spec's traps. */
export function i32DivU(a: number, b: number): number {
  if (b === 0) trapDivZero();
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** i32.rem_s with the spec's traps (INT32_MIN rem -1 is 0). */
export function i32RemS(a: number, b: number): number {
  if (b === 0) trapDivZero();
  return (a % b) | 0;
}

/** i32.rem_u with the spec's traps. */
export function i32RemU(a: number, b: number): number {
  if (b === 0) trapDivZero();
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** i64.clz (the result fits in the low word). */
export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** i64.ctz. */
export function ctz64(lo: number, hi: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** i64.popcnt. */
export function popcnt64(lo: number, hi: number): number {
  return popcnt32(lo) + popcnt32(hi);
}

/**
 * Unsigned 64-bit division of (nl, nh) by the non-zero (dl, dh): writes quotient and remainder
 * words to `o` (q lo, q hi, r lo, r hi).
 */
export function udivmod64(o: Int32Array, nl: number, nh: number, dl: number, dh: number): void {
  const nlu = nl >>> 0;
  const nhu = nh >>> 0;
  const dlu = dl >>> 0;
  if (dh === 0) {
    if (nh === 0) {
      const q = Math.floor(nlu / dlu);
      o[0] = q | 0;
      o[1] = 0;
      o[2] = (nlu - q * dlu) | 0;
      o[3] = 0;
      return;
    }
    // Note: a 32-bit divisor: schoolbook division in 16-bit digits keeps every partial
    // dividend below 2^48, where doubles are exact.
    const qh = Math.floor(nhu / dlu);
    const r1 = nhu - qh * dlu;
    const t1 = r1 * 65536 + (nlu >>> 16);
    const qm = Math.floor(t1 / dlu);
    const t2 = (t1 - qm * dlu) * 65536 + (nlu & 0xffff);
    const ql = Math.floor(t2 / dlu);
    o[0] = (qm * 65536 + ql) | 0;
    o[1] = qh | 0;
    o[2] = (t2 - ql * dlu) | 0;
    o[3] = 0;
    return;
  }
  // The divisor is at least 2^32, so the quotient is below 2^32: estimate it in doubles (off by at
  // most one), then fix it with the exact remainder n - q*d.
  const dhu = dh >>> 0;
  let q = Math.floor((nhu * TWO32 + nlu) / (dhu * TWO32 + dlu));
  if (q > 4294967295) q = 4294967295;
  // p = q * d (q < 2^32, so the product's high word is q*dh + the carry of q*dl)
  let pl = Math.imul(q, dl);
  let ph = (Math.imul(q, dh) + mulHiU32(q, dl)) | 0;
  // Note: q*d may exceed n by at most d (or wrap past 2^64 when q is one too large): step down.
  while (q > 0 && (gtU(pl, ph, nl, nh) || mulOverflows(q, dlu, dhu))) {
    q -= 1;
    const l = (pl - dl) | 0;
    ph = (ph - dh - ((pl >>> 0) < dlu ? 1 : 0)) | 0;
    pl = l;
  }
  let rl = (nl - pl) | 0;
  let rh = (nh - ph - ((nlu < (pl >>> 0)) ? 1 : 0)) | 0;
  while (!gtU(dl, dh, rl, rh)) {
    q += 1;
    const l = (rl - dl) | 0;
    rh = (rh - dh - ((rl >>> 0) < dlu ? 1 : 0)) | 0;
    rl = l;
  }
  o[0] = q | 0;
  o[1] = 0;
  o[2] = rl;
  o[3] = rh;
}

/** True when q * d (q < 2^32, d = dh:dl unsigned) is at least 2^64. */
function mulOverflows(q: number, dlu: number, dhu: number): boolean {
  // Note: exact enough: q*dh*2^32 + q*dl compared with 2^64 in doubles can only be wrong within a
  // rounding error of 2^64 itself, where the estimate q is already corrected by the loop above.
  return q * dhu * TWO32 + q * dlu >= TWO64;
}

/** Unsigned (al, ah) > (bl, bh). */
function gtU(al: number, ah: number, bl: number, bh: number): boolean {
  return ah !== bh ? ah >>> 0 > bh >>> 0 : al >>> 0 > bl >>> 0;
}

/** The i64 helpers that return a pair, bound to one engine's scratch. */
export function int64Helpers(s: Scratch) {
  const ret = s.ret;
  const o = s.div;
  /** Division on magnitudes for the signed ops; returns the sign-corrected quotient or remainder. */
  function signed(nl: number, nh: number, dl: number, dh: number, wantRem: boolean): number {
    const nNeg = nh < 0;
    const dNeg = dh < 0;
    if (nNeg) {
      const l = -nl | 0;
      nh = (~nh + (nl === 0 ? 1 : 0)) | 0;
      nl = l;
    }
    if (dNeg) {
      const l = -dl | 0;
      dh = (~dh + (dl === 0 ? 1 : 0)) | 0;
      dl = l;
    }
    udivmod64(o, nl, nh, dl, dh);
    let l: number;
    let h: number;
    let neg: boolean;
    if (wantRem) {
      l = o[2];
      h = o[3];
      neg = nNeg;
    } else {
      l = o[0];
      h = o[1];
      neg = nNeg !== dNeg;
    }
    if (neg) {
      const nl2 = -l | 0;
      h = (~h + (l === 0 ? 1 : 0)) | 0;
      l = nl2;
    }
    ret[0] = h;
    return l;
  }
  return {
    /** i64.div_s. */
    i64DivS(al: number, ah: number, bl: number, bh: number): number {
      if ((bl | bh) === 0) trapDivZero();
      if (ah === al >> 31 && bh === bl >> 31) {
        // Note: both fit in int32; the only overflow, INT32_MIN / -1, is exact as a double.
        const q = Math.trunc(al / bl);
        ret[0] = q < 0 ? -1 : 0;
        return q | 0;
      }
      if (al === 0 && ah === -2147483648 && bl === -1 && bh === -1) trapOverflow();
      return signed(al, ah, bl, bh, false);
    },
    /** i64.div_u. */
    i64DivU(al: number, ah: number, bl: number, bh: number): number {
      if ((bl | bh) === 0) trapDivZero();
      udivmod64(o, al, ah, bl, bh);
      ret[0] = o[1];
      return o[0];
    },
    /** i64.rem_s (INT64_MIN rem -1 is 0). */
    i64RemS(al: number, ah: number, bl: number, bh: number): number {
      if ((bl | bh) === 0) trapDivZero();
      if (ah === al >> 31 && bh === bl >> 31) {
        const r = al % bl;
        ret[0] = r < 0 ? -1 : 0;
        return r | 0;
      }
      return signed(al, ah, bl, bh, true);
    },
    /** i64.rem_u. */
    i64RemU(al: number, ah: number, bl: number, bh: number): number {
      if ((bl | bh) === 0) trapDivZero();
      udivmod64(o, al, ah, bl, bh);
      ret[0] = o[3];
      return o[2];
    },
    /** i64.shl by a variable count. */
    i64Shl(lo: number, hi: number, n: number): number {
      n &= 63;
      if (n === 0) {
        ret[0] = hi;
        return lo;
      }
      if (n < 32) {
        ret[0] = (hi << n) | (lo >>> (32 - n));
        return lo << n;
      }
      ret[0] = lo << (n - 32);
      return 0;
    },
    /** i64.shr_s by a variable count. */
    i64ShrS(lo: number, hi: number, n: number): number {
      n &= 63;
      if (n === 0) {
        ret[0] = hi;
        return lo;
      }
      if (n < 32) {
        ret[0] = hi >> n;
        return (lo >>> n) | (hi << (32 - n));
      }
      ret[0] = hi >> 31;
      return hi >> (n - 32);
    },
    /** i64.shr_u by a variable count. */
    i64ShrU(lo: number, hi: number, n: number): number {
      n &= 63;
      if (n === 0) {
        ret[0] = hi;
        return lo;
      }
      if (n < 32) {
        ret[0] = hi >>> n;
        return (lo >>> n) | (hi << (32 - n));
      }
      ret[0] = 0;
      return (hi >>> (n - 32)) | 0;
    },
    /** i64.rotl by a variable count. */
    i64Rotl(lo: number, hi: number, n: number): number {
      n &= 63;
      if (n >= 32) {
        const t = lo;
        lo = hi;
        hi = t;
        n -= 32;
      }
      if (n === 0) {
        ret[0] = hi;
        return lo;
      }
      ret[0] = (hi << n) | (lo >>> (32 - n));
      return (lo << n) | (hi >>> (32 - n));
    },
    /** i64.rotr by a variable count. */
    i64Rotr(lo: number, hi: number, n: number): number {
      n = (64 - (n & 63)) & 63;
      if (n >= 32) {
        const t = lo;
        lo = hi;
        hi = t;
        n -= 32;
      }
      if (n === 0) {
        ret[0] = hi;
        return lo;
      }
      ret[0] = (hi << n) | (lo >>> (32 - n));
      return (lo << n) | (hi >>> (32 - n));
    },
    /** i64.trunc_f*_s with the spec's traps. */
    i64TruncS(x: number): number {
      if (!(x >= -TWO63 && x < TWO63)) return x !== x ? trapInvalidConversion() : trapOverflow();
      return splitNumber(ret, Math.trunc(x));
    },
    /** i64.trunc_f*_u with the spec's traps. */
    i64TruncU(x: number): number {
      if (!(x > -1 && x < TWO64)) return x !== x ? trapInvalidConversion() : trapOverflow();
      return splitNumber(ret, Math.trunc(x));
    },
    /** i64.trunc_sat_f*_s. */
    i64TruncSatS(x: number): number {
      if (x !== x) {
        ret[0] = 0;
        return 0;
      }
      if (x < -TWO63) {
        ret[0] = -2147483648;
        return 0;
      }
      if (x >= TWO63) {
        ret[0] = 2147483647;
        return -1;
      }
      return splitNumber(ret, Math.trunc(x));
    },
    /** i64.trunc_sat_f*_u. */
    i64TruncSatU(x: number): number {
      if (x !== x || x <= -1) {
        ret[0] = 0;
        return 0;
      }
      if (x >= TWO64) {
        ret[0] = -1;
        return -1;
      }
      return splitNumber(ret, Math.trunc(x));
    },
  };
}

/** Splits an integral number in [-2^63, 2^64) into words: returns the low, `ret[0]` = high. */
function splitNumber(ret: Int32Array, t: number): number {
  const hi = Math.floor(t / TWO32);
  ret[0] = hi | 0;
  return (t - hi * TWO32) | 0;
}

/** f32.convert_i64_s / _u: one rounding to single (see the interpreter's i64ToF32Source). */
export function i64ToF32(lo: number, hi: number, signed: boolean): number {
  return Math.fround(i64ToF32Source(lo, hi, signed));
}

/** f32.convert_i64_s. */
export function i64ToF32S(lo: number, hi: number): number {
  return i64ToF32(lo, hi, true);
}

/** f32.convert_i64_u. */
export function i64ToF32U(lo: number, hi: number): number {
  return i64ToF32(lo, hi, false);
}
