/**
 * `path_open`: opens a file or directory beneath a directory descriptor, deriving the new
 * descriptor's rights from the requested ones and what the directory may hand down.
 */

import { Errno, SysError, sysError, type DirHandle, type FileHandle, type OpenOptions } from '../../sys/index.js';
import { ALL_FDFLAGS, DIRECTORY_RIGHTS, FILE_RIGHTS, LOOKUPFLAGS, OFLAGS, RIGHTS } from './abi.js';
import type { P1Context } from './context.js';
import { OK } from './context.js';

/** Rights that need a host descriptor open for writing. */
const WRITE_RIGHTS = RIGHTS.FD_WRITE | RIGHTS.FD_ALLOCATE | RIGHTS.FD_FILESTAT_SET_SIZE;

/** Rights a non-seekable file (FIFO, device) cannot use. */
const SEEK_RIGHTS = RIGHTS.FD_SEEK | RIGHTS.FD_TELL;

function requestedRights(r: bigint): number {
  // Note: bits beyond the defined rights are ignored, as are rights the directory cannot grant:
  // the new descriptor gets the intersection (wasi-libc asks for everything it might use).
  return Number(BigInt.asUintN(30, r));
}

/** The `path_open` function of one instance. */
export function pathOpenImports(ctx: P1Context) {
  const m = ctx.mem;
  return {
    /**
     * Opens `path` relative to `dirfd` and writes the new descriptor to `fdPtr`.
     * `OFLAGS_CREAT` needs `PATH_CREATE_FILE`, `OFLAGS_TRUNC` needs `PATH_FILESTAT_SET_SIZE`.
     */
    path_open(
      dirfd: number,
      dirflags: number,
      path: number,
      pathLen: number,
      oflags: number,
      rightsBase: bigint,
      rightsInheriting: bigint,
      fdflags: number,
      fdPtr: number,
    ): number {
      try {
        m.refresh();
        const e = ctx.fds.get(dirfd >>> 0);
        if (e.handle.kind !== 'dir') throw sysError(Errno.NOTDIR);
        const dir: DirHandle = e.handle;
        let need = RIGHTS.PATH_OPEN;
        if (oflags & OFLAGS.CREAT) need |= RIGHTS.PATH_CREATE_FILE;
        if (oflags & OFLAGS.TRUNC) need |= RIGHTS.PATH_FILESTAT_SET_SIZE;
        ctx.need(e, need);
        if (oflags & ~15) throw sysError(Errno.INVAL, 'unknown oflags');
        if (fdflags & ~ALL_FDFLAGS) throw sysError(Errno.INVAL, 'unknown fdflags');
        if (dirflags & ~LOOKUPFLAGS.SYMLINK_FOLLOW) throw sysError(Errno.INVAL, 'unknown lookupflags');
        const p = m.string(path, pathLen);
        m.check(fdPtr, 4);
        const base = requestedRights(rightsBase) & e.rightsInheriting;
        const inheriting = requestedRights(rightsInheriting) & e.rightsInheriting;
        const wantsWrite = (base & RIGHTS.FD_WRITE) !== 0;
        const mayWrite = (base & WRITE_RIGHTS) !== 0;
        const opts: OpenOptions = {
          follow: (dirflags & LOOKUPFLAGS.SYMLINK_FOLLOW) !== 0,
          create: (oflags & OFLAGS.CREAT) !== 0,
          exclusive: (oflags & OFLAGS.EXCL) !== 0,
          truncate: (oflags & OFLAGS.TRUNC) !== 0,
          directory: (oflags & OFLAGS.DIRECTORY) !== 0,
          read: (base & (RIGHTS.FD_READ | RIGHTS.FD_READDIR)) !== 0,
          write: mayWrite,
          nonblock: (fdflags & 4) !== 0,
        };
        let h: FileHandle | DirHandle;
        try {
          h = dir.openAt(p, opts);
        } catch (err) {
          // Note: size and allocation rights alone must not make opening a directory fail;
          // retry without write access (those rights are dropped for directories below).
          if (!(err instanceof SysError && err.errno === Errno.ISDIR && mayWrite && !wantsWrite && !opts.truncate)) throw err;
          h = dir.openAt(p, { ...opts, write: false, read: true });
        }
        const rights = h.kind === 'dir' ? base & DIRECTORY_RIGHTS : base & FILE_RIGHTS & (h.seekable ? ~0 : ~SEEK_RIGHTS);
        let fd: number;
        try {
          fd = ctx.fds.insert({ handle: h, rightsBase: rights, rightsInheriting: inheriting, fdflags, position: 0 });
        } catch (err) {
          h.close();
          throw err;
        }
        m.setU32(fdPtr, fd);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
