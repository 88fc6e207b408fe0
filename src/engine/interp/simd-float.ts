/**
 * The executor's floating-point SIMD instructions: f32x4/f64x2 arithmetic, comparisons, rounding,
 * pmin/pmax, and the conversions between float and integer lanes.
 *
 * Arithmetic goes through Float32Array/Float64Array views, so every f32 lane result is rounded to
 * single precision; abs, neg, pmin and pmax move bits and keep NaN payloads.
 */

import { CompileError } from '../../api/errors.js';
import type { Execution } from './execution.js';
import type { InterpInstance } from './instance.js';
import { i32TruncSatS, i32TruncSatU, nearest, quiet } from './numeric.js';
import { storeScratch } from './simd-common.js';

/** Runs float SIMD sub-op `sub` at `pc`; returns the next pc. */
export function execSimdFloat(sub: number, ex: Execution, _inst: InterpInstance, code: Int32Array, pc: number, fp: number): number {
  const I = ex.i32;
  const F32 = ex.f32;
  const F64 = ex.f64;
  const d = fp + code[pc + 1];
  const a = fp + code[pc + 2];
  if (sub >= 0x41 && sub <= 0x46) {
    // f32x4 comparisons
    const b = fp + code[pc + 3];
    for (let i = 0; i < 4; i++) I[d + i] = compare(sub - 0x41, F32[a + i], F32[b + i]) ? -1 : 0;
    return pc + 4;
  }
  if (sub >= 0x47 && sub <= 0x4c) {
    // f64x2 comparisons
    const b = fp + code[pc + 3];
    for (let i = 0; i < 2; i++) {
      const r = compare(sub - 0x47, F64[(a >> 1) + i], F64[(b >> 1) + i]) ? -1 : 0;
      I[d + 2 * i] = r;
      I[d + 2 * i + 1] = r;
    }
    return pc + 4;
  }
  switch (sub) {
    case 0x67: // f32x4.ceil
    case 0x68: // f32x4.floor
    case 0x69: // f32x4.trunc
    case 0x6a: // f32x4.nearest
    case 0xe3: // f32x4.sqrt
      for (let i = 0; i < 4; i++) F32[d + i] = round(sub, F32[a + i]);
      return pc + 3;
    case 0x74: // f64x2.ceil
    case 0x75: // f64x2.floor
    case 0x7a: // f64x2.trunc
    case 0x94: // f64x2.nearest
    case 0xef: // f64x2.sqrt
      for (let i = 0; i < 2; i++) F64[(d >> 1) + i] = quiet(round(sub, F64[(a >> 1) + i]));
      return pc + 3;
    case 0xe0: // f32x4.abs
      for (let i = 0; i < 4; i++) I[d + i] = I[a + i] & 0x7fffffff;
      return pc + 3;
    case 0xe1: // f32x4.neg
      for (let i = 0; i < 4; i++) I[d + i] = I[a + i] ^ -2147483648;
      return pc + 3;
    case 0xec: // f64x2.abs
      for (let i = 0; i < 4; i++) I[d + i] = i & 1 ? I[a + i] & 0x7fffffff : I[a + i];
      return pc + 3;
    case 0xed: // f64x2.neg
      for (let i = 0; i < 4; i++) I[d + i] = i & 1 ? I[a + i] ^ -2147483648 : I[a + i];
      return pc + 3;
    case 0xe4: // f32x4.add
    case 0xe5: // f32x4.sub
    case 0xe6: // f32x4.mul
    case 0xe7: // f32x4.div
    case 0xe8: // f32x4.min
    case 0xe9: {
      // f32x4.max
      const b = fp + code[pc + 3];
      for (let i = 0; i < 4; i++) F32[d + i] = arith(sub - 0xe4, F32[a + i], F32[b + i]);
      return pc + 4;
    }
    case 0xf0: // f64x2.add
    case 0xf1: // f64x2.sub
    case 0xf2: // f64x2.mul
    case 0xf3: // f64x2.div
    case 0xf4: // f64x2.min
    case 0xf5: {
      // f64x2.max
      const b = fp + code[pc + 3];
      for (let i = 0; i < 2; i++) F64[(d >> 1) + i] = arith(sub - 0xf0, F64[(a >> 1) + i], F64[(b >> 1) + i]);
      return pc + 4;
    }
    case 0xea: // f32x4.pmin
    case 0xeb: {
      // f32x4.pmax
      const b = fp + code[pc + 3];
      for (let i = 0; i < 4; i++) {
        const x = F32[a + i];
        const y = F32[b + i];
        const takeB = sub === 0xea ? y < x : x < y;
        I[d + i] = takeB ? I[b + i] : I[a + i];
      }
      return pc + 4;
    }
    case 0xf6: // f64x2.pmin
    case 0xf7: {
      // f64x2.pmax
      const b = fp + code[pc + 3];
      for (let i = 0; i < 2; i++) {
        const x = F64[(a >> 1) + i];
        const y = F64[(b >> 1) + i];
        const takeB = sub === 0xf6 ? y < x : x < y;
        const s = takeB ? b : a;
        const lo = I[s + 2 * i];
        const hi = I[s + 2 * i + 1];
        I[d + 2 * i] = lo;
        I[d + 2 * i + 1] = hi;
      }
      return pc + 4;
    }
    case 0x5e: {
      // f32x4.demote_f64x2_zero
      const s = ex.sF32;
      s[0] = F64[a >> 1];
      s[1] = F64[(a >> 1) + 1];
      s[2] = 0;
      s[3] = 0;
      return storeScratch(ex, d, pc + 3);
    }
    case 0x5f: {
      // f64x2.promote_low_f32x4
      const s = ex.sF64;
      s[0] = F32[a];
      s[1] = F32[a + 1];
      return storeScratch(ex, d, pc + 3);
    }
    case 0xf8: // i32x4.trunc_sat_f32x4_s
      for (let i = 0; i < 4; i++) I[d + i] = i32TruncSatS(F32[a + i]);
      return pc + 3;
    case 0xf9: // i32x4.trunc_sat_f32x4_u
      for (let i = 0; i < 4; i++) I[d + i] = i32TruncSatU(F32[a + i]);
      return pc + 3;
    case 0xfa: // f32x4.convert_i32x4_s
      for (let i = 0; i < 4; i++) F32[d + i] = I[a + i];
      return pc + 3;
    case 0xfb: // f32x4.convert_i32x4_u
      for (let i = 0; i < 4; i++) F32[d + i] = I[a + i] >>> 0;
      return pc + 3;
    case 0xfc: // i32x4.trunc_sat_f64x2_s_zero
    case 0xfd: {
      // i32x4.trunc_sat_f64x2_u_zero
      const s = ex.sI32;
      const f = sub === 0xfc ? i32TruncSatS : i32TruncSatU;
      s[0] = f(F64[a >> 1]);
      s[1] = f(F64[(a >> 1) + 1]);
      s[2] = 0;
      s[3] = 0;
      return storeScratch(ex, d, pc + 3);
    }
    case 0xfe: // f64x2.convert_low_i32x4_s
    case 0xff: {
      // f64x2.convert_low_i32x4_u
      const s = ex.sF64;
      s[0] = sub === 0xfe ? I[a] : I[a] >>> 0;
      s[1] = sub === 0xfe ? I[a + 1] : I[a + 1] >>> 0;
      return storeScratch(ex, d, pc + 3);
    }
  }
  throw new CompileError(`internal: unknown SIMD op 0xfd${sub.toString(16)} at ${pc}`);
}

/** eq, ne, lt, gt, le, ge by index. */
function compare(which: number, x: number, y: number): boolean {
  switch (which) {
    case 0:
      return x === y;
    case 1:
      return x !== y;
    case 2:
      return x < y;
    case 3:
      return x > y;
    case 4:
      return x <= y;
    default:
      return x >= y;
  }
}

/** add, sub, mul, div, min, max by index. */
function arith(which: number, x: number, y: number): number {
  switch (which) {
    case 0:
      return x + y;
    case 1:
      return x - y;
    case 2:
      return x * y;
    case 3:
      return x / y;
    case 4:
      return Math.min(x, y);
    default:
      return Math.max(x, y);
  }
}

/** The rounding ops and sqrt by sub-opcode. */
function round(sub: number, x: number): number {
  switch (sub) {
    case 0x67:
    case 0x74:
      return Math.ceil(x);
    case 0x68:
    case 0x75:
      return Math.floor(x);
    case 0x69:
    case 0x7a:
      return Math.trunc(x);
    case 0x6a:
    case 0x94:
      return nearest(x);
    default:
      return Math.sqrt(x);
  }
}
