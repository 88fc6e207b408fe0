/**
 * The executor's SIMD instructions (op = SIMD_BASE + the 0xfd sub-opcode): memory access, lanes,
 * bitwise and integer lane arithmetic. Float lanes and conversions are in simd-float.ts.
 *
 * A v128 is 4 cells (16 bytes, lanes little-endian). The result may overwrite an operand (its cell
 * is the operand's home), so operations whose lanes move read their inputs into scratch first.
 */

import type { Execution } from './execution.js';
import type { InterpInstance } from './instance.js';
import { i64Compare, i64Mul, i64Shl, i64ShrS, i64ShrU, popcnt32 } from './numeric.js';
import { memView, storeScratch } from './simd-common.js';
import { execSimdFloat } from './simd-float.js';

/** Integer lane operations shared by the 8/16/32-bit shapes. */
const ADD = 0;
const SUB = 1;
const MUL = 2;
const ADD_SAT_S = 3;
const ADD_SAT_U = 4;
const SUB_SAT_S = 5;
const SUB_SAT_U = 6;
const MIN_S = 7;
const MIN_U = 8;
const MAX_S = 9;
const MAX_U = 10;
const AVGR_U = 11;
const Q15MULR = 12;
/** Comparisons EQ..GE_U are 13..22 in the order eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u. */
const CMP0 = 13;

