/** The memory access instructions the fuzzer generates, with the number of bytes each one touches. */

import type { ValType } from '../api/types.js';
import { Op } from '../wasm/opcodes.js';

/** A load or store: its opcode, the value type it moves and the bytes it accesses. */
export interface MemoryAccessOp {
  readonly code: number;
  readonly type: ValType;
  readonly bytes: number;
}

/** Scalar loads, by result type. */
export const SCALAR_LOADS: readonly MemoryAccessOp[] = [
  { code: Op.i32_load, type: 'i32', bytes: 4 },
  { code: Op.i32_load8_s, type: 'i32', bytes: 1 },
  { code: Op.i32_load8_u, type: 'i32', bytes: 1 },
  { code: Op.i32_load16_s, type: 'i32', bytes: 2 },
  { code: Op.i32_load16_u, type: 'i32', bytes: 2 },
  { code: Op.i64_load, type: 'i64', bytes: 8 },
  { code: Op.i64_load8_s, type: 'i64', bytes: 1 },
  { code: Op.i64_load8_u, type: 'i64', bytes: 1 },
  { code: Op.i64_load16_s, type: 'i64', bytes: 2 },
  { code: Op.i64_load16_u, type: 'i64', bytes: 2 },
  { code: Op.i64_load32_s, type: 'i64', bytes: 4 },
  { code: Op.i64_load32_u, type: 'i64', bytes: 4 },
  { code: Op.f32_load, type: 'f32', bytes: 4 },
  { code: Op.f64_load, type: 'f64', bytes: 8 },
];

/** Scalar stores, by stored value type. */
export const SCALAR_STORES: readonly MemoryAccessOp[] = [
  { code: Op.i32_store, type: 'i32', bytes: 4 },
  { code: Op.i32_store8, type: 'i32', bytes: 1 },
  { code: Op.i32_store16, type: 'i32', bytes: 2 },
  { code: Op.i64_store, type: 'i64', bytes: 8 },
  { code: Op.i64_store8, type: 'i64', bytes: 1 },
  { code: Op.i64_store16, type: 'i64', bytes: 2 },
  { code: Op.i64_store32, type: 'i64', bytes: 4 },
  { code: Op.f32_store, type: 'f32', bytes: 4 },
  { code: Op.f64_store, type: 'f64', bytes: 8 },
];

/** SIMD loads producing a v128 (full, extending, splatting and zero-filling forms). */
export const VECTOR_LOADS: readonly MemoryAccessOp[] = [
  { code: Op.v128_load, type: 'v128', bytes: 16 },
  { code: Op.v128_load8x8_s, type: 'v128', bytes: 8 },
  { code: Op.v128_load8x8_u, type: 'v128', bytes: 8 },
  { code: Op.v128_load16x4_s, type: 'v128', bytes: 8 },
  { code: Op.v128_load16x4_u, type: 'v128', bytes: 8 },
  { code: Op.v128_load32x2_s, type: 'v128', bytes: 8 },
  { code: Op.v128_load32x2_u, type: 'v128', bytes: 8 },
  { code: Op.v128_load8_splat, type: 'v128', bytes: 1 },
  { code: Op.v128_load16_splat, type: 'v128', bytes: 2 },
  { code: Op.v128_load32_splat, type: 'v128', bytes: 4 },
  { code: Op.v128_load64_splat, type: 'v128', bytes: 8 },
  { code: Op.v128_load32_zero, type: 'v128', bytes: 4 },
  { code: Op.v128_load64_zero, type: 'v128', bytes: 8 },
];

/** SIMD lane loads (`iv:v`): bytes accessed and lane count. */
export const VECTOR_LANE_LOADS: readonly (MemoryAccessOp & { readonly lanes: number })[] = [
  { code: Op.v128_load8_lane, type: 'v128', bytes: 1, lanes: 16 },
  { code: Op.v128_load16_lane, type: 'v128', bytes: 2, lanes: 8 },
  { code: Op.v128_load32_lane, type: 'v128', bytes: 4, lanes: 4 },
  { code: Op.v128_load64_lane, type: 'v128', bytes: 8, lanes: 2 },
];

/** SIMD lane stores (`iv:`). */
export const VECTOR_LANE_STORES: readonly (MemoryAccessOp & { readonly lanes: number })[] = [
  { code: Op.v128_store8_lane, type: 'v128', bytes: 1, lanes: 16 },
  { code: Op.v128_store16_lane, type: 'v128', bytes: 2, lanes: 8 },
  { code: Op.v128_store32_lane, type: 'v128', bytes: 4, lanes: 4 },
  { code: Op.v128_store64_lane, type: 'v128', bytes: 8, lanes: 2 },
];

/** `v128.store`. */
export const VECTOR_STORE: MemoryAccessOp = { code: Op.v128_store, type: 'v128', bytes: 16 };

const BYTES_BY_CODE: ReadonlyMap<number, number> = new Map(
  [...SCALAR_LOADS, ...SCALAR_STORES, ...VECTOR_LOADS, ...VECTOR_LANE_LOADS, ...VECTOR_LANE_STORES, VECTOR_STORE].map(
    (o) => [o.code, o.bytes],
  ),
);

/** The largest valid alignment exponent (log2 of the natural alignment) of a memory instruction. */
export function maxAlignLog2(code: number): number {
  const bytes = BYTES_BY_CODE.get(code);
  if (bytes === undefined) throw new RangeError(`not a memory access opcode: ${code}`);
  return Math.log2(bytes);
}
