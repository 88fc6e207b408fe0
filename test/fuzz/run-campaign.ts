/**
 * Runs a differential fuzzing campaign from the command line until `kpio fuzz` is wired into the
 * CLI (same options):
 *
 *   npx vite-node test/fuzz/run-campaign.ts -- --seed 1 --count 10000 [--first N] [--simd]
 *       [--engines interp,jit,native] [--out test/fuzz/fixtures] [--fuel 200] [--no-minimize]
 *
 * Prints progress and the summary; writes a fixture (.wasm + .json) per divergence.
 */

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineKind } from '../../src/runtime/engine.js';
import { formatFuzzSummary, runFuzz } from '../../src/fuzz/command.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '1000' },
    first: { type: 'string', default: '0' },
    engines: { type: 'string' },
    simd: { type: 'boolean', default: false },
    out: { type: 'string', default: 'test/fuzz/fixtures' },
    fuel: { type: 'string' },
    'no-minimize': { type: 'boolean', default: false },
    every: { type: 'string', default: '500' },
  },
});

const summary = runFuzz({
  seed: Number(values.seed),
  count: Number(values.count),
  first: Number(values.first),
  simd: values.simd,
  outDir: values.out,
  minimize: !values['no-minimize'],
  progressEvery: Number(values.every),
  ...(values.fuel ? { fuel: Number(values.fuel) } : {}),
  ...(values.engines ? { engines: values.engines.split(',') as EngineKind[] } : {}),
  writeFile: (file, data) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  },
  log: (line) => console.log(line),
});
for (const line of formatFuzzSummary(summary)) console.log(line);
process.exitCode = summary.findings.length || summary.generatorFailures.length ? 1 : 0;
