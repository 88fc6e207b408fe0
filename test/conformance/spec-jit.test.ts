/**
 * Runs every Wasm 2.0 spec script of the corpus on the JIT engine, tiered (with a tier-up threshold
 * of 2, so that functions are compiled during the scripts and both tiers and their crossings run),
 * eager (every function compiled at instantiation) and metered (fuel on: the resumable form). Only failures on the checked-in
 * expected-failures lists (the project's and test/jit's) are allowed.
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJitEngine, type JitEngine } from '../../src/engine/jit/index.js';
import { parseWast } from '../../src/wasm/text/index.js';
import { ExpectedFailures } from '../../src/wast/expected-failures.js';
import { runWastScript } from '../../src/wast/runner.js';
import { corpusPath, REPO_ROOT } from '../support/corpus.js';

const specDir = corpusPath('spec/2.0');
const lists = ['test/expected-failures.json', 'test/jit/expected-failures.json'].map(
  (f) => ExpectedFailures.fromJson(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')).entries,
);
const expected = new ExpectedFailures(lists.flat());

const MODES = [
  { name: 'tiered', options: { tierUpThreshold: 2 } },
  { name: 'eager', options: { jitEager: true } },
  // Fuel metering runs the resumable (generator) form of every function.
  { name: 'metered', options: { fuel: 1e15 } },
] as const;

describe.skipIf(!specDir)('spec 2.0 scripts on the JIT', () => {
  const files = specDir ? fs.readdirSync(specDir).filter((f) => f.endsWith('.wast')).sort() : [];
  it('has all 148 files', () => expect(files.length).toBe(148));
  for (const mode of MODES) {
    it(`pass on jit (${mode.name})`, () => {
      const totals = { passed: 0, failed: 0, skipped: 0, compiled: 0 };
      const failures: string[] = [];
      const compileFailures: string[] = [];
      for (const f of files) {
        const script = parseWast(fs.readFileSync(path.join(specDir!, f), 'utf8'), f);
        const engines: JitEngine[] = [];
        const r = runWastScript(script, {
          createEngine: () => {
            const e = createJitEngine(mode.options) as JitEngine;
            engines.push(e);
            return e;
          },
          engineName: 'jit',
          fileId: f,
          expectedFailures: expected,
        });
        totals.passed += r.passed;
        totals.failed += r.failed;
        totals.skipped += r.skipped;
        for (const e of engines) {
          totals.compiled += e.stats().compiled;
          compileFailures.push(...e.stats().failures.map((m) => `${f}: ${m}`));
        }
        for (const x of r.failures) if (!x.expectedBecause) failures.push(`${f}:${x.line}: ${x.message}`);
      }
      console.log(
        `spec 2.0 on jit (${mode.name}): ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped; ` +
          `${totals.compiled} functions compiled`,
      );
      expect(failures.slice(0, 20)).toEqual([]);
      expect(compileFailures).toEqual([]);
      expect(totals.passed).toBeGreaterThan(50000);
      // Compiled code really ran: thousands of functions were compiled across the scripts.
      expect(totals.compiled).toBeGreaterThan(1000);
    });
  }
});
