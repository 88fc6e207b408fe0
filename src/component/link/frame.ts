/**
 * The runtime index spaces of one component instance while it is being instantiated (a "frame"):
 * one array per index space, filled in definition order exactly as the decoder filled the static
 * spaces of {@link Component.spaces}, plus the map from the component's static resource types to
 * the runtime resource types they denote in this instance.
 */

import { LinkError } from '../../api/errors.js';
import type { Extern, WasmFunc, WasmGlobal, WasmMemory, WasmTable } from '../../api/values.js';
import type { Engine } from '../../runtime/engine.js';
import type { ComponentFunction } from '../abi/call.js';
import type { ComponentInstanceState } from '../abi/instance-state.js';
import type { Component } from '../binary/component.js';
import type { IndexSpaces } from '../binary/scope.js';
import { resourceRoot, type ComponentTypeDef, type ResourceType, type ValueType } from '../types.js';
import type { CompiledComponent } from './compiled-component.js';
import type { ComponentClosure, CoreInstanceValue, InstanceItems, LinkItem, ModuleValue } from './items.js';

/** A value in the value index space. */
export interface ValueItem {
  readonly type: ValueType;
  readonly value: unknown;
}

/** The runtime state of one component while its definitions are instantiated. */
export class Frame {
  readonly coreFuncs: WasmFunc[] = [];
  readonly coreTables: WasmTable[] = [];
  readonly coreMemories: WasmMemory[] = [];
  readonly coreGlobals: WasmGlobal[] = [];
  readonly coreModules: ModuleValue[] = [];
  readonly coreInstances: CoreInstanceValue[] = [];
  readonly funcs: ComponentFunction[] = [];
  readonly values: ValueItem[] = [];
  readonly types: ComponentTypeDef[] = [];
  readonly components: ComponentClosure[] = [];
  readonly instances: InstanceItems[] = [];
  /** Static resource type (root) of this component -> the runtime resource type it denotes. */
  readonly resources = new Map<ResourceType, ResourceType>();

  constructor(
    /** The component being instantiated. */
    readonly component: Component,
    /** The frame of the enclosing component, for outer aliases. */
    readonly outer: Frame | null,
    /** The canonical-ABI state of this component instance. */
    readonly state: ComponentInstanceState,
    /** The engine core modules run on. */
    readonly engine: Engine,
    /** Compiled core modules, shared across instantiations. */
    readonly compiled: CompiledComponent,
    /** A path for messages (`root`, `root/inner`). */
    readonly path: string,
  ) {}

  /** The static index spaces the decoder computed for this component. */
  get spaces(): IndexSpaces {
    return this.component.spaces;
  }

  /** The frame `count` levels out (0 = this frame). */
  outerFrame(count: number): Frame {
    if (count === 0) return this;
    if (this.outer === null) throw new LinkError(`${this.path}: an outer alias reaches beyond the outermost component`);
    return this.outer.outerFrame(count - 1);
  }

  /** Binds the static resource `r` (its root) to the runtime resource `runtime`. */
  bindResource(r: ResourceType, runtime: ResourceType): void {
    this.resources.set(resourceRoot(r), runtime);
  }

  /** The runtime item of the component-level space `sort` at `index`. */
  item(sort: string, index: number): LinkItem {
    const missing = (): never => {
      throw new LinkError(`${this.path}: ${sort} index ${index} is out of bounds`);
    };
    switch (sort) {
      case 'func':
        return { kind: 'func', func: this.funcs[index] ?? missing() };
      case 'instance':
        return { kind: 'instance', instance: this.instances[index] ?? missing() };
      case 'type':
        return { kind: 'type', type: this.types[index] ?? missing() };
      case 'component':
        return { kind: 'component', component: this.components[index] ?? missing() };
      case 'core module':
        return { kind: 'module', module: this.coreModules[index] ?? missing() };
      case 'value': {
        const v = this.values[index] ?? missing();
        return { kind: 'value', type: v.type, value: v.value };
      }
      default:
        throw new LinkError(`${this.path}: a ${sort} cannot be used as a component-level item`);
    }
  }

  /** The core extern of the core space `sort` (`core func`, `core memory`, ...) at `index`. */
  coreItem(sort: string, index: number): Extern {
    const space: readonly Extern[] | undefined =
      sort === 'core func'
        ? this.coreFuncs
        : sort === 'core memory'
          ? this.coreMemories
          : sort === 'core table'
            ? this.coreTables
            : sort === 'core global'
              ? this.coreGlobals
              : undefined;
    if (space === undefined) throw new LinkError(`${this.path}: a ${sort} cannot be exported from a core instance (not supported)`);
    const e = space[index];
    if (e === undefined) throw new LinkError(`${this.path}: ${sort} index ${index} is out of bounds`);
    return e;
  }

  /** Appends a runtime item to the space of its sort. */
  push(item: LinkItem): void {
    switch (item.kind) {
      case 'func':
        this.funcs.push(item.func);
        return;
      case 'instance':
        this.instances.push(item.instance);
        return;
      case 'type':
        this.types.push(item.type);
        return;
      case 'component':
        this.components.push(item.component);
        return;
      case 'module':
        this.coreModules.push(item.module);
        return;
      case 'value':
        this.values.push({ type: item.type, value: item.value });
        return;
    }
  }

  /** Appends a core extern to the space of its kind. */
  pushCore(e: Extern): void {
    switch (e.kind) {
      case 'func':
        this.coreFuncs.push(e);
        return;
      case 'memory':
        this.coreMemories.push(e);
        return;
      case 'table':
        this.coreTables.push(e);
        return;
      case 'global':
        this.coreGlobals.push(e);
        return;
    }
  }
}
