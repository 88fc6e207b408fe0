/**
 * Wall-clock timeouts for `kpio run --timeout`. Wasm on the host's engine runs synchronously and
 * cannot be interrupted from the same thread, so the run happens in a worker thread that the main
 * thread terminates when the time is up (the same for every engine).
 */

import { nodeWorkerThreads } from '../platform/node/lazy-builtins.js';
import type { CliIo } from './cli-io.js';
import { cliEntryUrl } from './cli-entry.js';

/** The worker: runs `runCli(argv)` with the real stdio and posts the exit code. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.cliUrl)
  .then((m) => m.runCli(workerData.argv))
  .then((exitCode) => parentPort.postMessage({ exitCode }));
`;

/** Exit code for a run stopped by its timeout (as `timeout(1)` uses). */
export const TIMEOUT_EXIT_CODE = 124;

/** Runs `kpio <argv>` in a worker and stops it after `seconds`. */
export function withTimeout(argv: readonly string[], seconds: number, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    // Note: the worker imports the built CLI (the bundle entry, or dist/cli/main.js) by URL.
    // Note: node:worker_threads (with perf_hooks behind it) is loaded only for timed runs.
    const { Worker } = nodeWorkerThreads();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { argv, cliUrl: cliEntryUrl() },
      env: { ...process.env, KPIO_IN_TIMEOUT_WORKER: '1' },
    });
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(code);
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      io.stderr.write(`error: wall-clock timeout: the guest ran longer than ${seconds} s\n`);
      void worker.terminate();
    }, seconds * 1000);
    worker.on('message', (m: { exitCode: number }) => finish(m.exitCode));
    worker.on('error', (e) => {
      io.stderr.write(`kpio run: internal error in the guest thread: ${e.stack ?? String(e)}\n`);
      finish(1);
    });
    worker.on('exit', (code) => finish(timedOut ? TIMEOUT_EXIT_CODE : code === 0 ? 0 : 1));
  });
}
