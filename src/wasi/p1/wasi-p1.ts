/**
 * The library API of WASI Preview 1: one object per guest instance, built from `sys`
 * capabilities, giving the import object and running commands and reactors.
 *
 * ```ts
 * const wasi = new WasiP1({ args: ['app', '-v'], env: { HOME: '/' }, preopens, stdout });
 * const instance = new WebAssembly.Instance(module, wasi.imports);
 * const code = wasi.start(instance);
 * ```
 *
 * Nothing is global: two instances with different configurations run side by side.
 */

import { ExitError, KpioError } from '../../api/errors.js';
import {
  BufferedInput,
  JsClocks,
  NullOutput,
  SleepWaiter,
  WebCryptoRandom,
  type Clocks,
  type InputStream,
  type OutputStream,
  type Preopen,
  type RandomSource,
  type SysContext,
  type Waiter,
} from '../../sys/index.js';
import { WASI_P1_MODULE } from './abi.js';
import { argsEnvironImports } from './args-environ.js';
import { clockRandomImports } from './clock-random.js';
import { P1Context } from './context.js';
import { fdIoImports } from './fd-io.js';
import { fdMetaImports, releaseHandle } from './fd-meta.js';
import { fdReaddirImports } from './fd-readdir.js';
import type { MemoryLike } from './guest-memory.js';
import { pathOpenImports } from './path-open.js';
import { pathOpsImports } from './path-ops.js';
import { pollImports } from './poll.js';
import { procSchedImports } from './proc-sched.js';
import { sockImports } from './sock.js';

/** How a {@link WasiP1} instance is configured. Everything not given is denied or empty. */
export interface WasiP1Options {
  /** argv including the program name (default `[]`). */
  readonly args?: readonly string[];
  /** The complete environment (default: empty). */
  readonly env?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
  /** Preopened directories and sockets (default: none). */
  readonly preopens?: readonly Preopen[];
  /** stdin (default: empty). */
  readonly stdin?: InputStream;
  /** stdout (default: discarded). */
  readonly stdout?: OutputStream;
  /** stderr (default: discarded). */
  readonly stderr?: OutputStream;
  /** Clocks (default: `performance.now` / `Date.now`). */
  readonly clocks?: Clocks;
  /** Random source (default: Web Crypto). */
  readonly random?: RandomSource;
  /** How blocking calls wait (default: `Atomics.wait` sleeps). */
  readonly waiter?: Waiter;
  /** Most descriptors the guest may hold at once (default 4096): `EMFILE` beyond. */
  readonly maxHandles?: number;
}

/** The 46 host functions in the JS-API calling convention (i32 as number, i64 as bigint). */
export type WasiP1Functions = ReturnType<typeof argsEnvironImports> &
  ReturnType<typeof clockRandomImports> &
  ReturnType<typeof fdIoImports> &
  ReturnType<typeof fdMetaImports> &
  ReturnType<typeof fdReaddirImports> &
  ReturnType<typeof pathOpenImports> &
  ReturnType<typeof pathOpsImports> &
  ReturnType<typeof pollImports> &
  ReturnType<typeof procSchedImports> &
  ReturnType<typeof sockImports>;

/** An instance, or its exports: `WebAssembly.Instance`, an exports record, or kpio's export map. */
export type WasiTarget = { readonly exports: object } | object;

type Callable = ((...args: unknown[]) => unknown) | { call(...args: unknown[]): unknown };

function exportsOf(target: WasiTarget): Record<string, unknown> {
  const t = target as { exports?: unknown };
  if (t.exports !== undefined && typeof t.exports === 'object' && t.exports !== null) {
    const ex = t.exports;
    if (ex instanceof Map) return Object.fromEntries(ex as Map<string, unknown>);
    return ex as Record<string, unknown>;
  }
  return target as Record<string, unknown>;
}

function callExport(f: Callable): unknown {
  return typeof f === 'function' ? f() : f.call();
}

function isCallable(f: unknown): f is Callable {
  return typeof f === 'function' || (typeof f === 'object' && f !== null && typeof (f as { call?: unknown }).call === 'function');
}

