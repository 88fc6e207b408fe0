/**
 * Start-to-exit of a WASI 0.2 command component, as whole processes measured in one run
 * (`kpio bench --suite startup [--reps N]`):
 *
 * - `kpio`: the jco corpus `hello_stdout` component under `node bin/kpio.js run` (native engine).
 * - `jco run`: the same component under `@bytecodealliance/jco run` (node + jco.js directly,
 *   without npx's own start-up), which transpiles the component on every run.
 * - `node:wasi`: the same program built as a Preview 1 module (`modules/hello_stdout.wasm`) under
 *   Node's own WASI.
 *
 * kpio and node:wasi run in turns, jco after them; several repetitions each, min and median, and
 * the ratios (targets: kpio at least 5x faster than jco run, and within 1.5x of node:wasi).
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, min } from './measure.js';

/** One measured way of running the program. */
export interface StartupRow {
  /** Column name: `kpio`, `jco run`, `node:wasi`, ... */
  readonly name: string;
  /** The command line that was timed (for the report). */
  readonly command: string;
  /** Wall times of the repetitions in ms (empty when it could not run). */
  readonly timesMs: readonly number[];
  /** Why it could not run, when it could not. */
  readonly error?: string;
}

/** Options of {@link componentStartupRows}. */
export interface ComponentStartupOptions {
  /** Repetitions per column (default 7). */
  readonly reps?: number;
  /** The repository root (default: found from this file or the working directory). */
  readonly repoRoot?: string;
  /** The corpus directory (default `$KPIO_CORPUS` or `../shared/corpus`). */
  readonly corpus?: string;
  /** Progress messages. */
  readonly log?: (line: string) => void;
}

const EXPECTED_STDOUT = 'writing to stdout: hello, world\n';

function findRepoRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin', 'kpio.js'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** A command to time: its column name, executable and arguments. */
interface Column {
  readonly name: string;
  readonly cmd: string;
  readonly args: readonly string[];
}

/** Runs a column once; returns its wall time in ms, or why it failed (it must exit 0 and print the expected stdout). */
function timeOnce(c: Column, cwd: string): number | string {
  const t = performance.now();
  const r = spawnSync(c.cmd, c.args, { cwd, encoding: 'utf8', maxBuffer: 1 << 20 });
  const ms = performance.now() - t;
  if (r.error || r.status !== 0 || r.stdout !== EXPECTED_STDOUT) {
    return r.error?.message ?? `exit ${r.status}, stdout ${JSON.stringify(r.stdout?.slice(0, 80))}, stderr ${JSON.stringify(r.stderr?.slice(0, 200))}`;
  }
  return ms;
}

/**
 * Times the columns `reps` times each, taking turns (a, b, b, a, a, b, ...) after one untimed
 * warm-up run of each, so that every column meets the same machine: a slow moment or a drift
 * of the clock speed falls on all of them, not on whichever column happened to run then.
 */
function timeInTurns(columns: readonly Column[], reps: number, cwd: string): StartupRow[] {
  const command = (c: Column): string =>
    [c.cmd === process.execPath ? 'node' : c.cmd, ...c.args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a))].join(' ');
  const times = columns.map((): number[] => []);
  const errors = columns.map((c): string | undefined => {
    const r = timeOnce(c, cwd);
    return typeof r === 'string' ? r : undefined;
  });
  for (let rep = 0; rep < reps; rep++) {
    // Note: the order alternates between repetitions, so no column always runs first.
    const order = rep % 2 === 0 ? columns.map((_, i) => i) : columns.map((_, i) => columns.length - 1 - i);
    for (const i of order) {
      if (errors[i] !== undefined) continue;
      const r = timeOnce(columns[i]!, cwd);
      if (typeof r === 'string') errors[i] = r;
      else times[i]!.push(r);
    }
  }
  return columns.map((c, i) => {
    const error = errors[i];
    return error === undefined ? { name: c.name, command: command(c), timesMs: times[i]! } : { name: c.name, command: command(c), timesMs: [], error };
  });
}

