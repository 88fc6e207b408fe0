/**
 * Running an app with exactly its manifest's permissions and limits (plus the user's explicit
 * grants): the data directory at `/data`, granted directories, the allowed environment variables
 * copied from the host, and the limits as engine options.
 */

import { KpioError } from '../api/errors.js';
import type { RunConfig } from '../package/run-config.js';
import type { EngineKind } from '../runtime/engine.js';
import type { StdinSpec, StdoutSpec } from '../platform/node/node-sys.js';
import { runComponentFile } from './component-command.js';
import { runWasiModule, type WasiRunOptions } from './wasi-command.js';

/** How to run an app's entry. */
export interface AppRunOptions {
  /** The entry's bytes and kind. */
  readonly entryBytes: Uint8Array;
  readonly entryKind: 'module' | 'component';
  /** The sandbox from `buildRunConfig` / `Registry.prepareRun`. */
  readonly config: RunConfig;
  /** argv including the program name. */
  readonly args: readonly string[];
  /** The host environment (allowed names are copied from it). */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  /** Engine; default: native, or interp when the manifest sets a fuel limit (native cannot meter). */
  readonly engine?: EngineKind;
  readonly stdin?: StdinSpec;
  readonly stdout?: StdoutSpec;
  readonly stderr?: StdoutSpec;
}

/** The engine an app runs on when the user does not choose. */
export function defaultAppEngine(config: RunConfig, requested: EngineKind | undefined): EngineKind {
  if (requested !== undefined) {
    if (requested === 'native' && config.limits.fuel !== undefined) {
      throw new KpioError('the app sets a fuel limit, which the native engine cannot meter: use --engine interp or jit');
    }
    return requested;
  }
  return config.limits.fuel !== undefined ? 'interp' : 'native';
}

/** Runs an app's entry in its sandbox and returns the exit code. */
export async function runApp(o: AppRunOptions): Promise<number> {
  const env: Record<string, string> = {};
  for (const name of o.config.env) {
    const v = o.hostEnv[name];
    if (v !== undefined) env[name] = v;
  }
  const options: WasiRunOptions = {
    engine: defaultAppEngine(o.config, o.engine),
    args: o.args,
    env,
    dirs: o.config.preopens.map((p) => ({ host: p.host, guest: p.guest, readonly: p.readonly })),
    ...(o.config.limits.fuel !== undefined ? { fuel: o.config.limits.fuel } : {}),
    ...(o.config.limits.maxMemoryBytes !== undefined ? { maxMemoryBytes: o.config.limits.maxMemoryBytes } : {}),
    ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
    ...(o.stdout !== undefined ? { stdout: o.stdout } : {}),
    ...(o.stderr !== undefined ? { stderr: o.stderr } : {}),
  };
  if (o.entryKind === 'component') return runComponentFile(o.entryBytes, options);
  return runWasiModule(o.entryBytes, options);
}
