/**
 * The decoded form of a component binary (Binary.md): definitions in order, as index-based data.
 * Index spaces and resolved types live in {@link ./index-spaces.ts}; this file is only the syntax.
 */

import type { CoreFuncSig, CoreExternType, PrimValType } from '../types.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import type { Component } from './component.js';
import type { ExternName } from './names.js';

/** A core-level sort (`core:sort`). */
export type CoreSort = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'type' | 'module' | 'instance';

/** A component-level sort. */
export type ComponentSort = 'func' | 'value' | 'type' | 'component' | 'instance';

/** A sort of either level: core sorts are written `core func`, `core module`, ... */
export type Sort = ComponentSort | `core ${CoreSort}`;

/** A component-level `valtype`: a primitive or an index into the type index space. */
export type ValTypeRef = { readonly kind: 'prim'; readonly prim: PrimValType } | { readonly kind: 'index'; readonly index: number };

/** A labelled value type (record field, function parameter). */
export interface LabelledType {
  readonly name: string;
  readonly type: ValTypeRef;
}

/** A `defvaltype`: a structural value type definition. */
export type DefValType =
  | { readonly kind: 'prim'; readonly prim: PrimValType }
  | { readonly kind: 'record'; readonly fields: readonly LabelledType[] }
  | { readonly kind: 'variant'; readonly cases: readonly { readonly name: string; readonly type: ValTypeRef | null }[] }
  | { readonly kind: 'list'; readonly elem: ValTypeRef; readonly length?: number }
  | { readonly kind: 'tuple'; readonly types: readonly ValTypeRef[] }
  | { readonly kind: 'flags'; readonly names: readonly string[] }
  | { readonly kind: 'enum'; readonly names: readonly string[] }
  | { readonly kind: 'option'; readonly type: ValTypeRef }
  | { readonly kind: 'result'; readonly ok: ValTypeRef | null; readonly err: ValTypeRef | null }
  | { readonly kind: 'own'; readonly index: number }
  | { readonly kind: 'borrow'; readonly index: number }
  | { readonly kind: 'stream'; readonly elem: ValTypeRef | null }
  | { readonly kind: 'future'; readonly elem: ValTypeRef | null }
  | { readonly kind: 'error-context' }
  | { readonly kind: 'map'; readonly key: ValTypeRef; readonly value: ValTypeRef };

/** A component function type. */
export interface FuncTypeDecl {
  readonly kind: 'func';
  readonly async: boolean;
  readonly params: readonly LabelledType[];
  readonly result: ValTypeRef | null;
}

/** A resource type definition `(resource (rep i32) (dtor f)?)`. */
export interface ResourceTypeDecl {
  readonly kind: 'resource';
  readonly rep: 'i32' | 'i64';
  /** Core function index of the destructor, or null. */
  readonly dtor: number | null;
}

/** A `typebound` of a type import/export. */
export type TypeBound = { readonly kind: 'eq'; readonly index: number } | { readonly kind: 'sub-resource' };

/** An `externtype`: the declared type of an import or export. */
export type ExternDesc =
  | { readonly kind: 'module'; readonly index: number }
  | { readonly kind: 'func'; readonly index: number }
  | { readonly kind: 'value'; readonly bound: { readonly kind: 'eq'; readonly index: number } | { readonly kind: 'type'; readonly type: ValTypeRef } }
  | { readonly kind: 'type'; readonly bound: TypeBound }
  | { readonly kind: 'component'; readonly index: number }
  | { readonly kind: 'instance'; readonly index: number };

/** Import/export attributes (`implements`, `versionsuffix`, `external-id`). */
export interface NameAttributes {
  readonly implements?: string;
  readonly versionSuffix?: string;
  readonly externalId?: string;
}

/** A declarator inside a component or instance type. */
export type TypeDeclarator =
  | { readonly kind: 'core-type'; readonly type: CoreTypeDecl; readonly offset: number }
  | { readonly kind: 'type'; readonly type: TypeDecl; readonly offset: number }
  | { readonly kind: 'alias'; readonly alias: Alias; readonly offset: number }
  | { readonly kind: 'import'; readonly name: ExternName; readonly attrs: NameAttributes; readonly desc: ExternDesc; readonly offset: number }
  | { readonly kind: 'export'; readonly name: ExternName; readonly attrs: NameAttributes; readonly desc: ExternDesc; readonly offset: number };

/** A component or instance type definition. */
export interface ComponentTypeDecl {
  readonly kind: 'component' | 'instance';
  readonly decls: readonly TypeDeclarator[];
}

/** A component-level `deftype`. */
export type TypeDecl = { readonly kind: 'defined'; readonly type: DefValType } | FuncTypeDecl | ResourceTypeDecl | ComponentTypeDecl;

/** A declarator inside a core module type. */
export type ModuleTypeDeclarator =
  | { readonly kind: 'import'; readonly module: string; readonly name: string; readonly type: CoreImportDesc }
  | { readonly kind: 'type'; readonly type: CoreTypeDecl }
  | { readonly kind: 'alias-outer'; readonly count: number; readonly index: number }
  | { readonly kind: 'export'; readonly name: string; readonly type: CoreImportDesc };

