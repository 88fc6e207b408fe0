/**
 * Canonical-ABI facts the validator needs: core signatures of lifted and lowered functions (using
 * the canonical ABI's flattening), whether a type needs linear memory, and the 64-bit `elem_size`
 * behind the value-size limit of Binary.md.
 */

import { flattenFuncType as abiFlattenFuncType, flattenTypes } from '../abi/flatten.js';
import type { ComponentFuncType, CoreFuncSig, ValueType } from '../types.js';

/** Most flat parameters passed directly; more are passed through memory. */
export const MAX_FLAT_PARAMS = 16;
/** Most flat results returned directly; more are returned through memory. */
export const MAX_FLAT_RESULTS = 1;

/** Does a value of this type need linear memory to cross the boundary (strings or lists)? */
export function needsMemory(t: ValueType): boolean {
  switch (t.kind) {
    case 'prim':
      return t.prim === 'string';
    case 'list':
      return true;
    case 'record':
      return t.fields.some((f) => needsMemory(f.type));
    case 'tuple':
      return t.types.some(needsMemory);
    case 'variant':
      return t.cases.some((c) => c.type !== null && needsMemory(c.type));
    case 'option':
      return needsMemory(t.type);
    case 'result':
      return (t.ok !== null && needsMemory(t.ok)) || (t.err !== null && needsMemory(t.err));
    default:
      return false;
  }
}

/**
 * The core signature of a function for `canon lift` (`'lift'`) or `canon lower` (`'lower'`), from
 * the canonical ABI's flattening, and whether parameters or results spill to memory.
 */
export function flattenFuncType(ft: ComponentFuncType, context: 'lift' | 'lower'): CoreFuncSig & { readonly paramsSpilled: boolean; readonly resultsSpilled: boolean } {
  const sig = abiFlattenFuncType({ params: ft.params, result: ft.result }, context);
  const paramsSpilled = flattenTypes(ft.params.map((p) => p.type)).length > MAX_FLAT_PARAMS;
  const resultsSpilled = ft.result !== null && flattenTypes([ft.result]).length > MAX_FLAT_RESULTS;
  return { params: sig.params, results: sig.results, paramsSpilled, resultsSpilled };
}

/** Values of a defined type must be smaller than this many bytes (Binary.md, type definitions). */
export const MAX_VALUE_BYTES = 2 ** 28;

function alignTo(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function discriminantSize(cases: number): number {
  return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
}

/** Memo of sizes and alignments by type node, so nested definitions are measured once each. */
export interface SizeMemo {
  readonly size: Map<ValueType, number>;
  readonly align: Map<ValueType, number>;
}

/** Creates an empty {@link SizeMemo}. */
export function newSizeMemo(): SizeMemo {
  return { size: new Map(), align: new Map() };
}

/** Alignment of a value type in linear memory with 64-bit pointers (CanonicalABI.md, `alignment`). */
export function align64(t: ValueType, memo: SizeMemo = newSizeMemo()): number {
  const hit = memo.align.get(t);
  if (hit !== undefined) return hit;
  const a = align64Of(t, memo);
  memo.align.set(t, a);
  return a;
}

function align64Of(t: ValueType, memo: SizeMemo): number {
  const align = (x: ValueType): number => align64(x, memo);
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
        case 's8':
        case 'u8':
          return 1;
        case 's16':
        case 'u16':
          return 2;
        case 's64':
        case 'u64':
        case 'f64':
        case 'string':
          return 8;
        default:
          return 4;
      }
    case 'list':
      return t.length === undefined ? 8 : align(t.elem);
    case 'record':
      return Math.max(1, ...t.fields.map((f) => align(f.type)));
    case 'tuple':
      return Math.max(1, ...t.types.map(align));
    case 'variant':
      return Math.max(discriminantSize(t.cases.length), ...t.cases.map((c) => (c.type === null ? 1 : align(c.type))));
    case 'option':
      return Math.max(1, align(t.type));
    case 'result':
      return Math.max(1, t.ok === null ? 1 : align(t.ok), t.err === null ? 1 : align(t.err));
    case 'enum':
      return discriminantSize(t.names.length);
    case 'flags':
      return t.names.length <= 8 ? 1 : t.names.length <= 16 ? 2 : 4;
    case 'own':
    case 'borrow':
      return 4;
  }
}

/** Size in bytes of a value of type `t` in linear memory with 64-bit pointers (`elem_size(t, 'i64')`). */
export function elemSize64(t: ValueType, memo: SizeMemo = newSizeMemo()): number {
  const hit = memo.size.get(t);
  if (hit !== undefined) return hit;
  const n = elemSize64Of(t, memo);
  memo.size.set(t, n);
  return n;
}

function elemSize64Of(t: ValueType, memo: SizeMemo): number {
  const align64m = (x: ValueType): number => align64(x, memo);
  const size = (x: ValueType): number => elemSize64(x, memo);
  switch (t.kind) {
    case 'prim':
      return t.prim === 'string' ? 16 : align64m(t);
    case 'list':
      return t.length === undefined ? 16 : t.length * size(t.elem);
    case 'record':
    case 'tuple': {
      const types = t.kind === 'record' ? t.fields.map((f) => f.type) : t.types;
      let s = 0;
      for (const x of types) s = alignTo(s, align64m(x)) + size(x);
      return alignTo(s, align64m(t));
    }
    case 'variant':
    case 'option':
    case 'result': {
      const cases = t.kind === 'variant' ? t.cases.map((c) => c.type) : t.kind === 'option' ? [null, t.type] : [t.ok, t.err];
      let s = discriminantSize(cases.length);
      const maxAlign = Math.max(1, ...cases.map((c) => (c === null ? 1 : align64m(c))));
      s = alignTo(s, maxAlign);
      s += Math.max(0, ...cases.map((c) => (c === null ? 0 : size(c))));
      return alignTo(s, align64m(t));
    }
    case 'enum':
      return discriminantSize(t.names.length);
    case 'flags':
      return t.names.length <= 8 ? 1 : t.names.length <= 16 ? 2 : 4;
    case 'own':
    case 'borrow':
      return 4;
  }
}
