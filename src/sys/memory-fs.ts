/**
 * An in-memory file system for sandboxes and tests. It follows the same path rules as the real
 * one (`path-walk.ts`) and reports POSIX-style errors, so guests behave identically on both.
 */

import { encodeUtf8 } from '../util/utf8.js';
import { Errno, SysError, sysError } from './errno.js';
import type { Clocks } from './clock.js';
import type { Advice, DirEntry, DirHandle, FileHandle, FileStat, OpenOptions, TimeSpec } from './file-system.js';
import { resolveTimeSpec } from './file-system.js';
import { MemDir, MemFile, MemSymlink, type MemNode } from './memory-fs-nodes.js';
import { resolvePath, type LookupResult, type ResolvedPath } from './path-walk.js';
import { ALWAYS_READY, type Pollable } from './poll.js';

/** Options of a {@link MemoryFileSystem}. */
export interface MemoryFileSystemOptions {
  /** Where timestamps come from (default: the JS `Date` clock at millisecond precision). */
  readonly clock?: Clocks;
  /** Device number reported in `stat` (default 1). */
  readonly dev?: bigint;
  /** Largest size of one file in bytes (default 1 GiB): `EFBIG` beyond. */
  readonly maxFileSize?: number;
}

const DATE_CLOCK: Clocks = {
  now: () => BigInt(Date.now()) * 1_000_000n,
  resolution: () => 1_000_000n,
};

/** Longest name of one directory entry, in UTF-16 units (a conservative NAME_MAX). */
const MAX_NAME = 255;

/** An in-memory file system; {@link root} hands out capabilities to its root directory. */
export class MemoryFileSystem {
  /** @internal */ readonly dev: bigint;
  /** @internal */ readonly maxFileSize: number;
  private readonly clock: Clocks;
  private nextIno = 1n;
  private readonly rootDir: MemDir;

  constructor(options: MemoryFileSystemOptions = {}) {
    this.clock = options.clock ?? DATE_CLOCK;
    this.dev = options.dev ?? 1n;
    this.maxFileSize = options.maxFileSize ?? 1 << 30;
    const now = this.now();
    this.rootDir = new MemDir(this.allocIno(), now, now, now);
    this.rootDir.nlink = 2n;
  }

  /** A new handle on the root directory (give it to the guest as a preopen). */
  root(): DirHandle {
    return new MemDirHandle(this, this.rootDir);
  }

  /** Host-side helper: creates or replaces a file at `path` (relative to the root, parents must exist). */
  writeFile(path: string, data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? encodeUtf8(data) : data;
    const h = this.root().openAt(path, { follow: true, create: true, truncate: true, write: true });
    if (h.kind !== 'file') throw sysError(Errno.ISDIR, path);
    h.pwrite(bytes, 0);
    h.close();
  }

  /** Host-side helper: the contents of the file at `path`. */
  readFile(path: string): Uint8Array {
    const h = this.root().openAt(path, { follow: true, read: true });
    if (h.kind !== 'file') throw sysError(Errno.ISDIR, path);
    const size = Number(h.stat().size);
    const out = new Uint8Array(size);
    h.pread(out, 0);
    h.close();
    return out;
  }

  /** Host-side helper: creates `path` and any missing parents. */
  mkdirp(path: string): void {
    const root = this.root();
    let prefix = '';
    for (const part of path.split('/').filter((p) => p !== '')) {
      prefix = prefix ? `${prefix}/${part}` : part;
      try {
        root.mkdirAt(prefix);
      } catch (e) {
        if (!(e instanceof SysError && e.errno === Errno.EXIST)) throw e;
      }
    }
  }

  /** @internal */ now(): bigint {
    return this.clock.now('realtime');
  }

  /** @internal */ allocIno(): bigint {
    return this.nextIno++;
  }
}

