import { describe, expect, it } from 'vitest';
import { HandleTable } from './handle-table.js';
import { SysError } from './errno.js';

function errnoOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof SysError) return e.errno;
    throw e;
  }
  return undefined;
}

describe('HandleTable', () => {
  it('allocates the lowest free index, like POSIX descriptors', () => {
    const t = new HandleTable<string>();
    expect([t.insert('a'), t.insert('b'), t.insert('c')]).toEqual([0, 1, 2]);
    t.remove(1);
    expect(t.insert('d')).toBe(1);
    expect(t.insert('e')).toBe(3);
    t.remove(0);
    t.remove(3);
    expect(t.insert('f')).toBe(0);
    expect(t.insert('g')).toBe(3);
    expect([...t.entries()]).toEqual([
      [0, 'f'],
      [1, 'd'],
      [2, 'c'],
      [3, 'g'],
    ]);
  });

  it.each([
    ['get of a free slot', (t: HandleTable<string>) => t.get(7)],
    ['remove of a free slot', (t: HandleTable<string>) => t.remove(7)],
    ['renumber from a free slot', (t: HandleTable<string>) => t.renumber(7, 0)],
    ['renumber to a free slot', (t: HandleTable<string>) => t.renumber(0, 7)],
    ['set beyond the limit', (t: HandleTable<string>) => t.set(1 << 20, 'x')],
  ])('%s is EBADF', (_name, op) => {
    const t = new HandleTable<string>(16);
    t.insert('a');
    expect(errnoOf(() => op(t))).toBe('EBADF');
  });

  it('renumber moves the entry and returns the replaced one', () => {
    const t = new HandleTable<string>();
    t.insert('a');
    t.insert('b');
    t.insert('c');
    expect(t.renumber(0, 2)).toBe('c');
    expect(t.has(0)).toBe(false);
    expect(t.get(2)).toBe('a');
    expect(t.size).toBe(2);
    expect(t.renumber(2, 2)).toBeUndefined();
    expect(t.get(2)).toBe('a');
  });

  it('enforces the size limit with EMFILE', () => {
    const t = new HandleTable<number>(3);
    t.insert(1);
    t.insert(2);
    t.insert(3);
    expect(errnoOf(() => t.insert(4))).toBe('EMFILE');
    t.remove(1);
    expect(t.insert(5)).toBe(1);
  });

  it('set places an entry at an exact index', () => {
    const t = new HandleTable<string>();
    expect(t.set(5, 'x')).toBeUndefined();
    expect(t.get(5)).toBe('x');
    expect(t.insert('y')).toBe(0);
    expect(t.set(5, 'z')).toBe('x');
    expect(t.size).toBe(2);
  });
});
