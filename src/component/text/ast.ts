/**
 * The syntax tree of the component text format (Explainer.md's text syntax in the dialect of
 * wasm-tools). The parser builds it with every abbreviation still in place; `expand.ts` rewrites
 * the abbreviations into plain definitions, `resolve.ts` turns every `$name` into an index
 * (adding the aliases that export-name references and outer names stand for), and `encode.ts`
 * writes the binary. The nodes are mutable because those passes rewrite them in place.
 */

import type { Sort } from '../binary/ast.js';
import type { PrimValType } from '../types.js';

/** A reference in the text: a number or a `$name`; `at` is its token (for error positions). */
export type Idx = { kind: 'num'; value: number; at: number } | { kind: 'id'; name: string; at: number };

/**
 * A reference to a component-level item (or a core module) that may go through instance
 * exports: `(func $i "a" "b")` is export `b` of export `a` of instance `$i`.
 */
export interface ItemRef {
  sort: Sort;
  idx: Idx;
  exports: string[];
}

/** A reference to a core item that may be the export of a core instance: `(core func $m "f")`. */
export interface CoreItemRef {
  sort: Sort;
  idx: Idx;
  export: string | null;
}

/** An import or export name with its optional attributes. */
export interface ExternName {
  name: string;
  implements?: string;
  versionSuffix?: string;
  externalId?: string;
  /** Token of the name string. */
  at: number;
}

/** A value type as written: a primitive, a reference to a type, or an inline definition. */
export type ValType = { kind: 'prim'; prim: PrimValType | 'error-context' } | { kind: 'ref'; idx: Idx } | { kind: 'inline'; def: DefinedType };

/** A defined value type (`deftype` of the value kind). */
export type DefinedType =
  | { kind: 'prim'; prim: PrimValType | 'error-context' }
  | { kind: 'record'; fields: { name: string; type: ValType }[] }
  | { kind: 'variant'; cases: { name: string; type: ValType | null }[] }
  | { kind: 'list'; elem: ValType; length: number | null }
  | { kind: 'map'; key: ValType; value: ValType }
  | { kind: 'tuple'; types: ValType[] }
  | { kind: 'flags'; names: string[] }
  | { kind: 'enum'; names: string[] }
  | { kind: 'option'; type: ValType }
  | { kind: 'result'; ok: ValType | null; err: ValType | null }
  | { kind: 'own'; idx: Idx }
  | { kind: 'borrow'; idx: Idx }
  | { kind: 'stream'; elem: ValType | null }
  | { kind: 'future'; elem: ValType | null };

/** A component function type. */
export interface FuncType {
  async: boolean;
  params: { name: string; type: ValType }[];
  result: ValType | null;
}

/** Either a reference to a type definition or the type written inline. */
export type TypeUse<T> = { kind: 'ref'; ref: ItemRef } | { kind: 'inline'; type: T };

/** Either a reference to a core type or the core type written inline. */
export type CoreTypeUse<T> = { kind: 'ref'; ref: CoreItemRef } | { kind: 'inline'; type: T };

/** A core value type, as its binary encoding (one byte, or `0x63`/`0x64` and a heap type). */
export type CoreValType =
  | { kind: 'num'; code: number }
  | { kind: 'ref'; nullable: boolean; heap: { kind: 'abstract'; code: number } | { kind: 'concrete'; idx: Idx } };

/** Core limits (`min max?`, with the 64-bit and shared flags). */
export interface CoreLimits {
  min: bigint;
  max: bigint | null;
  is64: boolean;
  shared: boolean;
}

/** A core function signature. */
export interface CoreFuncSig {
  params: CoreValType[];
  results: CoreValType[];
}

/** The type of an imported or exported core item inside a module type. */
export type CoreItemSig =
  | { kind: 'func'; type: CoreFuncUse }
  | { kind: 'tag'; type: CoreFuncUse }
  | { kind: 'memory'; limits: CoreLimits }
  | { kind: 'table'; elem: CoreValType; limits: CoreLimits }
  | { kind: 'global'; type: CoreValType; mutable: boolean };

