/**
 * Flattening (CanonicalABI.md "Flattening"): how component values map to sequences of core
 * values, and how a component function type maps to the core function type of its `canon lift`
 * callee or `canon lower` import, including the spill-to-memory rules.
 */

import type { FuncType } from '../../api/types.js';
import type { ComponentFuncType, ValueType } from '../types.js';
import { invalidType } from './abi-errors.js';
import { caseCount, casePayloadTypes, discriminantSize, fieldTypes, flagsWordCount } from './layout.js';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './limits.js';

/** A core value type a component value flattens to. */
export type FlatType = 'i32' | 'i64' | 'f32' | 'f64';

/** Whether a function type is flattened for `canon lift` (core callee) or `canon lower` (core import). */
export type FlattenContext = 'lift' | 'lower';

/**
 * The core type that holds both `a` and `b` in one flat slot of a variant: equal types stay,
 * i32 and f32 share an i32, anything else widens to i64.
 */
export function join(a: FlatType, b: FlatType): FlatType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

/** The core value types a value of type `t` flattens to, in order. */
export function flattenType(t: ValueType): FlatType[] {
  const out: FlatType[] = [];
  pushFlat(t, out);
  return out;
}

/** The concatenated flattening of `ts`. */
export function flattenTypes(ts: readonly ValueType[]): FlatType[] {
  const out: FlatType[] = [];
  for (const t of ts) pushFlat(t, out);
  return out;
}

/** The flat types of the payload slots of a variant-like type, joined across cases (no discriminant). */
export function flattenVariantPayload(t: ValueType): FlatType[] {
  const flat: FlatType[] = [];
  // Note: an enum has no payloads (and WASI's error-code enums have dozens of cases).
  if (t.kind === 'enum') return flat;
  for (const c of casePayloadTypes(t)) {
    if (c === null) continue;
    const ft = flattenType(c);
    for (let i = 0; i < ft.length; i++) {
      flat[i] = i < flat.length ? join(flat[i]!, ft[i]!) : ft[i]!;
    }
  }
  return flat;
}

function pushFlat(t: ValueType, out: FlatType[]): void {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 's64':
        case 'u64':
          out.push('i64');
          return;
        case 'f32':
          out.push('f32');
          return;
        case 'f64':
          out.push('f64');
          return;
        case 'string':
          out.push('i32', 'i32');
          return;
        default:
          out.push('i32');
          return;
      }
    case 'list':
      if (t.length !== undefined) {
        const e = flattenType(t.elem);
        for (let i = 0; i < t.length; i++) out.push(...e);
      } else out.push('i32', 'i32');
      return;
    case 'record':
    case 'tuple': {
      const fs = fieldTypes(t);
      if (fs.length === 0) throw invalidType(`a ${t.kind} needs at least one field`);
      for (const f of fs) pushFlat(f, out);
      return;
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result':
      // Note: the discriminant is always a single i32, whatever its size in memory.
      discriminantSize(caseCount(t));
      out.push('i32', ...flattenVariantPayload(t));
      return;
    case 'flags':
      for (let i = flagsWordCount(t.names.length); i > 0; i--) out.push('i32');
      return;
    case 'own':
    case 'borrow':
      out.push('i32');
      return;
  }
  throw invalidType(`unknown value type ${JSON.stringify((t as { kind?: unknown }).kind)}`);
}

/** The parameter types of a component function type, in order. */
export function paramTypes(ft: ComponentFuncType): ValueType[] {
  return ft.params.map((p) => p.type);
}

/** The result types of a component function type: none or one. */
export function resultTypes(ft: ComponentFuncType): ValueType[] {
  return ft.result === null ? [] : [ft.result];
}

/**
 * The core function type of a synchronous component function type (`flatten_functype`).
 *
 * - More than {@link MAX_FLAT_PARAMS} flat params become one i32 pointer to a tuple of them (in
 *   the callee's memory, allocated by its `realloc`, when lifting; in the caller's memory when
 *   lowering).
 * - More than {@link MAX_FLAT_RESULTS} flat results become: for `lift`, one i32 result pointing at
 *   the tuple the callee wrote; for `lower`, an extra trailing i32 parameter pointing at a buffer
 *   the caller provides, and no results.
 */
export function flattenFuncType(ft: ComponentFuncType, context: FlattenContext): FuncType {
  if (ft.async) throw invalidType('async function types (Preview 3) are not supported by the synchronous canonical ABI');
  let params: FlatType[] = flattenTypes(paramTypes(ft));
  let results: FlatType[] = flattenTypes(resultTypes(ft));
  if (params.length > MAX_FLAT_PARAMS) params = ['i32'];
  if (results.length > MAX_FLAT_RESULTS) {
    if (context === 'lift') results = ['i32'];
    else {
      params = [...params, 'i32'];
      results = [];
    }
  }
  return { params, results };
}
