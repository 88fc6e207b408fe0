/**
 * The differential fuzzing campaign behind `kpio fuzz`: generates modules from a seed, runs each on
 * every available engine, counts calls and traps, and turns divergences into minimised regression
 * fixtures. Host-independent: files are written through an injected `writeFile`.
 */

import { KpioError, type TrapCode } from '../api/errors.js';
import { ENGINE_KINDS } from '../engines.js';
import type { EngineKind } from '../runtime/engine.js';
import {
  defaultEngineFactory,
  type DifferentialResult,
  type Divergence,
  type EngineFactory,
  runDifferential,
} from './differential.js';
import { FIXTURE_FORMAT, type FixtureOrigin, fixtureName, fixtureToJson } from './fixtures.js';
import { DEFAULT_FUEL, FuzzGeneratorError, generateModule } from './generate.js';
import { minimizeCase } from './minimize.js';
import { deriveSeed } from './rng.js';

/** Options of a fuzzing campaign. */
export interface FuzzOptions {
  /** Campaign seed (an unsigned 32-bit integer); default 1. */
  readonly seed?: number;
  /** Number of modules; default 1000. */
  readonly count?: number;
  /** Index of the first module (to reproduce one module: its index and `count: 1`); default 0. */
  readonly first?: number;
  /** Engines to compare; default every kind, skipping those this build or host lacks. */
  readonly engines?: readonly EngineKind[];
  /** Also generate SIMD code. */
  readonly simd?: boolean;
  /** Fuel per exported call (see guards.ts); default {@link DEFAULT_FUEL}. */
  readonly fuel?: number;
  /** Where fixtures of divergences go; default `test/fuzz/fixtures`. */
  readonly outDir?: string;
  /** Writes a file (the CLI passes a real one; without it fixtures are only returned). */
  readonly writeFile?: (path: string, data: Uint8Array | string) => void;
  /** Minimise diverging modules before saving them; default true. */
  readonly minimize?: boolean;
  /** Progress and summary lines. */
  readonly log?: (line: string) => void;
  /** Log progress every this many modules; default 1000. */
  readonly progressEvery?: number;
  /** Makes the engine of each column (tests and experiments); default {@link defaultEngineFactory}. */
  readonly makeEngine?: EngineFactory;
}

/** One divergence found by a campaign. */
export interface FuzzFinding {
  readonly origin: FixtureOrigin;
  /** The divergences (after minimisation). */
  readonly divergences: readonly Divergence[];
  /** The fixture files written (or that would be written without `writeFile`). */
  readonly files: { readonly wasm: string; readonly json: string };
  readonly wasm: Uint8Array;
  readonly json: string;
}

/** What a campaign did. */
export interface FuzzSummary {
  readonly seed: number;
  readonly first: number;
  readonly count: number;
  readonly simd: boolean;
  /** Engines compared. */
  readonly engines: readonly EngineKind[];
  /** Engines asked for but unavailable, with the reason. */
  readonly skipped: readonly { readonly engine: EngineKind; readonly reason: string }[];
  /** Modules generated and run. */
  readonly modules: number;
  /** Modules whose instantiation trapped (on the reference engine). */
  readonly instantiationTraps: number;
  /** Exported calls made per engine. */
  readonly calls: number;
  /** Calls that returned normally (reference engine). */
  readonly returned: number;
  /** Traps by code, calls and instantiations (reference engine). */
  readonly trapsByCode: Readonly<Partial<Record<TrapCode, number>>>;
  readonly findings: readonly FuzzFinding[];
  /** Seeds whose module failed validation: fuzzer bugs. */
  readonly generatorFailures: readonly { readonly index: number; readonly message: string }[];
  readonly elapsedMs: number;
}

/** Default directory of fixtures (relative to the repository root). */
export const DEFAULT_FIXTURE_DIR = 'test/fuzz/fixtures';

/** The engines among `kinds` that can be created here, and the others with the reason. */
export function availableEngines(
  kinds: readonly EngineKind[],
  makeEngine: EngineFactory = defaultEngineFactory,
): {
  engines: EngineKind[];
  skipped: { engine: EngineKind; reason: string }[];
} {
  const engines: EngineKind[] = [];
  const skipped: { engine: EngineKind; reason: string }[] = [];
  for (const k of kinds) {
    try {
      makeEngine(k);
      engines.push(k);
    } catch (e) {
      skipped.push({ engine: k, reason: (e as Error).message });
    }
  }
  return { engines, skipped };
}

/** The command line reproducing a campaign. */
export function reproduceCommand(s: Pick<FuzzSummary, 'seed' | 'first' | 'count' | 'simd' | 'engines'>): string {
  const parts = ['kpio fuzz', `--seed ${s.seed}`, `--count ${s.count}`];
  if (s.first) parts.push(`--first ${s.first}`);
  if (s.simd) parts.push('--simd');
  parts.push(`--engines ${s.engines.join(',')}`);
  return parts.join(' ');
}

