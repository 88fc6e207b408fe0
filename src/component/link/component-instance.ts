/**
 * What TypeScript sees of an instantiated component: its exports as {@link ExportItem}s —
 * callable functions, nested instances, resource types with their constructors, methods and
 * static functions — all speaking the canonical ABI's JS value mapping (`../abi/values.ts`).
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import { callFunction, type ComponentFunction } from '../abi/call.js';
import type { ComponentInstanceState } from '../abi/instance-state.js';
import type { ComponentValue } from '../abi/values.js';
import type { ComponentFuncType, ComponentTypeDef, ResourceType } from '../types.js';
import { splitInterfaceName, versionSatisfies } from './host-interface.js';
import { InstanceItems, type LinkItem } from './items.js';

/** A function exported by a component instance. */
export class ExportedFunction {
  /** Always `'func'`. */
  readonly kind = 'func' as const;

  constructor(
    /** The export path (`iface#name` or `name`), for messages. */
    readonly path: string,
    /** The component function (lifted core function, or a re-exported import). */
    readonly func: ComponentFunction,
  ) {}

  /** The component function type (its resources are the instance's runtime resource types). */
  get type(): ComponentFuncType {
    return this.func.type;
  }

  /**
   * Calls the function with one JS value per parameter and returns the JS value of the result
   * (`undefined` when it has none). Guest traps are {@link Trap}s; an argument that does not fit
   * its type is a `ComponentValueError`; an exception of any other kind thrown by a host import
   * during the call becomes a {@link Trap} with code `HostError` (the original is its `cause`).
   */
  call(...args: unknown[]): ComponentValue | undefined {
    try {
      return callFunction(this.func, args);
    } catch (e) {
      if (e instanceof KpioError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      throw new Trap(TrapCode.HostError, `host error during a call of \`${this.path}\`: ${why}`, { cause: e });
    }
  }
}

/** A resource type exported by a component instance, with its constructor, methods and static functions. */
export class ExportedResource {
  /** Always `'resource'`. */
  readonly kind = 'resource' as const;

  constructor(
    /** The export name of the resource (`thing`). */
    readonly name: string,
    /** The runtime resource type: compare {@link ResourceRef.type} against it. */
    readonly type: ResourceType,
    /** The instance (or root) that exports the resource and its functions. */
    readonly owner: ExportedInstance,
  ) {}

  /** Calls `[constructor]<name>` and returns the new resource (an own {@link ResourceRef}, or the result value). */
  construct(...args: unknown[]): ComponentValue | undefined {
    return this.owner.func(`[constructor]${this.name}`).call(...args);
  }

  /** Calls `[method]<name>.<method>` with `self` (a {@link ResourceRef}) and the other arguments. */
  method(method: string, self: unknown, ...args: unknown[]): ComponentValue | undefined {
    return this.owner.func(`[method]${this.name}.${method}`).call(self, ...args);
  }