function lookupIn(dir: MemDir, name: string): LookupResult<MemDir> {
  const n = dir.entries.get(name);
  if (n === undefined) return { kind: 'missing' };
  if (n instanceof MemDir) return { kind: 'dir', dir: n };
  if (n instanceof MemSymlink) return { kind: 'symlink', target: n.target };
  return { kind: 'other' };
}

function checkName(name: string): void {
  if (name.length > MAX_NAME) throw sysError(Errno.NAMETOOLONG);
}

/** True when `inner` is `outer` or lies below it. */
function isWithin(inner: MemDir, outer: MemDir): boolean {
  for (let d: MemDir | null = inner; d !== null; d = d.parent) if (d === outer) return true;
  return false;
}

/** A directory capability of a {@link MemoryFileSystem}. */
class MemDirHandle implements DirHandle {
  readonly kind = 'dir' as const;
  readonly fileType = 'directory' as const;
  private closed = false;

  constructor(
    private readonly fs: MemoryFileSystem,
    private readonly node: MemDir,
  ) {}

  private live(): MemDir {
    if (this.closed) throw sysError(Errno.BADF);
    return this.node;
  }

  private resolve(path: string, follow: boolean): ResolvedPath<MemDir> {
    return resolvePath(lookupIn, this.live(), path, follow);
  }

  /** The node a resolved path names, or undefined when it does not exist. */
  private target(r: ResolvedPath<MemDir>): MemNode | undefined {
    return r.name === '.' ? r.dir : r.dir.entries.get(r.name);
  }

  private existing(r: ResolvedPath<MemDir>): MemNode {
    const n = this.target(r);
    if (n === undefined) throw sysError(Errno.NOENT, r.name);
    if (r.trailingSlash && !(n instanceof MemDir)) throw sysError(Errno.NOTDIR, r.name);
    return n;
  }

  private sameFs(other: DirHandle): MemDirHandle {
    if (!(other instanceof MemDirHandle) || other.fs !== this.fs) throw sysError(Errno.XDEV);
    other.live();
    return other;
  }

  private link(dir: MemDir, name: string, node: MemNode): void {
    checkName(name);
    if (dir.removed) throw sysError(Errno.NOENT, 'directory was removed');
    dir.entries.set(name, node);
    dir.touchModified(this.fs.now());
  }

  openAt(path: string, opts: OpenOptions): FileHandle | DirHandle {
    const r = this.resolve(path, opts.follow);
    let node = this.target(r);
    if (node === undefined) {
      if (!opts.create) throw sysError(Errno.NOENT, path);
      if (opts.directory || r.trailingSlash) throw sysError(opts.directory ? Errno.INVAL : Errno.ISDIR, path);
      const file = new MemFile(this.fs.allocIno(), this.fs.now(), this.fs.maxFileSize);
      this.link(r.dir, r.name, file);
      node = file;
    } else {
      if (opts.create && opts.exclusive) throw sysError(Errno.EXIST, path);
      if (node instanceof MemSymlink) throw sysError(Errno.LOOP, `'${path}' is a symlink`);
      if (node instanceof MemDir) {
        if (opts.create && opts.directory) throw sysError(Errno.INVAL, path);
        if (opts.write || opts.truncate) throw sysError(Errno.ISDIR, path);
        return new MemDirHandle(this.fs, node);
      }
      if (opts.directory || r.trailingSlash) throw sysError(Errno.NOTDIR, path);
      if (opts.truncate && node.length > 0) {
        node.resize(0);
        node.touchModified(this.fs.now());
      }
    }
    if (!(node instanceof MemFile)) throw sysError(Errno.IO);
    return new MemFileHandle(this.fs, node, opts.read === true, opts.write === true || opts.truncate === true);
  }

  statAt(path: string, follow: boolean): FileStat {
    return this.existing(this.resolve(path, follow)).stat(this.fs.dev);
  }

