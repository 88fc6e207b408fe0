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