  /** Calls `[static]<name>.<fn>`. */
  callStatic(fn: string, ...args: unknown[]): ComponentValue | undefined {
    return this.owner.func(`[static]${this.name}.${fn}`).call(...args);
  }
}

/** A type other than a resource exported by a component instance (a record, variant, ... or function type). */
export interface ExportedType {
  /** Always `'type'`. */
  readonly kind: 'type';
  /** The type. */
  readonly type: ComponentTypeDef;
}

/** An export that is a component, a core module or a value (passed on to other components as is). */
export interface ExportedOther {
  /** Its sort. */
  readonly kind: 'component' | 'module' | 'value';
  /** The runtime item. */
  readonly item: LinkItem;
}

/** One export of a component instance as TypeScript sees it. */
export type ExportItem = ExportedFunction | ExportedInstance | ExportedResource | ExportedType | ExportedOther;

function wrap(owner: ExportedInstance, name: string, item: LinkItem): ExportItem {
  const path = owner.path === '' ? name : `${owner.path}#${name}`;
  switch (item.kind) {
    case 'func':
      return new ExportedFunction(path, item.func);
    case 'instance':
      return new ExportedInstance(path, item.instance);
    case 'type':
      return item.type.kind === 'resource' ? new ExportedResource(name, item.type.resource, owner) : { kind: 'type', type: item.type };
    default:
      return { kind: item.kind, item };
  }
}

/**
 * Finds the export `name` among `names`: exactly, else (for an interface name) the export with the
 * same `ns:pkg/iface` whose version satisfies the requested one; a name without a version matches
 * the one export of that interface.
 */
export function findExportName(names: Iterable<string>, name: string): string | undefined {
  const all = [...names];
  if (all.includes(name)) return name;
  const want = splitInterfaceName(name);
  const hits = all.filter((n) => {
    const have = splitInterfaceName(n);
    return have.name === want.name && (want.version === undefined || versionSatisfies(have.version, want.version));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** An instance exported by a component instance (an exported interface), or the root instance itself. */
export class ExportedInstance {
  /** Always `'instance'`. */
  readonly kind = 'instance' as const;
  readonly #wrapped = new Map<string, ExportItem>();

  constructor(
    /** The export path of the instance (empty for the root). */
    readonly path: string,
    /** The runtime items. */
    readonly items: InstanceItems,
  ) {}

  /** The export names, in order. */
  get names(): string[] {
    return [...this.items.exports.keys()];
  }

  /** Every export, in order. */
  get exports(): ReadonlyMap<string, ExportItem> {
    const out = new Map<string, ExportItem>();
    for (const name of this.items.exports.keys()) out.set(name, this.get(name)!);
    return out;
  }

  /** The export `name` (see {@link findExportName} for version matching), or undefined. */
  get(name: string): ExportItem | undefined {
    const key = findExportName(this.items.exports.keys(), name);
    if (key === undefined) return undefined;
    let w = this.#wrapped.get(key);
    if (w === undefined) {
      w = wrap(this, key, this.items.exports.get(key)!);
      this.#wrapped.set(key, w);
    }
    return w;
  }

  /**
   * The export at `path`: names separated by `#` walk into exported instances
   * (`test:flavorful/test#f-list-in-record1`). Throws a {@link KpioError} naming what is missing.
   */
  lookup(path: string): ExportItem {
    const parts = path.split('#');
    let here: ExportedInstance | null = null;
    for (let i = 0; i < parts.length; i++) {
      const item: ExportItem | undefined = (here ?? this).get(parts[i]!);
      if (item === undefined) {
        const at = here ?? this;
        const where = at.path === '' ? 'the component' : `\`${at.path}\``;
        throw new KpioError(`${where} has no export named \`${parts[i]}\` (exports: ${at.names.join(', ') || 'none'})`);
      }
      if (i === parts.length - 1) return item;
      if (item.kind !== 'instance') throw new KpioError(`export \`${parts.slice(0, i + 1).join('#')}\` is a ${item.kind}, not an instance`);
      here = item;
    }
    throw new KpioError('empty export path');
  }

  /** The exported function at `path`. */
  func(path: string): ExportedFunction {
    const item = this.lookup(path);
    if (item.kind !== 'func') throw new KpioError(`export \`${path}\` is a ${item.kind}, not a function`);
    return item;
  }

  /** The exported instance at `path`. */
  instance(path: string): ExportedInstance {
    const item = this.lookup(path);
    if (item.kind !== 'instance') throw new KpioError(`export \`${path}\` is a ${item.kind}, not an instance`);
    return item;
  }

  /** The exported resource type at `path`. */
  resource(path: string): ExportedResource {
    const item = this.lookup(path);
    if (item.kind !== 'resource') throw new KpioError(`export \`${path}\` is a ${item.kind}, not a resource type`);
    return item;
  }

  /** Calls the exported function at `path` with JS values (see {@link ExportedFunction.call}). */
  call(path: string, args: readonly unknown[] = []): ComponentValue | undefined {
    return this.func(path).call(...args);
  }
}

/**
 * An instantiated component. Its exports are reached with {@link get}, {@link lookup},
 * {@link call} (`instance.call('test:flavorful/test#f-list-in-record1', [{ a: 'x' }])`) and friends.
 */
export class ComponentInstance extends ExportedInstance {
  constructor(
    items: InstanceItems,
    /** The canonical-ABI state of the root component instance (its handle table and flags). */
    readonly state: ComponentInstanceState,
  ) {
    super('', items);
  }
}
