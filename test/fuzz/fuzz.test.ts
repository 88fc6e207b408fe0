/**
 * Differential fuzzing in CI: a fixed-seed campaign on every available engine (interp, native, and
 * jit once it exists) must show no divergence, and every regression fixture in test/fuzz/fixtures
 * must now run alike on all engines (unless test/expected-failures.json lists it, suite "fuzz",
 * with a reason).
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_KINDS } from '../../src/engines.js';
import { availableEngines, runFuzz } from '../../src/fuzz/command.js';
import { parseFixture, replayFixture } from '../../src/fuzz/fixtures.js';
import { ExpectedFailures } from '../../src/wast/expected-failures.js';
import { REPO_ROOT } from '../support/corpus.js';

const FIXTURE_DIR = path.join(REPO_ROOT, 'test/fuzz/fixtures');
const { engines, skipped } = availableEngines(ENGINE_KINDS);
for (const s of skipped) console.warn(`[fuzz] engine ${s.engine} is not available, its column is skipped: ${s.reason}`);

const expected = ExpectedFailures.fromJson(fs.readFileSync(path.join(REPO_ROOT, 'test/expected-failures.json'), 'utf8'));
const fixtures = fs.existsSync(FIXTURE_DIR)
  ? fs
      .readdirSync(FIXTURE_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort()
  : [];

describe('differential fuzzing (fixed seeds)', () => {
  it('200 generated modules run alike on every engine', () => {
    const s = runFuzz({ seed: 0x6b70696f, count: 200, engines, minimize: false });
    expect(s.generatorFailures).toEqual([]);
    expect(s.findings.map((f) => `module ${f.origin.index}: ${f.divergences[0]?.detail}`)).toEqual([]);
    expect(s.modules).toBe(200);
    // The campaign exercises something: many calls, most kinds of traps, and plenty of returns.
    expect(s.calls).toBeGreaterThan(1000);
    expect(s.returned).toBeGreaterThan(s.calls / 4);
    expect(Object.keys(s.trapsByCode).length).toBeGreaterThanOrEqual(7);
  });

  it('60 generated SIMD modules run alike on every engine', () => {
    const s = runFuzz({ seed: 0x53494d44, count: 60, engines, simd: true, minimize: false });
    expect(s.generatorFailures).toEqual([]);
    expect(s.findings.map((f) => `module ${f.origin.index}: ${f.divergences[0]?.detail}`)).toEqual([]);
    expect(s.calls).toBeGreaterThan(200);
  });
});

describe('fuzz regression fixtures', () => {
  it('come in .wasm/.json pairs', () => {
    for (const name of fixtures) expect(fs.existsSync(path.join(FIXTURE_DIR, `${name}.wasm`)), name).toBe(true);
    console.info(`[fuzz] ${fixtures.length} regression fixtures in ${path.relative(REPO_ROOT, FIXTURE_DIR)}`);
  });

  it.each(fixtures)('%s: the engines agree', (name) => {
    const fixture = parseFixture(fs.readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8'));
    const wasm = new Uint8Array(fs.readFileSync(path.join(FIXTURE_DIR, `${name}.wasm`)));
    const { divergences } = replayFixture(fixture, wasm, engines);
    const open = divergences.filter((d) => !d.engines.some((e) => expected.find('fuzz', name, e)));
    if (open.length < divergences.length) console.warn(`[fuzz] ${name}: expected failure (test/expected-failures.json)`);
    expect(open.map((d) => d.detail)).toEqual([]);
  });
});
