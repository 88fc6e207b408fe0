/**
 * `kpio run`: runs a WASI command module (`_start`), or with `--invoke NAME [ARGS...]` calls an export
 * of a core module (a reactor is initialised first) and prints each result on its own line.
 */

import path from 'node:path';
import type { WasiRunOptions } from '../../launch/run-options.js';
import type { HostDirGrant } from '../../platform/node/node-sys.js';
import { isComponent } from '../../component/binary/decoder.js';
import type { CliIo } from '../cli-io.js';
import { loadWasmInput } from '../load-input.js';
import { engineOption, integerOption, parseOptions, secondsOption } from '../options.js';
import { withTimeout } from '../timeout.js';
import { isAppReference } from '../app-reference.js';
import { reportRunError } from '../run-errors.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio run FILE.wasm [options] [--] [ARGS...]
       kpio run FILE.wasm|FILE.wat --invoke NAME [ARGS...] [options]
       kpio run APP-ID|APP.kpioapp [--grant CAP]... [--] [ARGS...]

Runs a WebAssembly module. A WASI command (exporting _start) runs with ARGS as its arguments and
exits with the guest's exit code; it sees only what the options grant. With --invoke, calls the
export NAME with ARGS and prints each result on its own line (i64 in decimal, floats so that they
round-trip); a WASI reactor is initialised (_initialize) first.

A component (WASI 0.2) runs its wasi:cli/run export, with the same options. With --invoke it calls
any exported function given in WAVE syntax, e.g. --invoke 'greet("world", 3)' or
--invoke 'my:pkg/iface#f([1, 2])', and prints the result in WAVE.

An installed app (by id) or a .kpioapp file runs with exactly its manifest's permissions and limits:
its data directory as /data, the environment variables it names (copied from the host), and nothing
else unless granted with --grant (fs:NAME=DIR, fs:NAME:ro=DIR, env:NAME, net:HOST:PORT). A .kpioapp
that is not installed gets a fresh temporary data directory.

Options:
  --invoke NAME          call the exported function NAME instead of _start
  --dir HOST[::GUEST]    preopen the host directory HOST as GUEST (default: the same path); repeatable
  --dir-ro HOST[::GUEST] the same, read-only
  --env NAME=VALUE       set an environment variable for the guest; repeatable
  --env NAME             copy NAME from the host environment
  --tcplisten ADDR       preopen a listening TCP socket on ADDR (host:port); repeatable
  --engine KIND          interp | jit | native (default: native where the host has WebAssembly)
  --fuel N               give the guest N units of fuel (interp, jit); running out traps
  --max-memory BYTES     cap every linear memory at BYTES (rounded down to 64 KiB pages)
  --timeout SECONDS      stop the guest after SECONDS of wall-clock time (exit code 124)
  --grant CAP            apps: grant a capability the manifest declares; repeatable
  -h, --help             show this help

Use -- before guest arguments that start with a dash.`;

const OPTIONS = {
  invoke: { type: 'string' },
  dir: { type: 'string', multiple: true },
  'dir-ro': { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  tcplisten: { type: 'string', multiple: true },
  engine: { type: 'string' },
  fuel: { type: 'string' },
  'max-memory': { type: 'string' },
  timeout: { type: 'string' },
  grant: { type: 'string', multiple: true },
} as const;

/** Parses `HOST[::GUEST]` relative to `cwd`. */
export function parseDirGrant(spec: string, cwd: string, readonly: boolean): HostDirGrant {
  const sep = spec.indexOf('::');
  const host = sep >= 0 ? spec.slice(0, sep) : spec;
  const guest = sep >= 0 ? spec.slice(sep + 2) : spec;
  if (!host || !guest) throw new UsageError(`--dir expects HOST[::GUEST], got "${spec}"`);
  return { host: path.resolve(cwd, host), guest, readonly };
}

/** Parses the `--env` values into an environment. */
export function parseEnvOptions(specs: readonly string[], hostEnv: CliIo['env']): Record<string, string> {
  const env: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq === 0) throw new UsageError(`--env expects NAME=VALUE or NAME, got "${spec}"`);
    if (eq > 0) env[spec.slice(0, eq)] = spec.slice(eq + 1);
    else {
      const v = hostEnv[spec];
      if (v !== undefined) env[spec] = v;
    }
  }
  return env;
}

/** The `run` command. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a module or component (a command, or --invoke an export)',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, OPTIONS);
    const [file, ...rest] = positionals;
    if (file === undefined) throw new UsageError('missing FILE');
    const timeout = secondsOption('timeout', values.timeout);
    if (timeout !== undefined) {
      const inner = args.filter((a, i) => a !== '--timeout' && args[i - 1] !== '--timeout' && !a.startsWith('--timeout='));
      return withTimeout(['run', ...inner], timeout, io);
    }
    const fuel = integerOption('fuel', values.fuel);
    const maxMemory = integerOption('max-memory', values['max-memory']);
    const options: WasiRunOptions = {
      engine: engineOption(values.engine),
      ...(fuel !== undefined ? { fuel } : {}),
      ...(maxMemory !== undefined ? { maxMemoryBytes: maxMemory } : {}),
      args: values.invoke === undefined ? [file, ...rest] : [file],
      env: parseEnvOptions(values.env ?? [], io.env),
      dirs: [
        ...(values.dir ?? []).map((d) => parseDirGrant(d, io.cwd, false)),
        ...(values['dir-ro'] ?? []).map((d) => parseDirGrant(d, io.cwd, true)),
      ],
      tcpListen: values.tcplisten ?? [],
      stdin: { fd: io.stdinFd },
      stdout: io.guestStdout,
      stderr: io.guestStderr,
    };
    if (isAppReference(file, io.cwd)) {
      if (values.dir || values['dir-ro'] || values.env || values.tcplisten || values.invoke) {
        throw new UsageError('an app runs with its manifest\'s permissions: use --grant instead of --dir, --env, --tcplisten or --invoke');
      }
      const { runAppCommand } = await import('../run-app.js');
      return runAppCommand(file, rest, values.grant ?? [], values.engine === undefined ? undefined : engineOption(values.engine), io);
    }
    if (values.grant) throw new UsageError('--grant applies to apps (APP-ID or APP.kpioapp) only');
    const bytes = await loadWasmInput(file, io.cwd);
    try {
      if (isComponent(bytes)) {
        // Note: the component stack is loaded only when a component is run.
        const { invokeComponentWave, runComponentFile } = await import('../../launch/component-command.js');
        if (values.invoke === undefined) return await runComponentFile(bytes, options);
        if (rest.length) throw new UsageError('for a component, give the arguments inside --invoke in WAVE syntax: --invoke \'f(1, "x")\'');
        const out = await invokeComponentWave(bytes, values.invoke, options);
        if (out !== '') io.stdout.write(out + '\n');
        return 0;
      }
      // Note: like the component stack, the core module paths are loaded only when used.
      if (values.invoke !== undefined) return await (await import('../invoke-export.js')).invokeExport(bytes, values.invoke, rest, options, io);
      return await (await import('../../launch/wasi-command.js')).runWasiModule(bytes, options);
    } catch (e) {
      return reportRunError(e, io, isComponent(bytes) ? 'component' : 'module');
    }
  },
};
