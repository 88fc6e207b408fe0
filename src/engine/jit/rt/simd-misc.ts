/**
 * SIMD helpers that move bits: v128 loads and stores (plain, extending, splat, zero-filling, lane),
 * splats, lane extraction and replacement, shuffle/swizzle, and the bitwise operations.
 */

import type { InterpMemory } from '../../interp/index.js';
import { f32FromBitsWith, f32ToBitsWith } from './float.js';
import type { Scratch } from './scratch.js';
import type { SimdScratch } from './simd-scratch.js';
import { trapMemory } from './traps.js';

type V = Int32Array;

/** The memory's DataView after checking that `size` bytes at `ea` are in bounds. */
function at(m: InterpMemory, ea: number, size: number): DataView {
  if (ea + size > m.byteLength) trapMemory();
  return m.view;
}

/** SIMD helpers that move bits, bound to one engine's scratch, keyed by instruction name. */
export function simdMiscHelpers(s: Scratch, sc: SimdScratch): Record<string, (...args: never[]) => unknown> {
  const { a: A, r: R } = sc;
  const ret = s.ret;
  const ext = (n: number, size: number, signed: boolean) => (m: InterpMemory, ea: number): V => {
    const dv = at(m, ea, 8);
    for (let i = 0; i < n; i++) {
      const o = ea + i * size;
      if (size === 1) R.i16[i] = signed ? dv.getInt8(o) : dv.getUint8(o);
      else if (size === 2) R.i32[i] = signed ? dv.getInt16(o, true) : dv.getUint16(o, true);
      else {
        const v = dv.getInt32(o, true);
        R.i32[2 * i] = v;
        R.i32[2 * i + 1] = signed ? v >> 31 : 0;
      }
    }
    return R.take();
  };
  return {
    v128_load(m: InterpMemory, ea: number): V {
      const dv = at(m, ea, 16);
      return Int32Array.of(dv.getInt32(ea, true), dv.getInt32(ea + 4, true), dv.getInt32(ea + 8, true), dv.getInt32(ea + 12, true));
    },
    v128_load8x8_s: ext(8, 1, true),
    v128_load8x8_u: ext(8, 1, false),
    v128_load16x4_s: ext(4, 2, true),
    v128_load16x4_u: ext(4, 2, false),
    v128_load32x2_s: ext(2, 4, true),
    v128_load32x2_u: ext(2, 4, false),
    v128_load8_splat(m: InterpMemory, ea: number): V {
      R.i8.fill(at(m, ea, 1).getInt8(ea));
      return R.take();
    },
    v128_load16_splat(m: InterpMemory, ea: number): V {
      R.i16.fill(at(m, ea, 2).getInt16(ea, true));
      return R.take();
    },
    v128_load32_splat(m: InterpMemory, ea: number): V {
      const v = at(m, ea, 4).getInt32(ea, true);
      return Int32Array.of(v, v, v, v);
    },
    v128_load64_splat(m: InterpMemory, ea: number): V {
      const dv = at(m, ea, 8);
      const lo = dv.getInt32(ea, true);
      const hi = dv.getInt32(ea + 4, true);
      return Int32Array.of(lo, hi, lo, hi);
    },
    v128_load32_zero(m: InterpMemory, ea: number): V {
      return Int32Array.of(at(m, ea, 4).getInt32(ea, true), 0, 0, 0);
    },
    v128_load64_zero(m: InterpMemory, ea: number): V {
      const dv = at(m, ea, 8);
      return Int32Array.of(dv.getInt32(ea, true), dv.getInt32(ea + 4, true), 0, 0);
    },
    v128_store(m: InterpMemory, ea: number, v: V): void {
      const dv = at(m, ea, 16);
      for (let i = 0; i < 4; i++) dv.setInt32(ea + 4 * i, v[i], true);
    },
    /** v128.loadN_lane: `size` bytes into lane `lane` of `v`. */
    v128_load_lane(m: InterpMemory, ea: number, v: V, size: number, lane: number): V {
      const dv = at(m, ea, size);
      R.set(v);
      for (let i = 0; i < size; i++) R.u8[lane * size + i] = dv.getUint8(ea + i);
      return R.take();
    },
    /** v128.storeN_lane. */
    v128_store_lane(m: InterpMemory, ea: number, v: V, size: number, lane: number): void {
      const dv = at(m, ea, size);
      A.set(v);
      for (let i = 0; i < size; i++) dv.setUint8(ea + i, A.u8[lane * size + i]);
    },
    i8x16_splat(x: number): V {
      R.i8.fill(x);
      return R.take();
    },
    i16x8_splat(x: number): V {
      R.i16.fill(x);
      return R.take();
    },
    i32x4_splat: (x: number): V => Int32Array.of(x, x, x, x),
    i64x2_splat: (lo: number, hi: number): V => Int32Array.of(lo, hi, lo, hi),
    f32x4_splat(x: number): V {
      const b = f32ToBitsWith(s, x);
      return Int32Array.of(b, b, b, b);
    },
    f64x2_splat(x: number): V {
      R.f64[0] = x;
      R.f64[1] = x;
      return R.take();
    },
    i8x16_extract_lane_s: (v: V, l: number): number => A.set(v).i8[l],
    i8x16_extract_lane_u: (v: V, l: number): number => A.set(v).u8[l],
    i16x8_extract_lane_s: (v: V, l: number): number => A.set(v).i16[l],
    i16x8_extract_lane_u: (v: V, l: number): number => A.set(v).u16[l],
    i32x4_extract_lane: (v: V, l: number): number => v[l],
    i64x2_extract_lane(v: V, l: number): number {
      ret[0] = v[2 * l + 1];
      return v[2 * l];
    },
    f32x4_extract_lane: (v: V, l: number): number => f32FromBitsWith(s, v[l]),
    f64x2_extract_lane: (v: V, l: number): number => A.set(v).f64[l],
    i8x16_replace_lane(v: V, l: number, x: number): V {
      R.set(v).i8[l] = x;
      return R.take();
    },
    i16x8_replace_lane(v: V, l: number, x: number): V {
      R.set(v).i16[l] = x;
      return R.take();
    },
    i32x4_replace_lane(v: V, l: number, x: number): V {
      R.set(v).i32[l] = x;
      return R.take();
    },
    i64x2_replace_lane(v: V, l: number, lo: number, hi: number): V {
      R.set(v);
      R.i32[2 * l] = lo;
      R.i32[2 * l + 1] = hi;
      return R.take();
    },
    f32x4_replace_lane(v: V, l: number, x: number): V {
      R.set(v).i32[l] = f32ToBitsWith(s, x);
      return R.take();
    },
    f64x2_replace_lane(v: V, l: number, x: number): V {
      R.set(v).f64[l] = x;
      return R.take();
    },
    /** i8x16.shuffle with its 16 lane indices. */
    i8x16_shuffle(x: V, y: V, lanes: Uint8Array): V {
      A.set(x);
      sc.b.set(y);
      for (let i = 0; i < 16; i++) {
        const l = lanes[i];
        R.u8[i] = l < 16 ? A.u8[l] : sc.b.u8[l - 16];
      }
      return R.take();
    },
    i8x16_swizzle(x: V, y: V): V {
      A.set(x);
      sc.b.set(y);
      for (let i = 0; i < 16; i++) {
        const l = sc.b.u8[i];
        R.u8[i] = l < 16 ? A.u8[l] : 0;
      }
      return R.take();
    },
    v128_not: (x: V): V => Int32Array.of(~x[0], ~x[1], ~x[2], ~x[3]),
    v128_and: (x: V, y: V): V => Int32Array.of(x[0] & y[0], x[1] & y[1], x[2] & y[2], x[3] & y[3]),
    v128_andnot: (x: V, y: V): V => Int32Array.of(x[0] & ~y[0], x[1] & ~y[1], x[2] & ~y[2], x[3] & ~y[3]),
    v128_or: (x: V, y: V): V => Int32Array.of(x[0] | y[0], x[1] | y[1], x[2] | y[2], x[3] | y[3]),
    v128_xor: (x: V, y: V): V => Int32Array.of(x[0] ^ y[0], x[1] ^ y[1], x[2] ^ y[2], x[3] ^ y[3]),
    v128_bitselect: (x: V, y: V, c: V): V =>
      Int32Array.of((x[0] & c[0]) | (y[0] & ~c[0]), (x[1] & c[1]) | (y[1] & ~c[1]), (x[2] & c[2]) | (y[2] & ~c[2]), (x[3] & c[3]) | (y[3] & ~c[3])),
    v128_any_true: (x: V): number => ((x[0] | x[1] | x[2] | x[3]) !== 0 ? 1 : 0),
  };
}
