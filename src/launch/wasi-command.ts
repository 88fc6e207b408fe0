/**
 * Running a WASI Preview 1 module on the real machine: the library API behind `kpio run`.
 *
 * ```ts
 * const code = await runWasiModule(bytes, {
 *   engine: 'native', args: ['app', 'x'], env: { LANG: 'C' },
 *   dirs: [{ host: '/tmp/work', guest: '/work' }], stdin: 'inherit',
 * });
 * ```
 *
 * Each call builds its own engine, WASI instance and capability context: nothing is shared between
 * calls, so several guests with different configurations can run in one process.
 */

import { KpioError, LinkError } from '../api/errors.js';
import type { CompiledModule, Engine } from '../runtime/engine.js';
import { Linker } from '../runtime/linker.js';
import type { Instance } from '../runtime/instance.js';
import { decodeAndValidateDeferred } from '../wasm/validate/index.js';
import { WASI_P1_MODULE, WASI_P1_SIGNATURES } from '../wasi/p1/abi.js';
import { WasiP1 } from '../wasi/p1/wasi-p1.js';
import { createNodeSys } from '../platform/node/node-sys.js';
import { engineFor, type WasiRunOptions } from './run-options.js';

export { engineFor, engineOptionsOf, type WasiRunOptions } from './run-options.js';

/**
 * Links `wasi_snapshot_preview1` (every import checked against the WASI signature) and any other
 * imports the module has are reported as unknown.
 */
export function linkWasiP1(engine: Engine, compiled: CompiledModule, wasi: WasiP1): Linker {
  const linker = new Linker(engine);
  const fns = wasi.functions as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const imp of compiled.validated.module.imports) {
    if (imp.module !== WASI_P1_MODULE) {
      throw new LinkError(
        `unknown import: "${imp.module}" "${imp.name}": a WASI command may import only ${WASI_P1_MODULE}`,
      );
    }
    const sig = (WASI_P1_SIGNATURES as Record<string, (typeof WASI_P1_SIGNATURES)[keyof typeof WASI_P1_SIGNATURES]>)[imp.name];
    if (!sig || !fns[imp.name]) {
      throw new LinkError(`unknown import: "${imp.module}" "${imp.name}" is not a WASI Preview 1 function`);
    }
    if (!linker.get(imp.module, imp.name)) linker.defineFunc(imp.module, imp.name, sig, fns[imp.name]!);
  }
  return linker;
}

/** True when the module imports anything from WASI Preview 1. */
export function importsWasiP1(compiled: CompiledModule): boolean {
  return compiled.validated.module.imports.some((i) => i.module === WASI_P1_MODULE);
}

/** A module instantiated with WASI on the real machine. Call {@link WasiSession.close} when done. */
export interface WasiSession {
  readonly instance: Instance;
  readonly wasi: WasiP1;
  /** Releases preopens and the I/O worker. */
  close(): void;
}

/** Compiles and instantiates a WASI Preview 1 module (without starting it). */
export async function instantiateWasiModule(bytes: Uint8Array, options: WasiRunOptions = {}): Promise<WasiSession> {
  return instantiateWasiModuleOn(await engineFor(options), bytes, options);
}

/** {@link instantiateWasiModule} on a given engine, synchronously. */
export function instantiateWasiModuleOn(engine: Engine, bytes: Uint8Array, options: WasiRunOptions = {}): WasiSession {
  // Note: the function bodies are validated when the engine compiles them: by the host's compiler
  // on the native engine (kpio's validator then only explains a rejection), by kpio's on the others.
  return instantiateWasiCompiled(engine, engine.compile(decodeAndValidateDeferred(bytes), bytes), options);
}

/** Instantiates a module `engine` has compiled with a WASI Preview 1 host on the real machine. */
export function instantiateWasiCompiled(engine: Engine, compiled: CompiledModule, options: WasiRunOptions = {}): WasiSession {
  const sys = createNodeSys(options);
  try {
    const wasi = WasiP1.fromSys(sys);
    const instance = linkWasiP1(engine, compiled, wasi).instantiate(compiled);
    return { instance, wasi, close: () => sys.close() };
  } catch (e) {
    sys.close();
    throw e;
  }
}

/**
 * Runs a command module (`_start`) and returns the exit code (0 when `_start` returns; the
 * `proc_exit` code otherwise). Traps propagate as `Trap`.
 */
export async function runWasiModule(bytes: Uint8Array, options: WasiRunOptions = {}): Promise<number> {
  const session = await instantiateWasiModule(bytes, options);
  try {
    const ex = session.instance.exports;
    if (!ex._start) {
      const funcs = Object.entries(ex).filter(([, e]) => e.kind === 'func').map(([n]) => n);
      const what = ex._initialize ? 'it is a reactor (it exports _initialize)' : 'it is not a WASI command';
      throw new KpioError(`the module has no "_start" export: ${what}; call one of its exports with --invoke (${funcs.join(', ') || 'none'})`);
    }
    return session.wasi.start(session.instance);
  } finally {
    session.close();
  }
}
