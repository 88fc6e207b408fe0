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
  /**
   * Present for resources defined by a component (`(resource (rep i32) ...)`): the core representation
   * type. Absent for abstract resources (imported or exported with `(sub resource)`).
   */
  readonly rep?: 'i32' | 'i64';
  /**
   * Set when this object is another *name* for an existing resource (a component exporting a
   * resource it defined, or an `(eq ...)` type import): the types are equal, and
   * {@link resourceRoot} gives the resource that identity is based on.
   */
  readonly aliasOf?: ResourceType;
  /**
   * Set on the abstract resource of an export ascribed `(type (sub resource))`: outside the
   * component it is a distinct type, but its handles are those of this (defined) resource.
   */
  readonly implementedBy?: ResourceType;
}

/** The resource a (possibly aliased) resource type denotes: compare roots for type identity. */
export function resourceRoot(r: ResourceType): ResourceType {
  let x = r;
  while (x.aliasOf !== undefined) x = x.aliasOf;
  return x;
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
  /** True for `(func async ...)` types (Preview 3); absent or false for 0.2 functions. */
  readonly async?: boolean;
}

/** The type of an entity a core module imports or exports (the component layer's view of it). */
export type CoreExternType =
  | { readonly kind: 'func'; readonly type: CoreFuncSig }
  | { readonly kind: 'table'; readonly type: CoreTableSig }
  | { readonly kind: 'memory'; readonly type: CoreMemorySig }
  | { readonly kind: 'global'; readonly type: CoreGlobalSig }
  | { readonly kind: 'tag'; readonly type: CoreFuncSig };

/** A core value type as the component layer sees it (`i32`, `funcref`, ...; GC reference types by text). */
export type CoreValType = string;

/** A core function signature. */
export interface CoreFuncSig {
  readonly params: readonly CoreValType[];
  readonly results: readonly CoreValType[];
}

/** A core table type. */
export interface CoreTableSig {
  readonly elem: CoreValType;
  readonly min: number;
  readonly max: number | null;
  readonly table64?: boolean;
}

/** A core memory type. */
export interface CoreMemorySig {
  readonly min: number;
  readonly max: number | null;
  readonly shared: boolean;
  readonly memory64: boolean;
  /** log2 of the page size when the custom-page-sizes proposal is used. */
  readonly pageSizeLog2?: number;
}

/** A core global type. */
export interface CoreGlobalSig {
  readonly type: CoreValType;
  readonly mutable: boolean;
}

/** The type of a core module: its imports in order and its exports by name. */
export interface CoreModuleType {
  readonly kind: 'module';
  readonly imports: readonly { readonly module: string; readonly name: string; readonly type: CoreExternType }[];
  readonly exports: ReadonlyMap<string, CoreExternType>;
}

/** The type of a core instance: its exports by name. */
export interface CoreInstanceType {
  readonly kind: 'core-instance';
  readonly exports: ReadonlyMap<string, CoreExternType>;
}

/**
 * What a component-level type index denotes: a defined value type, a function type, a resource,
 * or an instance or component type.
 */
export type ComponentTypeDef =
  | { readonly kind: 'value'; readonly type: ValueType }
  | { readonly kind: 'func'; readonly type: ComponentFuncType }
  | { readonly kind: 'resource'; readonly resource: ResourceType }
  | InstanceType
  | ComponentType;

/** The type of a component-level import or export (an `externtype` after resolution). */
export type ComponentExternType =
  | { readonly kind: 'func'; readonly type: ComponentFuncType }
  | { readonly kind: 'instance'; readonly type: InstanceType }
  | { readonly kind: 'component'; readonly type: ComponentType }
  | { readonly kind: 'type'; readonly type: ComponentTypeDef }
  | { readonly kind: 'module'; readonly type: CoreModuleType }
  | { readonly kind: 'value'; readonly type: ValueType };

/** An instance type: named exports. `resources` are the abstract resources it introduces. */
export interface InstanceType {
  readonly kind: 'instance';
  readonly exports: ReadonlyMap<string, ComponentExternType>;
  /**
   * Resources introduced by `(export "x" (type (sub resource)))` declarations of this type: each
   * value of this type (each imported instance) has its own fresh copies of them.
   */
  readonly resources: readonly ResourceType[];
}

/** A component type: named imports and exports, and the resources each side introduces. */
export interface ComponentType {
  readonly kind: 'component';
  readonly imports: ReadonlyMap<string, ComponentExternType>;
  readonly exports: ReadonlyMap<string, ComponentExternType>;
  /** Abstract resources introduced by imports: instantiation substitutes the supplied types. */
  readonly importedResources: readonly ResourceType[];
  /** Resources introduced by exports (or defined inside): each instantiation makes fresh ones. */
  readonly exportedResources: readonly ResourceType[];
}

/** Shorthand constructor for primitive types. */
export function prim(p: PrimValType): ValueType {
  return { kind: 'prim', prim: p };
}
