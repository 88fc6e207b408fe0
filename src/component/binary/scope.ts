/**
 * Validation state of one component, component type or instance type: its index spaces (each entry
 * with its resolved type and the definition that created it), the names it imports and exports, and
 * the resources it introduces. Scopes nest for outer aliases.
 */

import { CompileError } from '../../api/errors.js';
import type {
  ComponentExternType,
  ComponentFuncType,
  ComponentType,
  ComponentTypeDef,
  CoreExternType,
  CoreFuncSig,
  CoreGlobalSig,
  CoreInstanceType,
  CoreMemorySig,
  CoreModuleType,
  CoreTableSig,
  InstanceType,
  ResourceType,
  ValueType,
} from '../types.js';
import type { Sort } from './ast.js';
import { newSizeMemo, type SizeMemo } from './flatten.js';
import { uniquenessKey, type ExternName } from './names.js';

/** What a core type index denotes: a function signature or a module type. */
export type CoreTypeEntry = { readonly kind: 'func'; readonly sig: CoreFuncSig } | CoreModuleType;

/** One entry of an index space: its type and the definition that created it (-1 inside type scopes). */
export interface SpaceEntry<T> {
  readonly type: T;
  readonly def: number;
}

/** The 13 index spaces of a component (Explainer.md, "Index Spaces"). */
export interface IndexSpaces {
  readonly coreFuncs: SpaceEntry<CoreFuncSig | null>[];
  readonly coreTables: SpaceEntry<CoreTableSig>[];
  readonly coreMemories: SpaceEntry<CoreMemorySig>[];
  readonly coreGlobals: SpaceEntry<CoreGlobalSig>[];
  readonly coreTags: SpaceEntry<CoreFuncSig>[];
  readonly coreTypes: SpaceEntry<CoreTypeEntry>[];
  readonly coreModules: SpaceEntry<CoreModuleType>[];
  readonly coreInstances: SpaceEntry<CoreInstanceType>[];
  readonly funcs: SpaceEntry<ComponentFuncType>[];
  readonly values: SpaceEntry<ValueType>[];
  readonly types: SpaceEntry<ComponentTypeDef>[];
  readonly components: SpaceEntry<ComponentType>[];
  readonly instances: SpaceEntry<InstanceType>[];
}

/** Creates empty index spaces. */
export function emptySpaces(): IndexSpaces {
  return {
    coreFuncs: [],
    coreTables: [],
    coreMemories: [],
    coreGlobals: [],
    coreTags: [],
    coreTypes: [],
    coreModules: [],
    coreInstances: [],
    funcs: [],
    values: [],
    types: [],
    components: [],
    instances: [],
  };
}

/** The index-space field for a sort. */
export const SPACE_OF: Readonly<Record<Sort, keyof IndexSpaces>> = {
  'core func': 'coreFuncs',
  'core table': 'coreTables',
  'core memory': 'coreMemories',
  'core global': 'coreGlobals',
  'core tag': 'coreTags',
  'core type': 'coreTypes',
  'core module': 'coreModules',
  'core instance': 'coreInstances',
  func: 'funcs',
  value: 'values',
  type: 'types',
  component: 'components',
  instance: 'instances',
};

const SORT_LABEL: Readonly<Record<Sort, string>> = {
  'core func': 'core function',
  'core table': 'table',
  'core memory': 'memory',
  'core global': 'global',
  'core tag': 'tag',
  'core type': 'core type',
  'core module': 'module',
  'core instance': 'core instance',
  func: 'function',
  value: 'value',
  type: 'type',
  component: 'component',
  instance: 'instance',
};

/** The kind of a scope. */
export type ScopeKind = 'component' | 'component-type' | 'instance-type';

/** Validation state of one component or component/instance type. */
export class Scope {
  /** The index spaces. */
  readonly spaces: IndexSpaces = emptySpaces();
  /** Imports by name, in order. */
  readonly imports = new Map<string, ComponentExternType>();
  /** Exports by name, in order. */
  readonly exports = new Map<string, ComponentExternType>();
  /** Strong-uniqueness keys of imports (key -> raw name). */
  readonly importKeys = new Map<string, string>();
  /** Strong-uniqueness keys of exports (key -> raw name). */
  readonly exportKeys = new Map<string, string>();
  /** Resources introduced by imports (abstract: instantiation substitutes them). */
  readonly importedResources: ResourceType[] = [];
  /** Resources introduced by exports of a type scope, or defined by a component. */
  readonly exportedResources: ResourceType[] = [];
  /** Resources defined by `(resource ...)` in this component. */
  readonly localResources = new Set<ResourceType>();
  /** Type objects with an externally visible name introduced by an import (or coming from imports). */
  readonly namedByImport = new Set<object>();
  /** Type objects with an externally visible name introduced by an export or instance. */
  readonly namedByExport = new Set<object>();
  /**
   * Type renamings of instantiations: a type object an instantiated component imported -> the type
   * supplied for it here. The child's name for the type stands for the argument, so it is visible
   * exactly when the argument is (see {@link Scope.isVisible}).
   */
  readonly renamedTo = new Map<object, object>();
  /** Instances made of inline exports: they give no names until they are exported themselves. */
  readonly inlineInstances = new Set<object>();
  /** Labels under which resources were imported (by type object), for `[method]r.x` name checks. */
  readonly importLabels = new Map<ResourceType, string>();
  /** Labels under which resources were exported (by type object). */
  readonly exportLabels = new Map<ResourceType, string>();

