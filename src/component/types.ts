/**
 * The Component Model's type model after index resolution: value types as trees, function types,
 * resource types, and instance/component types. The binary decoder and the WIT parser both produce
 * these; the canonical ABI and the linker consume them.
 */

/** A primitive value type. */
export type PrimValType =
  | 'bool'
  | 's8'
  | 'u8'
  | 's16'
  | 'u16'
  | 's32'
  | 'u32'
  | 's64'
  | 'u64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string';

/** A resource type: identity matters (two resources with the same name are different types). */
export interface ResourceType {
  readonly kind: 'resource';
  /** Debug name (e.g. `wasi:io/streams.output-stream`), not used for equality. */
  readonly name: string;
  /** Present for resources defined by a component: the core function that destroys a representation. */
  readonly destructor?: unknown;
}

/** A component-level value type. */
export type ValueType =
  | { readonly kind: 'prim'; readonly prim: PrimValType }
  | { readonly kind: 'list'; readonly elem: ValueType; /** fixed-length lists (post-0.2) */ readonly length?: number }
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly type: ValueType }[] }
  | { readonly kind: 'tuple'; readonly types: readonly ValueType[] }
  | {
      readonly kind: 'variant';
      readonly cases: readonly { readonly name: string; readonly type: ValueType | null }[];
    }
  | { readonly kind: 'enum'; readonly names: readonly string[] }
  | { readonly kind: 'flags'; readonly names: readonly string[] }
  | { readonly kind: 'option'; readonly type: ValueType }
  | { readonly kind: 'result'; readonly ok: ValueType | null; readonly err: ValueType | null }
  | { readonly kind: 'own'; readonly resource: ResourceType }
  | { readonly kind: 'borrow'; readonly resource: ResourceType };

/** A component function type: named parameters and at most one result (0.2). */
export interface ComponentFuncType {
  readonly params: readonly { readonly name: string; readonly type: ValueType }[];
  readonly result: ValueType | null;
}

/** Shorthand constructor for primitive types. */
export function prim(p: PrimValType): ValueType {
  return { kind: 'prim', prim: p };
}