/** Runs a campaign. Throws a KpioError for bad options or when fewer than two engines are available. */
export function runFuzz(options: FuzzOptions = {}): FuzzSummary {
  const seed = options.seed ?? 1;
  const count = options.count ?? 1000;
  const first = options.first ?? 0;
  const simd = options.simd ?? false;
  const fuel = options.fuel ?? DEFAULT_FUEL;
  const log = options.log ?? (() => {});
  const every = options.progressEvery ?? 1000;
  const outDir = (options.outDir ?? DEFAULT_FIXTURE_DIR).replace(/\/+$/, '');
  for (const [name, v, max] of [
    ['seed', seed, 0xffffffff],
    ['count', count, 1e9],
    ['first', first, 0xffffffff],
    ['fuel', fuel, 1e6],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new KpioError(`fuzz: ${name} must be an integer in [0, ${max}], got ${v}`);
  }
  const makeEngine = options.makeEngine ?? defaultEngineFactory;
  const { engines, skipped } = availableEngines(options.engines ?? ENGINE_KINDS, makeEngine);
  for (const s of skipped) log(`fuzz: skipping engine ${s.engine}: ${s.reason}`);
  if (engines.length < 2) {
    throw new KpioError(`fuzz: differential fuzzing needs at least two engines, only ${engines.join(', ') || 'none'} available`);
  }
  log(`fuzz: seed ${seed}, modules ${first}..${first + count - 1}, engines ${engines.join(', ')}${simd ? ', simd' : ''}`);

  const started = Date.now();
  const trapsByCode: Partial<Record<TrapCode, number>> = {};
  const countTrap = (code: TrapCode): void => {
    trapsByCode[code] = (trapsByCode[code] ?? 0) + 1;
  };
  const findings: FuzzFinding[] = [];
  const generatorFailures: { index: number; message: string }[] = [];
  let modules = 0;
  let calls = 0;
  let returned = 0;
  let instantiationTraps = 0;

  for (let index = first; index < first + count; index++) {
    const moduleSeed = deriveSeed(seed, index);
    let generated;
    try {
      generated = generateModule(moduleSeed, { simd, fuel });
    } catch (e) {
      if (!(e instanceof FuzzGeneratorError)) throw e;
      generatorFailures.push({ index, message: e.message });
      log(`fuzz: module ${index}: ${e.message}`);
      continue;
    }
    modules++;
    let result: DifferentialResult;
    try {
      result = runDifferential(generated.bytes, generated.plan, engines, makeEngine);
    } catch (e) {
      // Note: runOnEngine records engine exceptions as outcomes; this is a harness failure.
      throw new KpioError(`fuzz: module ${index} (seed 0x${moduleSeed.toString(16)}): the runner failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const ref = result.runs[0]!;
    if (ref.instantiate.kind === 'trap') {
      instantiationTraps++;
      countTrap(ref.instantiate.codes[0]!);
    }
    for (const c of ref.calls) {
      calls++;
      if (c.outcome.kind === 'ok') returned++;
      else if (c.outcome.kind === 'trap') countTrap(c.outcome.codes[0]!);
    }
    if (result.divergences.length) {
      const origin: FixtureOrigin = { seed, index, moduleSeed, simd };
      const target = result.divergences[0]!;
      const reduced =
        options.minimize === false
          ? { module: generated.module, plan: generated.plan, bytes: generated.bytes, divergences: result.divergences }
          : minimizeCase({ module: generated.module, plan: generated.plan }, engines, target, { makeEngine });
      const name = fixtureName(origin, target);
      const json = fixtureToJson({
        format: FIXTURE_FORMAT,
        origin,
        engines,
        divergences: reduced.divergences,
        plan: reduced.plan,
      });
      const files = { wasm: `${outDir}/${name}.wasm`, json: `${outDir}/${name}.json` };
      if (options.writeFile) {
        options.writeFile(files.wasm, reduced.bytes);
        options.writeFile(files.json, json);
      }
      findings.push({ origin, divergences: reduced.divergences, files, wasm: reduced.bytes, json });
      log(`fuzz: module ${index} (seed 0x${moduleSeed.toString(16)}): DIVERGENCE ${target.detail}`);
      log(`fuzz:   ${options.writeFile ? 'wrote' : 'fixture (not written)'} ${files.wasm}`);
    }
    if ((index - first + 1) % every === 0) {
      log(`fuzz: ${index - first + 1}/${count} modules, ${calls} calls, ${findings.length} divergences`);
    }
  }
  return {
    seed,
    first,
    count,
    simd,
    engines,
    skipped,
    modules,
    instantiationTraps,
    calls,
    returned,
    trapsByCode,
    findings,
    generatorFailures,
    elapsedMs: Date.now() - started,
  };
}

/** The summary as the lines `kpio fuzz` prints. */
export function formatFuzzSummary(s: FuzzSummary): string[] {
  const lines = [
    `modules generated: ${s.modules} (seed ${s.seed}, indices ${s.first}..${s.first + s.count - 1}${s.simd ? ', simd' : ''})`,
    `engines compared: ${s.engines.join(', ')}${s.skipped.length ? ` (skipped: ${s.skipped.map((k) => k.engine).join(', ')})` : ''}`,
    `instantiations that trapped: ${s.instantiationTraps}`,
    `calls made: ${s.calls} per engine (${s.returned} returned, ${s.calls - s.returned} trapped)`,
    'traps by code:',
    ...Object.entries(s.trapsByCode)
      .sort((a, b) => b[1]! - a[1]!)
      .map(([code, n]) => `  ${String(n).padStart(8)}  ${code}`),
    `divergences: ${s.findings.length}`,
    ...s.findings.map((f) => `  module ${f.origin.index}: ${f.divergences[0]?.detail ?? '?'} -> ${f.files.wasm}`),
    `generator failures: ${s.generatorFailures.length}`,
    `time: ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `reproduce: ${reproduceCommand(s)}`,
  ];
  return lines;
}
