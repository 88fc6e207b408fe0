import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { SysError } from './errno.js';
import { MemoryFileSystem } from './memory-fs.js';

describe('MemoryFileSystem', () => {
  it('stamps times from its clock', () => {
    const clock = new ManualClock(1_000n);
    const fs = new MemoryFileSystem({ clock });
    fs.writeFile('a', 'x');
    clock.advance(5n);
    const root = fs.root();
    const f = root.openAt('a', { follow: false, write: true });
    if (f.kind !== 'file') throw new Error('file expected');
    f.pwrite(new Uint8Array([1]), 0);
    const s = f.stat();
    expect(s.mtim).toBe(1_005n);
    expect(s.atim).toBe(1_000n);
  });

  it('limits file sizes with EFBIG', () => {
    const fs = new MemoryFileSystem({ maxFileSize: 16 });
    const f = fs.root().openAt('a', { follow: false, create: true, write: true });
    if (f.kind !== 'file') throw new Error('file expected');
    f.pwrite(new Uint8Array(16), 0);
    expect(() => f.pwrite(new Uint8Array(1), 16)).toThrow(SysError);
    expect(() => f.setSize(17)).toThrow(/EFBIG/);
  });

  it('host helpers read and write files', () => {
    const fs = new MemoryFileSystem();
    fs.mkdirp('a/b/c');
    fs.writeFile('a/b/c/f.txt', 'héllo');
    expect(new TextDecoder().decode(fs.readFile('a/b/c/f.txt'))).toBe('héllo');
  });

  it('refuses creation in a removed directory', () => {
    const fs = new MemoryFileSystem();
    fs.mkdirp('gone');
    const root = fs.root();
    const d = root.openAt('gone', { follow: false, directory: true });
    if (d.kind !== 'dir') throw new Error('dir expected');
    root.rmdirAt('gone');
    expect(() => d.mkdirAt('x')).toThrow(/ENOENT/);
  });
});
