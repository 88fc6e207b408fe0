/**
 * The engine-wide state of one interpreter engine: limits, fuel, interned function types, the pool
 * of activations, and the frames held by activations that are waiting in a host function.
 */

import type { FuncType } from '../../api/types.js';
import type { Value } from '../../api/values.js';
import type { EngineOptions } from '../../runtime/engine.js';
import { Execution } from './execution.js';
import type { InterpFunc } from './func.js';
import { callAsync, callExact, callJs } from './invoke.js';

/** Default maximum nested wasm calls. */
export const DEFAULT_MAX_CALL_DEPTH = 100_000;
/** Default maximum table size in elements. */
export const DEFAULT_MAX_TABLE_ELEMENTS = 10_000_000;
/** Activations kept for reuse. */
const POOL_SIZE = 4;
/** Activations whose stack grew beyond this many cells are not kept. */
const POOL_MAX_CELLS = 1 << 22;

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
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
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
