/**
 * Canonical options (`canonopt`): the memory, allocator, post-return function and string
 * encoding a `canon lift` or `canon lower` uses, plus the component instance it belongs to; and
 * their validation against a function type (CanonicalABI.md "canonopt Validation").
 */

import { LinkError } from '../../api/errors.js';
import { formatFuncType, funcTypesEqual, type FuncType } from '../../api/types.js';
import type { WasmFunc, WasmMemory } from '../../api/values.js';
import type { ComponentFuncType, ValueType } from '../types.js';
import { flattenFuncType, flattenTypes, paramTypes, resultTypes, type FlattenContext } from './flatten.js';
import type { ComponentInstanceState } from './instance-state.js';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './limits.js';

/** How strings are encoded in a guest's memory. */
export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';

/** The string encodings, for iteration and validation. */
export const STRING_ENCODINGS: readonly StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];

/** The canonical options of one `canon lift` or `canon lower`, resolved to runtime objects. */
export interface CanonOptions {
  /** The component instance the `canon` definition belongs to (its handle table and flags). */
  readonly instance: ComponentInstanceState;
  /** The memory strings, lists and spilled values live in. */
  readonly memory?: WasmMemory | undefined;
  /** `(func (param i32 i32 i32 i32) (result i32))`: (old ptr, old size, alignment, new size) -> ptr. */
  readonly realloc?: WasmFunc | undefined;
  /** `canon lift` only: called with the core results after they have been lifted, to free them. */
  readonly postReturn?: WasmFunc | undefined;
  /** How strings are encoded in `memory` (default `utf8`). */
  readonly stringEncoding?: StringEncoding | undefined;
}

const REALLOC_TYPE: FuncType = { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] };

/** True when `t` contains a `string` or a variable-length `list` (values that live in memory). */
export function needsMemory(t: ValueType): boolean {
  switch (t.kind) {
    case 'prim':
      return t.prim === 'string';
    case 'list':
      return t.length === undefined || needsMemory(t.elem);
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
 * Checks `options` for a `canon lift` (`context = 'lift'`) or `canon lower` of `ft` and, when given,
 * the type of the core function (`core`: the lifted callee). Throws a {@link LinkError} naming the
 * missing or mismatched option.
 *
 * - `realloc` requires `memory`; `post-return` is only allowed on `canon lift`.
 * - Values the guest receives (params of a lift, the result of a lower) that contain strings or
 *   lists need `realloc`; values the guest hands over (result of a lift, params of a lower) need `memory`.
 * - Spilled params need `realloc` on a lift and `memory` on a lower; spilled results need `memory`.
 */
export function checkCanonOptions(ft: ComponentFuncType, options: CanonOptions, context: FlattenContext, core?: WasmFunc): void {
  const where = `canon ${context}`;
  const enc = options.stringEncoding ?? 'utf8';
  if (enc !== 'utf8' && enc !== 'utf16' && enc !== 'latin1+utf16') {
    throw new LinkError(`${where}: unknown string encoding ${JSON.stringify(enc)}`);
  }
  if (options.realloc !== undefined && options.memory === undefined) {
    throw new LinkError(`${where}: the \`realloc\` option requires the \`memory\` option`);
  }
  if (options.postReturn !== undefined && context === 'lower') {
    throw new LinkError('canon lower: the `post-return` option is only allowed on canon lift');
  }
  const params = paramTypes(ft);
  const results = resultTypes(ft);
  const incoming = context === 'lift' ? params : results;
  const outgoing = context === 'lift' ? results : params;
  if (incoming.some(needsMemory) && options.realloc === undefined) {
    throw new LinkError(`${where}: the \`realloc\` option is required to pass strings or lists into the guest`);
  }
  if (outgoing.some(needsMemory) && options.memory === undefined) {
    throw new LinkError(`${where}: the \`memory\` option is required to pass strings or lists out of the guest`);
  }
  if (flattenTypes(params).length > MAX_FLAT_PARAMS) {
    if (context === 'lift' && options.realloc === undefined) {
      throw new LinkError(`${where}: the \`realloc\` option is required for more than ${MAX_FLAT_PARAMS} flat parameters`);
    }
    if (options.memory === undefined) {
      throw new LinkError(`${where}: the \`memory\` option is required for more than ${MAX_FLAT_PARAMS} flat parameters`);
    }
  }
  if (flattenTypes(results).length > MAX_FLAT_RESULTS && options.memory === undefined) {
    throw new LinkError(`${where}: the \`memory\` option is required for more than ${MAX_FLAT_RESULTS} flat result`);
  }
  if (options.realloc !== undefined && !funcTypesEqual(options.realloc.type, REALLOC_TYPE)) {
    throw new LinkError(`${where}: \`realloc\` has type ${formatFuncType(options.realloc.type)}, expected ${formatFuncType(REALLOC_TYPE)}`);
  }
  const flat = flattenFuncType(ft, context);
  if (options.postReturn !== undefined) {
    const want: FuncType = { params: flat.results, results: [] };
    if (!funcTypesEqual(options.postReturn.type, want)) {
      throw new LinkError(`${where}: \`post-return\` has type ${formatFuncType(options.postReturn.type)}, expected ${formatFuncType(want)}`);
    }
  }
  if (core !== undefined && !funcTypesEqual(core.type, flat)) {
    throw new LinkError(`${where}: the core function has type ${formatFuncType(core.type)}, expected ${formatFuncType(flat)}`);
  }
}
