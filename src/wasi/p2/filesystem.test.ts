import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../component/abi/index.js';
import { ManualClock, MemoryFileSystem } from '../../sys/index.js';
import { borrow, hostFunc, okVal } from './test-kit.js';
import { createWasiP2, type WasiP2Preopen } from './wasi-p2.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

const NO_FOLLOW = { 'symlink-follow': false };
const FOLLOW = { 'symlink-follow': true };
const NONE = {};
const CREATE = { create: true };
const READ = { read: true };
const WRITE = { write: true };
const RW = { read: true, write: true };

function setup(readOnly = false) {
  const clock = new ManualClock();
  const fs = new MemoryFileSystem({ clock });
  fs.mkdirp('dir/sub');
  fs.writeFile('dir/hello.txt', 'hello world');
  const preopens: WasiP2Preopen[] = [{ kind: 'dir', guestPath: '/', handle: fs.root(), readOnly }];
  const host = createWasiP2({ preopens, clocks: clock });
  const t = (func: string) => hostFunc(host, 'wasi:filesystem/types', func);
  const m = (method: string) => t(`[method]descriptor.${method}`);
  const [[root, name]] = hostFunc(host, 'wasi:filesystem/preopens', 'get-directories')() as [ResourceRef, string][];
  expect(name).toBe('/');
  const open = (path: string, oflags: object = NONE, flags: object = READ, base: ResourceRef = root!) =>
    m('open-at')(borrow(base), FOLLOW, path, oflags, flags);
  const s = (func: string) => hostFunc(host, 'wasi:io/streams', func);
  return { host, fs, clock, root: root!, t, m, open, s };
}