/** The script `node -e` runs for the node:wasi column. */
function nodeWasiScript(module: string): string {
  return `
const { WASI } = require('node:wasi');
const fs = require('node:fs');
const wasi = new WASI({ version: 'preview1', args: ['hello_stdout'], env: {}, returnOnExit: true });
const m = new WebAssembly.Module(fs.readFileSync(${JSON.stringify(module)}));
const i = new WebAssembly.Instance(m, wasi.getImportObject());
process.exitCode = wasi.start(i);
`;
}

/**
 * Measures start-to-exit of `hello_stdout` under kpio, `jco run` and node:wasi in one run and
 * returns one row per column (rows that could not run carry an `error`).
 */
export async function componentStartupRows(options: ComponentStartupOptions = {}): Promise<StartupRow[]> {
  const root = options.repoRoot ?? findRepoRoot();
  const corpus = options.corpus ?? process.env.KPIO_CORPUS ?? path.resolve(root, '../shared/corpus');
  const reps = options.reps ?? 7;
  const log = options.log ?? (() => {});
  const component = path.join(corpus, 'components', 'cli', 'hello_stdout.component.wasm');
  const module = path.join(corpus, 'components', 'modules', 'hello_stdout.wasm');
  if (!fs.existsSync(component) || !fs.existsSync(module)) throw new Error(`the component corpus is missing at ${corpus} (set KPIO_CORPUS)`);
  const node = process.execPath;

  log('kpio and node:wasi, in turns ...');
  const [kpio, wasi] = timeInTurns(
    [
      { name: 'kpio', cmd: node, args: [path.join(root, 'bin', 'kpio.js'), 'run', component] },
      { name: 'node:wasi', cmd: node, args: ['--no-warnings', '-e', nodeWasiScript(module)] },
    ],
    reps,
    root,
  );
  log('jco run ...');
  const jco = path.join(root, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
  const [jcoRow] = fs.existsSync(jco)
    ? timeInTurns([{ name: 'jco run', cmd: node, args: [jco, 'run', component] }], reps, root)
    : [{ name: 'jco run', command: 'jco run', timesMs: [], error: '@bytecodealliance/jco is not installed (npm install)' }];
  return [kpio!, jcoRow!, wasi!];
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

/** Renders the rows as a table with min, median and the ratios against kpio. */
export function formatStartupTable(rows: readonly StartupRow[]): string {
  const kpio = rows.find((r) => r.name === 'kpio' && r.timesMs.length > 0);
  const lines = ['start-to-exit of hello_stdout (ms, whole processes)', 'column      min     median  vs kpio (median)  command'];
  for (const r of rows) {
    if (r.timesMs.length === 0) {
      lines.push(`${r.name.padEnd(10)}  could not run: ${r.error ?? 'unknown'}`);
      continue;
    }
    const ratio = kpio ? (median(r.timesMs) / median(kpio.timesMs)).toFixed(2) + 'x' : '-';
    lines.push(`${r.name.padEnd(10)}  ${fmt(min(r.timesMs)).padStart(6)}  ${fmt(median(r.timesMs)).padStart(8)}  ${ratio.padStart(16)}  ${r.command}`);
  }
  const jco = rows.find((r) => r.name === 'jco run' && r.timesMs.length > 0);
  const wasi = rows.find((r) => r.name === 'node:wasi' && r.timesMs.length > 0);
  if (kpio && jco) lines.push(`kpio is ${(median(jco.timesMs) / median(kpio.timesMs)).toFixed(1)}x faster than jco run (target >= 5x)`);
  if (kpio && wasi) {
    const best = (min(kpio.timesMs) / min(wasi.timesMs)).toFixed(2);
    lines.push(`kpio takes ${(median(kpio.timesMs) / median(wasi.timesMs)).toFixed(2)}x the time of node:wasi (target <= 1.5x; ${best}x min to min)`);
  }
  return lines.join('\n');
}

/** Runs the benchmark and prints the table (when this file is run directly). */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const reps = argv[0] !== undefined ? Number(argv[0]) : 7;
  const rows = await componentStartupRows({ reps, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${formatStartupTable(rows)}\n`);
}

// Note: no top-level await: the CLI bundle that includes this file is a classic script.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
