/** The worker side of `kpio run --timeout`: runs the command with the process's real stdio. */

import { parentPort, workerData } from 'node:worker_threads';
import { runCli } from './main.js';

const { argv } = workerData as { argv: string[] };
const exitCode = await runCli(argv);
parentPort!.postMessage({ exitCode });