/** Runs SIMD sub-op `sub` at `pc`; returns the next pc. */
export function execSimd(sub: number, ex: Execution, inst: InterpInstance, code: Int32Array, pc: number, fp: number): number {
  const I = ex.i32;
  switch (sub) {
    // ---- memory
    case 0x00: // v128.load
    case 0x01: // v128.load8x8_s
    case 0x02: // v128.load8x8_u
    case 0x03: // v128.load16x4_s
    case 0x04: // v128.load16x4_u
    case 0x05: // v128.load32x2_s
    case 0x06: // v128.load32x2_u
    case 0x07: // v128.load8_splat
    case 0x08: // v128.load16_splat
    case 0x09: // v128.load32_splat
    case 0x0a: // v128.load64_splat
    case 0x5c: // v128.load32_zero
    case 0x5d: // v128.load64_zero
      load(sub, ex, inst, fp + code[pc + 1], I[fp + code[pc + 2]], code[pc + 3]);
      return pc + 4;
    case 0x0b: {
      // v128.store
      const mv = memView(inst, I[fp + code[pc + 1]], code[pc + 3], 16);
      const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
      const v = fp + code[pc + 2];
      for (let i = 0; i < 4; i++) mv.setInt32(ea + 4 * i, I[v + i], true);
      return pc + 4;
    }
    case 0x54: // v128.load8_lane
    case 0x55: // v128.load16_lane
    case 0x56: // v128.load32_lane
    case 0x57: {
      // v128.load64_lane
      const size = 1 << (sub - 0x54);
      const addr = I[fp + code[pc + 2]];
      const off = code[pc + 4];
      const mv = memView(inst, addr, off, size);
      const ea = (addr >>> 0) + (off >>> 0);
      const s = ex.sI32;
      const v = fp + code[pc + 3];
      for (let i = 0; i < 4; i++) s[i] = I[v + i];
      const lane = code[pc + 5];
      const sb = ex.sI8;
      for (let i = 0; i < size; i++) sb[lane * size + i] = mv.getInt8(ea + i);
      const d = fp + code[pc + 1];
      for (let i = 0; i < 4; i++) I[d + i] = s[i];
      return pc + 6;
    }
    case 0x58: // v128.store8_lane
    case 0x59: // v128.store16_lane
    case 0x5a: // v128.store32_lane
    case 0x5b: {
      // v128.store64_lane
      const size = 1 << (sub - 0x58);
      const addr = I[fp + code[pc + 1]];
      const off = code[pc + 3];
      const mv = memView(inst, addr, off, size);
      const ea = (addr >>> 0) + (off >>> 0);
      const b = (fp + code[pc + 2]) * 4 + code[pc + 4] * size;
      for (let i = 0; i < size; i++) mv.setInt8(ea + i, ex.i8[b + i]);
      return pc + 5;
    }
    // ---- shuffles, splats, lanes
    case 0x0d: {
      // i8x16.shuffle
      const a = (fp + code[pc + 2]) * 4;
      const b = (fp + code[pc + 3]) * 4;
      const src = ex.i8;
      const s = ex.sI8;
      for (let i = 0; i < 16; i++) {
        const l = (code[pc + 4 + (i >> 2)] >>> ((i & 3) * 8)) & 0xff;
        s[i] = l < 16 ? src[a + l] : src[b + l - 16];
      }
      return storeScratch(ex, fp + code[pc + 1], pc + 8);
    }
    case 0x0e: {
      // i8x16.swizzle
      const a = (fp + code[pc + 2]) * 4;
      const b = (fp + code[pc + 3]) * 4;
      const src = ex.i8;
      const u = ex.u8;
      const s = ex.sI8;
      for (let i = 0; i < 16; i++) {
        const l = u[b + i];
        s[i] = l < 16 ? src[a + l] : 0;
      }
      return storeScratch(ex, fp + code[pc + 1], pc + 4);
    }
    case 0x0f: {
      // i8x16.splat
      const v = I[fp + code[pc + 2]];
      ex.i8.fill(v, (fp + code[pc + 1]) * 4, (fp + code[pc + 1]) * 4 + 16);
      return pc + 3;
    }
    case 0x10: {
      // i16x8.splat
      const v = I[fp + code[pc + 2]];
      ex.i16.fill(v, (fp + code[pc + 1]) * 2, (fp + code[pc + 1]) * 2 + 8);
      return pc + 3;
    }
    case 0x11: // i32x4.splat
    case 0x13: {
      // f32x4.splat (bits)
      const v = I[fp + code[pc + 2]];
      I.fill(v, fp + code[pc + 1], fp + code[pc + 1] + 4);
      return pc + 3;
    }
    case 0x12: // i64x2.splat
    case 0x14: {
      // f64x2.splat (bits)
      const a = fp + code[pc + 2];
      const lo = I[a];
      const hi = I[a + 1];
      const d = fp + code[pc + 1];
      I[d] = lo;
      I[d + 1] = hi;
      I[d + 2] = lo;
      I[d + 3] = hi;
      return pc + 3;
    }
    case 0x15: // i8x16.extract_lane_s
      I[fp + code[pc + 1]] = ex.i8[(fp + code[pc + 2]) * 4 + code[pc + 3]];
      return pc + 4;
    case 0x16: // i8x16.extract_lane_u
      I[fp + code[pc + 1]] = ex.u8[(fp + code[pc + 2]) * 4 + code[pc + 3]];
      return pc + 4;
    case 0x18: // i16x8.extract_lane_s
      I[fp + code[pc + 1]] = ex.i16[(fp + code[pc + 2]) * 2 + code[pc + 3]];
      return pc + 4;
    case 0x19: // i16x8.extract_lane_u
      I[fp + code[pc + 1]] = ex.u16[(fp + code[pc + 2]) * 2 + code[pc + 3]];
      return pc + 4;
    case 0x1b: // i32x4.extract_lane
    case 0x1f: // f32x4.extract_lane (bits)
      I[fp + code[pc + 1]] = I[fp + code[pc + 2] + code[pc + 3]];
      return pc + 4;
    case 0x1d: // i64x2.extract_lane
    case 0x21: {
      // f64x2.extract_lane (bits)
      const a = fp + code[pc + 2] + code[pc + 3] * 2;
      const lo = I[a];
      const hi = I[a + 1];
      const d = fp + code[pc + 1];
      I[d] = lo;
      I[d + 1] = hi;
      return pc + 4;
    }
    case 0x17: // i8x16.replace_lane
    case 0x1a: // i16x8.replace_lane
    case 0x1c: // i32x4.replace_lane
    case 0x1e: // i64x2.replace_lane
    case 0x20: // f32x4.replace_lane
    case 0x22: {
      // f64x2.replace_lane
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      const lane = code[pc + 4];
      const lo = I[b];
      const hi = I[b + 1];
      if (d !== a) for (let i = 0; i < 4; i++) I[d + i] = I[a + i];
      if (sub === 0x17) ex.i8[d * 4 + lane] = lo;
      else if (sub === 0x1a) ex.i16[d * 2 + lane] = lo;
      else if (sub === 0x1c || sub === 0x20) I[d + lane] = lo;
      else {
        I[d + lane * 2] = lo;
        I[d + lane * 2 + 1] = hi;
      }
      return pc + 5;
    }
    // ---- bitwise
    case 0x4d: {
      // v128.not
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      for (let i = 0; i < 4; i++) I[d + i] = ~I[a + i];
      return pc + 3;
    }
    case 0x4e: // v128.and
    case 0x4f: // v128.andnot
    case 0x50: // v128.or
    case 0x51: {
      // v128.xor
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      for (let i = 0; i < 4; i++) {
        const x = I[a + i];
        const y = I[b + i];
        I[d + i] = sub === 0x4e ? x & y : sub === 0x4f ? x & ~y : sub === 0x50 ? x | y : x ^ y;
      }
      return pc + 4;
    }
    case 0x52: {
      // v128.bitselect
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      const c = fp + code[pc + 4];
      for (let i = 0; i < 4; i++) {
        const m = I[c + i];
        I[d + i] = (I[a + i] & m) | (I[b + i] & ~m);
      }
      return pc + 5;
    }
    case 0x53: {
      // v128.any_true
      const a = fp + code[pc + 2];
      I[fp + code[pc + 1]] = (I[a] | I[a + 1] | I[a + 2] | I[a + 3]) !== 0 ? 1 : 0;
      return pc + 3;
    }
    // ---- all_true / bitmask
    case 0x63: // i8x16.all_true
    case 0x83: // i16x8.all_true
    case 0xa3: // i32x4.all_true
    case 0xc3: {
      // i64x2.all_true
      const a = fp + code[pc + 2];
      const view = sub === 0x63 ? ex.i8 : sub === 0x83 ? ex.i16 : I;
      const n = sub === 0x63 ? 16 : sub === 0x83 ? 8 : 4;
      const base = sub === 0x63 ? a * 4 : sub === 0x83 ? a * 2 : a;
      let all = 1;
      if (sub === 0xc3) all = (I[a] | I[a + 1]) !== 0 && (I[a + 2] | I[a + 3]) !== 0 ? 1 : 0;
      else for (let i = 0; i < n; i++) if (view[base + i] === 0) all = 0;
      I[fp + code[pc + 1]] = all;
      return pc + 3;
    }
    case 0x64: // i8x16.bitmask
    case 0x84: // i16x8.bitmask
    case 0xa4: // i32x4.bitmask
    case 0xc4: {
      // i64x2.bitmask
      const a = fp + code[pc + 2];
      let m = 0;
      if (sub === 0x64) for (let i = 0; i < 16; i++) m |= (ex.i8[a * 4 + i] < 0 ? 1 : 0) << i;
      else if (sub === 0x84) for (let i = 0; i < 8; i++) m |= (ex.i16[a * 2 + i] < 0 ? 1 : 0) << i;
      else if (sub === 0xa4) for (let i = 0; i < 4; i++) m |= (I[a + i] < 0 ? 1 : 0) << i;
      else m = (I[a + 1] < 0 ? 1 : 0) | ((I[a + 3] < 0 ? 1 : 0) << 1);
      I[fp + code[pc + 1]] = m;
      return pc + 3;
    }
    // ---- i8x16
    case 0x60: // i8x16.abs
    case 0x61: // i8x16.neg
    case 0x62: // i8x16.popcnt
      unary(ex.i8, 16, (fp + code[pc + 1]) * 4, (fp + code[pc + 2]) * 4, sub === 0x60 ? 0 : sub === 0x61 ? 1 : 2);
      return pc + 3;
    case 0x80: // i16x8.abs
    case 0x81: // i16x8.neg
      unary(ex.i16, 8, (fp + code[pc + 1]) * 2, (fp + code[pc + 2]) * 2, sub === 0x80 ? 0 : 1);
      return pc + 3;
    case 0xa0: // i32x4.abs
    case 0xa1: // i32x4.neg
      unary(I, 4, fp + code[pc + 1], fp + code[pc + 2], sub === 0xa0 ? 0 : 1);
      return pc + 3;
    case 0x65: // i8x16.narrow_i16x8_s
    case 0x66: // i8x16.narrow_i16x8_u
    case 0x85: // i16x8.narrow_i32x4_s
    case 0x86: // i16x8.narrow_i32x4_u
      narrow(ex, sub, fp + code[pc + 2], fp + code[pc + 3]);
      return storeScratch(ex, fp + code[pc + 1], pc + 4);
    case 0x6b: // i8x16.shl
    case 0x6c: // i8x16.shr_s
    case 0x6d: // i8x16.shr_u
      shift(ex.i8, 16, 8, (fp + code[pc + 1]) * 4, (fp + code[pc + 2]) * 4, I[fp + code[pc + 3]], sub - 0x6b);
      return pc + 4;
    case 0x8b: // i16x8.shl
    case 0x8c: // i16x8.shr_s
    case 0x8d: // i16x8.shr_u
      shift(ex.i16, 8, 16, (fp + code[pc + 1]) * 2, (fp + code[pc + 2]) * 2, I[fp + code[pc + 3]], sub - 0x8b);
      return pc + 4;
    case 0xab: // i32x4.shl
    case 0xac: // i32x4.shr_s
    case 0xad: // i32x4.shr_u
      shift(I, 4, 32, fp + code[pc + 1], fp + code[pc + 2], I[fp + code[pc + 3]], sub - 0xab);
      return pc + 4;
    case 0xcb: // i64x2.shl
    case 0xcc: // i64x2.shr_s
    case 0xcd: {
      // i64x2.shr_u
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const n = I[fp + code[pc + 3]];
      const f = sub === 0xcb ? i64Shl : sub === 0xcc ? i64ShrS : i64ShrU;
      f(I, d, a, n);
      f(I, d + 2, a + 2, n);
      return pc + 4;
    }
  }
  const op = intBinaryOp(sub);
  if (op >= 0) {
    const bits = op >> 8;
    const kind = op & 0xff;
    const scale = 32 / bits;
    const view = bits === 8 ? ex.i8 : bits === 16 ? ex.i16 : I;
    lanes(view, 128 / bits, bits, (fp + code[pc + 1]) * scale, (fp + code[pc + 2]) * scale, (fp + code[pc + 3]) * scale, kind);
    return pc + 4;
  }
  return execSimdWide(sub, ex, inst, code, pc, fp);
}

