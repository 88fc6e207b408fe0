/**
 * One behaviour suite for every `sys/` file system: the in-memory one and the Node one run the
 * same table of cases, so guests see identical results on both.
 */
import { describe, expect, it } from 'vitest';
import { SysError, type DirHandle, type FileHandle } from '../../src/sys/index.js';

/** A fresh, empty root directory and a way to dispose of it. */
export interface FsFixture {
  readonly root: DirHandle;
  dispose(): void;
}

function errnoOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SysError) return e.errno;
    throw e;
  }
  return 'ok';
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function file(h: ReturnType<DirHandle['openAt']>): FileHandle {
  if (h.kind !== 'file') throw new Error('expected a file');
  return h;
}

function dir(h: ReturnType<DirHandle['openAt']>): DirHandle {
  if (h.kind !== 'dir') throw new Error('expected a directory');
  return h;
}

function writeText(root: DirHandle, path: string, text: string): void {
  const f = file(root.openAt(path, { follow: false, create: true, truncate: true, write: true }));
  f.pwrite(enc(text), 0);
  f.close();
}

function readText(root: DirHandle, path: string): string {
  const f = file(root.openAt(path, { follow: true, read: true }));
  const buf = new Uint8Array(Number(f.stat().size));
  f.pread(buf, 0);
  f.close();
  return dec(buf);
}

