/**
 * The `wasi:cli` package of WASI 0.2 (the host side; `run` is what a command component exports):
 * `environment` (arguments, variables, initial working directory), `exit` (`exit`, and
 * `exit-with-code`), the stdio streams and the `terminal-*` interfaces.
 *
 * `exit-with-code` is `@since(version = 0.2.12)`; up to 0.2.11 it was gated behind
 * `@unstable(feature = cli-exit-with-code)`. Guests of any 0.2.x version resolve to this 0.2.12
 * host, so an older guest built with that feature gets it too (as wasmtime offers it behind a flag).
 *
 * Terminals: by default no stream is reported as a terminal (`get-terminal-*` return none), so
 * guests never switch to interactive behaviour behind the embedder's back. With the `terminals`
 * setting, streams that are terminals in `sys` get a `terminal-input`/`terminal-output` handle.
 */

import { ExitError } from '../../api/errors.js';
import type { ResourceRef } from '../../component/abi/index.js';
import type { HostInterface } from '../../component/link/host-interface.js';
import type { InputStream, OutputStream } from '../../sys/index.js';
import type { P2Context } from './context.js';
import { WASI_P2_VERSION } from './io.js';
import { StdioSink, StdioSource } from './stream-sources.js';

/** `wasi:cli/environment`. */
export function environmentInterface(ctx: P2Context): HostInterface {
  const cwd = ctx.settings.cwd;
  return {
    name: 'wasi:cli/environment',
    version: WASI_P2_VERSION,
    resources: {},
    funcs: {
      /** The environment as `[name, value]` pairs (the same on every call). */
      'get-environment': (): [string, string][] => ctx.sys.env.map(([k, v]) => [k, v]),
      /** The arguments, program name first. */
      'get-arguments': (): string[] => [...ctx.sys.args],
      /** The directory `.` stands for, when the embedder named one. */
      'initial-cwd': () => (cwd === undefined ? { tag: 'none' } : { tag: 'some', val: cwd }),
    },
  };
}

/** `wasi:cli/exit`. Both functions end the command by throwing `ExitError`. */
export function exitInterface(_ctx: P2Context): HostInterface {
  return {
    name: 'wasi:cli/exit',
    version: WASI_P2_VERSION,
    resources: {},
    funcs: {
      /** Exits with code 0 for `ok` and 1 for `err`. */
      exit: (status: { readonly tag: string }): never => {
        throw new ExitError(status.tag === 'ok' ? 0 : 1);
      },
      /** Exits with the given code (0-255). */
      'exit-with-code': (code: number): never => {
        throw new ExitError(code);
      },
    },
  };
}

/** `wasi:cli/stdin`: a new `input-stream` resource over the instance's stdin on each call. */
export function stdinInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:cli/stdin',
    version: WASI_P2_VERSION,
    resources: { 'input-stream': ctx.types.inputStream },
    funcs: {
      /** The standard input stream. */
      'get-stdin': (): ResourceRef =>
        ctx.own(ctx.types.inputStream, { kind: 'input-stream', source: new StdioSource(ctx.sys.stdin), closed: false }),
    },
  };
}

function outputInterface(ctx: P2Context, name: 'stdout' | 'stderr', stream: OutputStream): HostInterface {
  return {
    name: `wasi:cli/${name}`,
    version: WASI_P2_VERSION,
    resources: { 'output-stream': ctx.types.outputStream },
    funcs: {
      [`get-${name}`]: (): ResourceRef =>
        ctx.own(ctx.types.outputStream, { kind: 'output-stream', sink: new StdioSink(stream), closed: false, permit: 0 }),
    },
  };
}

/** `wasi:cli/stdout`: a new `output-stream` resource over the instance's stdout on each call. */
export function stdoutInterface(ctx: P2Context): HostInterface {
  return outputInterface(ctx, 'stdout', ctx.sys.stdout);
}

/** `wasi:cli/stderr`: a new `output-stream` resource over the instance's stderr on each call. */
export function stderrInterface(ctx: P2Context): HostInterface {
  return outputInterface(ctx, 'stderr', ctx.sys.stderr);
}

/** `wasi:cli/terminal-input`: the `terminal-input` resource (it has no methods yet). */
export function terminalInputInterface(ctx: P2Context): HostInterface {
  return { name: 'wasi:cli/terminal-input', version: WASI_P2_VERSION, resources: { 'terminal-input': ctx.types.terminalInput }, funcs: {} };
}

/** `wasi:cli/terminal-output`: the `terminal-output` resource (it has no methods yet). */
export function terminalOutputInterface(ctx: P2Context): HostInterface {
  return { name: 'wasi:cli/terminal-output', version: WASI_P2_VERSION, resources: { 'terminal-output': ctx.types.terminalOutput }, funcs: {} };
}

function terminalOf(ctx: P2Context, stream: InputStream | OutputStream) {
  if (!ctx.settings.terminals || !stream.isTerminal) return { tag: 'none' };
  const input = stream.kind === 'input';
  const val = ctx.own(input ? ctx.types.terminalInput : ctx.types.terminalOutput, { kind: input ? 'terminal-input' : 'terminal-output' });
  return { tag: 'some', val };
}

/** `wasi:cli/terminal-stdin`. */
export function terminalStdinInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:cli/terminal-stdin',
    version: WASI_P2_VERSION,
    resources: { 'terminal-input': ctx.types.terminalInput },
    funcs: {
      /** A terminal handle when stdin is a terminal (and terminals are enabled), else none. */
      'get-terminal-stdin': () => terminalOf(ctx, ctx.sys.stdin),
    },
  };
}

/** `wasi:cli/terminal-stdout`. */
export function terminalStdoutInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:cli/terminal-stdout',
    version: WASI_P2_VERSION,
    resources: { 'terminal-output': ctx.types.terminalOutput },
    funcs: {
      /** A terminal handle when stdout is a terminal (and terminals are enabled), else none. */
      'get-terminal-stdout': () => terminalOf(ctx, ctx.sys.stdout),
    },
  };
}

/** `wasi:cli/terminal-stderr`. */
export function terminalStderrInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:cli/terminal-stderr',
    version: WASI_P2_VERSION,
    resources: { 'terminal-output': ctx.types.terminalOutput },
    funcs: {
      /** A terminal handle when stderr is a terminal (and terminals are enabled), else none. */
      'get-terminal-stderr': () => terminalOf(ctx, ctx.sys.stderr),
    },
  };
}
