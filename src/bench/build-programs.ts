/** Builds the benchmark kernels from `bench/programs/*.c` with Debian's clang-19 (cached by content). */

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KpioError } from '../api/errors.js';
import type { BenchProgram } from './programs.js';
import { packageRoot } from '../platform/node/package-root.js';

/** The repository root (two levels above dist/bench or src/bench). */
export function repoRoot(): string {
  return packageRoot();
}

/** Returns the path of `program`'s .wasm, compiling it into `build/bench/` when needed. */
export function buildProgram(program: BenchProgram, root = repoRoot()): string {
  const srcDir = path.join(root, 'bench', 'programs');
  const src = path.join(srcDir, program.source);
  const hash = crypto
    .createHash('sha256')
    .update(fs.readFileSync(src))
    .update(fs.readFileSync(path.join(srcDir, 'common.h')))
    .digest('hex')
    .slice(0, 16);
  const outDir = path.join(root, 'build', 'bench');
  const out = path.join(outDir, `${program.name}-${hash}.wasm`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(outDir, { recursive: true });
  try {
    execFileSync('clang-19', ['--target=wasm32-wasi', '-O2', '-nostartfiles', '-Wl,--no-entry', '-o', out, src], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') {
      throw new KpioError('clang-19 is not installed: apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32');
    }
    throw new KpioError(`building ${program.source} failed:\n${err.stderr?.toString() ?? err.message}`);
  }
  return out;
}
