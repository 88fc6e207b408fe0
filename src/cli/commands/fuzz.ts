/** `kpio fuzz`: differential fuzzing of the engines with generated valid modules. */

import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_KINDS } from '../../engine-kinds.js';
import type { EngineKind } from '../../runtime/engine.js';
import { DEFAULT_FIXTURE_DIR, formatFuzzSummary, runFuzz } from '../../fuzz/command.js';
import type { CliIo } from '../cli-io.js';
import { integerOption, parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio fuzz [options]

Generates random valid Wasm 2.0 modules (seeded, reproducible), runs each on every engine (interp,
jit, native; those this host lacks are skipped) and compares results, traps, memory, globals and
tables after every call. A divergence is minimised and saved as a fixture (.wasm + .json). Exits 1
when anything diverged.

Options:
  --seed N        campaign seed (default 1)
  --count N       modules to generate (default 1000)
  --first N       index of the first module (reproduce one: --first I --count 1)
  --simd          also generate SIMD code
  --engines LIST  comma-separated engines to compare (default: all available)
  --fuel N        fuel per exported call, bounding loops and recursion
  --out DIR       where fixtures go (default ${DEFAULT_FIXTURE_DIR})
  --no-minimize   save diverging modules as generated`;

/** The `fuzz` command. */
export const fuzzCommand: Command = {
  name: 'fuzz',
  summary: 'differential fuzzing: generated modules on every engine',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      seed: { type: 'string' },
      count: { type: 'string' },
      first: { type: 'string' },
      simd: { type: 'boolean' },
      engines: { type: 'string' },
      fuel: { type: 'string' },
      out: { type: 'string' },
      'no-minimize': { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const engines = values.engines?.split(',').map((e) => {
      if (!(ENGINE_KINDS as readonly string[]).includes(e)) throw new UsageError(`unknown engine "${e}"`);
      return e as EngineKind;
    });
    const outDir = path.resolve(io.cwd, values.out ?? DEFAULT_FIXTURE_DIR);
    const fuel = integerOption('fuel', values.fuel);
    const summary = runFuzz({
      seed: integerOption('seed', values.seed) ?? 1,
      count: integerOption('count', values.count) ?? 1000,
      first: integerOption('first', values.first) ?? 0,
      simd: values.simd ?? false,
      ...(engines ? { engines } : {}),
      ...(fuel !== undefined ? { fuel } : {}),
      outDir,
      minimize: !values['no-minimize'],
      writeFile: (p, data) => {
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, data);
      },
      log: (line) => io.stderr.write(line + '\n'),
    });
    for (const line of formatFuzzSummary(summary)) io.stdout.write(line + '\n');
    return summary.findings.length || summary.generatorFailures.length ? 1 : 0;
  },
};
