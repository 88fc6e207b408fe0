/**
 * Import resolution: what a host may supply for a component's imports ({@link ImportValue}),
 * where the linker looks for it ({@link ImportSource}: {@link HostInterfaces} with version
 * matching, or maps by import name), and how a supplied value becomes a runtime item of the
 * declared type, binding the import's abstract resources on the way.
 */

import { LinkError } from '../../api/errors.js';
import { loadModule } from '../../runtime/compile.js';
import { hostFunction, type ComponentFunction } from '../abi/call.js';
import type { ComponentValue } from '../abi/values.js';
import type { Component } from '../binary/component.js';
import { scanCoreModuleType } from '../binary/core-module-type.js';
import { resourceRoot, type ComponentExternType, type ComponentTypeDef, type InstanceType, type ResourceType } from '../types.js';
import { bindExtern, substituteFunc, substituteTypeDef, substituteValue } from './bind.js';
import { CompiledComponent } from './compiled-component.js';
import { ComponentInstance, ExportedFunction, ExportedInstance, ExportedResource, type ExportItem } from './component-instance.js';
import type { Frame } from './frame.js';
import { HostInterfaces, splitInterfaceName, versionSatisfies, type HostInterface } from './host-interface.js';
import { externTypeOfItem, InstanceItems, type LinkItem } from './items.js';

/** A JS host function: one JS value per parameter in, the JS value of the result out. */
export type HostFunctionValue = (...args: any[]) => unknown;

/**
 * A plain object supplying an instance import: export name -> value (functions, resource types
 * under the resource's name, nested instances).
 */
export interface HostInstance {
  readonly [name: string]: ImportValue;
}

/**
 * What the host may supply for one import, by the import's kind:
 *
 * - a function import: a JS function (its type is the import's declared type), a typed
 *   {@link ComponentFunction} (e.g. from `hostFunction`), or another instance's {@link ExportedFunction};
 * - an instance import: a {@link HostInterface}, a {@link HostInstance} object, or another
 *   component's {@link ComponentInstance} / {@link ExportedInstance};
 * - a resource type import: a {@link ResourceType} (usually a `RuntimeResourceType.host`) or an
 *   {@link ExportedResource};
 * - a component import: a decoded {@link Component} or a {@link CompiledComponent};
 * - a core module import: the module's bytes;
 * - a value import: the JS value ({@link ComponentValue}).
 */
export type ImportValue =
  | HostFunctionValue
  | ComponentFunction
  | HostInterface
  | HostInstance
  | ExportItem
  | ComponentInstance
  | ResourceType
  | Component
  | CompiledComponent
  | Uint8Array
  | ComponentValue;

/** Import values by import name (`wasi:cli/stdout@0.2.0`, `test`, ...). */
export type ImportMap = ReadonlyMap<string, ImportValue> | { readonly [name: string]: ImportValue };

/**
 * Where imports are looked up: a {@link HostInterfaces} registry, a map by name, or several of
 * them (the first that has the name wins).
 */
export type ImportSource = HostInterfaces | ImportMap | readonly (HostInterfaces | ImportMap)[];

function mapGet(m: ImportMap, key: string): ImportValue | undefined {
  return m instanceof Map ? m.get(key) : Object.prototype.hasOwnProperty.call(m, key) ? (m as Record<string, ImportValue>)[key] : undefined;
}

function mapKeys(m: ImportMap): string[] {
  return m instanceof Map ? [...m.keys()] : Object.keys(m);
}

function lookupInMap(m: ImportMap, name: string): ImportValue | undefined {
  const exact = mapGet(m, name);
  if (exact !== undefined) return exact;
  const want = splitInterfaceName(name);
  // Note: a key without a version serves every version; a versioned key serves the versions
  // semver-compatible with it (the same rule as HostInterfaces), the newest first.
  const keys = mapKeys(m).filter((k) => {
    const have = splitInterfaceName(k);
    return have.name === want.name && (have.version === undefined || versionSatisfies(have.version, want.version));
  });
  keys.sort((a, b) => (versionSatisfies(splitInterfaceName(a).version, splitInterfaceName(b).version) ? -1 : 1));
  return keys.length > 0 ? mapGet(m, keys[0]!) : undefined;
}

