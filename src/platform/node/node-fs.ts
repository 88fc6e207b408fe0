/**
 * The real file system as a `sys` capability, rooted at a preopened host directory.
 *
 * How the sandbox holds (DESIGN.md section 5):
 * - Every directory handle owns a host descriptor. On Linux paths are built from
 *   `/proc/self/fd/<fd>`, so a handle keeps naming the same directory even after it is renamed.
 * - Paths are resolved by `sys/path-walk.ts` one component at a time with `lstat`; the walker
 *   follows symlinks itself and refuses `..` past the handle, absolute paths and absolute symlink
 *   targets. The host therefore never follows a symlink on our behalf, and the final component is
 *   opened with `O_NOFOLLOW`.
 * - After opening, the real path of the new descriptor (`/proc/self/fd/<fd>`) is checked to lie
 *   under the real path of the preopened root; a mismatch (a host process swapped a directory for
 *   a symlink between our check and our use) closes it and fails with `ENOTCAPABLE`.
 * - A read-only preopen refuses every change with `EROFS`.
 */

import fs from 'node:fs';
import {
  Errno,
  resolvePath,
  resolveTimeSpec,
  sysError,
  type DirEntry,
  type DirHandle,
  type FileHandle,
  type FileStat,
  type LookupResult,
  type OpenOptions,
  type ResolvedPath,
  type TimeSpec,
} from '../../sys/index.js';
import { NodeFileHandle } from './node-file.js';
import { fileTypeOf, nsToSeconds, TimeOverrides, toSysError } from './node-fs-common.js';

const C = fs.constants;

/** Options of {@link openHostDir}. */
export interface HostDirOptions {
  /** Refuse every modification with `EROFS`. */
  readonly readonly?: boolean;
}

/**
 * State shared by all handles opened below one preopened host directory. It holds its own
 * descriptor of the root for the real-path check, released when the last directory handle of the
 * tree is closed (the guest may close the preopen itself and keep using a reopened root).
 */
class HostTree {
  readonly times = new TimeOverrides();
  /** True when `/proc/self/fd` works here (Linux). */
  readonly procFd: boolean;
  private dirHandles = 0;

  constructor(
    readonly rootFd: number,
    rootPath: string,
    readonly readonly: boolean,
  ) {
    let proc = false;
    try {
      proc = fs.readlinkSync(`/proc/self/fd/${rootFd}`) === fs.realpathSync(rootPath);
    } catch {
      proc = false;
    }
    this.procFd = proc;
  }

  /** Counts a new directory handle of this tree. */
  retain(): void {
    this.dirHandles++;
  }

  /** Forgets a closed directory handle; the last one releases the root descriptor. */
  release(): void {
    if (--this.dirHandles === 0) {
      try {
        fs.closeSync(this.rootFd);
      } catch {
        // released by the kernel anyway
      }
    }
  }

  /** Throws `EROFS` for a read-only tree. */
  checkWritable(): void {
    if (this.readonly) throw sysError(Errno.ROFS, 'the preopened directory is read-only');
  }

  /**
   * Verifies that an opened descriptor lies under the root's real path; closes it and throws
   * `ENOTCAPABLE` when not.
   */
  verifyInside(fd: number): void {
    if (!this.procFd) return;
    let real: string;
    let root: string;
    try {
      real = fs.readlinkSync(`/proc/self/fd/${fd}`);
      root = fs.readlinkSync(`/proc/self/fd/${this.rootFd}`);
    } catch (e) {
      fs.closeSync(fd);
      throw toSysError(e);
    }
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (real !== root && !real.startsWith(prefix)) {
      fs.closeSync(fd);
      throw sysError(Errno.NOTCAPABLE, 'opened object is outside the preopened directory');
    }
  }
}

function lookupHost(dir: string, name: string): LookupResult<string> {
  const p = `${dir}/${name}`;
  let st: fs.BigIntStats | undefined;
  try {
    st = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
  } catch (e) {
    throw toSysError(e);
  }
  if (st === undefined) return { kind: 'missing' };
  if (st.isDirectory()) return { kind: 'dir', dir: p };
  if (st.isSymbolicLink()) {
    try {
      return { kind: 'symlink', target: fs.readlinkSync(p) };
    } catch (e) {
      throw toSysError(e);
    }
  }
  return { kind: 'other' };
}

/** The host path of a resolved guest path (a trailing slash is kept for the kernel to check). */
function hostPathOf(r: ResolvedPath<string>): string {
  if (r.name === '.') return `${r.dir}/.`;
  return r.trailingSlash ? `${r.dir}/${r.name}/` : `${r.dir}/${r.name}`;
}

