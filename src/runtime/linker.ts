/**
 * The Linker: a namespace of externs by (module, name) that resolves a module's imports, checks their
 * types, and instantiates through the injected {@link Engine}.
 */

import { LinkError } from '../api/errors.js';
import type { FuncType, GlobalType, MemoryType, TableType } from '../api/types.js';
import type { Extern, HostFunction, Value } from '../api/values.js';
import type { CompiledModule, Engine } from './engine.js';
import { externTypeOf, matchExtern } from './import-match.js';
import { Instance } from './instance.js';
import type { ExternType } from '../api/types.js';

/** Resolves imports by name and instantiates modules on one engine. */
export class Linker {
  private readonly defs = new Map<string, Map<string, Extern>>();

  constructor(readonly engine: Engine) {}

  /** Defines `module.name` as `extern` (replacing an earlier definition). */
  define(module: string, name: string, extern: Extern): this {
    let m = this.defs.get(module);
    if (!m) this.defs.set(module, (m = new Map()));
    m.set(name, extern);
    return this;
  }

  /** Defines a host function `module.name` with JS-API conventions. */
  defineFunc(module: string, name: string, type: FuncType, fn: HostFunction): this {
    return this.define(module, name, this.engine.createHostFunction(type, fn));
  }

  /** Creates and defines a memory. */
  defineMemory(module: string, name: string, type: MemoryType): this {
    return this.define(module, name, this.engine.createMemory(type));
  }

  /** Creates and defines a table. */
  defineTable(module: string, name: string, type: TableType, init?: Value): this {
    return this.define(module, name, this.engine.createTable(type, init));
  }

  /** Creates and defines a global. */
  defineGlobal(module: string, name: string, type: GlobalType, value: Value): this {
    return this.define(module, name, this.engine.createGlobal(type, value));
  }

  /** Makes every export of `instance` importable as `module.<export name>` (the spec's `register`). */
  defineInstance(module: string, instance: Instance): this {
    for (const [name, e] of Object.entries(instance.exports)) this.define(module, name, e);
    return this;
  }

  /** The extern defined as `module.name`, if any. */
  get(module: string, name: string): Extern | undefined {
    return this.defs.get(module)?.get(name);
  }

  /**
   * Resolves the imports of `compiled` in order. Throws LinkError "unknown import" or
   * "incompatible import type" naming the import.
   */
  resolveImports(compiled: CompiledModule): Extern[] {
    const { module, funcTypes, tableTypes, memoryTypes, globalTypes } = compiled.validated;
    const counters = { func: 0, table: 0, memory: 0, global: 0 };
    return module.imports.map((imp) => {
      const kind = imp.desc.kind;
      const idx = counters[kind]++;
      const expected: ExternType =
        kind === 'func'
          ? { kind, type: funcTypes[idx]! }
          : kind === 'table'
            ? { kind, type: tableTypes[idx]! }
            : kind === 'memory'
              ? { kind, type: memoryTypes[idx]! }
              : { kind, type: globalTypes[idx]! };
      const found = this.get(imp.module, imp.name);
      const what = `import "${imp.module}" "${imp.name}"`;
      if (!found) throw new LinkError(`unknown import: ${what} (${kind}) is not defined`);
      if (!this.engine.owns(found)) {
        throw new LinkError(`incompatible import type: ${what} comes from a different engine`);
      }
      const mismatch = matchExtern(externTypeOf(found), expected);
      if (mismatch) throw new LinkError(`${mismatch} for ${what}`);
      return found;
    });
  }

  /** Resolves imports and instantiates (running data/elem initialisation and the start function). */
  instantiate(compiled: CompiledModule): Instance {
    const imports = this.resolveImports(compiled);
    const inst = this.engine.instantiate(compiled, imports);
    return new Instance(compiled.validated, inst.exports);
  }
}