/** Looks up the value for the import `name` in `source`. */
export function lookupImport(source: ImportSource | undefined, name: string): ImportValue | undefined {
  if (source === undefined) return undefined;
  const list: readonly (HostInterfaces | ImportMap)[] = Array.isArray(source) ? source : [source as HostInterfaces | ImportMap];
  for (const s of list) {
    const v = s instanceof HostInterfaces ? s.resolve(name) : lookupInMap(s, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

function isComponentFunction(v: unknown): v is ComponentFunction {
  return typeof v === 'object' && v !== null && typeof (v as ComponentFunction).invoke === 'function' && typeof (v as ComponentFunction).type === 'object';
}

/** True for a {@link ResourceType} (a `RuntimeResourceType` or a plain resource object). */
export function isResourceType(v: unknown): v is ResourceType {
  return typeof v === 'object' && v !== null && (v as ResourceType).kind === 'resource' && typeof (v as ResourceType).name === 'string';
}

function isHostInterface(v: unknown): v is HostInterface {
  const h = v as HostInterface;
  return typeof v === 'object' && v !== null && typeof h.name === 'string' && typeof h.funcs === 'object' && h.funcs !== null && typeof h.resources === 'object' && h.resources !== null;
}

function isComponent(v: unknown): v is Component {
  const c = v as Component;
  return typeof v === 'object' && v !== null && Array.isArray(c.definitions) && typeof c.spaces === 'object' && c.type?.kind === 'component';
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (v instanceof ExportedFunction) return 'an exported function';
  if (v instanceof ExportedInstance) return 'an instance';
  if (v instanceof ExportedResource || isResourceType(v)) return 'a resource type';
  if (isComponentFunction(v)) return 'a component function';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The item of an instance supplied as another component's export, if `v` is one. */
function linkItemOf(v: unknown): LinkItem | undefined {
  if (v instanceof ExportedFunction) return { kind: 'func', func: v.func };
  if (v instanceof ExportedInstance) return { kind: 'instance', instance: v.items };
  if (v instanceof ExportedResource) return { kind: 'type', type: { kind: 'resource', resource: v.type } };
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as { readonly kind?: unknown; readonly item?: LinkItem; readonly type?: ComponentTypeDef };
  if ((o.kind === 'component' || o.kind === 'module' || o.kind === 'value') && o.item !== undefined) return o.item;
  if (o.kind === 'type' && typeof o.type === 'object' && o.type !== null) return { kind: 'type', type: o.type };
  return undefined;
}

/**
 * Turns the host's value `value` for an import declared with the static type `expected` into a
 * runtime item of `frame`, binding the import's resources. `what` names the import in errors.
 */
export function importItem(frame: Frame, expected: ComponentExternType, value: ImportValue | undefined, what: string): LinkItem {
  if (value === undefined && expected.kind === 'type') {
    // Note: a type import bounded by `(eq T)` needs nothing from the host: it is another name for T.
    if (expected.type.kind !== 'resource') return { kind: 'type', type: substituteTypeDef(frame, expected.type) };
    const bound = frame.resources.get(resourceRoot(expected.type.resource));
    if (bound !== undefined) return { kind: 'type', type: { kind: 'resource', resource: bound } };
  }
  if (value === undefined) throw new LinkError(`${what}: no value was supplied for this ${expected.kind} import`);
  const linked = linkItemOf(value);
  if (linked !== undefined) {
    bindExtern(frame, externTypeOfItem(linked), expected, what);
    return linked;
  }
  switch (expected.kind) {
    case 'func': {
      if (typeof value === 'function') return { kind: 'func', func: hostFunction(substituteFunc(frame, expected.type), value as HostFunctionValue) };
      if (isComponentFunction(value)) {
        const item: LinkItem = { kind: 'func', func: value };
        bindExtern(frame, externTypeOfItem(item), expected, what);
        return item;
      }
      break;
    }
    case 'instance': {
      if (isHostInterface(value)) {
        const label = `the host interface \`${value.version === undefined ? value.name : `${value.name}@${value.version}`}\``;
        return { kind: 'instance', instance: hostInstanceItems(frame, expected.type, { label, funcs: value.funcs, resources: value.resources }, what) };
      }
      if (typeof value === 'object' && value !== null && !isResourceType(value) && !(value instanceof Uint8Array) && !isComponentFunction(value)) {
        const record = value as HostInstance;
        return { kind: 'instance', instance: hostInstanceItems(frame, expected.type, { label: 'the supplied instance', funcs: record, resources: record, record }, what) };
      }
      break;
    }
    case 'type': {
      if (expected.type.kind === 'resource') {
        if (isResourceType(value)) {
          bindResource(frame, expected.type.resource, value, what);
          return { kind: 'type', type: { kind: 'resource', resource: value } };
        }
        break;
      }
      return { kind: 'type', type: substituteTypeDef(frame, expected.type) };
    }
    case 'component': {
      const c = value instanceof CompiledComponent ? value.component : isComponent(value) ? value : undefined;
      if (c !== undefined) {
        const item: LinkItem = { kind: 'component', component: { component: c, outer: null } };
        bindExtern(frame, externTypeOfItem(item), expected, what);
        return item;
      }
      break;
    }
    case 'module': {
      if (value instanceof Uint8Array) {
        const compiled = frame.engine.compile(loadModule(value), value);
        const item: LinkItem = { kind: 'module', module: { compiled, type: scanCoreModuleType(value, 0, value.length) } };
        bindExtern(frame, externTypeOfItem(item), expected, what);
        return item;
      }
      break;
    }
    case 'value':
      return { kind: 'value', type: substituteValue(frame, expected.type), value };
  }
  throw new LinkError(`${what}: expected ${expected.kind === 'instance' ? 'an instance' : `a ${expected.kind}`}, got ${describeValue(value)}`);
}

function bindResource(frame: Frame, declared: ResourceType, supplied: ResourceType, what: string): void {
  const r = resourceRoot(declared);
  const bound = frame.resources.get(r);
  if (bound !== undefined) {
    if (resourceRoot(bound) !== resourceRoot(supplied)) {
      throw new LinkError(`${what}: resource type \`${declared.name}\` is already bound to \`${bound.name}\`, but \`${supplied.name}\` was supplied`);
    }
    return;
  }
  frame.bindResource(r, supplied);
}

/** `o[key]` when `o` has that own property (so `constructor` or `toString` are never inherited). */
function ownValue(o: Readonly<Record<string, unknown>>, key: string): ImportValue | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o[key] as ImportValue) : undefined;
}

/** Where the items of a host-supplied instance come from, and how to name it in errors. */
interface HostInstanceSource {
  readonly label: string;
  readonly funcs: Readonly<Record<string, unknown>>;
  readonly resources: Readonly<Record<string, unknown>>;
  readonly record?: HostInstance;
}

/**
 * Builds the items of an instance import from a host interface: resources from `iface.resources`
 * (bound in declaration order, so that later functions see them), functions from `iface.funcs`
 * typed by the import's declaration, nested instances and other items from `record`.
 */
function hostInstanceItems(frame: Frame, type: InstanceType, source: HostInstanceSource, what: string): InstanceItems {
  const items = new Map<string, LinkItem>();
  const { label, record } = source;
  for (const [name, e] of type.exports) {
    const where = `${what}: export \`${name}\``;
    switch (e.kind) {
      case 'type': {
        if (e.type.kind === 'resource') {
          const declared = resourceRoot(e.type.resource);
          const supplied = ownValue(source.resources, name);
          const bound = frame.resources.get(declared);
          if (supplied !== undefined && !isResourceType(supplied)) throw new LinkError(`${where}: expected a resource type, got ${describeValue(supplied)}`);
          if (bound === undefined && supplied === undefined) {
            throw new LinkError(`${what}: ${label} does not provide the resource type \`${name}\``);
          }
          if (supplied !== undefined) bindResource(frame, declared, supplied, where);
          items.set(name, { kind: 'type', type: { kind: 'resource', resource: frame.resources.get(declared)! } });
        } else {
          items.set(name, { kind: 'type', type: substituteTypeDef(frame, e.type) });
        }
        break;
      }
      case 'func': {
        const fn = ownValue(source.funcs, name);
        if (fn === undefined) throw new LinkError(`${what}: ${label} does not provide the function \`${name}\``);
        items.set(name, importItem(frame, e, fn, where));
        break;
      }
      default: {
        const v = record === undefined ? undefined : ownValue(record, name);
        if (v === undefined) throw new LinkError(`${what}: ${label} does not provide the ${e.kind} \`${name}\``);
        items.set(name, importItem(frame, e, v, where));
        break;
      }
    }
  }
  return new InstanceItems(items);
}
