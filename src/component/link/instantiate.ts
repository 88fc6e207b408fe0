/**
 * Component instantiation (Explainer.md "Instance Definitions", "Alias Definitions", "Canonical
 * Definitions", "Start Definitions", "Import and Export Definitions"): walks a component's
 * definitions in order and fills one runtime index space per sort, exactly as the decoder filled the
 * static ones, so that every index in the binary means the same item at run time.
 */

import { KpioError, LinkError } from '../../api/errors.js';
import type { Engine } from '../../runtime/engine.js';
import { callFunction } from '../abi/call.js';
import { ComponentInstanceState } from '../abi/instance-state.js';
import { RuntimeResourceType } from '../abi/resource-type.js';
import type { Alias, Definition, InstanceDecl } from '../binary/ast.js';
import type { Component } from '../binary/component.js';
import type { IndexSpaces } from '../binary/scope.js';
import { resourceRoot, type ComponentExternType, type ResourceType } from '../types.js';
import { bindExtern, substituteTypeDef } from './bind.js';
import { canonLift, canonLower, canonResource } from './canon.js';
import { CompiledComponent } from './compiled-component.js';
import { ComponentInstance } from './component-instance.js';
import { coreInstance } from './core-instances.js';
import { Frame } from './frame.js';
import { importItem, lookupImport, type ImportSource } from './imports.js';
import { externTypeOfItem, InstanceItems, type LinkItem } from './items.js';

/** Options of {@link instantiateComponent}. */
export interface InstantiateOptions {
  /** The engine that compiles and runs the component's core modules. */
  readonly engine: Engine;
  /** Where imports are found (see {@link ImportSource}); none when the component imports nothing. */
  readonly imports?: ImportSource;
  /** A name for the root instance in messages (default `root`). */
  readonly name?: string;
  /** The largest handle index any instance's handle table may hand out (default 2^28 - 1). */
  readonly maxHandles?: number;
}

type ResolveImport = (name: string, expected: ComponentExternType, what: string) => LinkItem;

/** The runtime spaces checked against the static ones after every definition. */
const CHECKED: readonly [keyof IndexSpaces, keyof Frame][] = [
  ['coreFuncs', 'coreFuncs'],
  ['coreMemories', 'coreMemories'],
  ['coreTables', 'coreTables'],
  ['coreGlobals', 'coreGlobals'],
  ['coreModules', 'coreModules'],
  ['coreInstances', 'coreInstances'],
  ['funcs', 'funcs'],
  ['values', 'values'],
  ['types', 'types'],
  ['components', 'components'],
  ['instances', 'instances'],
];

/**
 * Instantiates `component` on `options.engine`, resolving its imports from `options.imports`.
 * Missing or mismatched imports are {@link LinkError}s naming the import; a trap while running
 * start functions (core or component) is a `Trap`.
 */
export function instantiateComponent(component: Component | CompiledComponent, options: InstantiateOptions): ComponentInstance {
  const compiled = component instanceof CompiledComponent ? component : new CompiledComponent(component, options.engine);
  if (compiled.engine !== options.engine) throw new KpioError('instantiateComponent: the component was compiled for a different engine');
  const name = options.name ?? 'root';
  const state = new ComponentInstanceState({ name, ...(options.maxHandles !== undefined ? { maxHandles: options.maxHandles } : {}) });
  const frame = new Frame(compiled.component, null, state, options.engine, compiled, name);
  const items = run(frame, (importName, expected, what) => importItem(frame, expected, lookupImport(options.imports, importName), what), options);
  return new ComponentInstance(items, state);
}

function run(frame: Frame, resolve: ResolveImport, options: InstantiateOptions): InstanceItems {
  const c = frame.component;
  const exports = new Map<string, LinkItem>();
  // Note: `expected[k]` counts the static entries of space k created by definitions up to now.
  const expected = CHECKED.map(() => 0);
  c.definitions.forEach((d, di) => {
    define(frame, d, di, resolve, exports, options);
    for (let k = 0; k < CHECKED.length; k++) {
      const [s, r] = CHECKED[k]!;
      const space = frame.spaces[s];
      while (expected[k]! < space.length && space[expected[k]!]!.def <= di) expected[k]!++;
      if ((frame[r] as unknown[]).length !== expected[k]) {
        throw new KpioError(`internal error: ${frame.path}: the runtime ${s} space diverged from the decoder's at definition ${di} (${d.kind})`);
      }
    }
  });
  return new InstanceItems(exports);
}

