/**
 * wasi-testsuite (Preview 1): every program on kpio's native engine and on the interpreter, with
 * node:wasi as a comparison column in the printed table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createInterpEngine } from '../../src/engine/interp/index.js';
import { createNativeEngine } from '../../src/engine/native/index.js';
import { spawnApp } from '../apps/spawn-app.js';
import {
  checkResult,
  corpusDir,
  discoverWasiTests,
  engineInstantiate,
  expectedFailure,
  formatTable,
  loadExpectedFailures,
  runWithKpio,
  runWithNodeWasi,
  type Instantiate,
  type TableRow,
} from './wasi-testsuite.js';

const tests = discoverWasiTests();
const expected = loadExpectedFailures();
const results = new Map<string, Record<string, string | null>>();

// Every engine runs through kpio's runtime (decode, validate, Linker with exact WASI signatures).
const ENGINES: Record<string, Instantiate> = {
  native: engineInstantiate(() => createNativeEngine()),
  interp: engineInstantiate(() => createInterpEngine()),
};

function record(id: string, column: string, outcome: string | null): void {
  const r = results.get(id) ?? {};
  r[column] = outcome;
  results.set(id, r);
}

describe.skipIf(tests.length === 0)('wasi-testsuite Preview 1', () => {
  it('finds all 72 programs in the corpus', () => {
    expect(tests.length).toBe(72);
  });

  for (const [engine, instantiate] of Object.entries(ENGINES)) {
    describe(engine, () => {
      it.each(tests.map((t) => [t.id, t] as const))('%s', (_id, tc) => {
        const why = checkResult(tc, runWithKpio(tc, instantiate));
        record(tc.id, engine, why);
        const xfail = expectedFailure(expected, tc.id, engine);
        if (xfail !== null) {
          expect(why, `listed as expected failure (${xfail}) but passed: remove it from expected-failures.json`).not.toBeNull();
        } else {
          expect(why).toBeNull();
        }
      });
    });
  }

  it('node:wasi comparison column', async () => {
    for (const tc of tests) record(tc.id, 'node:wasi', checkResult(tc, await runWithNodeWasi(tc)));
    const nodePass = tests.filter((t) => results.get(t.id)?.['node:wasi'] === null).length;
    // Informative only: Node's uvwasi deviates on a dozen cases on this machine.
    expect(nodePass).toBeGreaterThan(0);
  });
});

if (tests.length === 0) console.warn(`[corpus] wasi-testsuite not found under ${corpusDir()}: skipping (set KPIO_CORPUS)`);

afterAll(() => {
  if (results.size === 0) return;
  const rows: TableRow[] = tests.map((t) => ({ id: t.id, results: results.get(t.id) ?? {} }));
  console.log(`\nwasi-testsuite Preview 1\n${formatTable(['native', 'interp', 'node:wasi'], rows)}\n`);
});

describe.skipIf(tests.length === 0).each(['native', 'interp'])('poll_oneoff_stdio with stdin as a real pipe on %s', (engine) => {
  it('passes with an open pipe that has no data, and with one that has data', async () => {
    const tc = tests.find((t) => t.id === 'rust/poll_oneoff_stdio')!;
    // The pipe stays open and empty: the guest's poll must time out, not see end of input.
    const idle = spawnApp(tc.wasmPath, [], engine);
    const r1 = await idle.done();
    idle.child.stdin.end();
    expect(r1.code, r1.stderr).toBe(0);
    const busy = spawnApp(tc.wasmPath, [], engine);
    busy.child.stdin.write('some input\n');
    const r2 = await busy.done();
    busy.child.stdin.end();
    expect(r2.code, r2.stderr).toBe(0);
  });
});
