/**
 * SIMD helpers for integer lanes: lane-wise arithmetic and comparisons of the 8/16/32-bit shapes,
 * abs/neg/popcnt, shifts, narrowing, widening (extend, extmul, extadd_pairwise), dot, all_true and
 * bitmask, and the i64x2 operations. Each takes and returns v128 values (see simd-scratch.ts).
 */

import { mulHiU32 } from '../../interp/numeric.js';
import type { LaneScratch, SimdScratch } from './simd-scratch.js';

type V = Int32Array;
type LaneFn = (x: number, y: number, xu: number, yu: number) => number;

/** The lane width of a shape prefix. */
const BITS: Readonly<Record<string, number>> = { i8x16: 8, i16x8: 16, i32x4: 32 };

/** Lane-wise binary integer operations by name, as functions of (signed, signed, unsigned, unsigned). */
function laneOps(bits: number): Record<string, LaneFn> {
  const smin = bits === 32 ? -2147483648 : -(1 << (bits - 1));
  const smax = bits === 32 ? 2147483647 : (1 << (bits - 1)) - 1;
  const umax = bits === 32 ? 4294967295 : (1 << bits) - 1;
  const sat = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
  return {
    add: (x, y) => x + y,
    sub: (x, y) => x - y,
    mul: (x, y) => Math.imul(x, y),
    add_sat_s: (x, y) => sat(x + y, smin, smax),
    add_sat_u: (_x, _y, xu, yu) => sat(xu + yu, 0, umax),
    sub_sat_s: (x, y) => sat(x - y, smin, smax),
    sub_sat_u: (_x, _y, xu, yu) => sat(xu - yu, 0, umax),
    min_s: (x, y) => (x < y ? x : y),
    min_u: (x, y, xu, yu) => (xu < yu ? x : y),
    max_s: (x, y) => (x > y ? x : y),
    max_u: (x, y, xu, yu) => (xu > yu ? x : y),
    avgr_u: (_x, _y, xu, yu) => (xu + yu + 1) >>> 1,
    q15mulr_sat_s: (x, y) => sat((x * y + 0x4000) >> 15, smin, smax),
    eq: (x, y) => (x === y ? -1 : 0),
    ne: (x, y) => (x !== y ? -1 : 0),
    lt_s: (x, y) => (x < y ? -1 : 0),
    lt_u: (_x, _y, xu, yu) => (xu < yu ? -1 : 0),
    gt_s: (x, y) => (x > y ? -1 : 0),
    gt_u: (_x, _y, xu, yu) => (xu > yu ? -1 : 0),
    le_s: (x, y) => (x <= y ? -1 : 0),
    le_u: (_x, _y, xu, yu) => (xu <= yu ? -1 : 0),
    ge_s: (x, y) => (x >= y ? -1 : 0),
    ge_u: (_x, _y, xu, yu) => (xu >= yu ? -1 : 0),
  };
}

/** The signed and unsigned views of a scratch for a lane width. */
function views(s: LaneScratch, bits: number): [Int8Array | Int16Array | Int32Array, Uint8Array | Uint16Array | Uint32Array] {
  return bits === 8 ? [s.i8, s.u8] : bits === 16 ? [s.i16, s.u16] : [s.i32, s.u32];
}

/** 64-bit lane helpers on (lo, hi) words. */
function neg64(w: Int32Array, k: number, lo: number, hi: number): void {
  w[k] = -lo | 0;
  w[k + 1] = (~hi + (lo === 0 ? 1 : 0)) | 0;
}

/** Signed comparison of two 64-bit lanes: -1, 0 or 1. */
function cmp64(al: number, ah: number, bl: number, bh: number): number {
  if (ah !== bh) return ah < bh ? -1 : 1;
  if (al === bl) return 0;
  return al >>> 0 < bl >>> 0 ? -1 : 1;
}

