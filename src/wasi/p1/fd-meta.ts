/**
 * Descriptor metadata and lifetime: `fd_advise`, `fd_allocate`, `fd_close`, `fd_datasync`,
 * `fd_sync`, `fd_fdstat_get`, `fd_fdstat_set_flags`, `fd_fdstat_set_rights`, `fd_filestat_get`,
 * `fd_filestat_set_size`, `fd_filestat_set_times`, `fd_prestat_get`, `fd_prestat_dir_name`,
 * `fd_renumber`.
 */

import { Errno, sysError, type Advice, type FileStat, type TimeSpec } from '../../sys/index.js';
import { ADVICE, ALL_FDFLAGS, ALL_RIGHTS, FSTFLAGS, LAYOUT, PREOPENTYPE, RIGHTS } from './abi.js';
import type { FdEntry, P1Context, P1Handle } from './context.js';
import { OK, p1FileType } from './context.js';
import type { GuestMemory } from './guest-memory.js';

const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

/** Writes a `filestat` struct at `ptr` (the caller checked the range). */
export function writeFilestat(m: GuestMemory, ptr: number, st: FileStat): void {
  m.check(ptr, LAYOUT.FILESTAT_SIZE);
  m.bytes(ptr, LAYOUT.FILESTAT_SIZE).fill(0);
  m.setU64(ptr, st.dev);
  m.setU64(ptr + 8, st.ino);
  m.setU8(ptr + 16, p1FileType(st.type));
  m.setU64(ptr + 24, st.nlink);
  m.setU64(ptr + 32, st.size);
  m.setU64(ptr + 40, st.atim);
  m.setU64(ptr + 48, st.mtim);
  m.setU64(ptr + 56, st.ctim);
}

/** Decodes `fstflags` with the two timestamps; `EINVAL` for contradictory or unknown flags. */
export function timeSpecs(atim: bigint, mtim: bigint, flags: number): { atim: TimeSpec; mtim: TimeSpec } {
  if (flags & ~15) throw sysError(Errno.INVAL, 'unknown fstflags');
  if ((flags & FSTFLAGS.ATIM) && (flags & FSTFLAGS.ATIM_NOW)) throw sysError(Errno.INVAL, 'ATIM and ATIM_NOW together');
  if ((flags & FSTFLAGS.MTIM) && (flags & FSTFLAGS.MTIM_NOW)) throw sysError(Errno.INVAL, 'MTIM and MTIM_NOW together');
  return {
    atim: flags & FSTFLAGS.ATIM_NOW ? 'now' : flags & FSTFLAGS.ATIM ? atim : 'omit',
    mtim: flags & FSTFLAGS.MTIM_NOW ? 'now' : flags & FSTFLAGS.MTIM ? mtim : 'omit',
  };
}

function adviceOf(a: number): Advice {
  switch (a) {
    case ADVICE.NORMAL:
      return 'normal';
    case ADVICE.SEQUENTIAL:
      return 'sequential';
    case ADVICE.RANDOM:
      return 'random';
    case ADVICE.WILLNEED:
      return 'will-need';
    case ADVICE.DONTNEED:
      return 'dont-need';
    case ADVICE.NOREUSE:
      return 'no-reuse';
    default:
      throw sysError(Errno.INVAL, `unknown advice ${a}`);
  }
}

/** The file of an entry for size/space operations, or the POSIX errno for other kinds. */
function fileOf(e: FdEntry) {
  const h = e.handle;
  if (h.kind === 'file') return h;
  if (h.kind === 'dir') throw sysError(Errno.ISDIR);
  throw sysError(Errno.SPIPE);
}

/** Rights given as a u64: `ENOTCAPABLE` when bits beyond the defined ones are asked for. */
function rightsOf(r: bigint): number {
  if (BigInt.asUintN(64, r) >> 30n !== 0n) throw sysError(Errno.NOTCAPABLE, 'undefined rights requested');
  return Number(r) & ALL_RIGHTS;
}

/** Closes a handle unless another descriptor still refers to it (e.g. stdout and stderr shared). */
export function releaseHandle(ctx: P1Context, h: P1Handle): void {
  for (const [, e] of ctx.fds.entries()) if (e.handle === h) return;
  try {
    h.close();
  } catch {
    // Note: close errors are not reported (the descriptor is gone either way).
  }
}

