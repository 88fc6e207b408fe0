/**
 * The engine interface (DESIGN.md section 3): one interface, three engines (interp, jit, native).
 * `runtime/` and `component/` receive an Engine by injection and never import `engine/*`.
 *
 * One Engine object serves one store: it owns fuel, limits and the objects it creates. Externs
 * created by one engine can only be linked into instances of the same engine.
 */

import type { FuncType, GlobalType, MemoryType, TableType } from '../api/types.js';
import type { Extern, HostFunction, Value, WasmFunc, WasmGlobal, WasmMemory, WasmTable } from '../api/values.js';
import type { ValidatedModule } from '../wasm/validate/validated-module.js';

/** The engines kpio has. */
export type EngineKind = 'interp' | 'jit' | 'native';

/** Limits and metering shared by all engines (each honours what it can; see docs/engines.md). */
export interface EngineOptions {
  /** Maximum nested wasm calls before trapping with "call stack exhausted". */
  readonly maxCallDepth?: number;
  /** Upper bound on any memory's size in pages (growth beyond fails like a max). */
  readonly maxMemoryPages?: number;
  /** Upper bound on any table's size in elements. */
  readonly maxTableElements?: number;
  /** Initial fuel; `undefined` disables metering. */
  readonly fuel?: number;
  /** JIT: compile every function at instantiation instead of tiering up. */
  readonly jitEager?: boolean;
}

/** An engine's compiled form of a validated module. */
export interface CompiledModule {
  readonly validated: ValidatedModule;
}

/** An instance as an engine sees it: its exports in declaration order. */
export interface EngineInstance {
  readonly exports: ReadonlyMap<string, Extern>;
}

/** A WebAssembly execution engine. */
export interface Engine {
  readonly kind: EngineKind;

  /** Prepares a validated module. `bytes` is its binary encoding (the native engine compiles those). */
  compile(module: ValidatedModule, bytes: Uint8Array): CompiledModule;

  /**
   * Instantiates: `imports` holds one extern per module import, in import order, already resolved
   * and type-checked by the linker. Initialises globals, tables (active elem segments) and memories
   * (active data segments) in order, then runs the start function. Traps propagate as `Trap`.
   */
  instantiate(module: CompiledModule, imports: readonly Extern[]): EngineInstance;

  /** A function implemented by the host, in the JS-API calling convention. */
  createHostFunction(type: FuncType, fn: HostFunction): WasmFunc;
  createMemory(type: MemoryType): WasmMemory;
  createTable(type: TableType, init?: Value): WasmTable;
  createGlobal(type: GlobalType, value: Value): WasmGlobal;

  /** True when `e` was created by this engine (or is usable by it). */
  owns(e: Extern): boolean;

  /** Remaining fuel, or undefined when metering is off. */
  getFuel(): number | undefined;
  /** Sets the fuel (undefined turns metering off). Engines without metering throw. */
  setFuel(fuel: number | undefined): void;
}
