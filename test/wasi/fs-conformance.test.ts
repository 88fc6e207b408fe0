import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostDir } from '../../src/platform/node/node-fs.js';
import { MemoryFileSystem, SysError, type DirHandle } from '../../src/sys/index.js';
import { describeFsConformance } from './fs-conformance.js';

describeFsConformance('MemoryFileSystem', () => ({ root: new MemoryFileSystem().root(), dispose() {} }));

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-fs-'));
  temps.push(d);
  return d;
}

describeFsConformance('Node host directory', () => {
  const dir = tempDir();
  const root = openHostDir(dir);
  return {
    root,
    dispose() {
      root.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

function errnoOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SysError) return e.errno;
    throw e;
  }
  return 'ok';
}

describe('Node host directory sandbox', () => {
  // Layout: <tmp>/outside/secret, <tmp>/jail (the preopen) with host-made symlinks pointing out.
  function makeJail(): { jail: string; outside: string; root: DirHandle } {
    const top = tempDir();
    const outside = path.join(top, 'outside');
    const jail = path.join(top, 'jail');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret'), 'top secret');
    fs.mkdirSync(jail);
    fs.mkdirSync(path.join(jail, 'sub'));
    fs.writeFileSync(path.join(jail, 'sub', 'ok.txt'), 'fine');
    fs.symlinkSync('/etc', path.join(jail, 'abs-link'));
    fs.symlinkSync('../outside', path.join(jail, 'rel-link'));
    fs.symlinkSync('sub/../../outside/secret', path.join(jail, 'sneaky'));
    fs.symlinkSync('rel-link', path.join(jail, 'chain'));
    fs.symlinkSync(outside, path.join(jail, 'sub', 'abs-outside'));
    return { jail, outside, root: openHostDir(jail) };
  }

  it.each([
    ['absolute path', (r: DirHandle) => r.openAt('/etc/passwd', { follow: true, read: true })],
    ['dot-dot', (r: DirHandle) => r.openAt('../outside/secret', { follow: true, read: true })],
    ['dot-dot after a subdirectory', (r: DirHandle) => r.openAt('sub/../../outside/secret', { follow: true })],
    ['host symlink to an absolute path', (r: DirHandle) => r.openAt('abs-link/passwd', { follow: true })],
    ['host symlink with ..', (r: DirHandle) => r.openAt('rel-link/secret', { follow: true })],
    ['symlink chain', (r: DirHandle) => r.openAt('chain/secret', { follow: true })],
    ['final symlink with follow', (r: DirHandle) => r.openAt('sneaky', { follow: true })],
    ['stat through a symlink', (r: DirHandle) => r.statAt('rel-link/secret', true)],
    ['unlink through a symlink', (r: DirHandle) => r.unlinkAt('rel-link/secret')],
    ['rename out through a symlink', (r: DirHandle) => r.renameAt('sub/ok.txt', r, 'rel-link/stolen')],
    ['link out through a symlink', (r: DirHandle) => r.linkAt('sub/ok.txt', false, r, 'chain/linked')],
    ['mkdir through a symlink', (r: DirHandle) => r.mkdirAt('rel-link/newdir')],
    ['symlink with an absolute target', (r: DirHandle) => r.symlinkAt('/etc/passwd', 'mine')],
    ['readlink past the root', (r: DirHandle) => r.readlinkAt('../jail/abs-link')],
    ['set times through a symlink', (r: DirHandle) => r.setTimesAt('sub/abs-outside/secret', true, 0n, 0n)],
  ])('refuses %s with ENOTCAPABLE', (_name, op) => {
    const { outside, root } = makeJail();
    expect(errnoOf(() => op(root))).toBe('ENOTCAPABLE');
    expect(fs.readdirSync(outside)).toEqual(['secret']);
    expect(fs.readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('top secret');
    root.close();
  });

  it('never follows a guest-made symlink that leads out', () => {
    const { outside, root } = makeJail();
    root.symlinkAt('../outside', 'mine');
    root.symlinkAt('mine/secret', 'mine2');
    expect(errnoOf(() => root.openAt('mine2', { follow: true, write: true, truncate: true }))).toBe('ENOTCAPABLE');
    expect(errnoOf(() => root.openAt('mine/new', { follow: true, create: true, write: true }))).toBe('ENOTCAPABLE');
    // Without follow the symlink itself is the object: opening it is ELOOP, removing it is fine.
    expect(errnoOf(() => root.openAt('mine', { follow: false }))).toBe('ELOOP');
    root.unlinkAt('mine');
    expect(fs.readdirSync(outside)).toEqual(['secret']);
    root.close();
  });

  it('refuses changes in a read-only preopen', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'f'), 'x');
    const root = openHostDir(dir, { readonly: true });
    expect(errnoOf(() => root.openAt('f', { follow: false, write: true }))).toBe('EROFS');
    expect(errnoOf(() => root.mkdirAt('d'))).toBe('EROFS');
    expect(errnoOf(() => root.unlinkAt('f'))).toBe('EROFS');
    expect(errnoOf(() => root.openAt('new', { follow: false, create: true }))).toBe('EROFS');
    const f = root.openAt('f', { follow: false, read: true });
    expect(f.stat().size).toBe(1n);
    f.close();
    root.close();
  });

  it('detects a directory swapped for a symlink by a host process (real-path check)', () => {
    if (!fs.existsSync('/proc/self/fd')) return;
    const { jail, outside, root } = makeJail();
    const sub = root.openAt('sub', { follow: false, directory: true });
    if (sub.kind !== 'dir') throw new Error('dir expected');
    // Simulate the race: the host replaces the directory the handle was opened on... the handle
    // itself keeps pointing at the real directory, which now lives outside the preopen.
    fs.renameSync(path.join(jail, 'sub'), path.join(outside, 'moved'));
    expect(errnoOf(() => sub.openAt('ok.txt', { follow: false, read: true }))).toBe('ENOTCAPABLE');
    sub.close();
    root.close();
  });
});
