/**
 * Runs a built C test app under kpio's WASI on a given engine, with a `createNodeSys` context.
 */

import fs from 'node:fs';
import { ExitError } from '../../src/api/errors.js';
import { createInterpEngine } from '../../src/engine/interp/index.js';
import { createNativeEngine } from '../../src/engine/native/index.js';
import { createNodeSys, type NodeSysOptions } from '../../src/platform/node/node-sys.js';
import { CapturedOutput } from '../../src/sys/index.js';
import { WasiP1 } from '../../src/wasi/p1/index.js';
import { engineInstantiate, type Instantiate } from '../wasi/wasi-testsuite.js';

/** The engines the app tests run on. */
export const APP_ENGINES: Readonly<Record<string, Instantiate>> = {
  native: engineInstantiate(() => createNativeEngine()),
  interp: engineInstantiate(() => createInterpEngine()),
};

/** What an app run produced. */
export interface AppResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `wasmPath` to completion; stdout/stderr are captured unless the options say otherwise. */
export function runApp(wasmPath: string, instantiate: Instantiate, options: NodeSysOptions = {}): AppResult {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const sys = createNodeSys({ stdout, stderr, ...options });
  try {
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
    wasi.close();
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    sys.close();
  }
}
