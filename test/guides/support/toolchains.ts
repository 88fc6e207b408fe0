/**
 * Which toolchains the guides need, whether each is installed here, and what to install when it
 * is not (the tests skip with that message).
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../support/corpus.js';

/** A toolchain a guide builds with. */
export interface Toolchain {
  readonly name: string;
  /** Returns null when usable, else why not. */
  readonly check: () => string | null;
}

function compiles(compiler: string, ext: string, source: string, flags: readonly string[]): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-guide-tool-'));
  try {
    const src = path.join(dir, `probe.${ext}`);
    fs.writeFileSync(src, source);
    const r = spawnSync(compiler, [...flags, src, '-o', path.join(dir, 'probe.wasm')], { encoding: 'utf8' });
    if (r.error) return `${compiler} is not installed`;
    return r.status === 0 ? null : `${compiler} cannot build for wasm32-wasi: ${(r.stderr || '').split('\n')[0]}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function nodePackage(name: string): string | null {
  return fs.existsSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json')) ? null : `npm package ${name} is not installed (npm install)`;
}

function all(...checks: (() => string | null)[]): () => string | null {
  return () => {
    for (const c of checks) {
      const problem = c();
      if (problem !== null) return problem;
    }
    return null;
  };
}

const c = () => compiles('clang-19', 'c', 'int main(void) { return 0; }\n', ['--target=wasm32-wasi']);
const cpp = () => compiles('clang++-19', 'cpp', '#include <string>\nint main() { std::string s("x"); return (int)s.size() - 1; }\n', ['--target=wasm32-wasi', '-fno-exceptions']);
const rust = () =>
  fs.existsSync('/usr/bin/rustc') && fs.existsSync('/usr/bin/cargo') && fs.existsSync('/usr/lib/rustlib/wasm32-wasi')
    ? null
    : "Debian's rustc, cargo and the wasm32-wasi standard library are not installed";
const wat2wasm = () => (spawnSync('wat2wasm', ['--version']).status === 0 ? null : 'wat2wasm (Debian wabt) is not installed');

/** The toolchains, by guide. */
export const TOOLCHAINS = {
  c: { name: 'clang-19 + wasi-libc (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32)', check: c },
  cpp: {
    name: 'clang++-19 + libc++ for wasm32-wasi (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 libc++-19-dev-wasm32 libc++abi-19-dev-wasm32)',
    check: cpp,
  },
  rust: { name: "Debian's rustc and cargo (apt-get install rustc cargo libstd-rust-dev-wasm32)", check: rust },
  assemblyscript: {
    name: 'assemblyscript + @assemblyscript/wasi-shim (npm install)',
    check: all(() => nodePackage('assemblyscript'), () => nodePackage('@assemblyscript/wasi-shim')),
  },
  componentizeJs: {
    name: '@bytecodealliance/componentize-js, preview2-shim and jco (npm install)',
    check: all(
      () => nodePackage('@bytecodealliance/componentize-js'),
      () => nodePackage('@bytecodealliance/preview2-shim'),
      () => nodePackage('@bytecodealliance/jco'),
    ),
  },
  cComponent: { name: 'clang-19 + wasi-libc and @bytecodealliance/jco (npm install)', check: all(c, () => nodePackage('@bytecodealliance/jco')) },
  wat: { name: 'wat2wasm (apt-get install wabt)', check: wat2wasm },
} as const satisfies Record<string, Toolchain>;

/** Returns null when the toolchain is usable, else prints a visible skip message and returns it. */
export function missingToolchain(guide: string, tool: Toolchain): string | null {
  const dist = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
  const problem = fs.existsSync(dist) ? tool.check() : `kpio is not built (${dist} is missing: npm run build)`;
  if (problem !== null) console.warn(`[guides] skipping ${guide}: ${problem}; needs ${tool.name}`);
  return problem;
}
