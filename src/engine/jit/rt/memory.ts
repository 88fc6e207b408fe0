/**
 * Memory helpers of compiled code: the slow paths of loads and stores (unaligned or out of
 * bounds; the aligned in-bounds case is inlined as a typed-array access), and the bulk memory
 * instructions. Effective addresses are non-negative numbers (`(addr >>> 0) + offset`, possibly
 * above 2^32); every bounds check compares them with the memory's `lN` bounds.
 */

import type { JitMemory } from '../memory.js';
import { f32FromBitsWith, f32ToBitsWith } from './float.js';
import type { Scratch } from './scratch.js';
import { trapMemory } from './traps.js';

const EMPTY = new Uint8Array(0);

/** An out-of-bounds access (for the inlined byte accesses). */
export function oob(): never {
  return trapMemory();
}

/** i32.load8_s slow path. */
export function ld8s(m: JitMemory, ea: number): number {
  if (ea > m.l1) trapMemory();
  return m.view.getInt8(ea);
}

/** i32.load8_u slow path. */
export function ld8u(m: JitMemory, ea: number): number {
  if (ea > m.l1) trapMemory();
  return m.view.getUint8(ea);
}

/** i32.store8 slow path. */
export function st8(m: JitMemory, ea: number, v: number): void {
  if (ea > m.l1) trapMemory();
  m.view.setInt8(ea, v);
}

/** i32.load16_s slow path. */
export function ld16s(m: JitMemory, ea: number): number {
  if (ea > m.l2) trapMemory();
  return m.view.getInt16(ea, true);
}

/** i32.load16_u slow path. */
export function ld16u(m: JitMemory, ea: number): number {
  if (ea > m.l2) trapMemory();
  return m.view.getUint16(ea, true);
}

/** i32.load slow path. */
export function ld32(m: JitMemory, ea: number): number {
  if (ea > m.l4) trapMemory();
  return m.view.getInt32(ea, true);
}

/** f64.load slow path. */
export function ldf64(m: JitMemory, ea: number): number {
  if (ea > m.l8) trapMemory();
  return m.view.getFloat64(ea, true);
}

/** i32.store16 slow path. */
export function st16(m: JitMemory, ea: number, v: number): void {
  if (ea > m.l2) trapMemory();
  m.view.setInt16(ea, v, true);
}

/** i32.store slow path. */
export function st32(m: JitMemory, ea: number, v: number): void {
  if (ea > m.l4) trapMemory();
  m.view.setInt32(ea, v, true);
}

/** i64.store slow path. */
export function st64(m: JitMemory, ea: number, lo: number, hi: number): void {
  if (ea > m.l8) trapMemory();
  m.view.setInt32(ea, lo, true);
  m.view.setInt32(ea + 4, hi, true);
}

/** f64.store slow path. */
export function stf64(m: JitMemory, ea: number, v: number): void {
  if (ea > m.l8) trapMemory();
  m.view.setFloat64(ea, v, true);
}

/** memory.copy. */
export function memoryCopy(m: JitMemory, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  if (s + n > m.byteLength || d + n > m.byteLength) trapMemory();
  m.u8.copyWithin(d, s, s + n);
}

/** memory.fill. */
export function memoryFill(m: JitMemory, d: number, v: number, n: number): void {
  d >>>= 0;
  n >>>= 0;
  if (d + n > m.byteLength) trapMemory();
  m.u8.fill(v & 0xff, d, d + n);
}

/** memory.init from data segment `seg` (an index into the instance's `datas`). */
export function memoryInit(m: JitMemory, datas: Uint8Array[], seg: number, d: number, s: number, n: number): void {
  const data = datas[seg];
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  if (s + n > data.length || d + n > m.byteLength) trapMemory();
  m.u8.set(data.subarray(s, s + n), d);
}

/** data.drop. */
export function dataDrop(datas: Uint8Array[], seg: number): void {
  datas[seg] = EMPTY;
}

/** The memory helpers that need scratch space (64-bit and f32 slow paths). */
export function memoryHelpers(s: Scratch) {
  const ret = s.ret;
  return {
    /** i64.load slow path: returns the low word, the high word in `ret[0]`. */
    ld64(m: JitMemory, ea: number): number {
      if (ea > m.l8) trapMemory();
      ret[0] = m.view.getInt32(ea + 4, true);
      return m.view.getInt32(ea, true);
    },
    /** f32.load slow path (and the exact value of a NaN that the fast path read). */
    ldf32(m: JitMemory, ea: number): number {
      if (ea > m.l4) trapMemory();
      return f32FromBitsWith(s, m.view.getInt32(ea, true));
    },
    /** f32.store slow path (unaligned, out of bounds, or a NaN whose bits must be kept). */
    stf32(m: JitMemory, ea: number, v: number): void {
      if (ea > m.l4) trapMemory();
      m.view.setInt32(ea, f32ToBitsWith(s, v), true);
    },
  };
}
