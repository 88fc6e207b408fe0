/**
 * The JIT engine: kpio's Engine interface over the interpreter's instance model, with functions
 * compiled to JavaScript when hot (or all at instantiation with `jitEager`).
 */

import { KpioError } from '../../api/errors.js';
import type { FuncType, GlobalType, MemoryType, TableType } from '../../api/types.js';
import type { Extern, HostFunction, Value } from '../../api/values.js';
import type { CompiledModule, Engine } from '../../runtime/engine.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import { InterpFunc, InterpGlobal, InterpTable } from '../interp/index.js';
import { checkFuncRef } from '../interp/value-io.js';
import { JitHostFunc } from './func.js';
import { JitCompiled, type JitInstance, instantiateJit } from './instance.js';
import { JitMemory } from './memory.js';
import { type JitEngineOptions, JitStore } from './store.js';

/**
 * Creates a JIT engine.
 *
 * Functions start in the interpreter and are compiled to JavaScript functions when hot (see
 * tier.ts); `jitEager` compiles them all at instantiation. Limits and fuel behave as in the
 * interpreter, in compiled code too: `maxCallDepth` (deeper recursion, and a host stack overflow,
 * trap with "call stack exhausted"), `maxMemoryPages`, `maxTableElements`, `fuel` (a trap when
 * it runs out; see README.md for resuming). Compiling needs `new Function` (CSP `unsafe-eval` in
 * browsers).
 */
export function createJitEngine(options: JitEngineOptions = {}): Engine {
  return new JitEngine(options);
}

/** The JIT implementation of {@link Engine}. */
export class JitEngine implements Engine {
  readonly kind = 'jit';
  /** The engine-wide state. */
  readonly store: JitStore;

  constructor(options: JitEngineOptions = {}) {
    const depth = options.maxCallDepth;
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) {
      throw new KpioError(`maxCallDepth must be a positive integer, got ${depth}`);
    }
    if (options.fuel !== undefined && !(options.fuel >= 0)) {
      throw new KpioError(`fuel must be a non-negative number, got ${options.fuel}`);
    }
    const th = options.tierUpThreshold;
    if (th !== undefined && !(Number.isFinite(th) && th >= 1)) {
      throw new KpioError(`tierUpThreshold must be a number of at least 1, got ${th}`);
    }
    this.store = new JitStore(options);
  }

  compile(module: ValidatedModule, _bytes: Uint8Array): JitCompiled {
    return new JitCompiled(module, this.store);
  }

  instantiate(module: CompiledModule, imports: readonly Extern[]): JitInstance {
    if (!(module instanceof JitCompiled) || module.jitStore !== this.store) {
      throw new KpioError('the module was compiled by a different engine');
    }
    return instantiateJit(this.store, module, imports);
  }

  createHostFunction(type: FuncType, fn: HostFunction): JitHostFunc {
    if (typeof fn !== 'function') throw new KpioError('a host function must be a JavaScript function');
    return new JitHostFunc(this.store, type, this.store.typeIdOf(type), fn);
  }

  createMemory(type: MemoryType): JitMemory {
    return new JitMemory(this.store, type, this.store.maxMemoryPages);
  }

  createTable(type: TableType, init?: Value): InterpTable {
    let v: unknown = null;
    if (init !== undefined) {
      if (init.type !== type.elemType) {
        throw new KpioError(`a table of ${type.elemType} cannot be initialised with a ${init.type} value`);
      }
      v = (init as { value: unknown }).value;
      if (type.elemType === 'funcref') checkFuncRef(this.store, v);
    }
    return new InterpTable(this.store, type, v);
  }

  createGlobal(type: GlobalType, value: Value): InterpGlobal {
    if (value.type === 'funcref') checkFuncRef(this.store, value.value);
    return new InterpGlobal(this.store, type, value);
  }

  owns(e: Extern): boolean {
    if (e instanceof InterpFunc) return e.store === this.store;
    if (e instanceof InterpTable) return e.store === this.store;
    if (e instanceof JitMemory || e instanceof InterpGlobal) return e.owner === this.store;
    return false;
  }

  getFuel(): number | undefined {
    const f = this.store.fuel;
    return this.store.metering && f !== Infinity ? f : undefined;
  }

  setFuel(fuel: number | undefined): void {
    if (fuel === undefined) {
      this.store.fuel = Infinity;
      return;
    }
    if (!this.store.metering) {
      throw new KpioError('this JIT engine was created without fuel metering: pass EngineOptions.fuel when creating it');
    }
    if (!(fuel >= 0)) throw new KpioError(`fuel must be a non-negative number, got ${fuel}`);
    this.store.fuel = fuel;
  }

  /**
   * Functions compiled so far (plain and resumable forms), OSR entries compiled, and the functions
   * the host could not compile (for tests and tools).
   */
  stats(): { compiled: number; osr: number; failures: readonly string[] } {
    const t = this.store.tier;
    return { compiled: t.compiledCount, osr: t.osrCount, failures: this.store.compileFailures };
  }
}