  /**
   * For value types copied to give them a new name (type imports with `eq` bounds, type exports):
   * copy -> original. Only the root scope's map is used (see {@link Scope.root}).
   */
  readonly copiedFrom = new Map<object, object>();

  /** Sizes and alignments measured so far (only the root scope's is used). */
  readonly sizeMemo: SizeMemo = newSizeMemo();

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {}

  /**
   * Whether type object `t` has an externally visible name usable in an import (`which` =
   * 'import': names introduced by imports) or an export (names introduced by imports or exports),
   * following instantiation renamings.
   */
  isVisible(t: object, which: 'import' | 'export'): boolean {
    const seen = new Set<object>();
    for (let x: object | undefined = t; x !== undefined && !seen.has(x); x = this.renamedTo.get(x)) {
      seen.add(x);
      if (this.namedByImport.has(x)) return true;
      if (which === 'export' && this.namedByExport.has(x)) return true;
    }
    return false;
  }

  /** The outermost scope. */
  get root(): Scope {
    return this.parent === null ? this : this.parent.root;
  }

  /** Number of enclosing scopes. */
  get depth(): number {
    return this.parent === null ? 0 : this.parent.depth + 1;
  }

  /** Appends an entry to the index space of `sort` and returns its index. */
  push<S extends Sort>(sort: S, type: unknown, def: number): number {
    const space = this.spaces[SPACE_OF[sort]] as SpaceEntry<unknown>[];
    space.push({ type, def });
    return space.length - 1;
  }

  /** Looks up an entry, failing with "<sort> index out of bounds". */
  get<T>(sort: Sort, index: number, offset: number): T {
    const space = this.spaces[SPACE_OF[sort]] as SpaceEntry<T>[];
    const e = space[index];
    if (e === undefined) {
      throw new CompileError(`unknown ${SORT_LABEL[sort]} ${index}: ${SORT_LABEL[sort]} index out of bounds`, offset);
    }
    return e.type;
  }

  /** Checks and records an import or export name (strong uniqueness). */
  claimName(which: 'import' | 'export', name: ExternName, offset: number): void {
    const keys = which === 'import' ? this.importKeys : this.exportKeys;
    const key = uniquenessKey(name);
    const prev = keys.get(key);
    if (prev !== undefined) {
      throw new CompileError(
        prev === name.raw
          ? `${which} name \`${name.raw}\` conflicts with previous name \`${prev}\`: duplicate ${which} name \`${name.raw}\``
          : `${which} name \`${name.raw}\` conflicts with previous name \`${prev}\``,
        offset,
      );
    }
    keys.set(key, name.raw);
  }

  /** The scope `count` levels out (0 = this scope). */
  outer(count: number, offset: number): Scope {
    if (count === 0) return this;
    if (this.parent === null) throw new CompileError(`invalid outer alias count of ${count}`, offset);
    return this.parent.outer(count - 1, offset);
  }
}

/**
 * The signature given to core functions whose type kpio does not model (async and thread
 * built-ins): instantiation checks accept it for any expected signature.
 */
export const UNKNOWN_CORE_SIG: CoreFuncSig = { params: [], results: [] };

/** A core extern type from an index-space entry of a core sort. */
export function coreExternOf(scope: Scope, sort: Sort, index: number, offset: number): CoreExternType {
  switch (sort) {
    case 'core func': {
      const sig = scope.get<CoreFuncSig | null>(sort, index, offset);
      return { kind: 'func', type: sig ?? UNKNOWN_CORE_SIG };
    }
    case 'core table':
      return { kind: 'table', type: scope.get<CoreTableSig>(sort, index, offset) };
    case 'core memory':
      return { kind: 'memory', type: scope.get<CoreMemorySig>(sort, index, offset) };
    case 'core global':
      return { kind: 'global', type: scope.get<CoreGlobalSig>(sort, index, offset) };
    case 'core tag':
      return { kind: 'tag', type: scope.get<CoreFuncSig>(sort, index, offset) };
    default:
      throw new CompileError(`core instances may only export functions, tables, memories, globals and tags, not ${sort}`, offset);
  }
}

/** The component extern type of an index-space entry of a component-level sort (or `core module`). */
export function externOf(scope: Scope, sort: Sort, index: number, offset: number): ComponentExternType {
  switch (sort) {
    case 'func':
      return { kind: 'func', type: scope.get<ComponentFuncType>(sort, index, offset) };
    case 'value':
      return { kind: 'value', type: scope.get<ValueType>(sort, index, offset) };
    case 'type':
      return { kind: 'type', type: scope.get<ComponentTypeDef>(sort, index, offset) };
    case 'component':
      return { kind: 'component', type: scope.get<ComponentType>(sort, index, offset) };
    case 'instance':
      return { kind: 'instance', type: scope.get<InstanceType>(sort, index, offset) };
    case 'core module':
      return { kind: 'module', type: scope.get<CoreModuleType>(sort, index, offset) };
    default:
      scope.get(sort, index, offset);
      throw new CompileError(`${sort} cannot be used as a component-level item`, offset);
  }
}

/** The sort under which an extern type lives. */
export function sortOfExtern(t: ComponentExternType): Sort {
  return t.kind === 'module' ? 'core module' : t.kind;
}