/** Registers the conformance suite for one file-system implementation. */
export function describeFsConformance(name: string, make: () => FsFixture): void {
  describe(`${name}: file-system conformance`, () => {
    const withFs = (f: (root: DirHandle) => void) => () => {
      const fx = make();
      try {
        f(fx.root);
      } finally {
        fx.dispose();
      }
    };

    it(
      'creates, writes, reads and resizes files',
      withFs((root) => {
        const f = file(root.openAt('a.txt', { follow: false, create: true, read: true, write: true }));
        expect(f.pwrite(enc('hello world'), 0)).toBe(11);
        expect(f.pwrite(enc('W'), 6)).toBe(1);
        const buf = new Uint8Array(32);
        expect(f.pread(buf, 0)).toBe(11);
        expect(dec(buf.subarray(0, 11))).toBe('hello World');
        expect(f.pread(buf, 11)).toBe(0);
        expect(f.pread(buf, 100)).toBe(0);
        f.pwrite(enc('!'), 20);
        expect(f.stat().size).toBe(21n);
        expect(f.pread(buf, 0)).toBe(21);
        expect([...buf.subarray(11, 20)]).toEqual(new Array(9).fill(0));
        f.setSize(5);
        expect(f.stat().size).toBe(5n);
        f.allocate(0, 3);
        expect(f.stat().size).toBe(5n);
        f.allocate(4, 6);
        expect(f.stat().size).toBe(10n);
        expect(f.stat().type).toBe('regular-file');
        f.close();
        expect(errnoOf(() => f.stat())).toBe('EBADF');
      }),
    );

    it(
      'enforces the access mode a file was opened with',
      withFs((root) => {
        writeText(root, 'f', 'data');
        const ro = file(root.openAt('f', { follow: false, read: true }));
        expect(errnoOf(() => ro.pwrite(enc('x'), 0))).toBe('EBADF');
        ro.close();
        const wo = file(root.openAt('f', { follow: false, write: true }));
        expect(errnoOf(() => wo.pread(new Uint8Array(1), 0))).toBe('EBADF');
        wo.close();
      }),
    );

    it(
      'reports the POSIX errno for each refusal',
      withFs((r) => {
        writeText(r, 'f', 'x');
        r.mkdirAt('d');
        r.mkdirAt('full');
        r.mkdirAt('full/inner');
        r.symlinkAt('f', 'flink');
        r.symlinkAt('loop', 'loop');
        r.symlinkAt('d/../..', 'escape');
        const cases: [string, () => unknown, string][] = [
          ['missing', () => r.openAt('nope', { follow: false }), 'ENOENT'],
          ['excl', () => r.openAt('f', { follow: false, create: true, exclusive: true }), 'EEXIST'],
          ['file/', () => r.openAt('f/', { follow: false }), 'ENOTDIR'],
          ['dir flag on file', () => r.openAt('f', { follow: false, directory: true }), 'ENOTDIR'],
          ['write dir', () => r.openAt('d', { follow: false, write: true }), 'EISDIR'],
          ['absolute', () => r.openAt('/f', { follow: false }), 'ENOTCAPABLE'],
          ['dotdot', () => r.openAt('d/../../f', { follow: false }), 'ENOTCAPABLE'],
          ['through file', () => r.openAt('f/x', { follow: false }), 'ENOTDIR'],
          ['mkdir existing', () => r.mkdirAt('f'), 'EEXIST'],
          ['rmdir file', () => r.rmdirAt('f'), 'ENOTDIR'],
          ['rmdir non-empty', () => r.rmdirAt('full'), 'ENOTEMPTY'],
          ['unlink dir', () => r.unlinkAt('d'), 'EISDIR'],
          ['unlink dir/', () => r.unlinkAt('d/'), 'EISDIR'],
          ['unlink file/', () => r.unlinkAt('f/'), 'ENOTDIR'],
          ['rename onto non-empty', () => r.renameAt('d', r, 'full'), 'ENOTEMPTY'],
          ['rename file onto dir', () => r.renameAt('f', r, 'd'), 'EISDIR'],
          ['rename dir onto file', () => r.renameAt('d', r, 'f'), 'ENOTDIR'],
          ['rename into itself', () => r.renameAt('full', r, 'full/inner/x'), 'EINVAL'],
          ['link existing', () => r.linkAt('f', false, r, 'd'), 'EEXIST'],
          ['link dir', () => r.linkAt('d', false, r, 'dlink'), 'EPERM'],
          ['link trailing slash', () => r.linkAt('f', false, r, 'newlink/'), 'ENOENT'],
          ['symlink existing', () => r.symlinkAt('f', 'd'), 'EEXIST'],
          ['symlink absolute', () => r.symlinkAt('/etc', 'abs'), 'ENOTCAPABLE'],
          ['symlink trailing slash', () => r.symlinkAt('f', 'newsym/'), 'ENOENT'],
          ['readlink file', () => r.readlinkAt('f'), 'EINVAL'],
          ['nofollow symlink', () => r.openAt('flink', { follow: false }), 'ELOOP'],
          ['loop', () => r.openAt('loop', { follow: true }), 'ELOOP'],
          ['escape', () => r.openAt('escape', { follow: true }), 'ENOTCAPABLE'],
        ];
        const got = cases.map(([n, f]) => `${n}: ${errnoOf(f)}`);
        expect(got).toEqual(cases.map(([n, , e]) => `${n}: ${e}`));
      }),
    );

    it(
      'follows symlinks and chains inside the sandbox',
      withFs((r) => {
        r.mkdirAt('d');
        writeText(r, 'd/target', 'payload');
        r.symlinkAt('d/target', 'l1');
        r.symlinkAt('l1', 'l2');
        r.symlinkAt('d', 'dl');
        expect(readText(r, 'l2')).toBe('payload');
        expect(readText(r, 'dl/target')).toBe('payload');
        expect(r.readlinkAt('l2')).toBe('l1');
        expect(r.statAt('l2', false).type).toBe('symbolic-link');
        expect(r.statAt('l2', true).type).toBe('regular-file');
        expect(r.statAt('dl', true).type).toBe('directory');
        const d = dir(r.openAt('dl', { follow: true, directory: true }));
        expect(readText(d, 'target')).toBe('payload');
        expect(errnoOf(() => d.openAt('../d/target', { follow: false }))).toBe('ENOTCAPABLE');
        d.close();
      }),
    );

    it(
      'renames, links and lists directories',
      withFs((r) => {
        writeText(r, 'a', 'A');
        r.mkdirAt('sub');
        r.renameAt('a', r, 'sub/b');
        expect(errnoOf(() => r.statAt('a', false))).toBe('ENOENT');
        expect(readText(r, 'sub/b')).toBe('A');
        r.linkAt('sub/b', false, r, 'hard');
        const s1 = r.statAt('hard', false);
        const s2 = r.statAt('sub/b', false);
        expect(s1.ino).toBe(s2.ino);
        expect(s1.nlink).toBe(2n);
        writeText(r, 'c', 'C');
        r.renameAt('c', r, 'hard');
        expect(readText(r, 'hard')).toBe('C');
        expect(r.statAt('sub/b', false).nlink).toBe(1n);
        r.mkdirAt('empty');
        r.renameAt('sub', r, 'empty');
        expect(readText(r, 'empty/b')).toBe('A');
        r.renameAt('empty/', r, 'moved/');
        const names = r
          .readdir()
          .map((e) => `${e.name}:${e.type}`)
          .sort();
        expect(names).toEqual(['hard:regular-file', 'moved:directory']);
        for (const e of r.readdir()) expect(e.ino).toBe(r.statAt(e.name, false).ino);
        const moved = dir(r.openAt('moved', { follow: false, directory: true }));
        expect(moved.parentIno()).toBe(r.stat().ino);
        moved.close();
        r.unlinkAt('moved/b');
        r.rmdirAt('moved/');
        expect(r.readdir().map((e) => e.name)).toEqual(['hard']);
      }),
    );

    it(
      'keeps a directory handle valid across a rename of its directory',
      withFs((r) => {
        r.mkdirAt('old');
        const d = dir(r.openAt('old', { follow: false, directory: true }));
        r.renameAt('old', r, 'new');
        writeText(d, 'inside', 'still here');
        expect(readText(r, 'new/inside')).toBe('still here');
        d.close();
      }),
    );

    it(
      'sets times with nanosecond precision',
      withFs((r) => {
        writeText(r, 'f', 'x');
        const before = r.statAt('f', false);
        const atim = 1_600_000_000_123_456_789n;
        const mtim = before.mtim - 100n;
        r.setTimesAt('f', false, atim, mtim);
        let s = r.statAt('f', false);
        expect(s.atim).toBe(atim);
        expect(s.mtim).toBe(mtim);
        r.setTimesAt('f', false, 'omit', 1_500_000_000_000_000_001n);
        s = r.statAt('f', false);
        expect(s.atim).toBe(atim);
        expect(s.mtim).toBe(1_500_000_000_000_000_001n);
        const f = file(r.openAt('f', { follow: false, write: true }));
        f.setTimes(7n, 'omit');
        expect(f.stat().atim).toBe(7n);
        expect(f.stat().mtim).toBe(1_500_000_000_000_000_001n);
        f.close();
        r.symlinkAt('f', 'l');
        const ls = r.statAt('l', false);
        r.setTimesAt('l', false, 'omit', ls.mtim - 200n);
        expect(r.statAt('l', false).mtim).toBe(ls.mtim - 200n);
        expect(r.statAt('f', false).mtim).toBe(1_500_000_000_000_000_001n);
      }),
    );

    it(
      'truncates on open and creates through a dangling symlink only with follow',
      withFs((r) => {
        writeText(r, 'f', 'longer text');
        const f = file(r.openAt('f', { follow: false, truncate: true, write: true }));
        expect(f.stat().size).toBe(0n);
        f.close();
        r.symlinkAt('target', 'dang');
        expect(errnoOf(() => r.openAt('dang', { follow: false, create: true, write: true }))).toBe('ELOOP');
        const g = file(r.openAt('dang', { follow: true, create: true, write: true }));
        g.close();
        expect(r.statAt('target', false).type).toBe('regular-file');
      }),
    );
  });
}