/** A core import/export descriptor before type indices are resolved. */
export type CoreImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'tag'; readonly typeIndex: number }
  | Exclude<CoreExternType, { kind: 'func' } | { kind: 'tag' }>;

/** A core type definition: a function type or a module type. */
export type CoreTypeDecl = { readonly kind: 'func'; readonly sig: CoreFuncSig } | { readonly kind: 'module'; readonly decls: readonly ModuleTypeDeclarator[] };

/** An alias definition. */
export type Alias =
  | { readonly kind: 'export'; readonly sort: Sort; readonly instance: number; readonly name: string }
  | { readonly kind: 'core-export'; readonly sort: Sort; readonly instance: number; readonly name: string }
  | { readonly kind: 'outer'; readonly sort: Sort; readonly count: number; readonly index: number };

/** A canonical option. */
export type CanonOption =
  | { readonly kind: 'string-encoding'; readonly encoding: 'utf8' | 'utf16' | 'latin1+utf16' }
  | { readonly kind: 'memory'; readonly index: number }
  | { readonly kind: 'realloc'; readonly index: number }
  | { readonly kind: 'post-return'; readonly index: number }
  | { readonly kind: 'async' }
  | { readonly kind: 'callback'; readonly index: number };

/** A canonical definition (`canon lift`, `canon lower`, resource and async built-ins). */
export type Canon =
  | { readonly kind: 'lift'; readonly coreFunc: number; readonly options: readonly CanonOption[]; readonly typeIndex: number }
  | { readonly kind: 'lower'; readonly func: number; readonly options: readonly CanonOption[] }
  | { readonly kind: 'resource.new' | 'resource.drop' | 'resource.rep'; readonly typeIndex: number }
  | {
      /** Built-ins of the async / threads proposals, decoded for tools but not run by kpio's 0.2 runtime. */
      readonly kind: 'builtin';
      readonly opcode: number;
      readonly name: string;
      readonly typeIndex?: number;
      readonly options?: readonly CanonOption[];
      readonly immediates: readonly number[];
    };

/** A core instance definition. */
export type CoreInstanceDecl =
  | { readonly kind: 'instantiate'; readonly module: number; readonly args: readonly { readonly name: string; readonly instance: number }[] }
  | { readonly kind: 'exports'; readonly exports: readonly { readonly name: string; readonly sort: Sort; readonly index: number }[] };

/** A component instance definition. */
export type InstanceDecl =
  | {
      readonly kind: 'instantiate';
      readonly component: number;
      readonly args: readonly { readonly name: string; readonly sort: Sort; readonly index: number }[];
    }
  | {
      readonly kind: 'exports';
      readonly exports: readonly { readonly name: ExternName; readonly attrs: NameAttributes; readonly sort: Sort; readonly index: number }[];
    };

/** An embedded core module: its bytes (a view into the component) and their offset. */
export interface CoreModuleDef {
  readonly bytes: Uint8Array;
  readonly offset: number;
  /** The decoded and validated module, unless decoding was asked to skip core validation. */
  readonly validated?: ValidatedModule;
}

/** A custom section (other than `component-name`, which is decoded into {@link ComponentNames}). */
export interface CustomSection {
  readonly name: string;
  readonly data: Uint8Array;
  readonly offset: number;
}

/** One definition of a component, in binary order (the spec's flattened `definition*`). */
export type Definition =
  | { readonly kind: 'core-module'; readonly module: CoreModuleDef; readonly offset: number }
  | { readonly kind: 'core-instance'; readonly instance: CoreInstanceDecl; readonly offset: number }
  | { readonly kind: 'core-type'; readonly type: CoreTypeDecl; readonly offset: number }
  | { readonly kind: 'component'; readonly component: Component; readonly offset: number }
  | { readonly kind: 'instance'; readonly instance: InstanceDecl; readonly offset: number }
  | { readonly kind: 'alias'; readonly alias: Alias; readonly offset: number }
  | { readonly kind: 'type'; readonly type: TypeDecl; readonly offset: number }
  | { readonly kind: 'canon'; readonly canon: Canon; readonly offset: number }
  | { readonly kind: 'start'; readonly func: number; readonly args: readonly number[]; readonly results: number; readonly offset: number }
  | { readonly kind: 'import'; readonly name: ExternName; readonly attrs: NameAttributes; readonly desc: ExternDesc; readonly offset: number }
  | {
      readonly kind: 'export';
      readonly name: ExternName;
      readonly attrs: NameAttributes;
      readonly sort: Sort;
      readonly index: number;
      readonly desc: ExternDesc | null;
      readonly offset: number;
    }
  | { readonly kind: 'value'; readonly type: ValTypeRef; readonly bytes: Uint8Array; readonly offset: number };

/** Names from the component `name` custom section: per sort, index -> name. */
export interface ComponentNames {
  readonly component?: string;
  readonly sorts: ReadonlyMap<Sort, ReadonlyMap<number, string>>;
}

/** The syntax of one component: its definitions and custom sections. */
export interface ComponentAst {
  readonly definitions: readonly Definition[];
  readonly customSections: readonly CustomSection[];
  readonly names: ComponentNames | null;
  /** Offset of the preamble (0 for a top-level component). */
  readonly offset: number;
  /** Offset just past the last byte. */
  readonly end: number;
}
