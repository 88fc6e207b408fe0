/**
 * `kpio bench`: runs every benchmark kernel on kpio's engines (in-process, first call then timed
 * repetitions) and on the peers that are installed (binaryen's wasm2js output in Node; wabt's C++
 * `wasm-interp` as whole processes), and reports times and ratios to native measured in one run.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KpioError } from '../api/errors.js';
import { createEngine } from '../engines.js';
import type { EngineKind, EngineOptions } from '../runtime/engine.js';
import { compileModule } from '../runtime/compile.js';
import { Linker } from '../runtime/linker.js';
import { buildProgram, repoRoot } from './build-programs.js';
import { median, min, type Sample, timeCalls, timeProcess } from './measure.js';
import { BENCH_PROGRAMS, type BenchProgram } from './programs.js';

/** The columns a benchmark run can have, in table order. */
export const BENCH_COLUMNS = ['native', 'jit', 'interp', 'wasm2js', 'wasm-interp'] as const;
/** One column name. */
export type BenchColumn = (typeof BENCH_COLUMNS)[number];

/** Options of a benchmark run. */
export interface BenchOptions {
  /** Programs to run (default: all). */
  readonly programs?: readonly string[];
  /** Columns to measure (default: all available). */
  readonly columns?: readonly BenchColumn[];
  /** Timed repetitions after the first call for kpio engines and wasm2js (default 5). */
  readonly reps?: number;
  /** Repetitions for slow engines/peers: interp and wasm-interp (default 3). */
  readonly slowReps?: number;
  /** JIT: compile everything at instantiation. */
  readonly jitEager?: boolean;
  /** Progress messages. */
  readonly log?: (line: string) => void;
}

/** Results of one program. */
export interface BenchRow {
  readonly program: BenchProgram;
  readonly samples: Partial<Record<BenchColumn, Sample | { error: string }>>;
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runOnEngine(kind: EngineKind, bytes: Uint8Array, reps: number, options: EngineOptions): Sample {
  const engine = createEngine(kind, options);
  const instance = new Linker(engine).instantiate(compileModule(engine, bytes));
  const run = instance.func('run');
  return timeCalls(() => run.call(), reps);
}

async function runWasm2js(wasmPath: string, reps: number): Promise<Sample> {
  const out = wasmPath.replace(/\.wasm$/, '.wasm2js.mjs');
  if (!fs.existsSync(out)) {
    execFileSync('wasm2js', ['-O2', wasmPath, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Note: wasm2js returns an i64 as its low half and passes the high half to env.setTempRet0;
    // give it that host function in a module beside the output.
    const env = out.replace(/\.mjs$/, '.env.mjs');
    fs.writeFileSync(env, 'let high = 0;\nexport function setTempRet0(v) { high = v | 0; }\nexport function getTempRet0() { return high; }\n');
    const text = fs.readFileSync(out, 'utf8').replace(/from 'env';/g, `from './${path.basename(env)}';`);
    fs.writeFileSync(out, text);
  }
  const mod = (await import(pathToFileURL(out).href)) as { run: () => unknown };
  return timeCalls(() => mod.run(), reps);
}

/** Runs the benchmark set and returns one row per program. */
export async function runBench(options: BenchOptions = {}): Promise<{ rows: BenchRow[]; columns: BenchColumn[] }> {
  const log = options.log ?? (() => {});
  const reps = options.reps ?? 5;
  const slowReps = options.slowReps ?? 3;
  const wanted = options.columns ?? BENCH_COLUMNS;
  const columns = wanted.filter((c) => {
    if (c === 'wasm2js') return hasCommand('wasm2js');
    if (c === 'wasm-interp') return hasCommand('wasm-interp');
    return true;
  });
  const programs = options.programs?.length
    ? options.programs.map((n) => {
        const p = BENCH_PROGRAMS.find((x) => x.name === n);
        if (!p) throw new KpioError(`unknown benchmark "${n}" (known: ${BENCH_PROGRAMS.map((x) => x.name).join(', ')})`);
        return p;
      })
    : BENCH_PROGRAMS;
  const rows: BenchRow[] = [];
  for (const program of programs) {
    const wasmPath = buildProgram(program, repoRoot());
    const bytes = new Uint8Array(fs.readFileSync(wasmPath));
    const samples: BenchRow['samples'] = {};
    for (const col of columns) {
      log(`${program.name}: ${col} ...`);
      try {
        if (col === 'native' || col === 'jit' || col === 'interp') {
          const opts: EngineOptions = col === 'jit' && options.jitEager ? { jitEager: true } : {};
          samples[col] = runOnEngine(col, bytes, col === 'interp' ? slowReps : reps, opts);
        } else if (col === 'wasm2js') {
          samples[col] = await runWasm2js(wasmPath, reps);
        } else {
          const s = timeProcess('wasm-interp', ['--run-all-exports', wasmPath], slowReps);
          samples[col] = s ?? { error: 'wasm-interp failed' };
        }
      } catch (e) {
        samples[col] = { error: (e as Error).message.split('\n')[0]! };
      }
    }
    rows.push({ program, samples });
  }
  return { rows, columns };
}

/** The representative time of a sample (min of the timed repetitions). */
export function bestMs(s: Sample): number {
  return min(s.timesMs.length ? s.timesMs : [s.firstMs ?? NaN]);
}

/** Median of the timed repetitions. */
export function medianMs(s: Sample): number {
  return median(s.timesMs.length ? s.timesMs : [s.firstMs ?? NaN]);
}

/** Where results are written by default. */
export function defaultResultsDir(): string {
  return path.join(repoRoot(), 'bench-results');
}