/** i64x2 arithmetic/comparisons and lane-widening ops; the rest goes to simd-float.ts. */
function execSimdWide(sub: number, ex: Execution, inst: InterpInstance, code: Int32Array, pc: number, fp: number): number {
  const I = ex.i32;
  switch (sub) {
    case 0xc0: // i64x2.abs
    case 0xc1: {
      // i64x2.neg
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      for (let k = 0; k < 4; k += 2) {
        const lo = I[a + k];
        const hi = I[a + k + 1];
        if (sub === 0xc0 && hi >= 0) {
          I[d + k] = lo;
          I[d + k + 1] = hi;
        } else {
          I[d + k] = -lo | 0;
          I[d + k + 1] = (~hi + (lo === 0 ? 1 : 0)) | 0;
        }
      }
      return pc + 3;
    }
    case 0xce: // i64x2.add
    case 0xd1: {
      // i64x2.sub
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      for (let k = 0; k < 4; k += 2) {
        const al = I[a + k];
        const bl = I[b + k];
        const ah = I[a + k + 1];
        const bh = I[b + k + 1];
        if (sub === 0xce) {
          const lo = (al + bl) | 0;
          I[d + k] = lo;
          I[d + k + 1] = (ah + bh + (lo >>> 0 < al >>> 0 ? 1 : 0)) | 0;
        } else {
          I[d + k] = (al - bl) | 0;
          I[d + k + 1] = (ah - bh - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
        }
      }
      return pc + 4;
    }
    case 0xd5: {
      // i64x2.mul
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      i64Mul(I, d, a, b);
      i64Mul(I, d + 2, a + 2, b + 2);
      return pc + 4;
    }
    case 0xd6: // i64x2.eq
    case 0xd7: // i64x2.ne
    case 0xd8: // i64x2.lt_s
    case 0xd9: // i64x2.gt_s
    case 0xda: // i64x2.le_s
    case 0xdb: {
      // i64x2.ge_s
      const which = [0, 1, 2, 4, 6, 8][sub - 0xd6];
      const d = fp + code[pc + 1];
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      for (let k = 0; k < 4; k += 2) {
        const r = i64Compare(which, I[a + k], I[a + k + 1], I[b + k], I[b + k + 1]) ? -1 : 0;
        I[d + k] = r;
        I[d + k + 1] = r;
      }
      return pc + 4;
    }
    case 0x87: // i16x8.extend_low_i8x16_s
    case 0x88: // i16x8.extend_high_i8x16_s
    case 0x89: // i16x8.extend_low_i8x16_u
    case 0x8a: // i16x8.extend_high_i8x16_u
    case 0xa7: // i32x4.extend_low_i16x8_s
    case 0xa8: // i32x4.extend_high_i16x8_s
    case 0xa9: // i32x4.extend_low_i16x8_u
    case 0xaa: // i32x4.extend_high_i16x8_u
    case 0xc7: // i64x2.extend_low_i32x4_s
    case 0xc8: // i64x2.extend_high_i32x4_s
    case 0xc9: // i64x2.extend_low_i32x4_u
    case 0xca: {
      // i64x2.extend_high_i32x4_u
      const rel = sub & 0x1f;
      const high = rel === 0x08 || rel === 0x0a;
      const signed = rel === 0x07 || rel === 0x08;
      const bits = sub < 0xa0 ? 8 : sub < 0xc0 ? 16 : 32;
      const a = fp + code[pc + 2];
      const n = 64 / bits;
      for (let i = 0; i < n; i++) {
        const v = laneValue(ex, bits, a, high ? n + i : i, signed);
        setWideLane(ex, bits * 2, i, v);
      }
      return storeScratch(ex, fp + code[pc + 1], pc + 3);
    }
    case 0x9c: // i16x8.extmul_low_i8x16_s
    case 0x9d: // i16x8.extmul_high_i8x16_s
    case 0x9e: // i16x8.extmul_low_i8x16_u
    case 0x9f: // i16x8.extmul_high_i8x16_u
    case 0xbc: // i32x4.extmul_low_i16x8_s
    case 0xbd: // i32x4.extmul_high_i16x8_s
    case 0xbe: // i32x4.extmul_low_i16x8_u
    case 0xbf: // i32x4.extmul_high_i16x8_u
    case 0xdc: // i64x2.extmul_low_i32x4_s
    case 0xdd: // i64x2.extmul_high_i32x4_s
    case 0xde: // i64x2.extmul_low_i32x4_u
    case 0xdf: {
      // i64x2.extmul_high_i32x4_u
      const rel = sub & 3;
      const high = rel === 1 || rel === 3;
      const signed = rel < 2;
      const bits = sub < 0xa0 ? 8 : sub < 0xc0 ? 16 : 32;
      const a = fp + code[pc + 2];
      const b = fp + code[pc + 3];
      const n = 64 / bits;
      for (let i = 0; i < n; i++) {
        const l = high ? n + i : i;
        const x = laneValue(ex, bits, a, l, signed);
        const y = laneValue(ex, bits, b, l, signed);
        if (bits === 32) {
          // Note: the full 64-bit product, computed on (lo, hi) pairs in the temporary cells.
          const t = ex.t32;
          t[0] = x;
          t[1] = signed ? x >> 31 : 0;
          t[2] = y;
          t[3] = signed ? y >> 31 : 0;
          i64Mul(t, 0, 0, 2);
          ex.sI32[2 * i] = t[0];
          ex.sI32[2 * i + 1] = t[1];
        } else {
          setWideLane(ex, bits * 2, i, x * y);
        }
      }
      return storeScratch(ex, fp + code[pc + 1], pc + 4);
    }
    case 0x7c: // i16x8.extadd_pairwise_i8x16_s
    case 0x7d: // i16x8.extadd_pairwise_i8x16_u
    case 0x7e: // i32x4.extadd_pairwise_i16x8_s
    case 0x7f: {
      // i32x4.extadd_pairwise_i16x8_u
      const bits = sub < 0x7e ? 8 : 16;
      const signed = (sub & 1) === 0;
      const a = fp + code[pc + 2];
      const n = 64 / bits;
      for (let i = 0; i < n; i++) {
        setWideLane(ex, bits * 2, i, laneValue(ex, bits, a, 2 * i, signed) + laneValue(ex, bits, a, 2 * i + 1, signed));
      }
      return storeScratch(ex, fp + code[pc + 1], pc + 3);
    }
    case 0xba: {
      // i32x4.dot_i16x8_s
      const a = (fp + code[pc + 2]) * 2;
      const b = (fp + code[pc + 3]) * 2;
      const v = ex.i16;
      const s = ex.sI32;
      for (let i = 0; i < 4; i++) s[i] = v[a + 2 * i] * v[b + 2 * i] + v[a + 2 * i + 1] * v[b + 2 * i + 1];
      return storeScratch(ex, fp + code[pc + 1], pc + 4);
    }
  }
  return execSimdFloat(sub, ex, inst, code, pc, fp);
}

/** The v128 loads (plain, extending, splat and zero-filling). */
function load(sub: number, ex: Execution, inst: InterpInstance, d: number, addr: number, off: number): void {
  const size = sub === 0x00 ? 16 : sub <= 0x06 ? 8 : sub === 0x07 ? 1 : sub === 0x08 ? 2 : sub === 0x09 || sub === 0x5c ? 4 : 8;
  const mv = memView(inst, addr, off, size);
  const ea = (addr >>> 0) + (off >>> 0);
  const s = ex.sI32;
  switch (sub) {
    case 0x00:
      for (let i = 0; i < 4; i++) s[i] = mv.getInt32(ea + 4 * i, true);
      break;
    case 0x01:
    case 0x02:
      for (let i = 0; i < 8; i++) ex.sI16[i] = sub === 0x01 ? mv.getInt8(ea + i) : mv.getUint8(ea + i);
      break;
    case 0x03:
    case 0x04:
      for (let i = 0; i < 4; i++) s[i] = sub === 0x03 ? mv.getInt16(ea + 2 * i, true) : mv.getUint16(ea + 2 * i, true);
      break;
    case 0x05:
    case 0x06:
      for (let i = 0; i < 2; i++) {
        const v = mv.getInt32(ea + 4 * i, true);
        s[2 * i] = v;
        s[2 * i + 1] = sub === 0x05 ? v >> 31 : 0;
      }
      break;
    case 0x07:
      ex.sI8.fill(mv.getInt8(ea));
      break;
    case 0x08:
      ex.sI16.fill(mv.getInt16(ea, true));
      break;
    case 0x09:
      s.fill(mv.getInt32(ea, true));
      break;
    case 0x0a: {
      const lo = mv.getInt32(ea, true);
      const hi = mv.getInt32(ea + 4, true);
      s[0] = lo;
      s[1] = hi;
      s[2] = lo;
      s[3] = hi;
      break;
    }
    case 0x5c:
      s[0] = mv.getInt32(ea, true);
      s[1] = 0;
      s[2] = 0;
      s[3] = 0;
      break;
    default:
      s[0] = mv.getInt32(ea, true);
      s[1] = mv.getInt32(ea + 4, true);
      s[2] = 0;
      s[3] = 0;
  }
  storeScratch(ex, d, 0);
}

/** abs (0), neg (1) or popcnt (2) on each of `n` lanes of `view` from index `a` to index `d`. */
function unary(view: Int8Array | Int16Array | Int32Array, n: number, d: number, a: number, kind: number): void {
  for (let i = 0; i < n; i++) {
    const x = view[a + i];
    view[d + i] = kind === 0 ? (x < 0 ? -x : x) : kind === 1 ? -x : popcnt32(x & 0xff);
  }
}

/** Lane shifts: kind 0 shl, 1 shr_s, 2 shr_u; the count is taken modulo the lane width. */
function shift(view: Int8Array | Int16Array | Int32Array, n: number, bits: number, d: number, a: number, count: number, kind: number): void {
  const c = count & (bits - 1);
  const mask = bits === 32 ? -1 : (1 << bits) - 1;
  for (let i = 0; i < n; i++) {
    const x = view[a + i];
    view[d + i] = kind === 0 ? x << c : kind === 1 ? x >> c : (x & mask) >>> c;
  }
}

/** The narrowing ops into scratch: 16->8 or 32->16 bits with signed or unsigned saturation. */
function narrow(ex: Execution, sub: number, a: number, b: number): void {
  const to8 = sub < 0x80;
  const signed = (sub & 1) === 1;
  const lo = signed ? (to8 ? -128 : -32768) : 0;
  const hi = signed ? (to8 ? 127 : 32767) : to8 ? 255 : 65535;
  const n = to8 ? 8 : 4;
  const src = to8 ? ex.i16 : ex.i32;
  const scale = to8 ? 2 : 1;
  const dst = to8 ? ex.sI8 : ex.sI16;
  for (let i = 0; i < n; i++) {
    const x = src[a * scale + i];
    const y = src[b * scale + i];
    dst[i] = x < lo ? lo : x > hi ? hi : x;
    dst[n + i] = y < lo ? lo : y > hi ? hi : y;
  }
}

/** Lane `l` (of width `bits`) of the v128 at cell `a`, sign- or zero-extended. */
function laneValue(ex: Execution, bits: number, a: number, l: number, signed: boolean): number {
  if (bits === 8) return signed ? ex.i8[a * 4 + l] : ex.u8[a * 4 + l];
  if (bits === 16) return signed ? ex.i16[a * 2 + l] : ex.u16[a * 2 + l];
  const v = ex.i32[a + l];
  return signed ? v : v >>> 0;
}

/** Sets lane `i` of width `bits` (16, 32 or 64) of the scratch v128 to `v` (wrapping). */
function setWideLane(ex: Execution, bits: number, i: number, v: number): void {
  if (bits === 16) ex.sI16[i] = v;
  else if (bits === 32) ex.sI32[i] = v;
  else {
    ex.sI32[2 * i] = v;
    ex.sI32[2 * i + 1] = v < 0 ? -1 : 0;
  }
}

/**
 * The (bits << 8 | kind) of a lane-wise integer binary op, or -1. Kinds: see the constants at
 * the top of this file.
 */
function intBinaryOp(sub: number): number {
  if (sub >= 0x23 && sub <= 0x2c) return (8 << 8) | (CMP0 + sub - 0x23);
  if (sub >= 0x2d && sub <= 0x36) return (16 << 8) | (CMP0 + sub - 0x2d);
  if (sub >= 0x37 && sub <= 0x40) return (32 << 8) | (CMP0 + sub - 0x37);
  switch (sub) {
    case 0x6e:
      return (8 << 8) | ADD;
    case 0x6f:
      return (8 << 8) | ADD_SAT_S;
    case 0x70:
      return (8 << 8) | ADD_SAT_U;
    case 0x71:
      return (8 << 8) | SUB;
    case 0x72:
      return (8 << 8) | SUB_SAT_S;
    case 0x73:
      return (8 << 8) | SUB_SAT_U;
    case 0x76:
      return (8 << 8) | MIN_S;
    case 0x77:
      return (8 << 8) | MIN_U;
    case 0x78:
      return (8 << 8) | MAX_S;
    case 0x79:
      return (8 << 8) | MAX_U;
    case 0x7b:
      return (8 << 8) | AVGR_U;
    case 0x82:
      return (16 << 8) | Q15MULR;
    case 0x8e:
      return (16 << 8) | ADD;
    case 0x8f:
      return (16 << 8) | ADD_SAT_S;
    case 0x90:
      return (16 << 8) | ADD_SAT_U;
    case 0x91:
      return (16 << 8) | SUB;
    case 0x92:
      return (16 << 8) | SUB_SAT_S;
    case 0x93:
      return (16 << 8) | SUB_SAT_U;
    case 0x95:
      return (16 << 8) | MUL;
    case 0x96:
      return (16 << 8) | MIN_S;
    case 0x97:
      return (16 << 8) | MIN_U;
    case 0x98:
      return (16 << 8) | MAX_S;
    case 0x99:
      return (16 << 8) | MAX_U;
    case 0x9b:
      return (16 << 8) | AVGR_U;
    case 0xae:
      return (32 << 8) | ADD;
    case 0xb1:
      return (32 << 8) | SUB;
    case 0xb5:
      return (32 << 8) | MUL;
    case 0xb6:
      return (32 << 8) | MIN_S;
    case 0xb7:
      return (32 << 8) | MIN_U;
    case 0xb8:
      return (32 << 8) | MAX_S;
    case 0xb9:
      return (32 << 8) | MAX_U;
  }
  return -1;
}

/** A lane-wise integer binary op over `n` lanes of width `bits` (indices into `view`). */
function lanes(view: Int8Array | Int16Array | Int32Array, n: number, bits: number, d: number, a: number, b: number, kind: number): void {
  const mask = bits === 32 ? -1 : (1 << bits) - 1;
  const smin = bits === 32 ? -2147483648 : -(1 << (bits - 1));
  const smax = bits === 32 ? 2147483647 : (1 << (bits - 1)) - 1;
  const umax = bits === 32 ? 4294967295 : mask;
  for (let i = 0; i < n; i++) {
    const x = view[a + i];
    const y = view[b + i];
    const xu = bits === 32 ? x >>> 0 : x & mask;
    const yu = bits === 32 ? y >>> 0 : y & mask;
    let r: number;
    switch (kind) {
      case ADD:
        r = x + y;
        break;
      case SUB:
        r = x - y;
        break;
      case MUL:
        r = Math.imul(x, y);
        break;
      case ADD_SAT_S:
        r = Math.min(smax, Math.max(smin, x + y));
        break;
      case ADD_SAT_U:
        r = Math.min(umax, xu + yu);
        break;
      case SUB_SAT_S:
        r = Math.min(smax, Math.max(smin, x - y));
        break;
      case SUB_SAT_U:
        r = Math.max(0, xu - yu);
        break;
      case MIN_S:
        r = x < y ? x : y;
        break;
      case MIN_U:
        r = xu < yu ? x : y;
        break;
      case MAX_S:
        r = x > y ? x : y;
        break;
      case MAX_U:
        r = xu > yu ? x : y;
        break;
      case AVGR_U:
        r = (xu + yu + 1) >>> 1;
        break;
      case Q15MULR:
        r = Math.min(smax, Math.max(smin, (x * y + 0x4000) >> 15));
        break;
      default: {
        const c = kind - CMP0;
        let t: boolean;
        switch (c) {
          case 0:
            t = x === y;
            break;
          case 1:
            t = x !== y;
            break;
          case 2:
            t = x < y;
            break;
          case 3:
            t = xu < yu;
            break;
          case 4:
            t = x > y;
            break;
          case 5:
            t = xu > yu;
            break;
          case 6:
            t = x <= y;
            break;
          case 7:
            t = xu <= yu;
            break;
          case 8:
            t = x >= y;
            break;
          default:
            t = xu >= yu;
        }
        r = t ? -1 : 0;
      }
    }
    view[d + i] = r;
  }
}
