/**
 * Builds a `sys` context from the real machine: preopened host directories, preopened listening
 * sockets, the process's stdio (or captured/null streams), Node's clocks and CSPRNG, and a waiter
 * that really blocks. Nothing is granted that the options do not name.
 */

import { KpioError } from '../../api/errors.js';
import {
  BufferedInput,
  NullOutput,
  SeededRandom,
  SysError,
  type Clocks,
  type InputStream,
  type OutputStream,
  type Preopen,
  type RandomSource,
  type SysContext,
} from '../../sys/index.js';
import { LazyIoWorker } from './blocking-io.js';
import { NodeClocks } from './node-clock.js';
import { openHostDir } from './node-fs.js';
import { listenTcp, parseListenAddress } from './node-net.js';
import { NodeRandom } from './node-random.js';
import { NodeInput, NodeOutput } from './node-stdio.js';
import { NodeWaiter } from './node-waiter.js';
import { WriteBehind } from './write-behind.js';

/** A host directory to preopen. */
export interface HostDirGrant {
  /** The host directory. */
  readonly host: string;
  /** The name the guest sees it under (e.g. `/`, `/data`, `.`). */
  readonly guest: string;
  /** Refuse every modification (`EROFS`). */
  readonly readonly?: boolean;
}

/** Where a guest's stdin comes from. */
export type StdinSpec = 'inherit' | 'null' | InputStream | Uint8Array | string | { readonly fd: number };
/** Where a guest's stdout/stderr go. */
export type StdoutSpec = 'inherit' | 'null' | OutputStream | { readonly fd: number };

/** Options of {@link createNodeSys}. */
export interface NodeSysOptions {
  /** argv including the program name (default `['main.wasm']`). */
  readonly args?: readonly string[];
  /** The complete environment (default: empty; nothing is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** Host directories to preopen, in order. */
  readonly dirs?: readonly HostDirGrant[];
  /** Listening TCP sockets to preopen, as `host:port` (port 0 picks a free one). */
  readonly tcpListen?: readonly string[];
  /** Shorthand: inherit all three stdio streams from the process. */
  readonly inheritStdio?: boolean;
  /** stdin (default `'null'`: empty, unless `inheritStdio`). */
  readonly stdin?: StdinSpec;
  /** stdout (default `'inherit'`). */
  readonly stdout?: StdoutSpec;
  /** stderr (default `'inherit'`). */
  readonly stderr?: StdoutSpec;
  /** Clocks (default: the host's). */
  readonly clocks?: Clocks;
  /** Random source (default: the host CSPRNG); see also `seed`. */
  readonly random?: RandomSource;
  /** Use a deterministic random source with this seed instead of the CSPRNG. */
  readonly seed?: number;
}

/** A context on the real machine. Call {@link NodeSys.close} when the guest is done. */
export interface NodeSys extends SysContext {
  /** The bound addresses of the preopened sockets, in order (useful with port 0). */
  readonly listenAddresses: readonly string[];
  /** Closes preopens and stops the I/O worker. */
  close(): void;
}

function makeInput(spec: StdinSpec, worker: LazyIoWorker, wb: WriteBehind): InputStream {
  if (spec === 'inherit') return new NodeInput(0, worker, wb);
  if (spec === 'null') return new BufferedInput(new Uint8Array(0), 'character-device');
  if (typeof spec === 'string' || spec instanceof Uint8Array) return new BufferedInput(spec);
  if ('kind' in spec) return spec;
  return new NodeInput(spec.fd, worker, wb);
}

function makeOutput(spec: StdoutSpec, fd: number, wb: WriteBehind): OutputStream {
  if (spec === 'inherit') return new NodeOutput(fd, wb);
  if (spec === 'null') return new NullOutput();
  if ('kind' in spec) return spec;
  return new NodeOutput(spec.fd, wb);
}

/**
 * Creates a context over the real machine. Throws a `KpioError` naming the directory or address
 * when a preopen cannot be made.
 */
export function createNodeSys(options: NodeSysOptions = {}): NodeSys {
  const worker = new LazyIoWorker();
  const writeBehind = new WriteBehind();
  const preopens: Preopen[] = [];
  const listenAddresses: string[] = [];
  const closeAll = () => {
    for (const p of preopens) p.handle.close();
    worker.close();
  };
  try {
    for (const d of options.dirs ?? []) {
      try {
        preopens.push({ kind: 'dir', guestPath: d.guest, handle: openHostDir(d.host, { readonly: d.readonly }) });
      } catch (e) {
        if (e instanceof SysError) throw new KpioError(`cannot preopen directory '${d.host}': ${e.errno}`);
        throw e;
      }
    }
    for (const a of options.tcpListen ?? []) {
      try {
        const l = listenTcp(worker.get(), parseListenAddress(a));
        preopens.push({ kind: 'tcp-listener', handle: l });
        listenAddresses.push(l.localAddress);
      } catch (e) {
        if (e instanceof SysError) throw new KpioError(`cannot listen on '${a}': ${e.errno}`);
        throw e;
      }
    }
  } catch (e) {
    closeAll();
    throw e;
  }
  const inherit = options.inheritStdio === true;
  const stdin = makeInput(options.stdin ?? (inherit ? 'inherit' : 'null'), worker, writeBehind);
  const stdout = makeOutput(options.stdout ?? 'inherit', 1, writeBehind);
  const stderr = makeOutput(options.stderr ?? 'inherit', 2, writeBehind);
  return {
    args: options.args ?? ['main.wasm'],
    env: Object.entries(options.env ?? {}),
    preopens,
    stdin,
    stdout,
    stderr,
    clocks: options.clocks ?? new NodeClocks(),
    random: options.random ?? (options.seed !== undefined ? new SeededRandom(options.seed) : new NodeRandom()),
    waiter: new NodeWaiter(writeBehind),
    listenAddresses,
    close() {
      writeBehind.close();
      stdin.close();
      closeAll();
    },
  };
}
