/**
 * The module AST: what the decoder produces from bytes, the text front end produces from `.wat`,
 * the encoder turns back into bytes, and the validator checks.
 *
 * Function bodies and constant expressions are kept as their encoded instruction bytes: every
 * consumer (validator, interpreter translator, JIT) walks them with a {@link CodeReader} in one pass,
 * which avoids materialising millions of instruction objects for large modules.
 */

import type { FuncType, GlobalType, MemoryType, RefType, TableType, ValType } from '../api/types.js';

/** What an import provides. `func` refers to a type index. */
export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIdx: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType };

/** One import. */
export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

/** One export: `index` is in the index space of `kind` (imports first). */
export interface Export {
  readonly name: string;
  readonly kind: 'func' | 'table' | 'memory' | 'global';
  readonly index: number;
}

/** A run of locals of one type, as encoded. */
export interface LocalGroup {
  readonly count: number;
  readonly type: ValType;
}

/**
 * Encoded instruction bytes: `bytes[start, end)` of `bytes`, ending with the `end` opcode.
 * `start` is also the absolute offset used in error messages when `bytes` is the whole module.
 */
export interface Code {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** A function defined by the module. */
export interface FuncDef {
  readonly typeIdx: number;
  readonly locals: readonly LocalGroup[];
  /** The body expression (after the locals), ending with `end`. */
  readonly body: Code;
}

/** A defined global. */
export interface GlobalDef {
  readonly type: GlobalType;
  readonly init: Code;
}

/** An element segment. `init` holds one constant expression per element. */
export interface ElemSegment {
  readonly mode: 'active' | 'passive' | 'declarative';
  readonly elemType: RefType;
  /** Active only: target table. */
  readonly table: number;
  /** Active only: offset expression. */
  readonly offset: Code | null;
  readonly init: readonly Code[];
}

/** A data segment. */
export interface DataSegment {
  readonly mode: 'active' | 'passive';
  /** Active only: target memory. */
  readonly memory: number;
  /** Active only: offset expression. */
  readonly offset: Code | null;
  readonly bytes: Uint8Array;
}

/** A custom section, kept verbatim. */
export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Absolute byte offset of the section's contents. */
  readonly offset: number;
}

/** Names from the `name` custom section (all optional). */
export interface NameSection {
  module?: string;
  /** Function index (imports included) -> name. */
  readonly funcs: Map<number, string>;
  /** Function index -> (local index -> name). */
  readonly locals: Map<number, Map<number, string>>;
}

/** A decoded (not yet validated) core module. */
export interface Module {
  readonly types: FuncType[];
  readonly imports: Import[];
  readonly funcs: FuncDef[];
  readonly tables: TableType[];
  readonly memories: MemoryType[];
  readonly globals: GlobalDef[];
  readonly exports: Export[];
  start: number | null;
  readonly elems: ElemSegment[];
  readonly datas: DataSegment[];
  /** The data count section's value, or null when absent. */
  dataCount: number | null;
  readonly customs: CustomSection[];
  names: NameSection | null;
}

/** An empty module, to be filled in by a decoder or text parser. */
export function emptyModule(): Module {
  return {
    types: [],
    imports: [],
    funcs: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    start: null,
    elems: [],
    datas: [],
    dataCount: null,
    customs: [],
    names: null,
  };
}

/** Binary encodings of value types. */
export const VALTYPE_CODES: Readonly<Record<ValType, number>> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
};

/** Value type by binary encoding. */
export const VALTYPE_BY_CODE: ReadonlyMap<number, ValType> = new Map(
  (Object.entries(VALTYPE_CODES) as [ValType, number][]).map(([t, c]) => [c, t]),
);

/**
 * A block type as the code reader returns it: a type index (>= 0), {@link BLOCK_EMPTY}, or the
 * negated... see {@link blockTypeOf}.
 */
export type BlockType = number;
/** Block type of a block with no params and no results (encoded 0x40). */
export const BLOCK_EMPTY = -0x40;

/**
 * Interprets a block type: `bt >= 0` is a type index, {@link BLOCK_EMPTY} means `[] -> []`, and
 * other negative values are `-(256 - code)` for a single result value type (the s33 reading of
 * its byte), e.g. i32 (0x7f) is -1.
 */
export function blockTypeOf(types: readonly FuncType[], bt: BlockType): FuncType | undefined {
  if (bt >= 0) return types[bt];
  if (bt === BLOCK_EMPTY) return EMPTY_FUNC_TYPE;
  const t = VALTYPE_BY_CODE.get(bt + 128);
  return t ? SINGLE_RESULT[t] : undefined;
}

const EMPTY_FUNC_TYPE: FuncType = { params: [], results: [] };
const SINGLE_RESULT: Readonly<Record<ValType, FuncType>> = {
  i32: { params: [], results: ['i32'] },
  i64: { params: [], results: ['i64'] },
  f32: { params: [], results: ['f32'] },
  f64: { params: [], results: ['f64'] },
  v128: { params: [], results: ['v128'] },
  funcref: { params: [], results: ['funcref'] },
  externref: { params: [], results: ['externref'] },
};

/** Number of imported entities of a kind. */
export function importCount(m: Module, kind: ImportDesc['kind']): number {
  let n = 0;
  for (const imp of m.imports) if (imp.desc.kind === kind) n++;
  return n;
}

/** The type of function `idx` (imports first), or undefined when out of range. */
export function funcTypeAt(m: Module, idx: number): FuncType | undefined {
  let i = 0;
  for (const imp of m.imports) {
    if (imp.desc.kind !== 'func') continue;
    if (i === idx) return m.types[imp.desc.typeIdx];
    i++;
  }
  const def = m.funcs[idx - i];
  return def ? m.types[def.typeIdx] : undefined;
}
