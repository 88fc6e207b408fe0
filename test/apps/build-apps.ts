/**
 * Builds kpio's own C test apps (`test/apps/src/*.c`) with Debian's clang-19 + wasi-libc into
 * `build/apps/` (gitignored), cached by a hash of the source and flags. Tests call this and skip
 * with a message when clang-19 is missing.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** Where the app sources live. */
export const APPS_SRC = path.join(REPO_ROOT, 'test', 'apps', 'src');
/** Where built apps go. */
export const APPS_OUT = path.join(REPO_ROOT, 'build', 'apps');

const CLANG = 'clang-19';
const FLAGS = ['--target=wasm32-wasi', '-O2', '-Wall', '-Wextra', '-Werror', '-Wl,--strip-debug'];

/** True when clang-19 with a wasm32-wasi sysroot is usable. */
export function hasClang(): boolean {
  const r = spawnSync(CLANG, ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

/** The message tests print when they skip for lack of the toolchain. */
export const NO_CLANG = `${CLANG} is not installed (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32): skipping C app tests`;

/** Builds `test/apps/src/<name>.c` when needed and returns the path of the `.wasm`. */
export function buildApp(name: string): string {
  const src = path.join(APPS_SRC, `${name}.c`);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(src)).update(FLAGS.join(' ')).digest('hex').slice(0, 16);
  const out = path.join(APPS_OUT, `${name}-${hash}.wasm`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(APPS_OUT, { recursive: true });
  // Note: build to a private name and rename, so parallel test files never see half a file.
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  try {
    execFileSync(CLANG, [...FLAGS, src, '-o', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`building ${name}.c failed:\n${err.stderr?.toString() ?? err.message}`);
  }
  fs.renameSync(tmp, out);
  return out;
}
