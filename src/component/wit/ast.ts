/** The syntax tree of one WIT file, as {@link ./parser.ts} produces it (names not yet resolved). */

import type { PrimValType } from '../types.js';
import type { Span } from './lexer.js';

/** An identifier with its position. */
export interface Ident {
  readonly name: string;
  readonly span: Span;
}

/** Feature gates and `@external-id` written before an item. */
export interface GateAst {
  readonly since?: string;
  readonly unstable?: string;
  readonly deprecated?: string;
  readonly externalId?: string;
  readonly span?: Span;
}

/** A package name as written (`wasi:cli@0.2.12`). */
export interface PackageNameAst {
  readonly namespace: string;
  readonly name: string;
  readonly version: string | null;
  readonly span: Span;
}

/** A reference to an interface or world: a local name or `ns:pkg/name@ver`. */
export type UsePathAst =
  | { readonly kind: 'local'; readonly name: Ident }
  | { readonly kind: 'package'; readonly package: PackageNameAst; readonly name: Ident };

/** A type expression. */
export type TypeAst =
  | { readonly kind: 'prim'; readonly prim: PrimValType; readonly span: Span }
  | { readonly kind: 'name'; readonly name: Ident }
  | { readonly kind: 'list'; readonly elem: TypeAst; readonly length?: number; readonly span: Span }
  | { readonly kind: 'option'; readonly type: TypeAst; readonly span: Span }
  | { readonly kind: 'result'; readonly ok: TypeAst | null; readonly err: TypeAst | null; readonly span: Span }
  | { readonly kind: 'tuple'; readonly types: readonly TypeAst[]; readonly span: Span }
  | { readonly kind: 'handle'; readonly handle: 'own' | 'borrow'; readonly resource: Ident; readonly span: Span }
  | { readonly kind: 'future' | 'stream'; readonly type: TypeAst | null; readonly span: Span }
  | { readonly kind: 'map'; readonly key: TypeAst; readonly value: TypeAst; readonly span: Span };

/** A function signature. */
export interface FuncTypeAst {
  readonly async: boolean;
  readonly params: readonly { readonly name: Ident; readonly type: TypeAst }[];
  readonly result: TypeAst | null;
  readonly span: Span;
}

/** A function of a resource block. */
export interface ResourceFuncAst {
  readonly kind: 'method' | 'static' | 'constructor';
  readonly name: Ident;
  readonly func: FuncTypeAst;
  readonly docs: string | null;
  readonly gate: GateAst;
}

/** A type definition item. */
export type TypeDefAst = { readonly name: Ident; readonly docs: string | null; readonly gate: GateAst } & (
  | { readonly kind: 'alias'; readonly type: TypeAst }
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: Ident; readonly type: TypeAst; readonly docs: string | null }[] }
  | { readonly kind: 'flags' | 'enum'; readonly names: readonly { readonly name: Ident; readonly docs: string | null }[] }
  | { readonly kind: 'variant'; readonly cases: readonly { readonly name: Ident; readonly type: TypeAst | null; readonly docs: string | null }[] }
  | { readonly kind: 'resource'; readonly funcs: readonly ResourceFuncAst[] }
);

/** A `use path.{a, b as c};` item. */
export interface UseAst {
  readonly path: UsePathAst;
  readonly names: readonly { readonly name: Ident; readonly as: Ident | null }[];
  readonly gate: GateAst;
  readonly docs: string | null;
  readonly span: Span;
}

/** An item of an interface. */
export type InterfaceItemAst =
  | { readonly kind: 'use'; readonly use: UseAst }
  | { readonly kind: 'type'; readonly def: TypeDefAst }
  | { readonly kind: 'func'; readonly name: Ident; readonly func: FuncTypeAst; readonly docs: string | null; readonly gate: GateAst };

/** An interface definition (`name` null for inline world interfaces). */
export interface InterfaceAst {
  readonly name: Ident | null;
  readonly items: readonly InterfaceItemAst[];
  readonly docs: string | null;
  readonly gate: GateAst;
  readonly span: Span;
}

/** What a world imports or exports. */
export type ExternAst =
  | { readonly kind: 'func'; readonly name: Ident; readonly func: FuncTypeAst }
  | { readonly kind: 'interface'; readonly name: Ident; readonly iface: InterfaceAst }
  | { readonly kind: 'named-path'; readonly name: Ident; readonly path: UsePathAst }
  | { readonly kind: 'path'; readonly path: UsePathAst };

/** An item of a world. */
export type WorldItemAst =
  | { readonly kind: 'import' | 'export'; readonly extern: ExternAst; readonly docs: string | null; readonly gate: GateAst; readonly span: Span }
  | { readonly kind: 'use'; readonly use: UseAst }
  | { readonly kind: 'type'; readonly def: TypeDefAst }
  | {
      readonly kind: 'include';
      readonly path: UsePathAst;
      readonly with: readonly { readonly from: Ident; readonly to: Ident }[];
      readonly gate: GateAst;
      readonly span: Span;
    };

/** A world definition. */
export interface WorldAst {
  readonly name: Ident;
  readonly items: readonly WorldItemAst[];
  readonly docs: string | null;
  readonly gate: GateAst;
  readonly span: Span;
}

/** A top-level item of a package. */
export type TopItemAst =
  | { readonly kind: 'interface'; readonly iface: InterfaceAst & { readonly name: Ident } }
  | { readonly kind: 'world'; readonly world: WorldAst }
  | { readonly kind: 'use'; readonly path: UsePathAst; readonly as: Ident | null; readonly span: Span };

/** The items of one package inside one file. */
export interface PackageBodyAst {
  /** Null when the file has no `package` line (its package comes from sibling files). */
  readonly name: PackageNameAst | null;
  readonly items: readonly TopItemAst[];
  readonly docs: string | null;
  readonly file: string;
}

/** A parsed WIT file: its main package body and any nested `package x { ... }` blocks. */
export interface WitFileAst {
  readonly file: string;
  readonly main: PackageBodyAst;
  readonly nested: readonly PackageBodyAst[];
}
