/**
 * Core signatures of lifted and lowered functions (CanonicalABI.md, "Flattening"): the validator
 * needs them to check `canon lift` core function types and to type the core functions `canon lower`
 * produces.
 */

import type { ComponentFuncType, CoreFuncSig, ValueType } from '../types.js';

/** A flattened core type. */
export type FlatType = 'i32' | 'i64' | 'f32' | 'f64';

/** Most flat parameters passed directly; more are passed through memory. */
export const MAX_FLAT_PARAMS = 16;
/** Most flat results returned directly; more are returned through memory. */
export const MAX_FLAT_RESULTS = 1;

/** Flattens one value type into core types. */
export function flattenType(t: ValueType): FlatType[] {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 's64':
        case 'u64':
          return ['i64'];
        case 'f32':
          return ['f32'];
        case 'f64':
          return ['f64'];
        case 'string':
          return ['i32', 'i32'];
        default:
          return ['i32'];
      }
    case 'list':
      if (t.length !== undefined) {
        const e = flattenType(t.elem);
        const out: FlatType[] = [];
        for (let i = 0; i < t.length; i++) out.push(...e);
        return out;
      }
      return ['i32', 'i32'];
    case 'record':
      return t.fields.flatMap((f) => flattenType(f.type));
    case 'tuple':
      return t.types.flatMap((x) => flattenType(x));
    case 'flags':
      return t.names.length === 0 ? [] : ['i32'];
    case 'enum':
    case 'own':
    case 'borrow':
      return ['i32'];
    case 'variant':
      return flattenVariant(t.cases.map((c) => c.type));
    case 'option':
      return flattenVariant([null, t.type]);
    case 'result':
      return flattenVariant([t.ok, t.err]);
  }
}

function join(a: FlatType, b: FlatType): FlatType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

function flattenVariant(cases: readonly (ValueType | null)[]): FlatType[] {
  const flat: FlatType[] = [];
  for (const c of cases) {
    if (c === null) continue;
    flattenType(c).forEach((ft, i) => {
      if (i < flat.length) flat[i] = join(flat[i]!, ft);
      else flat.push(ft);
    });
  }
  return ['i32', ...flat];
}

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

/** The core signature of a function for `canon lift` (`'lift'`) or `canon lower` (`'lower'`). */
export function flattenFuncType(ft: ComponentFuncType, context: 'lift' | 'lower'): CoreFuncSig & { readonly paramsSpilled: boolean; readonly resultsSpilled: boolean } {
  let params: FlatType[] = ft.params.flatMap((p) => flattenType(p.type));
  let results: FlatType[] = ft.result === null ? [] : flattenType(ft.result);
  const paramsSpilled = params.length > MAX_FLAT_PARAMS;
  const resultsSpilled = results.length > MAX_FLAT_RESULTS;
  if (paramsSpilled) params = ['i32'];
  if (resultsSpilled) {
    if (context === 'lift') results = ['i32'];
    else {
      params = [...params, 'i32'];
      results = [];
    }
  }
  return { params, results, paramsSpilled, resultsSpilled };
}

/** Values of a defined type must be smaller than this many bytes (Binary.md, type definitions). */
export const MAX_VALUE_BYTES = 2 ** 28;

function alignTo(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function discriminantSize(cases: number): number {
  return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
}

/** Alignment of a value type in linear memory with 64-bit pointers (CanonicalABI.md, `alignment`). */
export function align64(t: ValueType): number {
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
      return t.length === undefined ? 8 : align64(t.elem);
    case 'record':
      return Math.max(1, ...t.fields.map((f) => align64(f.type)));
    case 'tuple':
      return Math.max(1, ...t.types.map(align64));
    case 'variant':
      return Math.max(discriminantSize(t.cases.length), ...t.cases.map((c) => (c.type === null ? 1 : align64(c.type))));
    case 'option':
      return Math.max(1, align64(t.type));
    case 'result':
      return Math.max(1, t.ok === null ? 1 : align64(t.ok), t.err === null ? 1 : align64(t.err));
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
export function elemSize64(t: ValueType): number {
  switch (t.kind) {
    case 'prim':
      return t.prim === 'string' ? 16 : align64(t);
    case 'list':
      return t.length === undefined ? 16 : t.length * elemSize64(t.elem);
    case 'record':
    case 'tuple': {
      const types = t.kind === 'record' ? t.fields.map((f) => f.type) : t.types;
      let s = 0;
      for (const x of types) s = alignTo(s, align64(x)) + elemSize64(x);
      return alignTo(s, align64(t));
    }
    case 'variant':
    case 'option':
    case 'result': {
      const cases = t.kind === 'variant' ? t.cases.map((c) => c.type) : t.kind === 'option' ? [null, t.type] : [t.ok, t.err];
      let s = discriminantSize(cases.length);
      const maxAlign = Math.max(1, ...cases.map((c) => (c === null ? 1 : align64(c))));
      s = alignTo(s, maxAlign);
      s += Math.max(0, ...cases.map((c) => (c === null ? 0 : elemSize64(c))));
      return alignTo(s, align64(t));
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