/** Integer-lane SIMD helpers bound to one engine's scratch, keyed by instruction name (dots as `_`). */
export function simdIntHelpers(sc: SimdScratch): Record<string, (...args: never[]) => unknown> {
  const { a: A, b: B, r: R } = sc;
  const h: Record<string, (...args: never[]) => unknown> = {};
  for (const [shape, bits] of Object.entries(BITS)) {
    const n = 128 / bits;
    const [as, au] = views(A, bits);
    const [bs, bu] = views(B, bits);
    const [rs] = views(R, bits);
    for (const [name, f] of Object.entries(laneOps(bits))) {
      h[`${shape}_${name}`] = (x: V, y: V): V => {
        A.set(x);
        B.set(y);
        for (let i = 0; i < n; i++) rs[i] = f(as[i], bs[i], au[i], bu[i]);
        return R.take();
      };
    }
    h[`${shape}_abs`] = (x: V): V => {
      A.set(x);
      for (let i = 0; i < n; i++) rs[i] = as[i] < 0 ? -as[i] : as[i];
      return R.take();
    };
    h[`${shape}_neg`] = (x: V): V => {
      A.set(x);
      for (let i = 0; i < n; i++) rs[i] = -as[i];
      return R.take();
    };
    h[`${shape}_shl`] = (x: V, c: number): V => {
      A.set(x);
      c &= bits - 1;
      for (let i = 0; i < n; i++) rs[i] = as[i] << c;
      return R.take();
    };
    h[`${shape}_shr_s`] = (x: V, c: number): V => {
      A.set(x);
      c &= bits - 1;
      for (let i = 0; i < n; i++) rs[i] = as[i] >> c;
      return R.take();
    };
    h[`${shape}_shr_u`] = (x: V, c: number): V => {
      A.set(x);
      c &= bits - 1;
      for (let i = 0; i < n; i++) rs[i] = au[i] >>> c;
      return R.take();
    };
    h[`${shape}_all_true`] = (x: V): number => {
      A.set(x);
      for (let i = 0; i < n; i++) if (as[i] === 0) return 0;
      return 1;
    };
    h[`${shape}_bitmask`] = (x: V): number => {
      A.set(x);
      let m = 0;
      for (let i = 0; i < n; i++) if (as[i] < 0) m |= 1 << i;
      return m;
    };
  }
  h.i8x16_popcnt = (x: V): V => {
    A.set(x);
    for (let i = 0; i < 16; i++) {
      let v = A.u8[i];
      v = v - ((v >>> 1) & 0x55);
      v = (v & 0x33) + ((v >>> 2) & 0x33);
      R.u8[i] = (v + (v >>> 4)) & 0x0f;
    }
    return R.take();
  };
  // Narrowing: both operands' lanes, saturated to the narrower signed or unsigned range.
  const narrow = (to8: boolean, signed: boolean) => (x: V, y: V): V => {
    A.set(x);
    B.set(y);
    const lo = signed ? (to8 ? -128 : -32768) : 0;
    const hi = signed ? (to8 ? 127 : 32767) : to8 ? 255 : 65535;
    const n = to8 ? 8 : 4;
    const as = to8 ? A.i16 : A.i32;
    const bs = to8 ? B.i16 : B.i32;
    const rs = to8 ? R.i8 : R.i16;
    for (let i = 0; i < n; i++) {
      const p = as[i];
      const q = bs[i];
      rs[i] = p < lo ? lo : p > hi ? hi : p;
      rs[n + i] = q < lo ? lo : q > hi ? hi : q;
    }
    return R.take();
  };
  h.i8x16_narrow_i16x8_s = narrow(true, true);
  h.i8x16_narrow_i16x8_u = narrow(true, false);
  h.i16x8_narrow_i32x4_s = narrow(false, true);
  h.i16x8_narrow_i32x4_u = narrow(false, false);
  // Widening: lanes of width `bits` (low or high half), sign- or zero-extended.
  const lane = (s: LaneScratch, bits: number, i: number, signed: boolean): number =>
    bits === 8 ? (signed ? s.i8[i] : s.u8[i]) : bits === 16 ? (signed ? s.i16[i] : s.u16[i]) : signed ? s.i32[i] : s.u32[i];
  const setWide = (bits: number, i: number, v: number): void => {
    if (bits === 16) R.i16[i] = v;
    else if (bits === 32) R.i32[i] = v;
    else {
      R.i32[2 * i] = v;
      R.i32[2 * i + 1] = v < 0 ? -1 : 0;
    }
  };
  const wideName = (bits: number) => (bits === 8 ? 'i16x8' : bits === 16 ? 'i32x4' : 'i64x2');
  const narrowName = (bits: number) => (bits === 8 ? 'i8x16' : bits === 16 ? 'i16x8' : 'i32x4');
  for (const bits of [8, 16, 32]) {
    const n = 64 / bits;
    for (const high of [false, true]) {
      for (const signed of [true, false]) {
        const suffix = `${high ? 'high' : 'low'}_${narrowName(bits)}_${signed ? 's' : 'u'}`;
        h[`${wideName(bits)}_extend_${suffix}`] = (x: V): V => {
          A.set(x);
          for (let i = 0; i < n; i++) setWide(bits * 2, i, lane(A, bits, high ? n + i : i, signed));
          return R.take();
        };
        h[`${wideName(bits)}_extmul_${suffix}`] = (x: V, y: V): V => {
          A.set(x);
          B.set(y);
          for (let i = 0; i < n; i++) {
            const l = high ? n + i : i;
            const p = lane(A, bits, l, signed);
            const q = lane(B, bits, l, signed);
            if (bits === 32) {
              // The full 64-bit product of two 32-bit lanes.
              const lo = Math.imul(p, q);
              let hi = mulHiU32(p, q);
              if (signed) hi = (hi - (p < 0 ? q : 0) - (q < 0 ? p : 0)) | 0;
              R.i32[2 * i] = lo;
              R.i32[2 * i + 1] = hi;
            } else {
              setWide(bits * 2, i, p * q);
            }
          }
          return R.take();
        };
      }
    }
  }
  for (const bits of [8, 16]) {
    for (const signed of [true, false]) {
      h[`${wideName(bits)}_extadd_pairwise_${narrowName(bits)}_${signed ? 's' : 'u'}`] = (x: V): V => {
        A.set(x);
        const n = 64 / bits;
        for (let i = 0; i < n; i++) setWide(bits * 2, i, lane(A, bits, 2 * i, signed) + lane(A, bits, 2 * i + 1, signed));
        return R.take();
      };
    }
  }
  h.i32x4_dot_i16x8_s = (x: V, y: V): V => {
    A.set(x);
    B.set(y);
    for (let i = 0; i < 4; i++) R.i32[i] = A.i16[2 * i] * B.i16[2 * i] + A.i16[2 * i + 1] * B.i16[2 * i + 1];
    return R.take();
  };
  Object.assign(h, i64x2Helpers(sc));
  return h;
}

