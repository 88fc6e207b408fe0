/**
 * The set of capabilities one guest receives: arguments, environment, preopened directories and
 * sockets, stdio, clocks, randomness and a way to block. ABI layers (WASI Preview 1, WASI 0.2)
 * are built over one of these; platforms (`platform/node`, `platform/browser`) or tests make it.
 */

import type { Clocks } from './clock.js';
import { ManualClock } from './clock.js';
import type { DirHandle } from './file-system.js';
import { ManualWaiter } from './manual-waiter.js';
import { MemoryFileSystem } from './memory-fs.js';
import { BufferedInput, CapturedOutput } from './memory-stdio.js';
import type { TcpListener } from './net.js';
import type { Waiter } from './poll.js';
import { SeededRandom, type RandomSource } from './random.js';
import type { InputStream, OutputStream } from './stream.js';

/** A directory handed to the guest under a name (`/`, `/tmp`, `.`, ...). */
export interface PreopenDir {
  readonly kind: 'dir';
  /** The name the guest sees (Preview 1 `fd_prestat_dir_name`). */
  readonly guestPath: string;
  readonly handle: DirHandle;
}

/** A listening socket handed to the guest. */
export interface PreopenSocket {
  readonly kind: 'tcp-listener';
  readonly handle: TcpListener;
}

/** Anything the guest gets before it starts. */
export type Preopen = PreopenDir | PreopenSocket;

/** Everything a guest may use. Nothing else is reachable. */
export interface SysContext {
  /** argv, including the program name in `args[0]`. */
  readonly args: readonly string[];
  /** The complete environment as `[name, value]` pairs (nothing is inherited implicitly). */
  readonly env: readonly (readonly [string, string])[];
  /** Preopened directories and sockets, in the order the guest sees them (fd 3, 4, ...). */
  readonly preopens: readonly Preopen[];
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly clocks: Clocks;
  readonly random: RandomSource;
  readonly waiter: Waiter;
}

/** Options of {@link createSandboxSys}. */
export interface SandboxSysOptions {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Bytes or text the guest reads from stdin (default: empty). */
  readonly stdin?: Uint8Array | string;
  /** Seed of the deterministic random source (default 0). */
  readonly seed?: number;
  /** The file system preopened as `/` (default: a fresh empty one). */
  readonly fs?: MemoryFileSystem;
}

/** A fully in-memory, deterministic context, with handles to inspect what the guest did. */
export interface SandboxSys extends SysContext {
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
  readonly clocks: ManualClock;
  readonly fs: MemoryFileSystem;
}

/**
 * Builds a deterministic sandbox: an in-memory file system preopened at `/`, fixed stdin,
 * captured stdout/stderr, a manual clock, seeded randomness and a waiter over virtual time.
 */
export function createSandboxSys(options: SandboxSysOptions = {}): SandboxSys {
  const clocks = new ManualClock();
  const fs = options.fs ?? new MemoryFileSystem({ clock: clocks });
  return {
    args: options.args ?? ['main.wasm'],
    env: Object.entries(options.env ?? {}),
    preopens: [{ kind: 'dir', guestPath: '/', handle: fs.root() }],
    stdin: new BufferedInput(options.stdin ?? new Uint8Array(0)),
    stdout: new CapturedOutput(),
    stderr: new CapturedOutput(),
    clocks,
    random: new SeededRandom(options.seed ?? 0),
    waiter: new ManualWaiter(clocks),
    fs,
  };
}
