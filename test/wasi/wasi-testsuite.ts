/**
 * A runner for the WASI Preview 1 programs of WebAssembly/wasi-testsuite
 * (`<corpus>/wasi-testsuite/tests/<lang>/testsuite/wasm32-wasip1/`).
 *
 * For every `*.wasm` it reads `<name>.json` (or the defaults), copies the `root` fixture directory
 * to a fresh temp directory (the corpus stays untouched and parallel runs cannot collide),
 * removes `*.cleanup` files, runs the program with that directory preopened as `/`, the given
 * args and exactly the given environment, and compares the exit code and the stdout/stderr
 * prefixes. The "instantiate and call `_start`" step is injected, so the same cases run on any
 * engine; `runWithNodeWasi` runs them under Node's `node:wasi` for comparison.
 */

import { corpusDir } from '../support/corpus.js';
import type { ExpectedFailures } from '../../src/wast/expected-failures.js';
import { projectExpectedFailures } from '../support/expected-failures.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitError } from '../../src/api/errors.js';
import type { FuncType } from '../../src/api/types.js';
import type { HostFunction } from '../../src/api/values.js';
import { compileModule, Linker, type Engine } from '../../src/runtime/index.js';
import { createNodeSys } from '../../src/platform/node/node-sys.js';
import { CapturedOutput } from '../../src/sys/index.js';
import { WASI_P1_SIGNATURES, WasiP1 } from '../../src/wasi/p1/index.js';

/** The legacy JSON spec of one test. */
export interface WasiTestSpec {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly root: string | null;
  readonly exit_code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One test program with its spec. */
export interface WasiTestCase {
  /** `<lang>/<name>`, e.g. `rust/fd_readdir`: the key of the expected-failures list. */
  readonly id: string;
  /** The suite name from `manifest.json`. */
  readonly suite: string;
  readonly wasmPath: string;
  readonly spec: WasiTestSpec;
}

/** What a run produced. `exitCode` is null when the program trapped or the host failed. */
export interface WasiRunResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

/** Instantiates a module with the given imports; `start()` calls `_start`. */
export type Instantiate = (bytes: Uint8Array, imports: Record<string, Record<string, unknown>>) => {
  readonly memory: { readonly buffer: ArrayBuffer };
  start(): void;
};

/** The host's own WebAssembly (what kpio's native engine uses). */
export const hostInstantiate: Instantiate = (bytes, imports) => {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports as WebAssembly.Imports);
  const ex = inst.exports as Record<string, unknown>;
  return { memory: ex.memory as { buffer: ArrayBuffer }, start: () => (ex._start as () => void)() };
};

const DEFAULT_SPEC: WasiTestSpec = { args: [], env: {}, root: null, exit_code: 0, stdout: '', stderr: '' };

export { corpusDir };

/** The script that runs one program under `node:wasi` in a process of its own. */
const NODE_WASI_CHILD = path.join(import.meta.dirname, 'node-wasi-child.mjs');

/** Finds every Preview 1 test under `<corpus>/wasi-testsuite`; empty when the corpus is absent. */
export function discoverWasiTests(corpus: string = corpusDir()): WasiTestCase[] {
  const testsDir = path.join(corpus, 'wasi-testsuite', 'tests');
  if (!fs.existsSync(testsDir)) return [];
  const out: WasiTestCase[] = [];
  for (const lang of fs.readdirSync(testsDir).sort()) {
    const dir = path.join(testsDir, lang, 'testsuite', 'wasm32-wasip1');
    if (!fs.existsSync(dir)) continue;
    const manifestPath = path.join(dir, 'manifest.json');
    const suite = fs.existsSync(manifestPath) ? (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { name: string }).name : lang;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.wasm')) continue;
      const name = f.slice(0, -5);
      const specPath = path.join(dir, `${name}.json`);
      const given = fs.existsSync(specPath) ? (JSON.parse(fs.readFileSync(specPath, 'utf8')) as Partial<WasiTestSpec>) : {};
      out.push({ id: `${lang}/${name}`, suite, wasmPath: path.join(dir, f), spec: { ...DEFAULT_SPEC, ...given } });
    }
  }
  return out;
}

function removeCleanupFiles(dir: string): void {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    // Note: like the reference runner, symlinks are never followed or deleted here.
    if (ent.isSymbolicLink()) continue;
    if (ent.name.endsWith('.cleanup')) fs.rmSync(p, { recursive: true, force: true });
    else if (ent.isDirectory()) removeCleanupFiles(p);
  }
}