/** The i64x2 helpers (lanes as (lo, hi) word pairs). */
function i64x2Helpers(sc: SimdScratch): Record<string, (...args: never[]) => unknown> {
  const R = sc.r;
  const w = R.i32;
  const pairwise = (f: (al: number, ah: number, bl: number, bh: number, k: number) => void) => (x: V, y: V): V => {
    f(x[0], x[1], y[0], y[1], 0);
    f(x[2], x[3], y[2], y[3], 2);
    return R.take();
  };
  const compare = (test: (c: number) => boolean) =>
    pairwise((al, ah, bl, bh, k) => {
      const r = test(cmp64(al, ah, bl, bh)) ? -1 : 0;
      w[k] = r;
      w[k + 1] = r;
    });
  const shift = (kind: number) => (x: V, c: number): V => {
    c &= 63;
    for (let k = 0; k < 4; k += 2) {
      const lo = x[k];
      const hi = x[k + 1];
      if (c === 0) {
        w[k] = lo;
        w[k + 1] = hi;
      } else if (kind === 0) {
        w[k] = c < 32 ? lo << c : 0;
        w[k + 1] = c < 32 ? (hi << c) | (lo >>> (32 - c)) : lo << (c - 32);
      } else if (c < 32) {
        w[k] = (lo >>> c) | (hi << (32 - c));
        w[k + 1] = kind === 1 ? hi >> c : hi >>> c;
      } else {
        w[k] = kind === 1 ? hi >> (c - 32) : hi >>> (c - 32);
        w[k + 1] = kind === 1 ? hi >> 31 : 0;
      }
    }
    return R.take();
  };
  return {
    i64x2_add: pairwise((al, ah, bl, bh, k) => {
      const lo = (al + bl) | 0;
      w[k] = lo;
      w[k + 1] = (ah + bh + (lo >>> 0 < al >>> 0 ? 1 : 0)) | 0;
    }),
    i64x2_sub: pairwise((al, ah, bl, bh, k) => {
      w[k] = (al - bl) | 0;
      w[k + 1] = (ah - bh - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
    }),
    i64x2_mul: pairwise((al, ah, bl, bh, k) => {
      w[k] = Math.imul(al, bl);
      w[k + 1] = (Math.imul(ah, bl) + Math.imul(al, bh) + mulHiU32(al, bl)) | 0;
    }),
    i64x2_eq: compare((c) => c === 0),
    i64x2_ne: compare((c) => c !== 0),
    i64x2_lt_s: compare((c) => c < 0),
    i64x2_gt_s: compare((c) => c > 0),
    i64x2_le_s: compare((c) => c <= 0),
    i64x2_ge_s: compare((c) => c >= 0),
    i64x2_neg: (x: V): V => {
      neg64(w, 0, x[0], x[1]);
      neg64(w, 2, x[2], x[3]);
      return R.take();
    },
    i64x2_abs: (x: V): V => {
      for (let k = 0; k < 4; k += 2) {
        if (x[k + 1] < 0) neg64(w, k, x[k], x[k + 1]);
        else {
          w[k] = x[k];
          w[k + 1] = x[k + 1];
        }
      }
      return R.take();
    },
    i64x2_all_true: (x: V): number => ((x[0] | x[1]) !== 0 && (x[2] | x[3]) !== 0 ? 1 : 0),
    i64x2_bitmask: (x: V): number => (x[1] < 0 ? 1 : 0) | (x[3] < 0 ? 2 : 0),
    i64x2_shl: shift(0),
    i64x2_shr_s: shift(1),
    i64x2_shr_u: shift(2),
  };
}
