/**
 * The Component Model reference tests (`component-model/` of the corpus) through kpio: component
 * text parser and encoder, component decoder and validator, linker and canonical ABI, on the
 * interpreter and the native engine. The Preview 2 level folders run (values/, resources/,
 * validation/, binary/ and linking/; async/ is Preview 3). Only failures listed in
 * the project's `test/expected-failures.json` (each with a reason) are allowed, and a listed
 * failure that passes is an error too (the entry is stale). Prints pass counts per folder.
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engines.js';
import type { EngineKind } from '../../../src/runtime/engine.js';
import { parseWast } from '../../../src/wasm/text/index.js';
import { runComponentWastScript } from '../../../src/wast/component/index.js';
import { projectExpectedFailures } from '../../support/expected-failures.js';
import { corpusPath } from '../../support/corpus.js';

const root = corpusPath('component-model');
const expected = projectExpectedFailures();

/**
 * The folders at the WASI 0.2 level: the corpus README recommends values/, resources/,
 * validation/, binary/ and linking/unit.wast; the other linking/ scripts run too.
 */
const SCOPE = ['values', 'resources', 'validation', 'binary', 'linking'];

function scriptsOf(entry: string): string[] {
  const full = path.join(root!, entry);
  if (entry.endsWith('.wast')) return [entry];
  return fs
    .readdirSync(full)
    .filter((f) => f.endsWith('.wast'))
    .sort()
    .map((f) => `${entry}/${f}`);
}

const ENGINES: EngineKind[] = ['interp', 'native'];

describe.skipIf(!root)('component-model reference tests', () => {
  const scripts = root ? SCOPE.flatMap(scriptsOf) : [];

  it('finds the 29 scripts in scope', () => expect(scripts.length).toBe(29));

  for (const engine of ENGINES) {
    it(`pass on ${engine} (except the listed expected failures)`, () => {
      const perFolder = new Map<string, { passed: number; failed: number; expected: number }>();
      const unexpected: string[] = [];
      const stale: string[] = [];
      let total = 0;
      for (const rel of scripts) {
        const file = path.basename(rel);
        const script = parseWast(fs.readFileSync(path.join(root!, rel), 'utf8'), rel);
        const r = runComponentWastScript(script, { createEngine: () => createEngine(engine), engineName: engine, fileId: file, expectedFailures: expected });
        // Note: linking/ is reported per script (unit.wast is the one the corpus README names).
        const folder = rel.startsWith('linking/') ? rel : rel.split('/')[0]!;
        const c = perFolder.get(folder) ?? { passed: 0, failed: 0, expected: 0 };
        c.passed += r.passed;
        c.failed += r.failed;
        c.expected += r.expected;
        perFolder.set(folder, c);
        total += r.passed + r.failed + r.skipped;
        for (const f of r.failures) if (!f.expectedBecause) unexpected.push(`${rel}:${f.line}: ${f.command}: ${f.message}`);
        for (const line of r.unexpectedPasses) stale.push(`${file}:${line}`);
      }
      const lines = [...perFolder].map(([k, c]) => `  ${k}: ${c.passed} passed, ${c.failed} failed, ${c.expected} expected failures`);
      console.log(`[component-model on ${engine}]\n${lines.join('\n')}`);
      expect(unexpected).toEqual([]);
      expect(stale).toEqual([]);
      // Note: guards against a script parser that silently drops commands.
      expect(total).toBeGreaterThan(1000);
    });
  }

  it('lists no expected failure for a script out of scope or a line without a command', () => {
    const lines = new Map<string, Set<number>>();
    for (const rel of scripts) {
      const script = parseWast(fs.readFileSync(path.join(root!, rel), 'utf8'), rel);
      lines.set(path.basename(rel), new Set(script.commands.map((c) => c.line)));
    }
    const orphans = expected.entries
      .filter((e) => e.suite === 'component-wast')
      .filter((e) => {
        const [file, line] = e.id.split(':');
        return !lines.get(file!)?.has(Number(line));
      })
      .map((e) => e.id);
    expect(orphans).toEqual([]);
  });
});