function define(frame: Frame, d: Definition, di: number, resolve: ResolveImport, exports: Map<string, LinkItem>, options: InstantiateOptions): void {
  const spaces = frame.spaces;
  switch (d.kind) {
    case 'core-module': {
      const entry = spaces.coreModules[frame.coreModules.length]!;
      frame.coreModules.push(frame.compiled.module(d.module, entry.type));
      return;
    }
    case 'core-instance':
      frame.coreInstances.push(coreInstance(frame, d.instance, frame.coreInstances.length));
      return;
    case 'core-type':
      return;
    case 'component':
      frame.components.push({ component: d.component, outer: frame });
      return;
    case 'instance':
      frame.instances.push(instance(frame, d.instance, options));
      return;
    case 'alias':
      alias(frame, d.alias);
      return;
    case 'type': {
      const index = frame.types.length;
      const t = spaces.types[index]!.type;
      if (t.kind === 'resource' && d.type.kind === 'resource') {
        const dtor = d.type.dtor === null ? undefined : frame.coreFuncs[d.type.dtor];
        const runtime = RuntimeResourceType.guest(resourceName(frame, t.resource, index), frame.state, dtor);
        frame.bindResource(t.resource, runtime);
        frame.types.push({ kind: 'resource', resource: runtime });
      } else {
        frame.types.push(substituteTypeDef(frame, t));
      }
      return;
    }
    case 'canon': {
      const canon = d.canon;
      switch (canon.kind) {
        case 'lift':
          frame.funcs.push(canonLift(frame, canon, frame.funcs.length));
          return;
        case 'lower':
          frame.coreFuncs.push(canonLower(frame, canon, frame.coreFuncs.length));
          return;
        case 'resource.new':
        case 'resource.rep':
        case 'resource.drop':
          frame.coreFuncs.push(canonResource(frame, canon));
          return;
        case 'builtin':
          throw new LinkError(`${frame.path}: \`canon ${canon.name}\` (Preview 3 / threads) is not supported`);
      }
      return;
    }
    case 'start': {
      const func = frame.funcs[d.func];
      if (func === undefined) throw new LinkError(`${frame.path}: start function index ${d.func} is out of bounds`);
      const args = d.args.map((i) => {
        const v = frame.values[i];
        if (v === undefined) throw new LinkError(`${frame.path}: start argument value index ${i} is out of bounds`);
        return v.value;
      });
      const result = callFunction(func, args);
      if (d.results === 1 && func.type.result !== null) frame.values.push({ type: func.type.result, value: result });
      return;
    }
    case 'import': {
      const name = d.name.raw;
      const expected = frame.component.imports.get(name)!;
      frame.push(resolve(name, expected, `${frame.outer === null ? '' : `${frame.path}: `}import \`${name}\``));
      return;
    }
    case 'export': {
      const name = d.name.raw;
      let item = frame.item(d.sort, d.index);
      const declared = frame.component.exports.get(name)!;
      if (item.kind === 'instance' && declared.kind === 'instance' && d.desc !== null) {
        // Note: a type ascription may hide some of the instance's exports.
        const visible = new Map([...item.instance.exports].filter(([k]) => declared.type.exports.has(k)));
        item = { kind: 'instance', instance: new InstanceItems(visible) };
      }
      if (d.desc !== null) {
        // Note: an ascribed type may introduce abstract resources (a `(sub resource)` export, an
        // instance type's own resources). Types are erased at run time: they denote the runtime
        // resources of the exported item, so functions typed with the export's new index lift and
        // lower the handles the component's own core code makes.
        bindExtern(frame, externTypeOfItem(item), declared, `${frame.path}: export \`${name}\``);
      }
      exports.set(name, item);
      frame.push(item);
      return;
    }
    case 'value':
      throw new LinkError(`${frame.path}: value definitions (the component-model-values feature) are not supported`);
  }
}

