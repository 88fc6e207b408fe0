/**
 * What a run of a module or component on the real machine is given (the guest's world and the
 * engine's limits), and the engine it runs on.
 */

import { defaultEngineKind } from '../engine-kinds.js';
import { loadEngine } from '../engine-loader.js';
import type { NodeSysOptions } from '../platform/node/node-sys.js';
import type { Engine, EngineKind, EngineOptions } from '../runtime/engine.js';

/** Options of `runWasiModule` and `runComponentFile`: the guest's world and the engine's limits. */
export interface WasiRunOptions extends NodeSysOptions {
  /** Engine kind (default: native where the host has WebAssembly, else jit). */
  readonly engine?: EngineKind;
  /** An engine to use instead of creating one (its own options then apply). */
  readonly engineInstance?: Engine;
  /** Fuel for the interp/jit engines. */
  readonly fuel?: number;
  /** Cap on each linear memory, in bytes (rounded down to whole 64 KiB pages). */
  readonly maxMemoryBytes?: number;
  /** Maximum wasm call depth (interp/jit). */
  readonly maxCallDepth?: number;
  /** JIT: compile everything at instantiation. */
  readonly jitEager?: boolean;
}

/** Engine options derived from run options. */
export function engineOptionsOf(o: WasiRunOptions): EngineOptions {
  return {
    ...(o.fuel !== undefined ? { fuel: o.fuel } : {}),
    ...(o.maxMemoryBytes !== undefined ? { maxMemoryPages: Math.floor(o.maxMemoryBytes / 65536) } : {}),
    ...(o.maxCallDepth !== undefined ? { maxCallDepth: o.maxCallDepth } : {}),
    ...(o.jitEager ? { jitEager: true } : {}),
  };
}

/** The engine a run uses: `engineInstance`, or a new one of kind `engine` (loaded on demand). */
export async function engineFor(options: WasiRunOptions): Promise<Engine> {
  return options.engineInstance ?? loadEngine(options.engine ?? defaultEngineKind(), engineOptionsOf(options));
}
