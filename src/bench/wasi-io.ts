/**
 * WASI I/O benchmark: kpio's Preview 1 (on the host's WebAssembly, i.e. the native engine) against
 * Node's `node:wasi`, in one process and one run, as ratios. Scenarios:
 *
 * - `io-100mib`: write then read 100 MiB through `fd_write`/`fd_read` in 64 KiB chunks, on a file
 *   in a preopened temp directory (`test/apps/src/bench-io.c`).
 * - `small-writes`: 1,000,000 `fd_write` calls of 8 bytes to stdout, which is `/dev/null`
 *   (`bench-writes.c`).
 * - `hello`: start-to-exit of a hello world: compile, set up WASI, instantiate, run
 *   (`hello.c`), stdout to `/dev/null`.
 *
 * Columns: `kpio` is the whole kpio pipeline on the native engine (decode and validate in
 * TypeScript, compile on the host, link through the runtime, run); `kpio-wasi` is kpio's WASI
 * alone on the host's `WebAssembly` (isolates the WASI layer); `node:wasi` is Node's built-in.
 * Each scenario runs once as a warm-up, then `reps` times rotating the three; the table reports
 * min and median and the ratios of medians to node:wasi (below 1 is faster).
 */

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitError, KpioError } from '../api/errors.js';
import { instantiateWasiModuleOn } from '../launch/wasi-command.js';
import { createNativeEngine } from '../engine/native/index.js';
import { createNodeSys } from '../platform/node/node-sys.js';
import { CapturedOutput } from '../sys/index.js';
import { WasiP1 } from '../wasi/p1/index.js';
import { repoRoot } from './build-programs.js';
import { median, min } from './measure.js';

/** One scenario's timings. */
export interface WasiIoRow {
  readonly scenario: string;
  readonly description: string;
  /** kpio on its native engine (full pipeline), times in ms. */
  readonly kpioMs: readonly number[];
  /** kpio's WASI on the host WebAssembly API directly, times in ms. */
  readonly kpioWasiMs: readonly number[];
  /** node:wasi's times in ms. */
  readonly nodeWasiMs: readonly number[];
  /** Median kpio / median node:wasi. */
  readonly ratio: number;
  /** Median kpio-wasi / median node:wasi. */
  readonly wasiRatio: number;
}

/** Options of {@link runWasiIoBench}. */
export interface WasiIoBenchOptions {
  /** Timed repetitions per runtime and scenario (default 5). */
  readonly reps?: number;
  /** MiB written and read in `io-100mib` (default 100). */
  readonly mib?: number;
  /** Calls in `small-writes` (default 1,000,000). */
  readonly writes?: number;
  /** Scenarios to run (default all). */
  readonly scenarios?: readonly string[];
  /** Progress messages. */
  readonly log?: (line: string) => void;
}

const FLAGS = ['--target=wasm32-wasi', '-O2', '-Wl,--strip-debug'];

/** Builds `test/apps/src/<name>.c` into `build/apps/` (cached by content) and returns its bytes. */
export function buildWasiGuest(name: string, root = repoRoot()): Uint8Array {
  const src = path.join(root, 'test', 'apps', 'src', `${name}.c`);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(src)).update(FLAGS.join(' ')).digest('hex').slice(0, 16);
  const outDir = path.join(root, 'build', 'apps');
  const out = path.join(outDir, `bench-${name}-${hash}.wasm`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    try {
      execFileSync('clang-19', [...FLAGS, src, '-o', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
      if (err.code === 'ENOENT') throw new KpioError('clang-19 is not installed: apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32');
      throw new KpioError(`building ${name}.c failed:\n${err.stderr?.toString() ?? err.message}`);
    }
    fs.renameSync(tmp, out);
  }
  return new Uint8Array(fs.readFileSync(out));
}

interface RunSpec {
  readonly bytes: Uint8Array;
  readonly args: readonly string[];
  readonly preopen?: { readonly guest: string; readonly host: string };
  /** Host descriptor for stdout. */
  readonly stdoutFd: number;
}

/** One run of the whole kpio pipeline on the native engine. Returns the exit code. */
function runKpioNative(spec: RunSpec): number {
  const session = instantiateWasiModuleOn(createNativeEngine(), spec.bytes, {
    args: spec.args,
    dirs: spec.preopen ? [{ host: spec.preopen.host, guest: spec.preopen.guest }] : [],
    stdout: { fd: spec.stdoutFd },
    stderr: new CapturedOutput(),
  });
  try {
    return session.wasi.start(session.instance);
  } finally {
    session.close();
  }
}

/** One run of kpio's WASI on the host WebAssembly API: compile, instantiate, `_start`. */
function runKpio(spec: RunSpec): number {
  const sys = createNodeSys({
    args: spec.args,
    dirs: spec.preopen ? [{ host: spec.preopen.host, guest: spec.preopen.guest }] : [],
    stdout: { fd: spec.stdoutFd },
    stderr: new CapturedOutput(),
  });
  try {
    const wasi = WasiP1.fromSys(sys);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(spec.bytes), wasi.imports as unknown as WebAssembly.Imports);
    try {
      return wasi.start(inst);
    } catch (e) {
      if (e instanceof ExitError) return e.code;
      throw e;
    }
  } finally {
    sys.close();
  }
}

type NodeWasiCtor = new (options: object) => { getImportObject(): object; start(instance: object): number };

