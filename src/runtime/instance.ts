/** An instantiated module as the embedder sees it. */

import type { Extern, WasmFunc, WasmGlobal, WasmMemory, WasmTable } from '../api/values.js';
import { KpioError } from '../api/errors.js';
import type { ValidatedModule } from '../wasm/validate/validated-module.js';

/** A module instance: its exports as kpio externs and as a JS-API-shaped object. */
export class Instance {
  /** Exports by name, in declaration order. */
  readonly exports: Readonly<Record<string, Extern>>;
  /**
   * Exports shaped like `WebAssembly.Instance.exports`: functions are plain callable JS functions
   * (JS-API value conventions), other externs are the kpio objects.
   */
  readonly jsExports: Readonly<Record<string, unknown>>;

  constructor(
    readonly module: ValidatedModule,
    exports: ReadonlyMap<string, Extern>,
  ) {
    const ex: Record<string, Extern> = Object.create(null);
    const js: Record<string, unknown> = Object.create(null);
    for (const [name, e] of exports) {
      ex[name] = e;
      js[name] = e.kind === 'func' ? (...args: unknown[]) => e.call(...args) : e;
    }
    this.exports = Object.freeze(ex);
    this.jsExports = Object.freeze(js);
  }

  /** The exported function `name`; throws a clear error when missing or not a function. */
  func(name: string): WasmFunc {
    return this.get(name, 'func') as WasmFunc;
  }

  /** The exported memory `name`. */
  memory(name = 'memory'): WasmMemory {
    return this.get(name, 'memory') as WasmMemory;
  }

  /** The exported table `name`. */
  table(name: string): WasmTable {
    return this.get(name, 'table') as WasmTable;
  }

  /** The exported global `name`. */
  global(name: string): WasmGlobal {
    return this.get(name, 'global') as WasmGlobal;
  }

  private get(name: string, kind: Extern['kind']): Extern {
    const e = this.exports[name];
    if (!e) throw new KpioError(`the module has no export named "${name}"`);
    if (e.kind !== kind) throw new KpioError(`export "${name}" is a ${e.kind}, not a ${kind}`);
    return e;
  }
}