  setTimesAt(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void {
    setNodeTimes(this.fs, this.existing(this.resolve(path, follow)), atim, mtim);
  }

  mkdirAt(path: string): void {
    const r = this.resolve(path, false);
    if (this.target(r) !== undefined) throw sysError(Errno.EXIST, path);
    const now = this.fs.now();
    const d = new MemDir(this.fs.allocIno(), now, now, now);
    d.nlink = 2n;
    d.parent = r.dir;
    this.link(r.dir, r.name, d);
    r.dir.nlink++;
  }

  rmdirAt(path: string): void {
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.INVAL, 'cannot remove "."');
    const n = this.existing(r);
    if (!(n instanceof MemDir)) throw sysError(Errno.NOTDIR, path);
    if (n.entries.size > 0) throw sysError(Errno.NOTEMPTY, path);
    r.dir.entries.delete(r.name);
    r.dir.nlink--;
    r.dir.touchModified(this.fs.now());
    n.removed = true;
    n.nlink = 0n;
    n.parent = null;
  }

  unlinkAt(path: string): void {
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.ISDIR, path);
    const n = this.target(r);
    if (n === undefined) throw sysError(Errno.NOENT, path);
    if (n instanceof MemDir) throw sysError(Errno.ISDIR, path);
    if (r.trailingSlash) throw sysError(Errno.NOTDIR, path);
    r.dir.entries.delete(r.name);
    n.nlink--;
    const now = this.fs.now();
    n.ctim = now;
    r.dir.touchModified(now);
  }

  renameAt(oldPath: string, newDir: DirHandle, newPath: string): void {
    const dst = this.sameFs(newDir);
    const s = this.resolve(oldPath, false);
    const d = dst.resolve(newPath, false);
    if (s.name === '.' || d.name === '.') throw sysError(Errno.BUSY, 'cannot rename "." or ".."');
    const src = this.target(s);
    if (src === undefined) throw sysError(Errno.NOENT, oldPath);
    const srcIsDir = src instanceof MemDir;
    if (!srcIsDir && (s.trailingSlash || d.trailingSlash)) throw sysError(Errno.NOTDIR, oldPath);
    const old = dst.target(d);
    if (old === src) return;
    if (old !== undefined) {
      if (srcIsDir) {
        if (!(old instanceof MemDir)) throw sysError(Errno.NOTDIR, newPath);
        if (old.entries.size > 0) throw sysError(Errno.NOTEMPTY, newPath);
      } else if (old instanceof MemDir) {
        throw sysError(Errno.ISDIR, newPath);
      }
    }
    if (srcIsDir && isWithin(d.dir, src)) throw sysError(Errno.INVAL, 'cannot move a directory into itself');
    checkName(d.name);
    if (d.dir.removed) throw sysError(Errno.NOENT, 'directory was removed');
    const now = this.fs.now();
    if (old !== undefined) {
      old.nlink = old instanceof MemDir ? 0n : old.nlink - 1n;
      if (old instanceof MemDir) {
        old.removed = true;
        old.parent = null;
        d.dir.nlink--;
      }
      old.ctim = now;
    }
    s.dir.entries.delete(s.name);
    d.dir.entries.set(d.name, src);
    if (src instanceof MemDir) {
      src.parent = d.dir;
      s.dir.nlink--;
      d.dir.nlink++;
    }
    src.ctim = now;
    s.dir.touchModified(now);
    d.dir.touchModified(now);
  }

  linkAt(oldPath: string, follow: boolean, newDir: DirHandle, newPath: string): void {
    const dst = this.sameFs(newDir);
    const s = this.resolve(oldPath, follow);
    const src = this.existing(s);
    if (src instanceof MemDir) throw sysError(Errno.PERM, 'hard links to directories are not allowed');
    const d = dst.resolve(newPath, false);
    if (dst.target(d) !== undefined) throw sysError(Errno.EXIST, newPath);
    if (d.trailingSlash) throw sysError(Errno.NOENT, newPath);
    this.link(d.dir, d.name, src);
    src.nlink++;
    src.ctim = this.fs.now();
  }

  symlinkAt(target: string, path: string): void {
    if (target.length === 0) throw sysError(Errno.NOENT, 'empty symlink target');
    if (target.charCodeAt(0) === 0x2f) throw sysError(Errno.NOTCAPABLE, `absolute symlink target '${target}'`);
    if (target.includes('\0')) throw sysError(Errno.INVAL, 'symlink target contains NUL');
    const r = this.resolve(path, false);
    if (this.target(r) !== undefined) throw sysError(Errno.EXIST, path);
    if (r.trailingSlash) throw sysError(Errno.NOENT, path);
    this.link(r.dir, r.name, new MemSymlink(this.fs.allocIno(), this.fs.now(), target));
  }

  readlinkAt(path: string): string {
    const r = this.resolve(path, false);
    const n = this.target(r);
    if (n === undefined) throw sysError(Errno.NOENT, path);
    if (!(n instanceof MemSymlink)) throw sysError(Errno.INVAL, `'${path}' is not a symlink`);
    return n.target;
  }

  readdir(): DirEntry[] {
    const out: DirEntry[] = [];
    for (const [name, n] of this.live().entries) out.push({ name, type: n.type, ino: n.ino });
    return out;
  }

  parentIno(): bigint {
    const d = this.live();
    return d.parent?.ino ?? d.ino;
  }

  stat(): FileStat {
    return this.live().stat(this.fs.dev);
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    setNodeTimes(this.fs, this.live(), atim, mtim);
  }

  sync(): void {
    this.live();
  }

  close(): void {
    this.closed = true;
  }
}

