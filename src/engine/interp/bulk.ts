/**
 * The table and bulk-memory instructions as functions of their operands (indices already read as
 * unsigned 32-bit numbers by the callers that need it): shared by the interpreter's executor and
 * the JIT's compiled code, with the spec's bounds checks and traps.
 */

import { Trap, TrapCode } from '../../api/errors.js';
import type { InterpMemory } from './memory.js';
import type { InterpTable } from './table.js';

/** `table.get` of element `i` (an i32, read unsigned). */
export function tableGet(t: InterpTable, i: number): unknown {
  i >>>= 0;
  const e = t.elements;
  if (i >= e.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
  return e[i];
}

/** `table.set` of element `i` to `v`. */
export function tableSet(t: InterpTable, i: number, v: unknown): void {
  i >>>= 0;
  const e = t.elements;
  if (i >= e.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
  e[i] = v;
}

/** `table.grow` by `n` elements set to `init`: the old size, or -1. */
export function tableGrow(t: InterpTable, init: unknown, n: number): number {
  return t.growElements(n >>> 0, init);
}

/** `table.fill` of `n` elements from `i` with `v`. */
export function tableFill(t: InterpTable, i: number, v: unknown, n: number): void {
  i >>>= 0;
  n >>>= 0;
  const e = t.elements;
  if (i + n > e.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
  e.fill(v, i, i + n);
}

/** `table.copy` of `n` elements from `s` in `st` to `d` in `dt` (overlapping ranges allowed). */
export function tableCopy(dt: InterpTable, st: InterpTable, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const de = dt.elements;
  const se = st.elements;
  if (s + n > se.length || d + n > de.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
  if (de === se) de.copyWithin(d, s, s + n);
  else for (let k = 0; k < n; k++) de[d + k] = se[s + k];
}

/** `table.init` of `n` elements from `s` of element segment `seg` (its current items) to `d`. */
export function tableInit(t: InterpTable, seg: readonly unknown[], d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const e = t.elements;
  if (s + n > seg.length || d + n > e.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
  for (let k = 0; k < n; k++) e[d + k] = seg[s + k];
}

/** `memory.init` of `n` bytes from `s` of data segment `data` (its current bytes) to `d`. */
export function memoryInit(m: InterpMemory, data: Uint8Array, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  if (s + n > data.length || d + n > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
  m.u8.set(data.subarray(s, s + n), d);
}

/** `memory.copy` of `n` bytes from `s` to `d` (overlapping ranges allowed). */
export function memoryCopy(m: InterpMemory, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  if (s + n > m.byteLength || d + n > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
  m.u8.copyWithin(d, s, s + n);
}

/** `memory.fill` of `n` bytes from `d` with the low byte of `v`. */
export function memoryFill(m: InterpMemory, d: number, v: number, n: number): void {
  d >>>= 0;
  n >>>= 0;
  if (d + n > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
  m.u8.fill(v & 0xff, d, d + n);
}

/** `data.drop` of segment `seg` of `datas` (an instance's data segments). */
export function dataDrop(datas: Uint8Array[], seg: number): void {
  datas[seg] = EMPTY_BYTES;
}

/** `elem.drop` of segment `seg` of `elems` (an instance's element segments). */
export function elemDrop(elems: unknown[][], seg: number): void {
  elems[seg] = [];
}

const EMPTY_BYTES = new Uint8Array(0);
