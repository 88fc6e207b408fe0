/**
 * The runtime values that fill a component instance's index spaces while the linker walks its
 * definitions: component functions, instances (named bundles of items), types with their
 * resources bound to runtime resource types, component closures, compiled core modules and values.
 * Core-level items (functions, memories, tables, globals, core instances) are engine externs.
 */

import type { Extern } from '../../api/values.js';
import type { CompiledModule } from '../../runtime/engine.js';
import type { ComponentFunction } from '../abi/call.js';
import type { Component } from '../binary/component.js';
import type { ComponentExternType, ComponentTypeDef, CoreModuleType, InstanceType, ValueType } from '../types.js';

/** A core instance as the component layer sees it: its exports by name. */
export type CoreInstanceValue = ReadonlyMap<string, Extern>;

/** A core module ready to instantiate: the engine's compiled form and its import/export type. */
export interface ModuleValue {
  readonly compiled: CompiledModule;
  readonly type: CoreModuleType;
}

/**
 * A component that can be instantiated: its definitions and the runtime frame of the component
 * that encloses it (outer aliases inside it read that frame), or `null` at the top level.
 */
export interface ComponentClosure {
  readonly component: Component;
  /** Opaque to everything but the instantiator: the enclosing component's runtime index spaces. */
  readonly outer: unknown;
}

/** A component-level instance at run time: named items. */
export class InstanceItems {
  #type: InstanceType | null = null;

  constructor(
    /** The exports, in order. */
    readonly exports: ReadonlyMap<string, LinkItem>,
  ) {}

  /** The instance type, with the runtime resources of its items. */
  get type(): InstanceType {
    if (this.#type === null) {
      const exports = new Map<string, ComponentExternType>();
      for (const [name, item] of this.exports) exports.set(name, externTypeOfItem(item));
      this.#type = { kind: 'instance', exports, resources: [] };
    }
    return this.#type;
  }
}

/** One item of a component-level index space at run time. */
export type LinkItem =
  | { readonly kind: 'func'; readonly func: ComponentFunction }
  | { readonly kind: 'instance'; readonly instance: InstanceItems }
  | { readonly kind: 'type'; readonly type: ComponentTypeDef }
  | { readonly kind: 'component'; readonly component: ComponentClosure }
  | { readonly kind: 'module'; readonly module: ModuleValue }
  | { readonly kind: 'value'; readonly type: ValueType; readonly value: unknown };

/** The extern type of a runtime item (resources are the runtime resource types). */
export function externTypeOfItem(item: LinkItem): ComponentExternType {
  switch (item.kind) {
    case 'func':
      return { kind: 'func', type: item.func.type };
    case 'instance':
      return { kind: 'instance', type: item.instance.type };
    case 'type':
      return { kind: 'type', type: item.type };
    case 'component':
      return { kind: 'component', type: item.component.component.type };
    case 'module':
      return { kind: 'module', type: item.module.type };
    case 'value':
      return { kind: 'value', type: item.type };
  }
}
