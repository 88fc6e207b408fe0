import { describe, expect, it } from 'vitest';
import { MemoryRegistryStore } from './memory-store.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('MemoryRegistryStore', () => {
  it('behaves like a file system: parents must exist, directory renames need a free target', async () => {
    const s = new MemoryRegistryStore();
    await expect(s.writeFile('a/b.txt', bytes('x'))).rejects.toThrow(/ENOENT/);
    await s.mkdir('a/sub');
    await s.writeFile('a/b.txt', bytes('x'));
    await s.writeFile('a/sub/c.txt', bytes('y'));
    await s.mkdir('z');
    await expect(s.rename('a', 'z')).rejects.toThrow(/ENOTEMPTY/);
    await expect(s.rename('a', 'a/sub/x')).rejects.toThrow(/EINVAL|ENOTEMPTY/);
    await s.rename('a', 'moved');
    expect(await s.readFile('moved/sub/c.txt')).toEqual(bytes('y'));
    expect(await s.readFile('a/b.txt')).toBeNull();
    expect(await s.list('moved')).toEqual([{ name: 'b.txt', kind: 'file' }, { name: 'sub', kind: 'dir' }]);
    await s.writeFile('f', bytes('1'));
    await s.writeFile('g', bytes('2'));
    await s.rename('g', 'f');
    expect(await s.readFile('f')).toEqual(bytes('2'));
    await s.remove('moved');
    expect(s.snapshot()).toEqual([{ path: 'f', kind: 'file' }, { path: 'z', kind: 'dir' }]);
    expect(s.hostPath('data/x')).toBe('/kpio-home/data/x');
  });

  it('refuses paths that could leave the store', async () => {
    const s = new MemoryRegistryStore();
    for (const p of ['../x', '/x', 'a/./b', 'a//b']) await expect(s.readFile(p)).rejects.toThrow(/store path/);
  });

  it('hands the lock to one holder at a time, in order', async () => {
    const s = new MemoryRegistryStore();
    const order: string[] = [];
    const a = await s.lock();
    const b = s.lock().then(async (l) => {
      order.push('b');
      await l.release();
    });
    const c = s.lock().then(async (l) => {
      order.push('c');
      await l.release();
    });
    await Promise.resolve();
    order.push('a');
    await a.release();
    await a.release();
    await Promise.all([b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('lets tests inject failures before mutations', async () => {
    const s = new MemoryRegistryStore({ beforeMutation: (op, path) => {
      if (op === 'writeFile' && path === 'boom') throw new Error('EIO');
    } });
    await expect(s.writeFile('boom', bytes('x'))).rejects.toThrow('EIO');
    expect(await s.readFile('boom')).toBeNull();
  });
});
