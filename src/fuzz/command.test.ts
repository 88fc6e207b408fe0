import { describe, expect, it } from 'vitest';
import { KpioError } from '../api/errors.js';
import { createInterpEngine } from '../engine/interp/index.js';
import type { EngineKind } from '../runtime/engine.js';
import { formatFuzzSummary, reproduceCommand, runFuzz } from './command.js';
import { parseFixture, replayFixture } from './fixtures.js';

// Two interpreters that differ only in their memory limit stand in for an engine with a bug.
const skewed = (kind: EngineKind) => createInterpEngine({ maxMemoryPages: kind === 'interp' ? 16 : 1 });

describe('runFuzz', () => {
  it.each([
    [{ seed: -1 }, 'seed'],
    [{ count: 1.5 }, 'count'],
    [{ fuel: -3 }, 'fuel'],
    [{ engines: ['interp'] as EngineKind[] }, 'at least two engines'],
  ])('rejects %o', (options, message) => {
    expect(() => runFuzz({ count: 1, ...options })).toThrow(KpioError);
    expect(() => runFuzz({ count: 1, ...options })).toThrow(message);
  });

  it('counts modules, calls and traps and reports no divergence between agreeing engines', () => {
    const lines: string[] = [];
    const s = runFuzz({ seed: 5, count: 12, engines: ['interp', 'native'], log: (l) => lines.push(l), progressEvery: 4 });
    expect(s.modules).toBe(12);
    expect(s.findings).toEqual([]);
    expect(s.calls).toBeGreaterThan(12);
    const traps = Object.values(s.trapsByCode).reduce((a, b) => a + b!, 0);
    expect(traps).toBe(s.calls - s.returned + s.instantiationTraps);
    expect(lines.filter((l) => /^fuzz: \d+\/12 modules/.test(l))).toHaveLength(3);
    const text = formatFuzzSummary(s).join('\n');
    expect(text).toContain('modules generated: 12');
    expect(text).toContain('divergences: 0');
    expect(text).toContain('reproduce: kpio fuzz --seed 5 --count 12 --engines interp,native');
  });

  it('writes a minimised fixture per divergence that replays', () => {
    const files = new Map<string, Uint8Array | string>();
    const s = runFuzz({
      seed: 3,
      count: 40,
      engines: ['interp', 'native'],
      makeEngine: skewed,
      outDir: 'out/dir/',
      writeFile: (p, d) => files.set(p, d),
    });
    expect(s.findings.length).toBeGreaterThan(0);
    const f = s.findings[0]!;
    expect(f.files.wasm).toMatch(/^out\/dir\/[a-z-]+-interp-native-[0-9a-f]{8}\.wasm$/);
    expect(files.get(f.files.wasm)).toEqual(f.wasm);
    const fixture = parseFixture(files.get(f.files.json) as string);
    expect(fixture.origin).toMatchObject({ seed: 3, index: f.origin.index });
    expect(replayFixture(fixture, f.wasm, ['interp', 'native'], skewed).divergences.length).toBeGreaterThan(0);
    expect(replayFixture(fixture, f.wasm, ['interp', 'native']).divergences).toEqual([]);
    // The module reproduces alone: same seed, its index, count 1.
    const again = runFuzz({ seed: 3, first: f.origin.index, count: 1, engines: ['interp', 'native'], makeEngine: skewed });
    expect(again.findings.map((x) => x.origin.moduleSeed)).toEqual([f.origin.moduleSeed]);
  });

  it('builds the reproduce command', () => {
    expect(reproduceCommand({ seed: 9, first: 100, count: 1, simd: true, engines: ['interp', 'jit'] })).toBe(
      'kpio fuzz --seed 9 --count 1 --first 100 --simd --engines interp,jit',
    );
  });
});
