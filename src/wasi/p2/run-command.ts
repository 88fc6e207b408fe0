/**
 * Running a `wasi:cli` command component: decode, instantiate over an engine with a WASI 0.2 host,
 * call the exported `wasi:cli/run#run`, and turn its outcome into an exit code. This is what
 * `kpio run app.component.wasm` does.
 */

import { ExitError, KpioError } from '../../api/errors.js';
import type { ResultValue } from '../../component/abi/index.js';
import { decodeComponent } from '../../component/binary/decoder.js';
import type { Component } from '../../component/binary/component.js';
import { CompiledComponent, instantiateComponent, type InstantiateOptions } from '../../component/link/index.js';
import { createWasiP2, type WasiP2Options } from './wasi-p2.js';

/** The interface a command component exports. */
export const CLI_RUN_INTERFACE = 'wasi:cli/run';

/** Options of {@link runComponentCommand}: the WASI configuration plus the engine to run on. */
export interface RunComponentOptions extends WasiP2Options {
  /** The core engine the component's modules run on (`createEngine('native' | 'interp')`). */
  readonly engine: InstantiateOptions['engine'];
  /** The largest handle index a component instance's handle table may hand out (default 2^28 - 1). */
  readonly maxHandles?: number;
}

/** True when a decoded component exports `wasi:cli/run` (of any version): it is a command. */
export function isCommandComponent(component: Component): boolean {
  for (const name of component.exports.keys()) if (name === CLI_RUN_INTERFACE || name.startsWith(`${CLI_RUN_INTERFACE}@`)) return true;
  return false;
}

/**
 * Runs a command component (bytes, decoded, or compiled for `options.engine`) and returns its exit
 * code: 0 when `run` returns `ok`, 1 when it returns `err`, and the code given to `wasi:cli/exit`
 * when it exits. Everything the guest opened is closed afterwards (preopens and stdio belong to
 * the caller).
 *
 * Throws `CompileError` for a malformed component, `KpioError` for one that is not a command,
 * `LinkError` naming an import the host does not provide (imports are resolved before anything
 * runs), and `Trap` when the guest traps.
 */
export function runComponentCommand(component: Uint8Array | Component | CompiledComponent, options: RunComponentOptions): number {
  const prepared = component instanceof Uint8Array ? decodeComponent(component) : component;
  const decoded = prepared instanceof CompiledComponent ? prepared.component : prepared;
  if (!isCommandComponent(decoded)) {
    const names = [...decoded.exports.keys()].join(', ') || 'none';
    throw new KpioError(`the component does not export ${CLI_RUN_INTERFACE}: it is not a command (exports: ${names})`);
  }
  const host = createWasiP2(options);
  try {
    const instance = instantiateComponent(prepared, {
      engine: options.engine,
      imports: host,
      ...(options.maxHandles !== undefined ? { maxHandles: options.maxHandles } : {}),
    });
    const result = instance.call(`${CLI_RUN_INTERFACE}#run`) as ResultValue | undefined;
    return result?.tag === 'ok' ? 0 : 1;
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    throw e;
  } finally {
    host.close();
  }
}
