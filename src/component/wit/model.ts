/**
 * The resolved WIT model: packages of interfaces and worlds whose types are {@link TypeDef}
 * objects with identity (a `use` is an alias pointing at the definition it names). The WIT
 * resolver builds it from text, {@link ./from-component.ts} builds it from a component binary, and
 * the printer turns it back into WIT text.
 */

import type { PrimValType } from '../types.js';

/** A package name `namespace:name@version`. */
export interface WitPackageName {
  readonly namespace: string;
  readonly name: string;
  /** Version text, or null. */
  readonly version: string | null;
}

/** Feature gates of an item: `@since`, `@unstable`, `@deprecated` (all absent = ungated). */
export interface Stability {
  readonly since?: string;
  readonly unstable?: string;
  readonly deprecated?: string;
}

/** A WIT type: a primitive or a reference to a type definition. */
export type WitType = { readonly kind: 'prim'; readonly prim: PrimValType } | { readonly kind: 'named'; readonly def: TypeDef };

/** The shape of a type definition. */
export type TypeDefKind =
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly type: WitType; readonly docs: string | null }[] }
  | { readonly kind: 'resource' }
  | { readonly kind: 'handle'; readonly handle: 'own' | 'borrow'; readonly resource: TypeDef }
  | { readonly kind: 'flags'; readonly names: readonly { readonly name: string; readonly docs: string | null }[] }
  | { readonly kind: 'enum'; readonly cases: readonly { readonly name: string; readonly docs: string | null }[] }
  | { readonly kind: 'variant'; readonly cases: readonly { readonly name: string; readonly type: WitType | null; readonly docs: string | null }[] }
  | { readonly kind: 'tuple'; readonly types: readonly WitType[] }
  | { readonly kind: 'option'; readonly type: WitType }
  | { readonly kind: 'result'; readonly ok: WitType | null; readonly err: WitType | null }
  | { readonly kind: 'list'; readonly elem: WitType; readonly length?: number }
  | { readonly kind: 'future'; readonly type: WitType | null }
  | { readonly kind: 'stream'; readonly type: WitType | null }
  | { readonly kind: 'map'; readonly key: WitType; readonly value: WitType }
  /** `type x = t`, and also a `use`d type (an alias of a definition owned elsewhere). */
  | { readonly kind: 'alias'; readonly type: WitType };

/** A type definition; anonymous ones (`list<u8>` written inline) have a null name. */
export interface TypeDef {
  name: string | null;
  kind: TypeDefKind;
  owner: WitInterface | WitWorld | null;
  docs: string | null;
  stability: Stability;
}

/** How a function relates to a resource. */
export type FuncKind =
  | { readonly kind: 'freestanding' }
  | { readonly kind: 'method' | 'static' | 'constructor'; readonly resource: TypeDef };

/** A function of an interface or world. */
export interface WitFunction {
  /** The component-level name: `f`, `[method]r.f`, `[static]r.f`, `[constructor]r`. */
  readonly name: string;
  readonly kind: FuncKind;
  readonly params: readonly { readonly name: string; readonly type: WitType }[];
  readonly result: WitType | null;
  readonly async: boolean;
  readonly docs: string | null;
  readonly stability: Stability;
}

/** An interface: named types and functions, in definition order. */
export interface WitInterface {
  readonly kind: 'interface';
  /** Null for an inline interface of a world (`import x: interface { ... }`). */
  readonly name: string | null;
  readonly package: WitPackage | null;
  readonly types: Map<string, TypeDef>;
  readonly functions: Map<string, WitFunction>;
  docs: string | null;
  stability: Stability;
}

/** An item a world imports or exports. */
export type WorldItem =
  | { readonly kind: 'interface'; readonly iface: WitInterface; readonly stability: Stability; readonly docs?: string | null }
  | { readonly kind: 'function'; readonly func: WitFunction }
  | { readonly kind: 'type'; readonly def: TypeDef };

/** A world: imports and exports by key (a plain name, or the interface id for interface items). */
export interface WitWorld {
  readonly kind: 'world';
  readonly name: string;
  readonly package: WitPackage | null;
  readonly imports: Map<string, WorldItem>;
  readonly exports: Map<string, WorldItem>;
  docs: string | null;
  stability: Stability;
}

/** A package: interfaces and worlds in definition order. */
export interface WitPackage {
  readonly name: WitPackageName;
  readonly interfaces: Map<string, WitInterface>;
  readonly worlds: Map<string, WitWorld>;
  docs: string | null;
}

/** Formats a package name (`wasi:cli@0.2.12`). */
export function formatPackageName(n: WitPackageName): string {
  return `${n.namespace}:${n.name}${n.version === null ? '' : `@${n.version}`}`;
}

/** The full id of a named interface of a package (`wasi:cli/run@0.2.12`). */
export function interfaceId(iface: WitInterface): string | null {
  if (iface.name === null || iface.package === null) return null;
  const p = iface.package.name;
  return `${p.namespace}:${p.name}/${iface.name}${p.version === null ? '' : `@${p.version}`}`;
}

/** Follows aliases to the definition a type denotes. */
export function unaliasDef(def: TypeDef): TypeDef {
  let d = def;
  const seen = new Set<TypeDef>();
  while (d.kind.kind === 'alias' && d.kind.type.kind === 'named' && !seen.has(d)) {
    seen.add(d);
    d = d.kind.type.def;
  }
  return d;
}
