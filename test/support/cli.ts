/** Running the CLI in-process for tests: `kpio(args, options) -> { code, stdout, stderr }`. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/main.js';

/** Options of {@link kpio}. */
export interface KpioRun {
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Text fed to the guest's stdin. */
  readonly stdin?: string;
}

/** Runs `kpio ...args` in this process with captured output. */
export async function kpio(args: string[], o: KpioRun = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let fd = -1;
  let tmp: string | undefined;
  if (o.stdin !== undefined) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-stdin-'));
    const file = path.join(tmp, 'stdin');
    fs.writeFileSync(file, o.stdin);
    fd = fs.openSync(file, 'r');
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-stdin-'));
    fs.writeFileSync(path.join(tmp, 'stdin'), '');
    fd = fs.openSync(path.join(tmp, 'stdin'), 'r');
  }
  const m = memoryIo(o.env ?? {}, o.cwd ?? process.cwd(), fd);
  try {
    const code = await runCli(args, m.io);
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A fresh temporary directory removed by the returned cleanup. */
export function tempDir(prefix = 'kpio-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
