/**
 * Node built-in modules that kpio loads on first use rather than at start-up.
 *
 * Note: in the CLI every module's imports are evaluated before a command runs, and loading
 * `node:crypto` costs about 2 ms, `node:worker_threads` and `node:tty` about 1 ms between them;
 * most runs never draw random bytes, start a worker or meet a terminal. Node caches loaded
 * modules, so later calls are cheap.
 */

import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Tty from 'node:tty';
import type * as WorkerThreads from 'node:worker_threads';

let requireFn: NodeJS.Require | null = null;

/**
 * Loads a built-in module. Note: `process.getBuiltinModule` (Node 20.16 and later) needs no
 * require function; making one with `createRequire` costs about half a millisecond of start-up,
 * so older Nodes make it on first use.
 */
function nodeRequire(id: string): unknown {
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (getBuiltinModule !== undefined) return getBuiltinModule(id);
  return (requireFn ??= createRequire(import.meta.url))(id);
}

/** `node:crypto`, loaded on the first call. */
export function nodeCrypto(): typeof Crypto {
  return nodeRequire('node:crypto') as typeof Crypto;
}

/** `node:tty`, loaded on the first call. */
export function nodeTty(): typeof Tty {
  return nodeRequire('node:tty') as typeof Tty;
}

/** `node:worker_threads`, loaded on the first call. */
export function nodeWorkerThreads(): typeof WorkerThreads {
  return nodeRequire('node:worker_threads') as typeof WorkerThreads;
}