function alias(frame: Frame, a: Alias): void {
  switch (a.kind) {
    case 'export': {
      const inst = frame.instances[a.instance];
      if (inst === undefined) throw new LinkError(`${frame.path}: instance index ${a.instance} is out of bounds`);
      const item = inst.exports.get(a.name);
      if (item === undefined) throw new LinkError(`${frame.path}: instance ${a.instance} has no export named \`${a.name}\``);
      frame.push(item);
      return;
    }
    case 'core-export': {
      const inst = frame.coreInstances[a.instance];
      if (inst === undefined) throw new LinkError(`${frame.path}: core instance index ${a.instance} is out of bounds`);
      const e = inst.get(a.name);
      if (e === undefined) {
        throw new LinkError(`${frame.path}: core instance ${a.instance} has no ${a.sort === 'core tag' ? 'usable ' : ''}export named \`${a.name}\`${a.sort === 'core tag' ? ' (tags are not supported)' : ''}`);
      }
      if (`core ${e.kind}` !== a.sort) throw new LinkError(`${frame.path}: export \`${a.name}\` of core instance ${a.instance} is a ${e.kind}, not a ${a.sort.slice(5)}`);
      frame.pushCore(e);
      return;
    }
    case 'outer': {
      const target = frame.outerFrame(a.count);
      switch (a.sort) {
        case 'core module':
          frame.coreModules.push(target.coreModules[a.index] ?? outOfBounds(frame, a));
          return;
        case 'component':
          frame.components.push(target.components[a.index] ?? outOfBounds(frame, a));
          return;
        case 'type':
          frame.types.push(target.types[a.index] ?? outOfBounds(frame, a));
          return;
        case 'core type':
          return;
        default:
          throw new LinkError(`${frame.path}: outer aliases of ${a.sort} are not allowed`);
      }
    }
  }
}

function outOfBounds(frame: Frame, a: Alias & { kind: 'outer' }): never {
  throw new LinkError(`${frame.path}: outer alias of ${a.sort} ${a.index} (${a.count} out) is out of bounds`);
}

function instance(frame: Frame, d: InstanceDecl, options: InstantiateOptions): InstanceItems {
  const index = frame.instances.length;
  if (d.kind === 'exports') {
    const items = new Map<string, LinkItem>();
    for (const e of d.exports) items.set(e.name.raw, frame.item(e.sort, e.index));
    return new InstanceItems(items);
  }
  const closure = frame.components[d.component];
  if (closure === undefined) throw new LinkError(`${frame.path}: component index ${d.component} is out of bounds`);
  const args = new Map<string, LinkItem>();
  for (const a of d.args) args.set(a.name, frame.item(a.sort, a.index));
  const label = frame.component.names?.sorts.get('instance')?.get(index) ?? `instance${index}`;
  const path = `${frame.path}/${label}`;
  const state = new ComponentInstanceState({ name: path, parent: frame.state, ...(options.maxHandles !== undefined ? { maxHandles: options.maxHandles } : {}) });
  const outer = closure.outer as Frame | null;
  const compiled = closure.component === frame.compiled.component || outer !== null ? frame.compiled : new CompiledComponent(closure.component, frame.engine);
  const child = new Frame(closure.component, outer, state, frame.engine, compiled, path);
  const items = run(
    child,
    (name, expected, what) => {
      const arg = args.get(name);
      if (arg === undefined) throw new LinkError(`${what}: missing instantiation argument`);
      bindExtern(child, externTypeOfItem(arg), expected, what);
      return arg;
    },
    options,
  );
  // Note: the parent's static view of the new instance has fresh resources for those the child
  // defines; bind them to the child's runtime resources.
  bindExtern(frame, { kind: 'instance', type: items.type }, { kind: 'instance', type: frame.spaces.instances[index]!.type }, `${path}: exports`);
  return items;
}

/** Whether the exported resource `e` is (another name for, or a `(sub resource)` export of) `root`. */
function exportsResource(e: ResourceType, root: ResourceType): boolean {
  const r = resourceRoot(e);
  return r === root || (r.implementedBy !== undefined && resourceRoot(r.implementedBy) === root);
}

/** A readable name for a resource defined at type index `index`: the name it is exported under, if any. */
function resourceName(frame: Frame, r: ResourceType, index: number): string {
  const root = resourceRoot(r);
  for (const [name, e] of frame.component.exports) {
    if (e.kind === 'type' && e.type.kind === 'resource' && exportsResource(e.type.resource, root)) return `${frame.path}.${name}`;
    if (e.kind === 'instance') {
      for (const [inner, x] of e.type.exports) {
        if (x.kind === 'type' && x.type.kind === 'resource' && exportsResource(x.type.resource, root)) return `${frame.path}.${name}#${inner}`;
      }
    }
  }
  return `${frame.path}.resource${index}`;
}
