import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import { ResourceTable } from './resource-table.js';

describe('ResourceTable', () => {
  it('reuses the most recently freed slot first (free list) and keeps others stable', () => {
    const t = new ResourceTable<{ v: number }>(10);
    const ids = [0, 1, 2, 3].map((v) => t.insert({ v }));
    expect(ids).toEqual([0, 1, 2, 3]);
    expect(t.remove(1)).toEqual({ v: 1 });
    expect(t.remove(3)).toEqual({ v: 3 });
    expect(t.size).toBe(2);
    expect(t.insert({ v: 30 })).toBe(3);
    expect(t.insert({ v: 10 })).toBe(1);
    expect(t.insert({ v: 4 })).toBe(4);
    expect([...t.entries()].map(([i, x]) => `${i}=${x.v}`)).toEqual(['0=0', '1=10', '2=2', '3=30', '4=4']);
  });

  it.each([
    ['a free slot', 1],
    ['an index never used', 99],
    ['a negative index', -1],
    ['a fraction', 0.5],
  ])('tryGet and remove of %s give undefined', (_what, index) => {
    const t = new ResourceTable<object>(10);
    t.insert({});
    t.insert({});
    t.remove(1);
    expect(t.tryGet(index)).toBeUndefined();
    expect(t.remove(index)).toBeUndefined();
    expect(t.size).toBe(1);
  });

  it('traps when full and accepts again after a release', () => {
    const t = new ResourceTable<object>(2);
    t.insert({});
    t.insert({});
    expect(() => t.insert({})).toThrow(Trap);
    expect(() => t.insert({})).toThrow(/resource limit reached: 2/);
    t.remove(0);
    expect(t.insert({})).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ResourceTable(0)).toThrow(RangeError);
    expect(() => new ResourceTable(1.5)).toThrow(RangeError);
  });
});
