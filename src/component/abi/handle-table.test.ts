import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import { HandleTable } from './handle-table.js';

describe('HandleTable', () => {
  it('allocates from index 1 and never uses 0', () => {
    const t = new HandleTable<string>();
    expect(t.add('a')).toBe(1);
    expect(t.add('b')).toBe(2);
    expect(t.has(0)).toBe(false);
    expect(() => t.get(0)).toThrow('unknown handle index 0');
  });

  it('reuses freed indices last-in first-out', () => {
    const t = new HandleTable<string>();
    for (const s of ['a', 'b', 'c', 'd']) t.add(s);
    t.remove(2);
    t.remove(4);
    t.remove(1);
    expect(t.add('x')).toBe(1);
    expect(t.add('y')).toBe(4);
    expect(t.add('z')).toBe(2);
    expect(t.add('w')).toBe(5);
    expect([...t.entries()]).toEqual([
      [1, 'x'],
      [2, 'z'],
      [3, 'c'],
      [4, 'y'],
      [5, 'w'],
    ]);
    expect(t.size).toBe(5);
  });

  it('a drained table hands out index 1 again', () => {
    const t = new HandleTable<number>();
    t.add(10);
    t.add(20);
    t.remove(1);
    t.remove(2);
    expect(t.size).toBe(0);
    expect(t.add(30)).toBe(2);
    expect(t.add(40)).toBe(1);
  });

  it.each([
    ['never allocated', 5],
    ['zero', 0],
    ['u32 max', 0xffff_ffff],
    ['negative', -1],
    ['fractional', 1.5],
  ])('get of a %s index traps', (_name, i) => {
    const t = new HandleTable<string>();
    t.add('a');
    let err: unknown;
    try {
      t.get(i);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe('component trap');
    expect((err as Trap).message).toBe(`unknown handle index ${i}`);
  });

  it('double remove traps', () => {
    const t = new HandleTable<string>();
    t.add('a');
    t.remove(1);
    expect(() => t.remove(1)).toThrow('unknown handle index 1');
  });

  it('traps when full', () => {
    const t = new HandleTable<number>(3);
    t.add(1);
    t.add(2);
    t.add(3);
    expect(() => t.add(4)).toThrow(/handle table is full/);
    t.remove(2);
    expect(t.add(5)).toBe(2);
  });
});