/** A writable private copy of the test's root directory (or null), and how to dispose of it. */
function prepareRoot(tc: WasiTestCase): { dir: string | null; dispose(): void } {
  if (tc.spec.root === null) return { dir: null, dispose() {} };
  const src = path.join(path.dirname(tc.wasmPath), tc.spec.root);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-wasi-'));
  const dir = path.join(tmp, 'root');
  fs.cpSync(src, dir, { recursive: true, verbatimSymlinks: true });
  // Note: the corpus is read-only; the copy must be writable for the tests that write.
  const makeWritable = (d: string) => {
    fs.chmodSync(d, 0o755);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) makeWritable(p);
      else if (e.isFile()) fs.chmodSync(p, 0o644);
    }
  };
  makeWritable(dir);
  removeCleanupFiles(dir);
  return {
    dir,
    dispose() {
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Runs one test with kpio's WASI on the engine behind `instantiate`. */
export function runWithKpio(tc: WasiTestCase, instantiate: Instantiate): WasiRunResult {
  const root = prepareRoot(tc);
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const sys = createNodeSys({
    args: [path.basename(tc.wasmPath), ...tc.spec.args],
    env: tc.spec.env,
    dirs: root.dir === null ? [] : [{ host: root.dir, guest: '/' }],
    stdin: 'null',
    stdout,
    stderr,
  });
  try {
    const wasi = WasiP1.fromSys(sys);
    let exitCode: number | null;
    let error: string | undefined;
    try {
      const inst = instantiate(new Uint8Array(fs.readFileSync(tc.wasmPath)), wasi.imports);
      wasi.bindMemory(inst.memory);
      inst.start();
      exitCode = 0;
    } catch (e) {
      if (e instanceof ExitError) exitCode = e.code;
      else {
        exitCode = null;
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
    }
    wasi.close();
    return { exitCode, stdout: stdout.text(), stderr: stderr.text(), error };
  } finally {
    sys.close();
    root.dispose();
  }
}

/**
 * Runs one test under Node's `node:wasi` for comparison, in a child process (`node-wasi-child.mjs`)
 * with stdin from `/dev/null` and piped stdout/stderr. An exit status of 255 with the child's
 * marker on stderr counts as a trap.
 */
export async function runWithNodeWasi(tc: WasiTestCase): Promise<WasiRunResult> {
  const root = prepareRoot(tc);
  try {
    const spec = { wasm: tc.wasmPath, root: root.dir, args: [path.basename(tc.wasmPath), ...tc.spec.args], env: { ...tc.spec.env } };
    const child = spawn(process.execPath, ['--no-warnings', NODE_WASI_CHILD, JSON.stringify(spec)], {
      cwd: os.tmpdir(),
      env: {},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    const stdout = Buffer.concat(out).toString('utf8');
    const stderr = Buffer.concat(err).toString('utf8');
    const marker = /^node-wasi-child: (.*)$/m.exec(stderr);
    if (status === null || (status === 255 && marker !== null)) {
      return { exitCode: null, stdout, stderr, error: marker?.[1] ?? 'killed by a signal' };
    }
    return { exitCode: status, stdout, stderr };
  } finally {
    root.dispose();
  }
}

/** Compares a result with the spec; returns null on a pass, else why it failed. */
export function checkResult(tc: WasiTestCase, r: WasiRunResult): string | null {
  if (r.exitCode === null) return `trapped: ${r.error ?? 'unknown error'}`;
  if (r.exitCode !== tc.spec.exit_code) {
    const tail = r.stderr.trim().split('\n').slice(-3).join(' | ');
    return `exit code ${r.exitCode}, expected ${tc.spec.exit_code}${tail ? ` (stderr: ${tail})` : ''}`;
  }
  // Note: the reference runner reads len(expected) characters and compares: a prefix check.
  if (!r.stdout.startsWith(tc.spec.stdout)) return `stdout ${JSON.stringify(r.stdout.slice(0, 80))} does not start with ${JSON.stringify(tc.spec.stdout)}`;
  if (!r.stderr.startsWith(tc.spec.stderr)) return `stderr ${JSON.stringify(r.stderr.slice(0, 80))} does not start with ${JSON.stringify(tc.spec.stderr)}`;
  return null;
}

/** The reason `test` (`rust/fd_readdir`) is expected to fail on `engine`, or null (from the project's single list). */
export function expectedFailure(list: ExpectedFailures, test: string, engine: string): string | null {
  return list.find('wasi-testsuite', test, engine)?.reason ?? null;
}

/** The project's expected-failures list. */
export function loadExpectedFailures(): ExpectedFailures {
  return projectExpectedFailures();
}

/**
 * An engine-based instantiator: defines the Preview 1 functions in a kpio `Linker` with their
 * exact signatures (a guest importing one with another type fails to link), instantiates, and
 * calls `_start` through the engine. This is where each kpio engine plugs into the runner.
 */
export function engineInstantiate(makeEngine: () => Engine): Instantiate {
  return (bytes, imports) => {
    const engine = makeEngine();
    const linker = new Linker(engine);
    for (const [module, fns] of Object.entries(imports)) {
      for (const [name, fn] of Object.entries(fns)) {
        const type = (WASI_P1_SIGNATURES as Record<string, FuncType | undefined>)[name];
        if (type === undefined) throw new Error(`no signature for ${module}.${name}`);
        linker.defineFunc(module, name, type, fn as HostFunction);
      }
    }
    const inst = linker.instantiate(compileModule(engine, bytes));
    const start = inst.func('_start');
    return { memory: inst.memory('memory'), start: () => void start.call() };
  };
}

/** One row of the comparison table: a test and its outcome per column (null = pass, else why). */
export interface TableRow {
  readonly id: string;
  readonly results: Readonly<Record<string, string | null>>;
}

/** Formats rows as a fixed-width table with a pass count per column. */
export function formatTable(columns: readonly string[], rows: readonly TableRow[]): string {
  const w = Math.max(4, ...rows.map((r) => r.id.length));
  const cw = Math.max(...columns.map((c) => c.length), 6);
  const line = (id: string, cells: string[]) => `${id.padEnd(w)}  ${cells.map((c) => c.padEnd(cw)).join('  ')}`.trimEnd();
  const out = [line('test', [...columns]), line('-'.repeat(w), columns.map(() => '-'.repeat(cw)))];
  for (const r of rows) out.push(line(r.id, columns.map((c) => (r.results[c] === undefined ? '-' : r.results[c] === null ? 'pass' : 'FAIL'))));
  out.push(line('passed', columns.map((c) => `${rows.filter((r) => r.results[c] === null).length}/${rows.length}`)));
  return out.join('\n');
}