describe('wasi:filesystem/types descriptors', () => {
  it('opens, writes through a stream, and reads back through descriptor.read and a stream', () => {
    const { m, s, open, fs } = setup();
    const f = okVal<ResourceRef>(open('dir/new.txt', CREATE, RW));
    const out = okVal<ResourceRef>(m('write-via-stream')(borrow(f), 2n));
    okVal(s('[method]output-stream.check-write')(borrow(out)));
    expect(s('[method]output-stream.write')(borrow(out), enc('abc'))).toEqual({ tag: 'ok' });
    expect(Array.from(fs.readFile('dir/new.txt'))).toEqual([0, 0, 97, 98, 99]);
    expect(okVal(m('read')(borrow(f), 100n, 2n))).toEqual([enc('abc'), true]);
    expect(okVal(m('read')(borrow(f), 2n, 2n))).toEqual([enc('ab'), false]);
    const inp = okVal<ResourceRef>(m('read-via-stream')(borrow(f), 3n));
    expect(dec(okVal(s('[method]input-stream.blocking-read')(borrow(inp), 10n)))).toBe('bc');
    expect(s('[method]input-stream.read')(borrow(inp), 10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });

  it('appends, writes at offsets, truncates and reports stat', () => {
    const { m, s, open, fs } = setup();
    const f = okVal<ResourceRef>(open('dir/hello.txt', NONE, RW));
    const app = okVal<ResourceRef>(m('append-via-stream')(borrow(f)));
    expect(s('[method]output-stream.blocking-write-and-flush')(borrow(app), enc('!'))).toEqual({ tag: 'ok' });
    expect(okVal(m('write')(borrow(f), enc('J'), 0n))).toBe(1n);
    expect(dec(fs.readFile('dir/hello.txt'))).toBe('Jello world!');
    expect(m('set-size')(borrow(f), 5n)).toEqual({ tag: 'ok' });
    const st = okVal(m('stat')(borrow(f)));
    expect(st).toMatchObject({ type: 'regular-file', 'link-count': 1n, size: 5n });
    expect(st['data-modification-timestamp'].tag).toBe('some');
    expect(okVal(m('get-type')(borrow(f)))).toBe('regular-file');
    expect(okVal(m('get-flags')(borrow(f)))).toEqual({
      read: true,
      write: true,
      'file-integrity-sync': false,
      'data-integrity-sync': false,
      'requested-write-sync': false,
      'mutate-directory': false,
    });
  });

  it.each([
    ['read-via-stream on a write-only file', 'read-via-stream', WRITE, [0n], 'bad-descriptor'],
    ['write-via-stream on a read-only file', 'write-via-stream', READ, [0n], 'bad-descriptor'],
    ['append-via-stream on a read-only file', 'append-via-stream', READ, [], 'bad-descriptor'],
    ['read on a write-only file', 'read', WRITE, [1n, 0n], 'bad-descriptor'],
    ['write on a read-only file', 'write', READ, [enc('x'), 0n], 'bad-descriptor'],
    ['set-size on a read-only file', 'set-size', READ, [0n], 'bad-descriptor'],
    ['read-directory on a file', 'read-directory', READ, [], 'not-directory'],
    ['stat-at on a file', 'stat-at', READ, [NO_FOLLOW, 'x'], 'not-directory'],
  ])('%s fails with %s', (_name, method, flags, args, code) => {
    const { m, open } = setup();
    const f = okVal<ResourceRef>(open('dir/hello.txt', NONE, flags));
    expect(m(method)(borrow(f), ...args)).toEqual({ tag: 'err', val: code });
  });

  it.each([
    ['an absolute path', '/etc/passwd', 'not-permitted'],
    ['a path out through ..', '../outside', 'not-permitted'],
    ['a path out through a deeper ..', 'dir/../../x', 'not-permitted'],
    ['a missing file', 'dir/missing', 'no-entry'],
    ['a file as a directory', 'dir/hello.txt/x', 'not-directory'],
  ])('open-at of %s fails with %s', (_name, path, code) => {
    const { open } = setup();
    expect(open(path)).toEqual({ tag: 'err', val: code });
  });

  it('refuses symlinks that lead out, and absolute symlink targets', () => {
    const { m, root, open } = setup();
    expect(m('symlink-at')(borrow(root), '/etc', 'abs')).toEqual({ tag: 'err', val: 'not-permitted' });
    expect(m('symlink-at')(borrow(root), '../..', 'up')).toEqual({ tag: 'ok' });
    expect(open('up/x')).toEqual({ tag: 'err', val: 'not-permitted' });
    expect(m('symlink-at')(borrow(root), 'dir/hello.txt', 'link')).toEqual({ tag: 'ok' });
    expect(okVal(m('readlink-at')(borrow(root), 'link'))).toBe('dir/hello.txt');
    expect(okVal(m('stat-at')(borrow(root), NO_FOLLOW, 'link')).type).toBe('symbolic-link');
    expect(okVal(m('stat-at')(borrow(root), FOLLOW, 'link')).type).toBe('regular-file');
    // Without symlink-follow the final symlink is not followed (POSIX O_NOFOLLOW gives ELOOP).
    expect(m('open-at')(borrow(root), NO_FOLLOW, 'link', NONE, READ).tag).toBe('err');
  });

  it('creates, lists, renames, links and removes entries', () => {
    const { m, root, t, fs } = setup();
    expect(m('create-directory-at')(borrow(root), 'dir/made')).toEqual({ tag: 'ok' });
    expect(m('create-directory-at')(borrow(root), 'dir/made')).toEqual({ tag: 'err', val: 'exist' });
    const d = okVal<ResourceRef>(m('open-at')(borrow(root), NO_FOLLOW, 'dir', { directory: true }, READ));
    const stream = okVal<ResourceRef>(m('read-directory')(borrow(d)));
    const names: string[] = [];
    for (;;) {
      const e = okVal(t('[method]directory-entry-stream.read-directory-entry')(borrow(stream)));
      if (e.tag === 'none') break;
      names.push(`${e.val.name}:${e.val.type}`);
    }
    expect(names.sort()).toEqual(['hello.txt:regular-file', 'made:directory', 'sub:directory']);
    expect(m('rename-at')(borrow(d), 'hello.txt', borrow(root), 'moved.txt')).toEqual({ tag: 'ok' });
    expect(m('link-at')(borrow(root), NO_FOLLOW, 'moved.txt', borrow(d), 'hard.txt')).toEqual({ tag: 'ok' });
    expect(okVal(m('stat-at')(borrow(root), NO_FOLLOW, 'moved.txt'))['link-count']).toBe(2n);
    expect(m('unlink-file-at')(borrow(d), 'made')).toEqual({ tag: 'err', val: 'is-directory' });
    expect(m('remove-directory-at')(borrow(root), 'dir')).toEqual({ tag: 'err', val: 'not-empty' });
    expect(m('remove-directory-at')(borrow(d), 'made')).toEqual({ tag: 'ok' });
    expect(m('unlink-file-at')(borrow(d), 'hard.txt')).toEqual({ tag: 'ok' });
    expect(dec(fs.readFile('moved.txt'))).toBe('hello world');
  });

  it('sets times from datetimes and now, and refuses nanoseconds of a second or more', () => {
    const { m, root, clock } = setup();
    const ts = { tag: 'timestamp', val: { seconds: 1_000_000n, nanoseconds: 5 } };
    expect(m('set-times-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt', ts, { tag: 'no-change' })).toEqual({ tag: 'ok' });
    let st = okVal(m('stat-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt'));
    expect(st['data-access-timestamp']).toEqual({ tag: 'some', val: { seconds: 1_000_000n, nanoseconds: 5 } });
    clock.advance(3_000_000_000n);
    expect(m('set-times-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt', { tag: 'no-change' }, { tag: 'now' })).toEqual({ tag: 'ok' });
    st = okVal(m('stat-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt'));
    expect(st['data-modification-timestamp'].val.seconds).toBe(clock.now('realtime') / 1_000_000_000n);
    const bad = { tag: 'timestamp', val: { seconds: 0n, nanoseconds: 1_000_000_000 } };
    expect(m('set-times-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt', bad, { tag: 'now' })).toEqual({ tag: 'err', val: 'invalid' });
  });

  it('identifies objects: is-same-object and metadata hashes', () => {
    const { m, root, open } = setup();
    const a = okVal<ResourceRef>(open('dir/hello.txt'));
    const b = okVal<ResourceRef>(open('dir/./hello.txt'));
    const other = okVal<ResourceRef>(open('dir/sub', { directory: true }));
    expect(m('is-same-object')(borrow(a), borrow(b))).toBe(true);
    expect(m('is-same-object')(borrow(a), borrow(other))).toBe(false);
    const h = okVal(m('metadata-hash')(borrow(a)));
    expect(okVal(m('metadata-hash-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt'))).toEqual(h);
    expect(okVal(m('metadata-hash')(borrow(other)))).not.toEqual(h);
    expect(h.lower).not.toBe(h.upper);
    // The hash identifies the object: writing it does not change the hash.
    const w = okVal<ResourceRef>(open('dir/hello.txt', NONE, WRITE));
    okVal(m('write')(borrow(w), enc('more'), 100n));
    expect(okVal(m('metadata-hash')(borrow(a)))).toEqual(h);
  });

  it('honours sync, advise and sync-data, and advice names', () => {
    const { m, open, root } = setup();
    const f = okVal<ResourceRef>(open('dir/hello.txt', NONE, { write: true, 'data-integrity-sync': true }));
    expect(okVal(m('get-flags')(borrow(f)))['data-integrity-sync']).toBe(true);
    for (const a of ['normal', 'sequential', 'random', 'will-need', 'dont-need', 'no-reuse']) {
      expect(m('advise')(borrow(f), 0n, 10n, a)).toEqual({ tag: 'ok' });
    }
    expect(m('advise')(borrow(f), 1n << 60n, (1n << 64n) - 1n, 'normal')).toEqual({ tag: 'ok' });
    expect(m('sync')(borrow(f))).toEqual({ tag: 'ok' });
    expect(m('sync-data')(borrow(f))).toEqual({ tag: 'ok' });
    expect(m('sync')(borrow(root))).toEqual({ tag: 'ok' });
    expect(okVal(m('get-type')(borrow(root)))).toBe('directory');
  });

  it('open-at: directory with create is invalid; directories cannot be opened for writing', () => {
    const { open } = setup();
    expect(open('dir/x', { directory: true, create: true })).toEqual({ tag: 'err', val: 'invalid' });
    expect(open('dir', NONE, WRITE)).toEqual({ tag: 'err', val: 'is-directory' });
    expect(open('dir/hello.txt', { directory: true })).toEqual({ tag: 'err', val: 'not-directory' });
    expect(open('dir/hello.txt', { create: true, exclusive: true }, WRITE)).toEqual({ tag: 'err', val: 'exist' });
  });
});

describe('mutate-directory', () => {
  it('a read-only preopen refuses every change with read-only, after the errors the change would report', () => {
    const { m, root, open, fs } = setup(true);
    expect(okVal(m('get-flags')(borrow(root)))['mutate-directory']).toBe(false);
    expect(open('dir/hello.txt', NONE, WRITE)).toEqual({ tag: 'err', val: 'read-only' });
    expect(open('dir/new', CREATE, READ)).toEqual({ tag: 'err', val: 'read-only' });
    expect(open('dir/hello.txt', { truncate: true }, READ)).toEqual({ tag: 'err', val: 'read-only' });
    expect(open('dir', { directory: true }, { read: true, 'mutate-directory': true })).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('create-directory-at')(borrow(root), 'dir/new')).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('create-directory-at')(borrow(root), 'dir/sub')).toEqual({ tag: 'err', val: 'exist' });
    expect(m('unlink-file-at')(borrow(root), 'dir/hello.txt')).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('unlink-file-at')(borrow(root), 'dir/missing')).toEqual({ tag: 'err', val: 'no-entry' });
    expect(m('remove-directory-at')(borrow(root), 'dir/sub')).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('rename-at')(borrow(root), 'dir/hello.txt', borrow(root), 'x')).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('symlink-at')(borrow(root), 'dir', 'l')).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('link-at')(borrow(root), NO_FOLLOW, 'dir/hello.txt', borrow(root), 'l')).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('set-times-at')(borrow(root), NO_FOLLOW, 'dir', { tag: 'now' }, { tag: 'now' })).toEqual({ tag: 'err', val: 'read-only' });
    expect(m('set-times')(borrow(root), { tag: 'now' }, { tag: 'now' })).toEqual({ tag: 'err', val: 'read-only' });
    // Subdirectories inherit the refusal; reading still works.
    const d = okVal<ResourceRef>(open('dir', { directory: true }));
    expect(okVal(m('get-flags')(borrow(d)))['mutate-directory']).toBe(false);
    expect(m('create-directory-at')(borrow(d), 'x')).toEqual({ tag: 'err', val: 'read-only' });
    expect(dec(okVal(m('read')(borrow(okVal(open('dir/hello.txt'))), 5n, 0n))[0])).toBe('hello');
    expect(dec(fs.readFile('dir/hello.txt'))).toBe('hello world');
  });

  it('directories opened below a mutable directory are mutable (the Preview 1 adapter never asks)', () => {
    const { m, open, fs } = setup();
    const d = okVal<ResourceRef>(open('dir', { directory: true }));
    expect(okVal(m('get-flags')(borrow(d)))['mutate-directory']).toBe(true);
    expect(okVal(m('open-at')(borrow(d), NO_FOLLOW, 'created.txt', CREATE, WRITE))).toBeDefined();
    expect(fs.readFile('dir/created.txt').length).toBe(0);
  });
});

describe('resource lifetime', () => {
  it('keeps a file open for its streams after the descriptor is dropped, and closes it with the last one', () => {
    const { host, m, s, open, t } = setup();
    const f = okVal<ResourceRef>(open('dir/hello.txt'));
    const inp = okVal<ResourceRef>(m('read-via-stream')(borrow(f), 6n));
    const before = host.liveResources;
    f.drop();
    expect(host.liveResources).toBe(before - 1);
    expect(dec(okVal(s('[method]input-stream.read')(borrow(inp), 100n)))).toBe('world');
    inp.drop();
    expect(host.liveResources).toBe(before - 2);
    expect(t('filesystem-error-code')).toBeTypeOf('function');
  });

  it('close() releases everything the guest still holds; preopens stay usable', () => {
    const { host, open, fs } = setup();
    okVal(open('dir/hello.txt'));
    okVal(open('dir/sub', { directory: true }));
    expect(host.liveResources).toBeGreaterThan(2);
    host.close();
    expect(host.liveResources).toBe(0);
    expect(dec(fs.readFile('dir/hello.txt'))).toBe('hello world');
  });
});
