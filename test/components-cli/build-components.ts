/**
 * Builds kpio's own WASI 0.2 test components from sources in the repo, into `build/components-cli/`
 * (gitignored), cached by a hash of the inputs:
 * - C (`src/*.c`) with Debian's clang-19 + wasi-libc as a Preview 1 module, then a `wasi:cli`
 *   command component with the preview1 command adapter shipped in `@bytecodealliance/jco`
 *   (`jco new app.wasm --wasi-command`);
 * - component text (`src/*.wat`) with `jco parse` (wasm-tools parse), for components no compiler makes;
 * - JavaScript (`src/*.js` + `src/*.wit`) with `@bytecodealliance/componentize-js`.
 * Tests call these and skip with a visible message when a toolchain is missing.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** Where the sources live. */
export const SRC = path.join(REPO_ROOT, 'test', 'components-cli', 'src');
/** Where built components go. */
export const OUT = path.join(REPO_ROOT, 'build', 'components-cli');

const CLANG = 'clang-19';
const CFLAGS = ['--target=wasm32-wasi', '-O2', '-Wall', '-Wextra', '-Werror', '-Wl,--strip-debug'];
const JCO_PKG = path.join(REPO_ROOT, 'node_modules', '@bytecodealliance', 'jco');
const COMPONENTIZE_PKG = path.join(REPO_ROOT, 'node_modules', '@bytecodealliance', 'componentize-js');

function packageVersion(dir: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** True when clang-19 with the wasm32-wasi sysroot is usable. */
export function hasClang(): boolean {
  return spawnSync(CLANG, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** True when the jco devDependency (with its preview1 adapters) is installed. */
export function hasJco(): boolean {
  return packageVersion(JCO_PKG) !== null;
}

/** True when the componentize-js devDependency is installed. */
export function hasComponentizeJs(): boolean {
  return packageVersion(COMPONENTIZE_PKG) !== null;
}

/** The message tests print when they skip C components. */
export const NO_C_TOOLCHAIN =
  'clang-19 (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32) or @bytecodealliance/jco (npm install) is missing: skipping the C component tests';
/** The message tests print when they skip the componentize-js component. */
export const NO_COMPONENTIZE = '@bytecodealliance/componentize-js is not installed (npm install): skipping the JS component test';

function hashOf(parts: readonly (string | Uint8Array)[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Runs `make(tmp)` to produce `out` unless it exists; builds to a private name and renames. */
function cached(out: string, make: (tmp: string) => void): string {
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(OUT, { recursive: true });
  // Note: parallel test files may build the same thing; a rename is atomic, so nobody sees half a file.
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  try {
    make(tmp);
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return out;
}

function run(cmd: string, args: readonly string[], what: string): void {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_ROOT });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${what} failed:\n${err.stderr?.toString() || err.stdout?.toString() || err.message}`);
  }
}

/**
 * Builds `src/<name>.c` into a command component and returns its path. The cache key covers the
 * source, the compiler flags and the jco version (whose adapter goes into the component).
 */
export function buildCommandComponent(name: string): string {
  const src = path.join(SRC, `${name}.c`);
  const key = hashOf([fs.readFileSync(src), CFLAGS.join(' '), packageVersion(JCO_PKG) ?? 'no-jco']);
  const core = cached(path.join(OUT, `${name}-${key}.wasm`), (tmp) => run(CLANG, [...CFLAGS, src, '-o', tmp], `building ${name}.c`));
  return cached(path.join(OUT, `${name}-${key}.component.wasm`), (tmp) =>
    run(process.execPath, [path.join(JCO_PKG, 'dist', 'jco.js'), 'new', core, '--wasi-command', '-o', tmp], `jco new ${name}`),
  );
}

/** Builds the component text `src/<name>.wat` into a binary component and returns its path. */
export function buildWatComponent(name: string): string {
  const src = path.join(SRC, `${name}.wat`);
  const key = hashOf([fs.readFileSync(src), packageVersion(JCO_PKG) ?? 'no-jco']);
  return cached(path.join(OUT, `${name}-${key}.component.wasm`), (tmp) =>
    run(process.execPath, [path.join(JCO_PKG, 'dist', 'jco.js'), 'parse', src, '-o', tmp], `jco parse ${name}.wat`),
  );
}

/**
 * Builds `src/<name>.js` with the world in `src/<name>.wit` into a component with componentize-js
 * and returns its path.
 *
 * Note: componentize-js reads its own input files through a WASI filesystem that has no preopens
 * unless one is added; its CLI is therefore started with `--import` of a module that preopens `/`
 * (see TOOLCHAINS.md). The build takes about 10 s, so it is cached like the others.
 */
export function buildJsComponent(name: string, worldName: string): string {
  const js = path.join(SRC, `${name}.js`);
  const wit = path.join(SRC, `${name}.wit`);
  const key = hashOf([fs.readFileSync(js), fs.readFileSync(wit), worldName, packageVersion(COMPONENTIZE_PKG) ?? 'none']);
  return cached(path.join(OUT, `${name}-${key}.component.wasm`), (tmp) => {
    const preopen = path.join(OUT, 'preopen-root.mjs');
    fs.writeFileSync(preopen, "import { _addPreopen } from '@bytecodealliance/preview2-shim/filesystem';\n_addPreopen('/', '/');\n");
    const cli = path.join(COMPONENTIZE_PKG, 'src', 'cli.js');
    run(process.execPath, ['--no-warnings', '--import', preopen, cli, js, '--wit', wit, '--world-name', worldName, '--disable', 'http', 'fetch-event', '-o', tmp], `componentize-js ${name}`);
  });
}