/** One node:wasi run with the same steps. */
function runNodeWasi(WASI: NodeWasiCtor, spec: RunSpec): number {
  const wasi = new WASI({
    version: 'preview1',
    args: spec.args,
    env: {},
    preopens: spec.preopen ? { [spec.preopen.guest]: spec.preopen.host } : {},
    returnOnExit: true,
    stdout: spec.stdoutFd,
  });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(spec.bytes), wasi.getImportObject() as WebAssembly.Imports);
  return wasi.start(inst);
}

function timeMs(f: () => number, what: string): number {
  const t = performance.now();
  const code = f();
  const ms = performance.now() - t;
  if (code !== 0) throw new KpioError(`${what} exited with code ${code}`);
  return ms;
}

/** Runs the scenarios and returns one row each. */
export async function runWasiIoBench(options: WasiIoBenchOptions = {}): Promise<WasiIoRow[]> {
  const reps = options.reps ?? 5;
  const mib = options.mib ?? 100;
  const writes = options.writes ?? 1_000_000;
  const log = options.log ?? (() => {});
  const wanted = new Set(options.scenarios ?? ['io-100mib', 'small-writes', 'hello']);
  // Note: node:wasi warns that it is experimental when it is loaded and first constructed; that
  // happens here, quietly, so that neither the report nor the first timed run carries it.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  let WASI: NodeWasiCtor;
  try {
    ({ WASI } = (await import('node:wasi')) as unknown as { WASI: NodeWasiCtor });
    new WASI({ version: 'preview1', returnOnExit: true });
  } finally {
    process.emitWarning = emitWarning;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-bench-wasi-'));
  const devNull = fs.openSync('/dev/null', 'w');
  const rows: WasiIoRow[] = [];
  try {
    const scenarios: { name: string; description: string; spec: RunSpec }[] = [];
    if (wanted.has('io-100mib')) {
      const bytes = buildWasiGuest('bench-io');
      scenarios.push({
        name: 'io-100mib',
        description: `write then read ${mib} MiB in 64 KiB fd_write/fd_read calls`,
        spec: { bytes, args: ['bench-io', '/work/data.bin', String(mib)], preopen: { guest: '/work', host: tmp }, stdoutFd: devNull },
      });
    }
    if (wanted.has('small-writes')) {
      scenarios.push({
        name: 'small-writes',
        description: `${writes.toLocaleString('en-US')} fd_write calls of 8 bytes to /dev/null`,
        spec: { bytes: buildWasiGuest('bench-writes'), args: ['bench-writes', String(writes)], stdoutFd: devNull },
      });
    }
    if (wanted.has('hello')) {
      scenarios.push({
        name: 'hello',
        description: 'hello world, compile + set up + instantiate + run to exit',
        spec: { bytes: buildWasiGuest('hello'), args: ['hello'], stdoutFd: devNull },
      });
    }
    // Note: the data file is removed between runs (untimed), so no run pays for truncating or
    // freeing the previous run's 100 MiB (ext4 also flushes on close after a truncation).
    const resetFiles = () => {
      for (const f of fs.readdirSync(tmp)) fs.rmSync(path.join(tmp, f), { force: true });
    };
    const timed = (f: () => number, what: string) => {
      resetFiles();
      return timeMs(f, what);
    };
    for (const s of scenarios) {
      log(`${s.name}: warming up`);
      timed(() => runKpioNative(s.spec), `kpio ${s.name}`);
      timed(() => runKpio(s.spec), `kpio-wasi ${s.name}`);
      timed(() => runNodeWasi(WASI, s.spec), `node:wasi ${s.name}`);
      const kpioMs: number[] = [];
      const kpioWasiMs: number[] = [];
      const nodeWasiMs: number[] = [];
      for (let i = 0; i < reps; i++) {
        // Note: rotating the runtimes spreads machine noise evenly over the columns.
        kpioMs.push(timed(() => runKpioNative(s.spec), `kpio ${s.name}`));
        kpioWasiMs.push(timed(() => runKpio(s.spec), `kpio-wasi ${s.name}`));
        nodeWasiMs.push(timed(() => runNodeWasi(WASI, s.spec), `node:wasi ${s.name}`));
      }
      const node = median(nodeWasiMs);
      rows.push({
        scenario: s.name,
        description: s.description,
        kpioMs,
        kpioWasiMs,
        nodeWasiMs,
        ratio: median(kpioMs) / node,
        wasiRatio: median(kpioWasiMs) / node,
      });
      log(`${s.name}: kpio ${median(kpioMs).toFixed(1)} ms, kpio-wasi ${median(kpioWasiMs).toFixed(1)} ms, node:wasi ${node.toFixed(1)} ms`);
    }
  } finally {
    fs.closeSync(devNull);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

/** Formats rows as a table of min/median times and ratios. */
export function formatWasiIoTable(rows: readonly WasiIoRow[]): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const head = ['scenario', 'kpio min', 'kpio med', 'kpio-wasi min', 'kpio-wasi med', 'node:wasi min', 'node:wasi med', 'kpio/node', 'kpio-wasi/node'];
  const body = rows.map((r) => [
    r.scenario,
    ms(min(r.kpioMs)),
    ms(median(r.kpioMs)),
    ms(min(r.kpioWasiMs)),
    ms(median(r.kpioWasiMs)),
    ms(min(r.nodeWasiMs)),
    ms(median(r.nodeWasiMs)),
    `${r.ratio.toFixed(2)}x`,
    `${r.wasiRatio.toFixed(2)}x`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const notes = rows.map((r) => `  ${r.scenario}: ${r.description}`);
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    'kpio = native engine, whole pipeline; kpio-wasi = kpio WASI on the host WebAssembly API.',
    'Ratios are medians against node:wasi (below 1: faster).',
    ...notes,
  ].join('\n');
}
