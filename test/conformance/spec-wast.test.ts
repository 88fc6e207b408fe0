/**
 * Runs every Wasm 2.0 spec script of the corpus through kpio's own script parser, decoder and
 * validator on each engine; only failures on the checked-in expected-failures list are allowed.
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engines.js';
import type { EngineKind } from '../../src/runtime/engine.js';
import { parseWast } from '../../src/wasm/text/index.js';
import { ExpectedFailures } from '../../src/wast/expected-failures.js';
import { runWastScript } from '../../src/wast/runner.js';
import { corpusPath, REPO_ROOT } from '../support/corpus.js';

const specDir = corpusPath('spec/2.0');
const expected = ExpectedFailures.fromJson(fs.readFileSync(path.join(REPO_ROOT, 'test/expected-failures.json'), 'utf8'));
const ENGINES: { kind: EngineKind; name: string; options?: { jitEager?: boolean } }[] = [
  { kind: 'native', name: 'native' },
  { kind: 'interp', name: 'interp' },
];

describe.skipIf(!specDir)('spec 2.0 scripts', () => {
  const files = specDir ? fs.readdirSync(specDir).filter((f) => f.endsWith('.wast')).sort() : [];
  it('has all 148 files', () => expect(files.length).toBe(148));
  for (const eng of ENGINES) {
    it(`pass on ${eng.name}`, () => {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      const failures: string[] = [];
      for (const f of files) {
        const script = parseWast(fs.readFileSync(path.join(specDir!, f), 'utf8'), f);
        const r = runWastScript(script, {
          createEngine: () => createEngine(eng.kind, eng.options ?? {}),
          engineName: eng.name,
          fileId: f,
          expectedFailures: expected,
        });
        totals.passed += r.passed;
        totals.failed += r.failed;
        totals.skipped += r.skipped;
        for (const x of r.failures) if (!x.expectedBecause) failures.push(`${f}:${x.line}: ${x.message}`);
      }
      console.log(`spec 2.0 on ${eng.name}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
      expect(failures.slice(0, 20)).toEqual([]);
      expect(totals.passed).toBeGreaterThan(50000);
    });
  }
});
