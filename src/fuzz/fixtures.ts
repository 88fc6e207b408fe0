/**
 * Regression fixtures: a diverging module is saved as `<name>.wasm` plus `<name>.json` (how it was
 * found, the divergences, and the run plan), and replayed by the fuzz tests on every engine.
 */

import { KpioError } from '../api/errors.js';
import type { EngineKind } from '../runtime/engine.js';
import {
  defaultEngineFactory,
  type DifferentialResult,
  type Divergence,
  type EngineFactory,
  runDifferential,
} from './differential.js';
import { planFromJson, planToJson, type RunPlan } from './plan.js';

/** Format tag of fixture JSON files. */
export const FIXTURE_FORMAT = 'kpio-fuzz-fixture/1';

/** How a fixture's module was generated. */
export interface FixtureOrigin {
  /** The campaign seed and the module's index in it (`kpio fuzz --seed S --first I --count 1`). */
  readonly seed: number;
  readonly index: number;
  /** The module's own generator seed. */
  readonly moduleSeed: number;
  readonly simd: boolean;
}

/** The JSON side of a fixture. */
export interface Fixture {
  readonly format: typeof FIXTURE_FORMAT;
  readonly origin: FixtureOrigin;
  /** Engines the divergence was found on. */
  readonly engines: readonly EngineKind[];
  /** The divergences when the fixture was written. */
  readonly divergences: readonly Divergence[];
  readonly plan: RunPlan;
  /** Free text: which engine is wrong and why, once analysed. */
  readonly note?: string;
}

/** The file name (without extension) of a fixture. */
export function fixtureName(origin: FixtureOrigin, d: Divergence): string {
  const engines = d.engines.join('-');
  return `${d.kind}-${engines}-${origin.moduleSeed.toString(16).padStart(8, '0')}`;
}

/** Serialises a fixture to JSON text. */
export function fixtureToJson(f: Fixture): string {
  return (
    JSON.stringify(
      {
        format: f.format,
        origin: f.origin,
        engines: f.engines,
        divergences: f.divergences,
        plan: planToJson(f.plan),
        ...(f.note ? { note: f.note } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

/** Parses fixture JSON text (throws a KpioError when malformed). */
export function parseFixture(text: string): Fixture {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new KpioError(`malformed fuzz fixture: ${(e as Error).message}`);
  }
  if (o?.format !== FIXTURE_FORMAT) throw new KpioError(`malformed fuzz fixture: format is not "${FIXTURE_FORMAT}"`);
  const origin = o.origin as FixtureOrigin;
  if (typeof origin?.seed !== 'number' || typeof origin.moduleSeed !== 'number') {
    throw new KpioError('malformed fuzz fixture: origin needs seed and moduleSeed');
  }
  if (!Array.isArray(o.engines) || !Array.isArray(o.divergences)) {
    throw new KpioError('malformed fuzz fixture: engines and divergences must be arrays');
  }
  return {
    format: FIXTURE_FORMAT,
    origin,
    engines: o.engines as EngineKind[],
    divergences: o.divergences as Divergence[],
    plan: planFromJson(o.plan),
    ...(typeof o.note === 'string' ? { note: o.note } : {}),
  };
}

/** Runs a fixture's module on `engines` and compares them again. */
export function replayFixture(
  fixture: Fixture,
  wasm: Uint8Array,
  engines: readonly EngineKind[],
  makeEngine: EngineFactory = defaultEngineFactory,
): DifferentialResult {
  return runDifferential(wasm, fixture.plan, engines, makeEngine);
}
