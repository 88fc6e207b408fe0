/** `kpio run APP-ID|APP.kpioapp`: running packaged apps with their manifest's sandbox. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppPackage } from '../package/read-package.js';
import { readPackage } from '../package/read-package.js';
import { buildRunConfig, parseGrant, type RunConfig } from '../package/run-config.js';
import type { EngineKind } from '../runtime/engine.js';
import { runApp } from '../launch/app-run.js';
import { inspectEntry } from '../launch/inspect-entry.js';
import { readPackageFile } from '../platform/node/registry-files.js';
import type { CliIo } from './cli-io.js';
import { openCliRegistry } from './registry-access.js';
import { reportRunError } from './run-errors.js';
import { withTimeout } from './timeout.js';

/** Runs an app and returns the exit code. */
export async function runAppCommand(
  ref: string,
  args: readonly string[],
  grantTexts: readonly string[],
  engine: EngineKind | undefined,
  io: CliIo,
): Promise<number> {
  const grants = grantTexts.map(parseGrant);
  let entryBytes: Uint8Array;
  let entryKind: 'module' | 'component';
  let config: RunConfig;
  let name: string;
  let cleanup = () => {};
  if (/\.kpioapp$/i.test(ref)) {
    const pkg: AppPackage = readPackage(await readPackageFile(path.resolve(io.cwd, ref)), { inspectEntry, source: ref });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-app-data-'));
    cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
    entryBytes = pkg.files.get(pkg.manifest.entry)!;
    entryKind = pkg.entryKind;
    config = buildRunConfig(pkg.manifest, grants, dataDir);
    name = pkg.manifest.entry;
  } else {
    const prepared = await (await openCliRegistry(io)).prepareRun(ref, grants);
    entryBytes = prepared.entryBytes;
    entryKind = prepared.app.entryKind;
    config = prepared.config;
    name = prepared.app.manifest.entry;
  }
  try {
    if (config.limits.timeoutSeconds !== undefined && !io.env.KPIO_IN_TIMEOUT_WORKER) {
      // Note: the app's own timeout is enforced like --timeout, by running in a worker thread.
      const argv = ['run', ref, ...grantTexts.flatMap((g) => ['--grant', g]), ...(engine ? ['--engine', engine] : []), '--', ...args];
      return await withTimeout(argv, config.limits.timeoutSeconds, io);
    }
    return await runApp({
      entryBytes,
      entryKind,
      config,
      args: [path.basename(name), ...args],
      hostEnv: io.env,
      ...(engine ? { engine } : {}),
      stdin: { fd: io.stdinFd },
      stdout: io.guestStdout,
      stderr: io.guestStderr,
    });
  } catch (e) {
    return reportRunError(e, io, 'app');
  } finally {
    cleanup();
  }
}