function openFlags(opts: OpenOptions): number {
  const write = opts.write === true || opts.truncate === true;
  let flags = write ? (opts.read ? C.O_RDWR : C.O_WRONLY) : C.O_RDONLY;
  // Note: intermediate symlinks were resolved by the walker; a symlink in the final component is
  // either already followed or must not be, so the host never follows one.
  flags |= C.O_NOFOLLOW;
  if (opts.create) flags |= C.O_CREAT;
  if (opts.create && opts.exclusive) flags |= C.O_EXCL;
  if (opts.truncate) flags |= C.O_TRUNC;
  if (opts.directory) flags |= C.O_DIRECTORY;
  if (opts.nonblock) flags |= C.O_NONBLOCK;
  return flags;
}

/**
 * Opens a host directory as a preopen capability. Throws `SysError` (`ENOENT`, `ENOTDIR`, ...)
 * when it cannot be opened.
 */
export function openHostDir(hostPath: string, options: HostDirOptions = {}): DirHandle {
  let fd: number;
  let treeFd: number;
  try {
    fd = fs.openSync(hostPath, C.O_RDONLY | C.O_DIRECTORY);
  } catch (e) {
    throw toSysError(e);
  }
  try {
    treeFd = fs.openSync(hostPath, C.O_RDONLY | C.O_DIRECTORY);
  } catch (e) {
    fs.closeSync(fd);
    throw toSysError(e);
  }
  return new NodeDirHandle(new HostTree(treeFd, hostPath, options.readonly === true), fd, hostPath, true);
}

/** A directory capability over a host directory descriptor. */
class NodeDirHandle implements DirHandle {
  readonly kind = 'dir' as const;
  readonly fileType = 'directory' as const;
  private fd: number;
  private readonly base: string;

  constructor(
    private readonly tree: HostTree,
    fd: number,
    hostPath: string,
    private readonly isRoot: boolean,
  ) {
    this.fd = fd;
    this.base = tree.procFd ? `/proc/self/fd/${fd}` : hostPath;
    tree.retain();
  }

  private live(): string {
    if (this.fd < 0) throw sysError(Errno.BADF);
    return this.base;
  }

  private resolve(path: string, follow: boolean): ResolvedPath<string> {
    return resolvePath(lookupHost, this.live(), path, follow);
  }

  private peer(other: DirHandle): NodeDirHandle {
    if (!(other instanceof NodeDirHandle)) throw sysError(Errno.XDEV);
    other.live();
    return other;
  }

  openAt(path: string, opts: OpenOptions): FileHandle | DirHandle {
    const r = this.resolve(path, opts.follow);
    if (opts.create && opts.directory) throw sysError(Errno.INVAL, 'cannot create a directory with open');
    if (opts.create || opts.write || opts.truncate) this.tree.checkWritable();
    const hostPath = hostPathOf(r);
    let fd: number;
    try {
      fd = fs.openSync(hostPath, openFlags(opts), 0o666);
    } catch (e) {
      throw toSysError(e);
    }
    this.tree.verifyInside(fd);
    let st: fs.BigIntStats;
    try {
      st = fs.fstatSync(fd, { bigint: true });
    } catch (e) {
      fs.closeSync(fd);
      throw toSysError(e);
    }
    if (st.isDirectory()) return new NodeDirHandle(this.tree, fd, hostPath, false);
    const write = opts.write === true || opts.truncate === true;
    return new NodeFileHandle(fd, fileTypeOf(st), opts.read === true || !write, write, this.tree.times);
  }

  statAt(path: string, follow: boolean): FileStat {
    const p = hostPathOf(this.resolve(path, follow));
    try {
      return this.tree.times.toFileStat(fs.lstatSync(p, { bigint: true }));
    } catch (e) {
      throw toSysError(e);
    }
  }

  setTimesAt(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void {
    this.tree.checkWritable();
    const p = hostPathOf(this.resolve(path, follow));
    try {
      const cur = this.tree.times.toFileStat(fs.lstatSync(p, { bigint: true }));
      const now = BigInt(Date.now()) * 1_000_000n;
      const want = { atim: resolveTimeSpec(atim, cur.atim, now), mtim: resolveTimeSpec(mtim, cur.mtim, now) };
      // Note: lutimes never follows; a final symlink that should be followed was resolved above.
      fs.lutimesSync(p, nsToSeconds(want.atim), nsToSeconds(want.mtim));
      this.tree.times.record(fs.lstatSync(p, { bigint: true }), want);
    } catch (e) {
      throw toSysError(e);
    }
  }

  mkdirAt(path: string): void {
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.EXIST, path);
    this.tree.checkWritable();
    try {
      fs.mkdirSync(hostPathOf(r), 0o777);
    } catch (e) {
      throw toSysError(e);
    }
  }