function setNodeTimes(fs: MemoryFileSystem, n: MemNode, atim: TimeSpec, mtim: TimeSpec): void {
  const now = fs.now();
  n.atim = resolveTimeSpec(atim, n.atim, now);
  n.mtim = resolveTimeSpec(mtim, n.mtim, now);
  n.ctim = now;
}

/** An open regular file of a {@link MemoryFileSystem}. */
class MemFileHandle implements FileHandle {
  readonly kind = 'file' as const;
  readonly fileType = 'regular-file' as const;
  readonly seekable = true;
  private closed = false;

  constructor(
    private readonly fs: MemoryFileSystem,
    private readonly node: MemFile,
    readonly readable: boolean,
    readonly writable: boolean,
  ) {}

  private live(): MemFile {
    if (this.closed) throw sysError(Errno.BADF);
    return this.node;
  }

  pread(buf: Uint8Array, offset: number): number {
    const n = this.live();
    if (!this.readable) throw sysError(Errno.BADF, 'not open for reading');
    return n.readAt(buf, offset);
  }

  pwrite(buf: Uint8Array, offset: number): number {
    const n = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    const count = n.writeAt(buf, offset);
    n.touchModified(this.fs.now());
    return count;
  }

  read(_buf: Uint8Array, _nonblocking: boolean): number {
    throw sysError(Errno.SPIPE, 'use pread on a seekable file');
  }

  write(_buf: Uint8Array, _nonblocking: boolean): number {
    throw sysError(Errno.SPIPE, 'use pwrite on a seekable file');
  }

  setSize(size: number): void {
    const n = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    n.resize(size);
    n.touchModified(this.fs.now());
  }

  allocate(offset: number, len: number): void {
    const n = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    if (offset + len > n.length) n.resize(offset + len);
  }

  advise(_offset: number, _len: number, _advice: Advice): void {
    this.live();
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    setNodeTimes(this.fs, this.live(), atim, mtim);
  }

  stat(): FileStat {
    return this.live().stat(this.fs.dev);
  }

  sync(): void {
    this.live();
  }

  datasync(): void {
    this.live();
  }

  readReady(): Pollable {
    return ALWAYS_READY;
  }

  close(): void {
    this.closed = true;
  }
}