/** The function type of a core import/export: `(type $t)`, inline params/results, or both. */
export interface CoreFuncUse {
  index: Idx | null;
  inline: CoreFuncSig | null;
}

/** A declarator of a core module type. */
export type ModuleTypeDecl =
  | { kind: 'type'; id: string | null; sig: CoreFuncSig; at: number }
  | { kind: 'alias'; alias: Alias }
  | { kind: 'import'; module: string; name: string; sig: CoreItemSig; at: number }
  | { kind: 'export'; name: string; sig: CoreItemSig; at: number };

/** A core module type. */
export interface ModuleType {
  decls: ModuleTypeDecl[];
}

/** A core type definition: a function type or a module type. */
export type CoreTypeDef = { kind: 'func'; sig: CoreFuncSig } | { kind: 'module'; type: ModuleType };

/** The bound of a type import or export. */
export type TypeBound = { kind: 'eq'; idx: Idx } | { kind: 'sub-resource' };

/** The type of an imported or exported item (`externdesc` before expansion). */
export type ExternDesc =
  | { kind: 'module'; type: CoreTypeUse<ModuleType> }
  | { kind: 'func'; type: TypeUse<FuncType> }
  | { kind: 'component'; type: TypeUse<ComponentTypeDecl[]> }
  | { kind: 'instance'; type: TypeUse<ComponentTypeDecl[]> }
  | { kind: 'value'; type: ValType }
  | { kind: 'type'; bound: TypeBound };

/** The sort an {@link ExternDesc} gives its item. */
export function sortOfDesc(d: ExternDesc): Sort {
  return d.kind === 'module' ? 'core module' : d.kind;
}

/** An item signature: an optional `$name` for the item and its type. */
export interface ItemSig {
  id: string | null;
  desc: ExternDesc;
  at: number;
}

/** A declarator of a component or instance type (instance types have no imports). */
export type ComponentTypeDecl =
  | { kind: 'core-type'; type: CoreType }
  | { kind: 'type'; type: TypeField }
  | { kind: 'alias'; alias: Alias }
  | { kind: 'import'; name: ExternName; sig: ItemSig }
  | { kind: 'export'; name: ExternName; sig: ItemSig };

/** A component-level type definition. */
export type TypeDef =
  | { kind: 'defined'; def: DefinedType }
  | { kind: 'func'; type: FuncType }
  | { kind: 'component'; decls: ComponentTypeDecl[] }
  | { kind: 'instance'; decls: ComponentTypeDecl[] }
  | { kind: 'resource'; rep: CoreValType; dtor: CoreItemRef | null };

/** `(type $id? (export "n")* deftype)`. */
export interface TypeField {
  id: string | null;
  exports: ExternName[];
  def: TypeDef;
  at: number;
}

/** `(core type $id? coretype)`. */
export interface CoreType {
  id: string | null;
  def: CoreTypeDef;
  at: number;
}

/** An alias: of an instance export, a core instance export, or an outer definition. */
export interface Alias {
  id: string | null;
  at: number;
  target:
    | { kind: 'export'; instance: Idx; name: string; sort: Sort }
    | { kind: 'core-export'; instance: Idx; name: string; sort: Sort }
    | { kind: 'outer'; outer: Idx; index: Idx; sort: Sort };
}

/** A canonical option. */
export type CanonOpt =
  | { kind: 'string-encoding'; code: 0 | 1 | 2 }
  | { kind: 'memory'; ref: CoreItemRef }
  | { kind: 'realloc'; ref: CoreItemRef }
  | { kind: 'post-return'; ref: CoreItemRef }
  | { kind: 'callback'; ref: CoreItemRef }
  | { kind: 'core-type'; ref: CoreItemRef }
  | { kind: 'async' }
  | { kind: 'gc' };

/** One immediate of a canonical built-in, in binary order. */
export type BuiltinImm =
  | { kind: 'type'; ref: ItemRef }
  | { kind: 'core-ref'; ref: CoreItemRef }
  | { kind: 'flag'; value: boolean }
  | { kind: 'u32'; value: number }
  | { kind: 'core-valtype'; type: CoreValType }
  | { kind: 'opts'; opts: CanonOpt[] }
  | { kind: 'result'; type: ValType | null };

