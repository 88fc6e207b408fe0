/**
 * Core WebAssembly type model shared by every layer of kpio.
 *
 * These are plain data types (no behaviour) so that the decoder, validator,
 * engines, WASI and the component layer can all speak the same language.
 */

/** A numeric value type. */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
/** The 128-bit vector type of fixed-width SIMD. */
export type VecType = 'v128';
/** A reference type of Wasm 2.0. */
export type RefType = 'funcref' | 'externref';
/** Any Wasm 2.0 value type. */
export type ValType = NumType | VecType | RefType;

/** A function signature. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Size limits of a memory (in 64 KiB pages) or a table (in elements). */
export interface Limits {
  readonly min: number;
  /** Upper bound, or `undefined` when unbounded. */
  readonly max?: number | undefined;
}

/** The type of a linear memory. */
export interface MemoryType {
  readonly limits: Limits;
  /** Threads proposal: always false in Wasm 2.0 modules (kept so decoders can report it). */
  readonly shared?: boolean;
}

/** The type of a table. */
export interface TableType {
  readonly elemType: RefType;
  readonly limits: Limits;
}

/** The type of a global. */
export interface GlobalType {
  readonly valType: ValType;
  readonly mutable: boolean;
}

/** The kinds of things a module can import or export. */
export type ExternKind = 'func' | 'table' | 'memory' | 'global';

/** The type of an importable/exportable entity. */
export type ExternType =
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType };

/** Bytes in one page of linear memory. */
export const PAGE_SIZE = 65536;
/** Largest number of pages a 32-bit memory may have. */
export const MAX_PAGES = 65536;

/** Renders a function type the way the text format writes it, e.g. `(param i32) (result i64)`. */
export function formatFuncType(t: FuncType): string {
  const p = t.params.length ? `(param ${t.params.join(' ')})` : '';
  const r = t.results.length ? `(result ${t.results.join(' ')})` : '';
  return [p, r].filter(Boolean).join(' ') || '(func)';
}

/** Structural equality of function types. */
export function funcTypesEqual(a: FuncType, b: FuncType): boolean {
  if (a === b) return true;
  if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  for (let i = 0; i < a.results.length; i++) if (a.results[i] !== b.results[i]) return false;
  return true;
}

/** True for the reference types. */
export function isRefType(t: ValType): t is RefType {
  return t === 'funcref' || t === 'externref';
}
