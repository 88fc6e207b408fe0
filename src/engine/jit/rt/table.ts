/**
 * Table helpers of compiled code: table.get/set/size/grow/fill/copy/init and elem.drop, over the
 * interpreter's tables (a JS array of references per table), with the interpreter's traps.
 */

import type { InterpTable } from '../../interp/index.js';
import { trapTable } from './traps.js';

/** table.get. */
export function tableGet(t: InterpTable, i: number): unknown {
  i >>>= 0;
  const e = t.elements;
  if (i >= e.length) trapTable();
  return e[i];
}

/** table.set. */
export function tableSet(t: InterpTable, i: number, v: unknown): void {
  i >>>= 0;
  const e = t.elements;
  if (i >= e.length) trapTable();
  e[i] = v;
}

/** table.grow: the old size, or -1. */
export function tableGrow(t: InterpTable, init: unknown, n: number): number {
  return t.growElements(n >>> 0, init);
}

/** table.fill. */
export function tableFill(t: InterpTable, i: number, v: unknown, n: number): void {
  i >>>= 0;
  n >>>= 0;
  const e = t.elements;
  if (i + n > e.length) trapTable();
  e.fill(v, i, i + n);
}

/** table.copy. */
export function tableCopy(dt: InterpTable, st: InterpTable, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const de = dt.elements;
  const se = st.elements;
  if (s + n > se.length || d + n > de.length) trapTable();
  if (de === se) de.copyWithin(d, s, s + n);
  else for (let k = 0; k < n; k++) de[d + k] = se[s + k];
}

/** table.init from element segment `seg` (an index into the instance's `elems`). */
export function tableInit(t: InterpTable, elems: unknown[][], seg: number, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const src = elems[seg];
  const e = t.elements;
  if (s + n > src.length || d + n > e.length) trapTable();
  for (let k = 0; k < n; k++) e[d + k] = src[s + k];
}

/** elem.drop. */
export function elemDrop(elems: unknown[][], seg: number): void {
  elems[seg] = [];
}