  rmdirAt(path: string): void {
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.INVAL, 'cannot remove "."');
    this.tree.checkWritable();
    try {
      fs.rmdirSync(hostPathOf(r));
    } catch (e) {
      throw toSysError(e);
    }
  }

  unlinkAt(path: string): void {
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.ISDIR, path);
    this.tree.checkWritable();
    const p = `${r.dir}/${r.name}`;
    try {
      if (r.trailingSlash) {
        const st = fs.lstatSync(p);
        throw sysError(st.isDirectory() ? Errno.ISDIR : Errno.NOTDIR, path);
      }
      fs.unlinkSync(p);
    } catch (e) {
      throw toSysError(e);
    }
  }

  renameAt(oldPath: string, newDir: DirHandle, newPath: string): void {
    const dst = this.peer(newDir);
    const s = this.resolve(oldPath, false);
    const d = dst.resolve(newPath, false);
    if (s.name === '.' || d.name === '.') throw sysError(Errno.BUSY, 'cannot rename "." or ".."');
    this.tree.checkWritable();
    dst.tree.checkWritable();
    try {
      fs.renameSync(hostPathOf(s), hostPathOf(d));
    } catch (e) {
      throw toSysError(e);
    }
  }

  linkAt(oldPath: string, follow: boolean, newDir: DirHandle, newPath: string): void {
    const dst = this.peer(newDir);
    const s = this.resolve(oldPath, follow);
    const d = dst.resolve(newPath, false);
    if (d.name === '.') throw sysError(Errno.EXIST, newPath);
    dst.tree.checkWritable();
    try {
      if (s.name === '.' || fs.lstatSync(hostPathOf(s)).isDirectory()) {
        throw sysError(Errno.PERM, 'hard links to directories are not allowed');
      }
      // Note: link(2) does not follow a symlink source on Linux, which is what follow=false means.
      fs.linkSync(hostPathOf(s), hostPathOf(d));
    } catch (e) {
      throw toSysError(e);
    }
  }

  symlinkAt(target: string, path: string): void {
    if (target.length === 0) throw sysError(Errno.NOENT, 'empty symlink target');
    if (target.charCodeAt(0) === 0x2f) throw sysError(Errno.NOTCAPABLE, `absolute symlink target '${target}'`);
    if (target.includes('\0')) throw sysError(Errno.INVAL, 'symlink target contains NUL');
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.EXIST, path);
    this.tree.checkWritable();
    try {
      fs.symlinkSync(target, hostPathOf(r));
    } catch (e) {
      throw toSysError(e);
    }
  }

  readlinkAt(path: string): string {
    const r = this.resolve(path, false);
    if (r.name === '.') throw sysError(Errno.INVAL, `'${path}' is not a symlink`);
    try {
      return fs.readlinkSync(`${r.dir}/${r.name}`);
    } catch (e) {
      throw toSysError(e);
    }
  }

  readdir(): DirEntry[] {
    const base = this.live();
    let names: string[];
    try {
      names = fs.readdirSync(base);
    } catch (e) {
      throw toSysError(e);
    }
    const out: DirEntry[] = [];
    for (const name of names) {
      const st = fs.lstatSync(`${base}/${name}`, { bigint: true, throwIfNoEntry: false });
      // Note: an entry removed between readdir and lstat is simply not listed.
      if (st !== undefined) out.push({ name, type: fileTypeOf(st), ino: st.ino });
    }
    return out;
  }

  parentIno(): bigint {
    const base = this.live();
    if (this.isRoot) return this.stat().ino;
    try {
      return fs.lstatSync(`${base}/..`, { bigint: true }).ino;
    } catch (e) {
      throw toSysError(e);
    }
  }

  stat(): FileStat {
    this.live();
    try {
      return this.tree.times.toFileStat(fs.fstatSync(this.fd, { bigint: true }));
    } catch (e) {
      throw toSysError(e);
    }
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    this.tree.checkWritable();
    const cur = this.stat();
    const now = BigInt(Date.now()) * 1_000_000n;
    const want = { atim: resolveTimeSpec(atim, cur.atim, now), mtim: resolveTimeSpec(mtim, cur.mtim, now) };
    try {
      fs.futimesSync(this.fd, nsToSeconds(want.atim), nsToSeconds(want.mtim));
      this.tree.times.record(fs.fstatSync(this.fd, { bigint: true }), want);
    } catch (e) {
      throw toSysError(e);
    }
  }

  sync(): void {
    this.live();
    try {
      fs.fsyncSync(this.fd);
    } catch (e) {
      throw toSysError(e);
    }
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      fs.closeSync(fd);
    } catch {
      // released by the kernel anyway
    }
    this.tree.release();
  }
}
