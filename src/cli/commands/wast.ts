/** `kpio wast FILE...`: runs spec test scripts and prints a line per file and a total. */

import fs from 'node:fs';
import path from 'node:path';
import { loadEngineFactory } from '../../engine-loader.js';
import { packageRoot } from '../../platform/node/package-root.js';
import type { EngineOptions } from '../../runtime/engine.js';
import { parseWast, WatParseError } from '../../wasm/text/index.js';
import { ExpectedFailures, NO_EXPECTED_FAILURES } from '../../wast/expected-failures.js';
import { runWastScript, type WastResult } from '../../wast/runner.js';
import { hasComponentCommands, runComponentWastScript } from '../../wast/component/index.js';
import type { CliIo } from '../cli-io.js';
import { engineOption, parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio wast FILE.wast... [options]

Runs WebAssembly spec test scripts with kpio's own script parser, decoder and validator: core
scripts (the spec's), and component scripts (the Component Model's, wasmtime dialect).
Prints a line per file and a total "N passed, M failed, K skipped"; exits 1 if anything failed.
Failures listed in the expected-failures file (each with a reason) count as skipped.

Options:
  --engine KIND        interp | jit | native (default: native where the host has WebAssembly)
  --jit-eager          jit: compile every function at instantiation
  --expected FILE      the expected-failures list (default: test/expected-failures.json of kpio)
  --verbose            print every failure (default: the first 10 per file)`;

function defaultExpectedFile(): string {
  return path.join(packageRoot(), 'test/expected-failures.json');
}

/** The `wast` command. */
export const wastCommand: Command = {
  name: 'wast',
  summary: 'run .wast spec test scripts',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      engine: { type: 'string' },
      'jit-eager': { type: 'boolean' },
      expected: { type: 'string' },
      verbose: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('missing FILE.wast');
    const kind = engineOption(values.engine);
    const engineOptions: EngineOptions = values['jit-eager'] ? { jitEager: true } : {};
    const engineName = values['jit-eager'] ? `${kind}-eager` : kind;
    const expectedPath = values.expected ? path.resolve(io.cwd, values.expected) : defaultExpectedFile();
    const expected = fs.existsSync(expectedPath)
      ? ExpectedFailures.fromJson(fs.readFileSync(expectedPath, 'utf8'))
      : NO_EXPECTED_FAILURES;
    const factory = await loadEngineFactory(kind);
    const totals = { passed: 0, failed: 0, skipped: 0, expected: 0, msgOk: 0, msgDiff: 0 };
    for (const file of positionals) {
      const full = path.resolve(io.cwd, file);
      let text: string;
      try {
        text = fs.readFileSync(full, 'utf8');
      } catch (e) {
        io.stdout.write(`FAIL ${file}: cannot read: ${(e as Error).message}\n`);
        totals.failed++;
        continue;
      }
      let result: WastResult;
      try {
        const script = parseWast(text, file);
        // Note: scripts with component commands run through the component runner (suite component-wast).
        const run = hasComponentCommands(script) ? runComponentWastScript : runWastScript;
        result = run(script, {
          createEngine: () => factory(engineOptions),
          engineName,
          fileId: path.basename(file),
          expectedFailures: expected,
        });
      } catch (e) {
        const msg = e instanceof WatParseError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
        io.stdout.write(`FAIL ${file}: the script could not be parsed: ${msg}\n`);
        totals.failed++;
        continue;
      }
      totals.passed += result.passed;
      totals.failed += result.failed;
      totals.skipped += result.skipped;
      totals.expected += result.expected;
      totals.msgOk += result.messageMatched;
      totals.msgDiff += result.messageDiffered;
      const status = result.failed ? 'FAIL' : 'ok  ';
      const extra = result.expected ? `, ${result.expected} expected failures` : '';
      io.stdout.write(`${status} ${file}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped${extra}\n`);
      const shown = values.verbose ? result.failures : result.failures.filter((f) => !f.expectedBecause).slice(0, 10);
      for (const f of shown) {
        const tag = f.expectedBecause ? ` [expected: ${f.expectedBecause}]` : '';
        io.stdout.write(`     ${file}:${f.line}: ${f.command}: ${f.message}${tag}\n`);
      }
      for (const line of result.unexpectedPasses) {
        io.stdout.write(`     ${file}:${line}: listed as an expected failure but passed: remove it from the list\n`);
      }
    }
    io.stdout.write(
      `rejections with the script's message: ${totals.msgOk} of ${totals.msgOk + totals.msgDiff} assert_invalid/assert_malformed\n`,
    );
    io.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
    return totals.failed > 0 ? 1 : 0;
  },
};
