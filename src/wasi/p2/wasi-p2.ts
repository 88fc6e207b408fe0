/**
 * The library API of the WASI 0.2 host: one object per guest, built from `sys` capabilities, that
 * the component linker resolves a component's `wasi:*` imports against.
 *
 * ```ts
 * const wasi = createWasiP2({ args: ['app'], env: { HOME: '/' }, preopens, stdout });
 * const instance = instantiateComponent(component, { engine, imports: wasi });
 * // ... call the component's exports ...
 * wasi.close();
 * ```
 *
 * Nothing is global: every instance makes its own resource types and resource table, so two
 * instances with different configurations run side by side (and a resource of one is meaningless
 * to the other).
 */

import { KpioError } from '../../api/errors.js';
import { HostInterfaces } from '../../component/link/host-interface.js';
import {
  BufferedInput,
  JsClocks,
  NullOutput,
  SeededRandom,
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
import {
  environmentInterface,
  exitInterface,
  stderrInterface,
  stdinInterface,
  stdoutInterface,
  terminalInputInterface,
  terminalOutputInterface,
  terminalStderrInterface,
  terminalStdinInterface,
  terminalStdoutInterface,
} from './cli.js';
import { monotonicClockInterface, wallClockInterface } from './clocks.js';
import { P2Context } from './context.js';
import { filesystemPreopensInterface, filesystemTypesInterface } from './filesystem.js';
import { ioErrorInterface, ioPollInterface, ioStreamsInterface } from './io.js';
import { insecureRandomInterface, insecureSeedInterface, randomInterface } from './random.js';
import { DEFAULT_MAX_RESOURCES } from './resource-table.js';
import { socketsInterfaces } from './sockets.js';

/**
 * A preopened directory or socket. `readOnly` makes the directory read-only at the WASI level
 * (its descriptor lacks `mutate-directory`, so nothing below it can be changed or opened for
 * writing), whatever the `sys` file system would allow.
 */
export type WasiP2Preopen = Preopen & { readonly readOnly?: boolean };

/**
 * How a WASI 0.2 host is configured. The capability fields have the same names and meaning as
 * Preview 1's `WasiP1Options` (and a `SysContext` fits as is); everything not given is denied or
 * empty.
 */
export interface WasiP2Options {
  /** argv including the program name (default `[]`). */
  readonly args?: readonly string[];
  /** The complete environment (default: empty). */
  readonly env?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
  /** Preopened directories (default: none; socket preopens are ignored by WASI 0.2's filesystem). */
  readonly preopens?: readonly WasiP2Preopen[];
  /** stdin (default: empty). */
  readonly stdin?: InputStream;
  /** stdout (default: discarded). */
  readonly stdout?: OutputStream;
  /** stderr (default: discarded). */
  readonly stderr?: OutputStream;
  /** Clocks (default: `performance.now` / `Date.now`). */
  readonly clocks?: Clocks;
  /** Secure random source (default: Web Crypto). */
  readonly random?: RandomSource;
  /** Source of `wasi:random/insecure` (default: a fast generator seeded from `random`). */
  readonly insecureRandom?: RandomSource;
  /** How blocking calls wait (default: `Atomics.wait` sleeps; platforms give real waiters). */
  readonly waiter?: Waiter;
  /** What `wasi:cli/environment.initial-cwd` reports (default: none). */
  readonly cwd?: string;
  /** Report stdio streams that are terminals through `wasi:cli/terminal-*` (default: false, never). */
  readonly terminals?: boolean;
  /** Most host resources (streams, descriptors, pollables...) the guest may hold at once (default 65536). */
  readonly maxResources?: number;
}

/** The WASI 0.2 host of one guest: its interfaces, plus {@link WasiP2Host.close}. */
export class WasiP2Host extends HostInterfaces {
  /** @internal */
  constructor(private readonly ctx: P2Context) {
    super();
  }

  /** Number of host resources the guest holds now (streams, descriptors, pollables, errors...). */
  get liveResources(): number {
    return this.ctx.table.size;
  }

  /**
   * Releases every resource the guest still holds: files and directories it opened are closed.
   * Preopens and stdio belong to the embedder and stay open.
   */
  close(): void {
    this.ctx.close();
  }
}

function checkText(s: string, what: string): void {
  if (s.includes('\0')) throw new KpioError(`invalid WASI configuration: ${what} contains NUL`);
}

function toSys(o: WasiP2Options): SysContext {
  const env = o.env === undefined ? [] : Array.isArray(o.env) ? (o.env as readonly (readonly [string, string])[]) : Object.entries(o.env);
  for (const a of o.args ?? []) checkText(a, `argument '${a}'`);
  for (const [k, v] of env) {
    checkText(k, `environment name '${k}'`);
    checkText(v, `value of environment variable '${k}'`);
    if (k.includes('=')) throw new KpioError(`invalid WASI configuration: environment name '${k}' contains '='`);
  }
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

/**
 * The insecure source: a generator seeded from `random` on its first use.
 *
 * Note: seeding on first use, not at creation, because drawing the seed loads `node:crypto`
 * (a few ms of start-up) and most guests never ask for insecure randomness.
 */
function seededFrom(random: RandomSource): RandomSource {
  let seeded: SeededRandom | undefined;
  return {
    fill(buf: Uint8Array): void {
      if (seeded === undefined) {
        const b = new Uint8Array(4);
        random.fill(b);
        seeded = new SeededRandom(new DataView(b.buffer).getUint32(0, true));
      }
      seeded.fill(buf);
    },
  };
}

/**
 * Creates the WASI 0.2.12 host for one guest: every stable interface of `wasi:io`, `wasi:clocks`,
 * `wasi:random`, `wasi:filesystem` and `wasi:cli` (imports of any 0.2.x version resolve to them),
 * and `wasi:sockets` under the deny-all network policy (see `sockets.ts`).
 * Throws `KpioError` for arguments or environment with NUL or `=` in a name.
 */
export function createWasiP2(options: WasiP2Options = {}): WasiP2Host {
  const sys = toSys(options);
  if (options.cwd !== undefined) checkText(options.cwd, 'cwd');
  const ctx = new P2Context(sys, {
    cwd: options.cwd,
    terminals: options.terminals === true,
    insecureRandom: options.insecureRandom ?? seededFrom(sys.random),
    maxResources: options.maxResources ?? DEFAULT_MAX_RESOURCES,
  });
  const host = new WasiP2Host(ctx);
  for (const make of [
    ioErrorInterface,
    ioPollInterface,
    ioStreamsInterface,
    monotonicClockInterface,
    wallClockInterface,
    randomInterface,
    insecureRandomInterface,
    insecureSeedInterface,
    filesystemTypesInterface,
    filesystemPreopensInterface,
    environmentInterface,
    exitInterface,
    stdinInterface,
    stdoutInterface,
    stderrInterface,
    terminalInputInterface,
    terminalOutputInterface,
    terminalStdinInterface,
    terminalStdoutInterface,
    terminalStderrInterface,
  ]) {
    host.define(make(ctx));
  }
  for (const iface of socketsInterfaces(ctx)) host.define(iface);
  return host;
}
