/**
 * Differential runs of random valid modules (the project's fuzzer, src/fuzz) on the interpreter,
 * the JIT and the host's WebAssembly: results, traps, host calls and final state must agree, with
 * the JIT eager, tiered (so that calls cross the tiers) and metered (resumable code).
 */

import { describe, expect, it } from 'vitest';
import { createJitEngine } from '../../src/engine/jit/index.js';
import { createEngine, hostHasWebAssembly } from '../../src/engines.js';
import { runFuzz } from '../../src/fuzz/command.js';
import { FUZZ_ENGINE_OPTIONS } from '../../src/fuzz/differential.js';
import type { EngineKind } from '../../src/runtime/engine.js';
import type { JitEngineOptions } from '../../src/engine/jit/index.js';

const MODES: { name: string; options: JitEngineOptions; seed: number; simd: boolean }[] = [
  { name: 'eager', options: { jitEager: true }, seed: 11, simd: false },
  { name: 'eager, SIMD', options: { jitEager: true }, seed: 12, simd: true },
  { name: 'tiered', options: { jitEager: false, tierUpThreshold: 2 }, seed: 13, simd: false },
  { name: 'metered, SIMD', options: { jitEager: false, fuel: 1e12 }, seed: 14, simd: true },
];

describe('JIT against the interpreter and the host WebAssembly on random modules', () => {
  for (const mode of MODES) {
    it(`agrees (${mode.name})`, () => {
      const engines: EngineKind[] = hostHasWebAssembly() ? ['interp', 'jit', 'native'] : ['interp', 'jit'];
      const s = runFuzz({
        seed: mode.seed,
        count: 60,
        simd: mode.simd,
        minimize: false,
        engines,
        makeEngine: (k) => (k === 'jit' ? createJitEngine({ ...FUZZ_ENGINE_OPTIONS, ...mode.options }) : createEngine(k, FUZZ_ENGINE_OPTIONS)),
      });
      expect(s.engines).toContain('jit');
      expect(s.generatorFailures).toEqual([]);
      expect(s.findings.map((f) => JSON.stringify(f.divergences).slice(0, 500))).toEqual([]);
      expect(s.calls).toBeGreaterThan(100);
    });
  }
});