function toSys(o: WasiP1Options): SysContext {
  const env = o.env === undefined ? [] : Array.isArray(o.env) ? (o.env as readonly (readonly [string, string])[]) : Object.entries(o.env);
  return {
    args: o.args ?? [],
    env,
    preopens: o.preopens ?? [],
    stdin: o.stdin ?? new BufferedInput(new Uint8Array(0)),
    stdout: o.stdout ?? new NullOutput(),
    stderr: o.stderr ?? new NullOutput(),
    clocks: o.clocks ?? new JsClocks(),
    random: o.random ?? new WebCryptoRandom(),
    waiter: o.waiter ?? new SleepWaiter(),
  };
}

/** WASI Preview 1 for one guest instance. */
export class WasiP1 {
  /** The import object: `{ wasi_snapshot_preview1: { fd_write, ... } }`. */
  readonly imports: { readonly [WASI_P1_MODULE]: WasiP1Functions };
  /** The same functions, for embedders that link imports one by one. */
  readonly functions: WasiP1Functions;
  private readonly ctx: P1Context;
  private readonly sys: SysContext;
  private started = false;

  /** Configures an instance. Throws `KpioError` for arguments or environment with NUL or `=` in a name. */
  constructor(options: WasiP1Options = {}) {
    this.sys = toSys(options);
    try {
      this.ctx = new P1Context(this.sys, options.maxHandles);
    } catch (e) {
      throw new KpioError(`invalid WASI configuration: ${e instanceof Error ? e.message : String(e)}`);
    }
    const ctx = this.ctx;
    this.functions = {
      ...argsEnvironImports(ctx),
      ...clockRandomImports(ctx),
      ...fdIoImports(ctx),
      ...fdMetaImports(ctx),
      ...fdReaddirImports(ctx),
      ...pathOpenImports(ctx),
      ...pathOpsImports(ctx),
      ...pollImports(ctx),
      ...procSchedImports(ctx),
      ...sockImports(ctx),
    };
    this.imports = { [WASI_P1_MODULE]: this.functions };
  }

  /** Creates an instance over a ready-made `sys` context (for example from `createNodeSys`). */
  static fromSys(sys: SysContext, maxHandles?: number): WasiP1 {
    return new WasiP1({ ...sys, maxHandles });
  }

  /** Tells the host functions which memory the guest uses (needed when it is not exported). */
  bindMemory(memory: MemoryLike): void {
    this.ctx.mem.bind(memory);
  }

  /**
   * Runs a command: binds the exported `memory`, calls `_start`, and returns the exit code (0 when
   * `_start` returns, the `proc_exit` code otherwise). Traps propagate.
   */
  start(target: WasiTarget): number {
    const ex = this.prepare(target);
    const start = ex._start;
    if (!isCallable(start)) throw new KpioError('the module has no "_start" export: it is not a WASI command');
    try {
      callExport(start);
      return 0;
    } catch (e) {
      if (e instanceof ExitError) return e.code;
      throw e;
    } finally {
      this.flush();
    }
  }

  /** Waits until buffered guest output (stdout, stderr) has been written by the platform. */
  flush(): void {
    for (const s of [this.sys.stdout, this.sys.stderr]) {
      try {
        s.flush?.();
      } catch {
        // Note: an output error after the guest ended has no one left to report it to.
      }
    }
  }

  /** Initialises a reactor: binds the exported `memory` and calls `_initialize` when present. */
  initialize(target: WasiTarget): void {
    const ex = this.prepare(target);
    if (ex._start !== undefined) throw new KpioError('the module exports "_start": it is a command, use start()');
    const init = ex._initialize;
    if (init !== undefined) {
      if (!isCallable(init)) throw new KpioError('"_initialize" is not a function');
      callExport(init);
    }
  }

  /** Closes every descriptor the guest still holds (the `sys` context itself stays usable). */
  close(): void {
    this.flush();
    for (const [fd] of [...this.ctx.fds.entries()]) {
      const e = this.ctx.fds.remove(fd);
      releaseHandle(this.ctx, e.handle);
    }
  }

  private prepare(target: WasiTarget): Record<string, unknown> {
    if (this.started) throw new KpioError('this WASI instance was already started; create one per guest instance');
    this.started = true;
    const ex = exportsOf(target);
    const mem = ex.memory as { buffer?: unknown } | undefined;
    if (mem !== undefined && typeof mem === 'object' && mem !== null && (mem.buffer instanceof ArrayBuffer || mem.buffer instanceof SharedArrayBuffer)) {
      this.bindMemory(mem as MemoryLike);
    } else if (!this.ctx.mem.bound) {
      throw new KpioError('the module exports no "memory" and none was bound with bindMemory()');
    }
    return ex;
  }
}