/** The descriptor metadata functions of one instance. */
export function fdMetaImports(ctx: P1Context) {
  const m = ctx.mem;
  return {
    /** Passes an access-pattern hint for a range of a file. */
    fd_advise(fd: number, offset: bigint, len: bigint, advice: number): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        const f = fileOf(e);
        ctx.need(e, RIGHTS.FD_ADVISE);
        const a = adviceOf(advice);
        if (offset > MAX_OFFSET || len > MAX_OFFSET) throw sysError(Errno.INVAL);
        f.advise(Number(offset), Number(len), a);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Makes sure a range of a file is allocated, growing the file when needed. */
    fd_allocate(fd: number, offset: bigint, len: bigint): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        const f = fileOf(e);
        ctx.need(e, RIGHTS.FD_ALLOCATE);
        if (len === 0n) throw sysError(Errno.INVAL, 'zero length');
        if (offset + len > MAX_OFFSET) throw sysError(Errno.FBIG);
        f.allocate(Number(offset), Number(len));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Closes a descriptor (preopens included). */
    fd_close(fd: number): number {
      try {
        const e = ctx.fds.remove(fd >>> 0);
        releaseHandle(ctx, e.handle);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Flushes a file's data to storage. */
    fd_datasync(fd: number): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        ctx.need(e, RIGHTS.FD_DATASYNC);
        const h = e.handle;
        if (h.kind === 'file') h.datasync();
        else if (h.kind === 'dir') h.sync();
        else throw sysError(Errno.INVAL, 'not a file');
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Flushes a file's data and metadata to storage. */
    fd_sync(fd: number): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        ctx.need(e, RIGHTS.FD_SYNC);
        const h = e.handle;
        if (h.kind === 'file' || h.kind === 'dir') h.sync();
        else throw sysError(Errno.INVAL, 'not a file');
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Writes the `fdstat` of a descriptor: type, flags and rights. No right is needed. */
    fd_fdstat_get(fd: number, ptr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        m.check(ptr, LAYOUT.FDSTAT_SIZE);
        m.bytes(ptr, LAYOUT.FDSTAT_SIZE).fill(0);
        m.setU8(ptr, p1FileType(e.handle.fileType));
        m.setU16(ptr + 2, e.fdflags);
        m.setU64(ptr + 8, e.rightsBase);
        m.setU64(ptr + 16, e.rightsInheriting);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Replaces the `fdflags` of a descriptor (append, dsync, nonblock, rsync, sync). */
    fd_fdstat_set_flags(fd: number, flags: number): number {
      try {
        const e = ctx.entry(fd, RIGHTS.FD_FDSTAT_SET_FLAGS);
        if (flags & ~ALL_FDFLAGS) throw sysError(Errno.INVAL, 'unknown fdflags');
        e.fdflags = flags;
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Narrows the rights of a descriptor; asking for a right it does not have is `ENOTCAPABLE`. */
    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        const b = rightsOf(base);
        const i = rightsOf(inheriting);
        if ((b & ~e.rightsBase) !== 0 || (i & ~e.rightsInheriting) !== 0) throw sysError(Errno.NOTCAPABLE, 'rights can only be dropped');
        e.rightsBase = b;
        e.rightsInheriting = i;
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Writes the `filestat` of the object behind a descriptor. */
    fd_filestat_get(fd: number, ptr: number): number {
      try {
        m.refresh();
        const e = ctx.entry(fd, RIGHTS.FD_FILESTAT_GET);
        m.check(ptr, LAYOUT.FILESTAT_SIZE);
        writeFilestat(m, ptr, e.handle.stat());
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Truncates or extends a file. */
    fd_filestat_set_size(fd: number, size: bigint): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        const f = fileOf(e);
        ctx.need(e, RIGHTS.FD_FILESTAT_SET_SIZE);
        if (size > MAX_OFFSET) throw sysError(Errno.FBIG);
        f.setSize(Number(size));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Sets the access and/or modification time of the object behind a descriptor. */
    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number {
      try {
        const e = ctx.entry(fd, RIGHTS.FD_FILESTAT_SET_TIMES);
        const t = timeSpecs(atim, mtim, flags);
        const h = e.handle;
        if (h.kind !== 'file' && h.kind !== 'dir') throw sysError(Errno.NOTSUP, 'cannot set times of a stream');
        h.setTimes(t.atim, t.mtim);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Describes a preopened directory; `EBADF` for any other descriptor. */
    fd_prestat_get(fd: number, ptr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        if (e.preopenName === undefined) throw sysError(Errno.BADF, 'not a preopen');
        m.check(ptr, LAYOUT.PRESTAT_SIZE);
        m.setU32(ptr, PREOPENTYPE.DIR);
        m.setU32(ptr + 4, e.preopenName.length);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Writes the guest name of a preopened directory (no NUL); `ENAMETOOLONG` if `len` is short. */
    fd_prestat_dir_name(fd: number, path: number, len: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        if (e.preopenName === undefined) throw sysError(Errno.BADF, 'not a preopen');
        if (len >>> 0 < e.preopenName.length) throw sysError(Errno.NAMETOOLONG);
        m.write(path, e.preopenName);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Moves descriptor `from` onto `to`, closing what `to` was; both must be open. */
    fd_renumber(from: number, to: number): number {
      try {
        const old = ctx.fds.renumber(from >>> 0, to >>> 0);
        if (old !== undefined) releaseHandle(ctx, old.handle);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
