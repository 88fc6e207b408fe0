/**
 * SIMD helpers for float lanes: f32x4/f64x2 arithmetic, comparisons, rounding, pmin/pmax, abs/neg
 * (on the bits, keeping NaN payloads), and the conversions between float and integer lanes.
 * f32 lanes are computed in doubles and rounded once when stored to a Float32Array view.
 */

import { fceil, ffloor, fmax, fmin, fnearest, ftrunc, i32TruncSatS, i32TruncSatU } from './float.js';
import type { SimdScratch } from './simd-scratch.js';

type V = Int32Array;

/** Binary float operations by name. */
const ARITH: Readonly<Record<string, (x: number, y: number) => number>> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  min: fmin,
  max: fmax,
};

/** Comparisons by name. */
const COMPARE: Readonly<Record<string, (x: number, y: number) => boolean>> = {
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
  lt: (x, y) => x < y,
  gt: (x, y) => x > y,
  le: (x, y) => x <= y,
  ge: (x, y) => x >= y,
};

/** Unary rounding operations (and sqrt) by name; NaN in gives an arithmetic NaN. */
const ROUND: Readonly<Record<string, (x: number) => number>> = {
  ceil: fceil,
  floor: ffloor,
  trunc: ftrunc,
  nearest: fnearest,
  sqrt: Math.sqrt,
};

/** Float-lane SIMD helpers bound to one engine's scratch, keyed by instruction name (dots as `_`). */
export function simdFloatHelpers(sc: SimdScratch): Record<string, (...args: never[]) => unknown> {
  const { a: A, b: B, r: R } = sc;
  const h: Record<string, (...args: never[]) => unknown> = {};
  for (const [shape, n] of [
    ['f32x4', 4],
    ['f64x2', 2],
  ] as const) {
    const af = shape === 'f32x4' ? A.f32 : A.f64;
    const bf = shape === 'f32x4' ? B.f32 : B.f64;
    const rf = shape === 'f32x4' ? R.f32 : R.f64;
    for (const [name, f] of Object.entries(ARITH)) {
      h[`${shape}_${name}`] = (x: V, y: V): V => {
        A.set(x);
        B.set(y);
        for (let i = 0; i < n; i++) rf[i] = f(af[i], bf[i]);
        return R.take();
      };
    }
    for (const [name, f] of Object.entries(COMPARE)) {
      const wordsPerLane = 4 / n;
      h[`${shape}_${name}`] = (x: V, y: V): V => {
        A.set(x);
        B.set(y);
        for (let i = 0; i < n; i++) {
          const r = f(af[i], bf[i]) ? -1 : 0;
          for (let k = 0; k < wordsPerLane; k++) R.i32[i * wordsPerLane + k] = r;
        }
        return R.take();
      };
    }
    for (const [name, f] of Object.entries(ROUND)) {
      h[`${shape}_${name}`] = (x: V): V => {
        A.set(x);
        for (let i = 0; i < n; i++) rf[i] = f(af[i]);
        return R.take();
      };
    }
    // pmin: b < a ? b : a; pmax: a < b ? b : a (lane bits of the chosen operand, NaNs kept).
    for (const pmin of [true, false]) {
      const wordsPerLane = 4 / n;
      h[`${shape}_${pmin ? 'pmin' : 'pmax'}`] = (x: V, y: V): V => {
        A.set(x);
        B.set(y);
        for (let i = 0; i < n; i++) {
          const takeB = pmin ? bf[i] < af[i] : af[i] < bf[i];
          const src = takeB ? y : x;
          for (let k = 0; k < wordsPerLane; k++) R.i32[i * wordsPerLane + k] = src[i * wordsPerLane + k];
        }
        return R.take();
      };
    }
  }
  h.f32x4_abs = (x: V): V => Int32Array.of(x[0] & 0x7fffffff, x[1] & 0x7fffffff, x[2] & 0x7fffffff, x[3] & 0x7fffffff);
  h.f32x4_neg = (x: V): V => Int32Array.of(x[0] ^ -2147483648, x[1] ^ -2147483648, x[2] ^ -2147483648, x[3] ^ -2147483648);
  h.f64x2_abs = (x: V): V => Int32Array.of(x[0], x[1] & 0x7fffffff, x[2], x[3] & 0x7fffffff);
  h.f64x2_neg = (x: V): V => Int32Array.of(x[0], x[1] ^ -2147483648, x[2], x[3] ^ -2147483648);
  h.f32x4_demote_f64x2_zero = (x: V): V => {
    A.set(x);
    R.f32[0] = A.f64[0];
    R.f32[1] = A.f64[1];
    R.i32[2] = 0;
    R.i32[3] = 0;
    return R.take();
  };
  h.f64x2_promote_low_f32x4 = (x: V): V => {
    A.set(x);
    R.f64[0] = A.f32[0];
    R.f64[1] = A.f32[1];
    return R.take();
  };
  h.i32x4_trunc_sat_f32x4_s = (x: V): V => {
    A.set(x);
    for (let i = 0; i < 4; i++) R.i32[i] = i32TruncSatS(A.f32[i]);
    return R.take();
  };
  h.i32x4_trunc_sat_f32x4_u = (x: V): V => {
    A.set(x);
    for (let i = 0; i < 4; i++) R.i32[i] = i32TruncSatU(A.f32[i]);
    return R.take();
  };
  h.f32x4_convert_i32x4_s = (x: V): V => {
    for (let i = 0; i < 4; i++) R.f32[i] = x[i];
    return R.take();
  };
  h.f32x4_convert_i32x4_u = (x: V): V => {
    for (let i = 0; i < 4; i++) R.f32[i] = x[i] >>> 0;
    return R.take();
  };
  h.i32x4_trunc_sat_f64x2_s_zero = (x: V): V => {
    A.set(x);
    return Int32Array.of(i32TruncSatS(A.f64[0]), i32TruncSatS(A.f64[1]), 0, 0);
  };
  h.i32x4_trunc_sat_f64x2_u_zero = (x: V): V => {
    A.set(x);
    return Int32Array.of(i32TruncSatU(A.f64[0]), i32TruncSatU(A.f64[1]), 0, 0);
  };
  h.f64x2_convert_low_i32x4_s = (x: V): V => {
    R.f64[0] = x[0];
    R.f64[1] = x[1];
    return R.take();
  };
  h.f64x2_convert_low_i32x4_u = (x: V): V => {
    R.f64[0] = x[0] >>> 0;
    R.f64[1] = x[1] >>> 0;
    return R.take();
  };
  return h;
}
