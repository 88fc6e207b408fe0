/**
 * Robustness of the front end: thousands of mutated spec binaries go through `decodeModule` and
 * `validateModule`, which must either return or throw a CompileError (never another exception,
 * never hang: every decoder loop consumes input). As a differential check, every mutant kpio
 * accepts must also be accepted by the host's WebAssembly (V8), which implements a superset of
 * Wasm 2.0; only V8's implementation limits may disagree. The same mutants also go the way
 * `kpio run` takes on the native engine (`decodeAndValidateDeferred`, the host checks the bodies):
 * only CompileErrors, kpio's own message whenever both refuse, and no valid module refused.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { createEngine } from '../../src/engines.js';
import { decodeAndValidateDeferred, validateModule } from '../../src/wasm/validate/index.js';
import { MUTATORS, Rng, mutate, sections } from './mutate.js';
import { convertScript, haveWast2json, readModule, specCorpusDir } from './spec-binaries.js';

/** Scripts whose modules seed the mutants: together they use every section and instruction family. */
const SEED_SCRIPTS = [
  'address', 'align', 'binary', 'binary-leb128', 'block', 'br_table', 'bulk', 'call_indirect', 'conversions',
  'custom', 'data', 'elem', 'exports', 'func', 'global', 'imports', 'linking', 'load', 'local_tee', 'loop',
  'memory', 'memory_copy', 'memory_grow', 'memory_init', 'names', 'ref_func', 'ref_is_null', 'ref_null',
  'select', 'simd_const', 'simd_lane', 'simd_load', 'simd_load8_lane', 'simd_select', 'simd_store64_lane',
  'stack', 'start', 'store', 'table', 'table_copy', 'table_init', 'unreached-invalid', 'unreached-valid',
  'utf8-custom-section-id',
];

const MUTANTS = 12_000;
const SEED = 0x6b70696f; // "kpio"
/** Larger seed modules are left out (keeps the run short; size adds little variety). */
const MAX_SEED_SIZE = 20_000;

const specDir = specCorpusDir();
const enabled = specDir !== null && haveWast2json();

describe('mutate helpers', () => {
  it('splits a module into its sections', () => {
    const bytes = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 1, 0, 3, 2, 1, 0);
    expect(sections(bytes).map((s) => [s.start, s.end])).toEqual([
      [8, 11],
      [11, 15],
    ]);
  });

  it('is deterministic for a seed and never modifies its input', () => {
    const input = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0);
    const copy = input.slice();
    const run = () => {
      const rng = new Rng(42);
      return Array.from({ length: 50 }, () => [...mutate(input, rng, [input]).bytes].join(','));
    };
    expect(run()).toEqual(run());
    expect(input).toEqual(copy);
    for (const [name, m] of Object.entries(MUTATORS)) expect(m(input, new Rng(1), [input]), name).toBeInstanceOf(Uint8Array);
  });
});

describe.skipIf(!enabled)('front end under mutation', () => {
  const tmp = enabled ? fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-mutation-')) : '';
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`decodes and validates ${MUTANTS} mutants of spec binaries without any non-CompileError`, () => {
    const seeds = loadSeeds(specDir!, tmp);
    expect(seeds.length).toBeGreaterThan(100);
    const rng = new Rng(SEED);
    const failures: string[] = [];
    const disagreements: string[] = [];
    let accepted = 0;
    let rejected = 0;
    let hostOnly = 0;
    const native = typeof WebAssembly !== 'undefined' ? createEngine('native') : null;
    for (let i = 0; i < MUTANTS; i++) {
      const seedIdx = rng.below(seeds.length);
      const { bytes, ops } = mutate(seeds[seedIdx]!, rng, seeds);
      const label = `mutant ${i} (seed module ${seedIdx}, ${ops.join('+')})`;
      let ok = false;
      let error: CompileError | null = null;
      try {
        validateModule(decodeModule(bytes));
        ok = true;
        accepted++;
      } catch (e) {
        if (e instanceof CompileError) {
          rejected++;
          error = e;
        } else failures.push(`${label}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      if (native !== null) {
        try {
          native.compile(decodeAndValidateDeferred(bytes), bytes);
          if (error !== null) hostOnly++;
        } catch (e) {
          if (!(e instanceof CompileError)) failures.push(`${label} (deferred, native): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          else if (ok) disagreements.push(`${label}: the deferred native path refuses a valid module: ${e.message}`);
          else if (e.message !== error!.message) {
            disagreements.push(`${label}: deferred native error "${e.message}", ordinary "${error!.message}"`);
          }
        }
      }
      if (ok && typeof WebAssembly !== 'undefined') {
        try {
          new WebAssembly.Module(bytes);
        } catch (e) {
          const msg = (e as Error).message;
          if (!/limit/i.test(msg)) disagreements.push(`${label}: kpio accepts, host rejects: ${msg}`);
        }
      }
    }
    console.log(`[mutation] ${MUTANTS} mutants of ${seeds.length} seed modules: ${accepted} accepted, ${rejected} rejected with CompileError`);
    // Note: bodies with instructions of proposals V8 enables and kpio's validator lacks.
    console.log(`[mutation] deferred bodies on the native engine: ${hostOnly} mutants kpio refuses run on the host`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(accepted + rejected).toBe(MUTANTS);
  });
});

/** Converts the seed scripts and returns their distinct module binaries. */
function loadSeeds(dir: string, tmp: string): Uint8Array[] {
  const seen = new Set<string>();
  const seeds: Uint8Array[] = [];
  for (const name of SEED_SCRIPTS) {
    const file = path.join(dir, `${name}.wast`);
    if (!fs.existsSync(file)) continue;
    const script = convertScript(file, path.join(tmp, name));
    if (typeof script === 'string') continue;
    for (const cmd of script.commands) {
      if (!cmd.filename?.endsWith('.wasm')) continue;
      const bytes = readModule(script, cmd);
      if (bytes.length > MAX_SEED_SIZE) continue;
      const key = Buffer.from(bytes).toString('base64');
      if (seen.has(key)) continue;
      seen.add(key);
      seeds.push(bytes);
    }
  }
  return seeds;
}
