/**
 * The interpreter engine: kpio's Engine interface over the pure-TypeScript interpreter. Needs no
 * host WebAssembly; meters fuel, limits call depth deterministically and suspends on async host
 * functions.
 */

import { KpioError } from '../../api/errors.js';
import type { FuncType, GlobalType, MemoryType, TableType } from '../../api/types.js';
import type { Extern, HostFunction, Value } from '../../api/values.js';
import type { CompiledModule, Engine, EngineKind, EngineOptions } from '../../runtime/engine.js';
import { ensureBodiesValidated, type ValidatedModule } from '../../wasm/validate/validated-module.js';
import { type HostFunc, InterpFunc } from './func.js';
import { InterpGlobal } from './global.js';
import { InterpCompiled, type InterpInstance, instantiate } from './instance.js';
import { InterpMemory } from './memory.js';
import { InterpStore } from './store.js';
import { InterpTable } from './table.js';
import { checkFuncRef } from './value-io.js';

/**
 * Creates an interpreter engine.
 *
 * - `maxCallDepth` (default 100,000): deeper wasm recursion traps with "call stack exhausted";
 *   the interpreter keeps its own frame stack, so limits of millions of frames work.
 * - `fuel`: when given, every executed instruction costs one unit (charged per straight-line run of
 *   instructions); running out throws an {@link OutOfFuelTrap} that can `resume()`. Metering is
 *   chosen at creation: `setFuel` on an engine created without `fuel` throws.
 * - `maxMemoryPages`, `maxTableElements`: caps on every memory and table.
 */
export function createInterpEngine(options: EngineOptions = {}): Engine {
  return new InterpEngine(options);
}

/** Checks the engine options every engine built on the interpreter understands (throws KpioError). */
export function checkEngineOptions(options: EngineOptions): void {
  const depth = options.maxCallDepth;
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) {
    throw new KpioError(`maxCallDepth must be a positive integer, got ${depth}`);
  }
  if (options.fuel !== undefined && !(options.fuel >= 0)) {
    throw new KpioError(`fuel must be a non-negative number, got ${options.fuel}`);
  }
}

/**
 * The interpreter implementation of {@link Engine}. The JIT engine is this engine over its own
 * store (which creates JIT functions and runs compiled code), so everything here serves both.
 */
export class InterpEngine implements Engine {
  /** This engine's kind. */
  readonly kind: EngineKind;
  /** The engine-wide state (fuel, limits, interned types, activations). */
  readonly store: InterpStore;

  /** An interpreter engine; `store` (made from the checked options) is how the JIT specialises it. */
  constructor(options: EngineOptions = {}, store?: InterpStore, kind: EngineKind = 'interp') {
    checkEngineOptions(options);
    this.store = store ?? new InterpStore(options);
    this.kind = kind;
  }

  /** Prepares a module; bodies are translated on their first call (the bytes are not needed). */
  compile(module: ValidatedModule, _bytes: Uint8Array): InterpCompiled {
    // Note: the translator trusts the bodies, so a module whose body validation was deferred is validated now.
    ensureBodiesValidated(module);
    return new InterpCompiled(module, this.store);
  }

  /** Instantiates with resolved imports (one per module import), see the Engine interface. */
  instantiate(module: CompiledModule, imports: readonly Extern[]): InterpInstance {
    if (!(module instanceof InterpCompiled) || module.store !== this.store) {
      throw new KpioError('the module was compiled by a different engine');
    }
    return instantiate(this.store, module, imports);
  }

  /** A function implemented by `fn` in the JS-API convention (it may return a Promise for callAsync). */
  createHostFunction(type: FuncType, fn: HostFunction): HostFunc {
    if (typeof fn !== 'function') throw new KpioError('a host function must be a JavaScript function');
    return this.store.createHostFunc(type, fn);
  }

  /** A memory of `type`, capped by maxMemoryPages. */
  createMemory(type: MemoryType): InterpMemory {
    return this.store.createMemory(type);
  }

  /** A table of `type` filled with `init` (or null). */
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

  /** A global of `type` holding `value`. */
  createGlobal(type: GlobalType, value: Value): InterpGlobal {
    if (value.type === 'funcref') checkFuncRef(this.store, value.value);
    return new InterpGlobal(this.store, type, value);
  }

  /** True when `e` was created by this engine. */
  owns(e: Extern): boolean {
    if (e instanceof InterpFunc) return e.store === this.store;
    if (e instanceof InterpTable) return e.store === this.store;
    if (e instanceof InterpMemory || e instanceof InterpGlobal) return e.owner === this.store;
    return false;
  }

  /** Remaining fuel, or undefined when metering is off. */
  getFuel(): number | undefined {
    const f = this.store.fuel;
    return this.store.metering && f !== Infinity ? f : undefined;
  }

  /** Sets the remaining fuel (undefined switches metering off until set again). */
  setFuel(fuel: number | undefined): void {
    if (fuel === undefined) {
      this.store.fuel = Infinity;
      return;
    }
    if (!this.store.metering) {
      throw new KpioError(
        `this ${this.kind === 'jit' ? 'JIT' : 'interpreter'} engine was created without fuel metering: pass EngineOptions.fuel when creating it`,
      );
    }
    if (!(fuel >= 0)) throw new KpioError(`fuel must be a non-negative number, got ${fuel}`);
    this.store.fuel = fuel;
  }
}
