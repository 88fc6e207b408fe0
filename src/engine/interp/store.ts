/**
 * The engine-wide state of one interpreter engine: limits, fuel, interned function types, the pool
 * of activations, and the frames held by activations that are waiting in a host function.
 */

import type { FuncType, MemoryType } from '../../api/types.js';
import type { HostFunction, Value } from '../../api/values.js';
import type { EngineOptions } from '../../runtime/engine.js';
import { Execution } from './execution.js';
import { DefinedFunc, HostFunc, type InterpFunc } from './func.js';
import type { InterpInstance } from './instance.js';
import { callAsync, callExact, callJs } from './invoke.js';
import { InterpMemory } from './memory.js';

/** Default maximum nested wasm calls. */
export const DEFAULT_MAX_CALL_DEPTH = 100_000;
/** Default maximum table size in elements. */
export const DEFAULT_MAX_TABLE_ELEMENTS = 10_000_000;
/** Activations kept for reuse. */
const POOL_SIZE = 4;
/** Activations whose stack grew beyond this many cells are not kept. */
const POOL_MAX_CELLS = 1 << 22;

/** A string that identifies a function type (equal types, equal keys). */
export function funcTypeKey(t: FuncType): string {
  return `${t.params.join(',')}>${t.results.join(',')}`;
}

/** State shared by everything one interpreter engine creates. */
export class InterpStore {
  /** Maximum nested wasm calls (EngineOptions.maxCallDepth or 100,000). */
  readonly maxCallDepth: number;
  /**
   * Largest value stack of an activation, in 4-byte cells: 64 MiB, or 16 cells (64 bytes) per
   * allowed frame up to 512 MiB. Deeper stacks trap with "call stack exhausted" even below the
   * frame limit, so runaway recursion with large frames fails fast instead of eating memory.
   */
  readonly maxStackCells: number;
  /** The engine's cap on memory sizes in pages, if any. */
  readonly maxMemoryPages: number | undefined;
  /** The cap on table sizes in elements. */
  readonly maxTableElements: number;
  /** True when functions are translated with fuel checks (fuel was set at engine creation). */
  readonly metering: boolean;
  /** Remaining fuel (Infinity while metering is switched off). */
  fuel: number;
  /** Frames of activations currently waiting in a host function (they count toward the limit). */
  outerDepth = 0;
  /**
   * The `hotness` at which a LOOP_PROBE calls {@link onHotLoop} (never in the plain interpreter,
   * which emits no probes).
   */
  probeThreshold = Infinity;
  private readonly typeIds = new Map<string, number>();
  private readonly pool: Execution[] = [];

  constructor(options: EngineOptions) {
    this.maxCallDepth = options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    this.maxStackCells = Math.max(1 << 24, Math.min(1 << 27, this.maxCallDepth * 16));
    this.maxMemoryPages = options.maxMemoryPages;
    this.maxTableElements = options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS;
    this.metering = options.fuel !== undefined;
    this.fuel = options.fuel ?? Infinity;
  }

  /** The interned id of a function type: equal types get equal ids. */
  typeIdOf(t: FuncType): number {
    const key = funcTypeKey(t);
    let id = this.typeIds.get(key);
    if (id === undefined) {
      id = this.typeIds.size;
      this.typeIds.set(key, id);
    }
    return id;
  }

  /** An activation for a new call (its depth limit accounts for enclosing activations). */
  acquire(): Execution {
    const ex = this.pool.pop() ?? new Execution(this);
    ex.base = this.outerDepth;
    ex.limit = this.maxCallDepth - ex.base;
    ex.depth = 0;
    return ex;
  }

  /** Returns an activation that finished (or failed for good) to the pool. */
  release(ex: Execution): void {
    ex.clear();
    if (this.pool.length < POOL_SIZE && ex.i32.length <= POOL_MAX_CELLS) this.pool.push(ex);
  }

  // Note: the factories and hooks below are what an engine built on this one (the JIT) changes;
  // instantiation and the engine object are shared (instance.ts, engine.ts).

  /** A function defined by `instance` at `index` of its function space. */
  createDefinedFunc(type: FuncType, typeId: number, instance: InterpInstance, index: number): DefinedFunc {
    return new DefinedFunc(this, type, typeId, instance, index);
  }

  /** A host function implemented by `fn` in the JS-API convention. */
  createHostFunc(type: FuncType, fn: HostFunction): HostFunc {
    return new HostFunc(this, type, this.typeIdOf(type), fn);
  }

  /** A memory of `type` (capped by `maxMemoryPages`). */
  createMemory(type: MemoryType): InterpMemory {
    return new InterpMemory(this, type, this.maxMemoryPages);
  }

  /** Called when `inst` is set up (segments applied), right before its start function runs. */
  instantiated(_inst: InterpInstance): void {}

  /**
   * A LOOP_PROBE found `func` hot at loop `loop` (its probe number) in the frame at cell `fp` of
   * `ex`, at frame depth `depth`. Returns true when it ran the rest of the call and left the results
   * at cells `fp`...; false to go on interpreting.
   */
  onHotLoop(_ex: Execution, _func: DefinedFunc, _loop: number, _fp: number, _depth: number): boolean {
    return false;
  }

  /** Entry point of `WasmFunc.call`. */
  callJs(f: InterpFunc, args: readonly unknown[]): unknown {
    return callJs(this, f, args);
  }

  /** Entry point of `WasmFunc.callExact`. */
  callExact(f: InterpFunc, args: readonly Value[]): Value[] {
    return callExact(this, f, args);
  }

  /** Entry point of `WasmFunc.callAsync`. */
  callAsync(f: InterpFunc, args: readonly unknown[]): Promise<unknown> {
    return callAsync(this, f, args);
  }
}
