/** `kpio bench`: the benchmark table (times and ratios to native measured in one run), JSON and SVG. */

import fs from 'node:fs';
import path from 'node:path';
import { renderChart } from '../../bench/chart-svg.js';
import type { Sample } from '../../bench/measure.js';
import { BENCH_COLUMNS, type BenchColumn, bestMs, defaultResultsDir, medianMs, runBench } from '../../bench/run-bench.js';
import type { CliIo } from '../cli-io.js';
import { integerOption, parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio bench [PROGRAM...] [options]
       kpio bench --suite wasi-io|startup [--reps N]

Builds the benchmark kernels in bench/programs/ (clang-19) and runs each on kpio's engines and on the
peers that are installed (binaryen wasm2js, wabt wasm-interp). Prints min and median times and each
column's ratio to native (min/min), and writes bench.json and bench.svg.

Other suites, also measured against their peers in one run:
  --suite wasi-io   WASI Preview 1 against node:wasi: 100 MiB through fd_write/fd_read in 64 KiB
                    chunks, 1,000,000 small fd_write calls, and a hello world start to exit
  --suite startup   start to exit of the hello_stdout component under kpio run, jco run, and the
                    same program as a Preview 1 module under node:wasi

Options:
  --suite NAME     engines (default), wasi-io or startup
  --columns LIST   comma-separated subset of ${BENCH_COLUMNS.join(',')}
  --reps N         timed repetitions after the first call (default 5)
  --slow-reps N    repetitions for interp and wasm-interp (default 3)
  --jit-eager      compile every function at instantiation on the jit column
  --out DIR        where to write bench.json and bench.svg (default bench-results/)`;

function isSample(s: unknown): s is Sample {
  return typeof s === 'object' && s !== null && 'timesMs' in s;
}

/** The `bench` command. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmark set on every engine and peer, print ratios',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      columns: { type: 'string' },
      reps: { type: 'string' },
      'slow-reps': { type: 'string' },
      'jit-eager': { type: 'boolean' },
      out: { type: 'string' },
      suite: { type: 'string' },
    });
    const suite = values.suite ?? 'engines';
    const log = (line: string) => io.stderr.write(line + '\n');
    if (suite === 'wasi-io') {
      const { formatWasiIoTable, runWasiIoBench } = await import('../../bench/wasi-io.js');
      const rows = await runWasiIoBench({ reps: integerOption('reps', values.reps) ?? 5, log });
      io.stdout.write(formatWasiIoTable(rows) + '\n');
      return 0;
    }
    if (suite === 'startup') {
      const { componentStartupRows, formatStartupTable } = await import('../../bench/component-startup.js');
      const rows = await componentStartupRows({ reps: integerOption('reps', values.reps) ?? 7, log });
      io.stdout.write(formatStartupTable(rows) + '\n');
      return 0;
    }
    if (suite !== 'engines') throw new UsageError(`unknown suite "${suite}" (engines, wasi-io, startup)`);
    let columns: BenchColumn[] | undefined;
    if (values.columns) {
      columns = values.columns.split(',').map((c) => {
        if (!(BENCH_COLUMNS as readonly string[]).includes(c)) throw new UsageError(`unknown column "${c}"`);
        return c as BenchColumn;
      });
    }
    const { rows, columns: cols } = await runBench({
      programs: positionals,
      ...(columns ? { columns } : {}),
      reps: integerOption('reps', values.reps) ?? 5,
      slowReps: integerOption('slow-reps', values['slow-reps']) ?? 3,
      jitEager: values['jit-eager'] ?? false,
      log: (line) => io.stderr.write(line + '\n'),
    });
    const header = ['program', ...cols.flatMap((c) => [`${c} min/med ms`, `${c} x`])];
    const table: string[][] = [header];
    const json: unknown[] = [];
    const chartRows = rows.map((row) => {
      const native = row.samples.native;
      const base = isSample(native) ? bestMs(native) : NaN;
      const ratios = new Map<string, number>();
      const line = [row.program.name];
      const entry: Record<string, unknown> = { program: row.program.name, kind: row.program.kind };
      for (const c of cols) {
        const s = row.samples[c];
        if (!isSample(s)) {
          line.push(s ? `error` : '-', '');
          entry[c] = s ?? null;
          continue;
        }
        const best = bestMs(s);
        const ratio = best / base;
        ratios.set(c, ratio);
        line.push(`${best.toFixed(1)}/${medianMs(s).toFixed(1)}`, Number.isFinite(ratio) ? ratio.toFixed(2) : '-');
        entry[c] = { minMs: best, medianMs: medianMs(s), firstMs: s.firstMs ?? null, ratioToNative: ratio, result: s.result };
      }
      table.push(line);
      json.push(entry);
      return { program: row.program.name, ratios };
    });
    const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    for (const r of table) io.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
    for (const row of rows) {
      for (const c of cols) {
        const s = row.samples[c];
        if (s && !isSample(s)) io.stdout.write(`note: ${row.program.name} on ${c}: ${s.error}\n`);
      }
    }
    const outDir = path.resolve(io.cwd, values.out ?? defaultResultsDir());
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify({ date: new Date().toISOString(), rows: json }, null, 2));
    fs.writeFileSync(path.join(outDir, 'bench.svg'), renderChart(chartRows, cols, 'kpio: time relative to native (lower is better)'));
    io.stdout.write(`wrote ${path.join(outDir, 'bench.json')} and bench.svg\n`);
    return 0;
  },
};
