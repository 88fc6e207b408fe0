/**
 * Running WASI 0.2 components on the real machine: `wasi:cli/run` commands, and calling any exported
 * function with WAVE text (`--invoke 'f(1, "x")'`).
 */

import { decodeComponent } from '../component/binary/index.js';
import { type CompiledComponent, compileComponent, instantiateComponent } from '../component/link/index.js';
import { invokeWave } from '../component/wave/index.js';
import { createNodeSys } from '../platform/node/node-sys.js';
import { createWasiP2, runComponentCommand } from '../wasi/p2/index.js';
import type { Engine } from '../runtime/engine.js';
import { engineFor, type WasiRunOptions } from './run-options.js';

/** Runs a command component (`wasi:cli/run`) and returns its exit code. */
export async function runComponentFile(bytes: Uint8Array, options: WasiRunOptions = {}): Promise<number> {
  const engine = await engineFor(options);
  const component = prepareComponent(bytes, engine);
  const sys = createNodeSys(options);
  try {
    return runComponentCommand(component, { ...sys, engine });
  } finally {
    sys.close();
  }
}

/**
 * Instantiates a component with the WASI 0.2 host and calls one export given as WAVE text
 * (`name(arg, ...)` or `interface#name(...)`); returns the result printed in WAVE ('' for none).
 */
export async function invokeComponentWave(bytes: Uint8Array, callText: string, options: WasiRunOptions = {}): Promise<string> {
  const engine = await engineFor(options);
  const component = prepareComponent(bytes, engine);
  const sys = createNodeSys(options);
  const host = createWasiP2({ ...sys });
  try {
    const instance = instantiateComponent(component, { engine, imports: host });
    return invokeWave(instance, callText);
  } finally {
    host.close();
    sys.close();
  }
}

/**
 * Decodes a component and compiles all its core modules for `engine`, so that every function body
 * is validated before anything runs: by the host's compiler on the native engine (kpio's validator
 * then only explains a rejection), by kpio's validator on the others.
 */
function prepareComponent(bytes: Uint8Array, engine: Engine): CompiledComponent {
  return compileComponent(decodeComponent(bytes, { deferCoreBodies: true }), engine);
}
