/**
 * Runs one C test app with the real process stdio (a child process in the blocking-I/O tests):
 * `vite-node test/apps/run-app-cli.ts <wasm> [args...]`; KPIO_ENGINE=interp selects the
 * interpreter. Exits with the guest's exit code.
 */

import path from 'node:path';
import { createNodeSys } from '../../src/platform/node/node-sys.js';
import { ExitError } from '../../src/api/errors.js';
import { WasiP1 } from '../../src/wasi/p1/index.js';
import { APP_ENGINES } from './run-app.js';
import fs from 'node:fs';

const [wasmPath, ...args] = process.argv.slice(2);
if (wasmPath === undefined) {
  process.stderr.write('usage: run-app-cli.ts <wasm> [args...]\n');
  process.exit(2);
}
const instantiate = APP_ENGINES[process.env.KPIO_ENGINE ?? 'native']!;
const sys = createNodeSys({ args: [path.basename(wasmPath), ...args], inheritStdio: true });
const wasi = WasiP1.fromSys(sys);
const inst = instantiate(new Uint8Array(fs.readFileSync(wasmPath)), wasi.imports);
wasi.bindMemory(inst.memory);
let code = 0;
try {
  inst.start();
} catch (e) {
  if (!(e instanceof ExitError)) throw e;
  code = e.code;
}
sys.close();
process.exit(code);
