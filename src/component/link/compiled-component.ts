/**
 * A component prepared for one engine: the decoded component plus a cache of its embedded core
 * modules compiled by that engine, so that instantiating it several times (or instantiating a
 * nested component several times) decodes, validates and compiles each core module once.
 */

import { loadModule } from '../../runtime/compile.js';
import type { Engine } from '../../runtime/engine.js';
import type { CoreModuleDef } from '../binary/ast.js';
import type { Component } from '../binary/component.js';
import type { CoreModuleType } from '../types.js';
import type { ModuleValue } from './items.js';

/** A component together with the engine that runs it and its compiled core modules. */
export class CompiledComponent {
  readonly #modules = new WeakMap<CoreModuleDef, ModuleValue>();

  constructor(
    /** The decoded, validated component. */
    readonly component: Component,
    /** The engine that compiles and runs its core modules. */
    readonly engine: Engine,
  ) {}

  /**
   * The compiled form of an embedded core module (compiled on first use). `type` is the module
   * type the component decoder derived for it.
   */
  module(def: CoreModuleDef, type: CoreModuleType): ModuleValue {
    let m = this.#modules.get(def);
    if (m === undefined) {
      // Note: the decoder already decoded and validated the module (unless asked not to): reuse it.
      m = { compiled: this.engine.compile(def.validated ?? loadModule(def.bytes), def.bytes), type };
      this.#modules.set(def, m);
    }
    return m;
  }

  /** Compiles every embedded core module now (including those of nested components). */
  compileAll(): this {
    const walk = (c: Component): void => {
      for (const entry of c.spaces.coreModules) {
        const d = c.definitions[entry.def];
        if (d?.kind === 'core-module') this.module(d.module, entry.type);
      }
      for (const d of c.definitions) if (d.kind === 'component') walk(d.component);
    };
    walk(this.component);
    return this;
  }
}

/** Prepares `component` for `engine` (see {@link CompiledComponent}); compiles its core modules eagerly. */
export function compileComponent(component: Component, engine: Engine): CompiledComponent {
  return new CompiledComponent(component, engine).compileAll();
}