/** A canonical definition that produces a core function. */
export type CoreCanon =
  | { kind: 'lower'; func: ItemRef; opts: CanonOpt[] }
  | { kind: 'resource.new' | 'resource.drop' | 'resource.rep'; type: ItemRef }
  | { kind: 'builtin'; name: string; opcode: number; imms: BuiltinImm[] };

/** A canonical definition. */
export type Canon = { kind: 'lift'; func: CoreItemRef; opts: CanonOpt[]; type: TypeUse<FuncType> } | { kind: 'core'; canon: CoreCanon };

/** The item an export or an instantiation argument names. */
export type ExportItem = ItemRef;

/** An export of an instance built from exports, or of a component. */
export interface ExportField {
  id: string | null;
  name: ExternName;
  item: ExportItem;
  /** An ascribed type `(export "x" (func $f) (func (param ...)))`. */
  type: ItemSig | null;
  at: number;
}

/** An export of a core instance built from exports. */
export interface CoreExport {
  name: string;
  item: CoreItemRef;
  at: number;
}

/** One definition of a component, before or after expansion. */
export type Field =
  | {
      kind: 'core-module';
      id: string | null;
      exports: ExternName[];
      /** The encoded core module, or its import. */
      body: { kind: 'inline'; bytes: Uint8Array } | { kind: 'import'; name: ExternName; type: CoreTypeUse<ModuleType> };
      at: number;
    }
  | {
      kind: 'core-instance';
      id: string | null;
      body:
        | { kind: 'instantiate'; module: ItemRef; args: { name: string; arg: { kind: 'ref'; ref: CoreItemRef } | { kind: 'exports'; exports: CoreExport[]; at: number } }[] }
        | { kind: 'exports'; exports: CoreExport[] };
      at: number;
    }
  | { kind: 'core-type'; type: CoreType }
  | { kind: 'component'; id: string | null; exports: ExternName[]; body: { kind: 'inline'; fields: Field[] } | { kind: 'import'; name: ExternName; type: TypeUse<ComponentTypeDecl[]> }; at: number }
  | {
      kind: 'instance';
      id: string | null;
      exports: ExternName[];
      body:
        | { kind: 'import'; name: ExternName; type: TypeUse<ComponentTypeDecl[]> }
        | { kind: 'instantiate'; component: ItemRef; args: { name: string; arg: { kind: 'ref'; ref: ItemRef } | { kind: 'exports'; exports: ExportField[]; at: number } }[] }
        | { kind: 'exports'; exports: ExportField[] };
      at: number;
    }
  | { kind: 'alias'; alias: Alias }
  | { kind: 'type'; type: TypeField }
  | { kind: 'canon'; id: string | null; canon: Canon; at: number }
  /** `(core func $id? (canon ...))` or `(core func $id? (alias core export ...))`, expanded away. */
  | { kind: 'core-func'; id: string | null; body: { kind: 'canon'; canon: CoreCanon } | { kind: 'alias'; instance: Idx; name: string }; at: number }
  /** `(func $id? (export ...)* ...)`: an import, a lift or an alias; expanded away. */
  | {
      kind: 'func';
      id: string | null;
      exports: ExternName[];
      body:
        | { kind: 'import'; name: ExternName; type: TypeUse<FuncType> }
        | { kind: 'lift'; type: TypeUse<FuncType>; func: CoreItemRef; opts: CanonOpt[] }
        | { kind: 'alias'; instance: Idx; name: string };
      at: number;
    }
  | { kind: 'start'; func: Idx; args: ItemRef[]; results: (string | null)[]; at: number }
  | { kind: 'import'; name: ExternName; sig: ItemSig }
  | { kind: 'export'; export: ExportField }
  | { kind: 'custom'; name: string; data: Uint8Array; at: number };

/** A parsed component: its `$id` and fields, or the bytes of `(component binary ...)`. */
export type ComponentAst = { kind: 'text'; id: string | null; fields: Field[] } | { kind: 'binary'; id: string | null; bytes: Uint8Array };
