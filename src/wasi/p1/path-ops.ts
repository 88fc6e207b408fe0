/**
 * Path operations beneath a directory descriptor: `path_create_directory`, `path_filestat_get`,
 * `path_filestat_set_times`, `path_link`, `path_readlink`, `path_remove_directory`,
 * `path_rename`, `path_symlink`, `path_unlink_file`. Resolution and the sandbox are the `sys`
 * file system's (`sys/path-walk.ts`); this layer checks rights and moves data.
 */

import { encodeUtf8 } from '../../util/utf8.js';
import { Errno, sysError } from '../../sys/index.js';
import { LAYOUT, LOOKUPFLAGS, RIGHTS } from './abi.js';
import type { P1Context } from './context.js';
import { OK } from './context.js';
import { timeSpecs, writeFilestat } from './fd-meta.js';

function follows(flags: number): boolean {
  if (flags & ~LOOKUPFLAGS.SYMLINK_FOLLOW) throw sysError(Errno.INVAL, 'unknown lookupflags');
  return (flags & LOOKUPFLAGS.SYMLINK_FOLLOW) !== 0;
}

/** The path functions (except `path_open`) of one instance. */
export function pathOpsImports(ctx: P1Context) {
  const m = ctx.mem;
  return {
    /** Creates a directory. */
    path_create_directory(fd: number, path: number, pathLen: number): number {
      try {
        m.refresh();
        const dir = ctx.dir(fd, RIGHTS.PATH_CREATE_DIRECTORY);
        dir.mkdirAt(m.string(path, pathLen));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Writes the `filestat` of the object at a path. */
    path_filestat_get(fd: number, flags: number, path: number, pathLen: number, ptr: number): number {
      try {
        m.refresh();
        const dir = ctx.dir(fd, RIGHTS.PATH_FILESTAT_GET);
        const follow = follows(flags);
        const p = m.string(path, pathLen);
        m.check(ptr, LAYOUT.FILESTAT_SIZE);
        writeFilestat(m, ptr, dir.statAt(p, follow));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Sets the times of the object at a path (of a symlink itself without `SYMLINK_FOLLOW`). */
    path_filestat_set_times(fd: number, flags: number, path: number, pathLen: number, atim: bigint, mtim: bigint, fstflags: number): number {
      try {
        m.refresh();
        const dir = ctx.dir(fd, RIGHTS.PATH_FILESTAT_SET_TIMES);
        const follow = follows(flags);
        const t = timeSpecs(atim, mtim, fstflags);
        dir.setTimesAt(m.string(path, pathLen), follow, t.atim, t.mtim);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Creates a hard link `newPath` (under `newFd`) to `oldPath` (under `oldFd`). */
    path_link(oldFd: number, oldFlags: number, oldPath: number, oldLen: number, newFd: number, newPath: number, newLen: number): number {
      try {
        m.refresh();
        const from = ctx.dir(oldFd, RIGHTS.PATH_LINK_SOURCE);
        const to = ctx.dir(newFd, RIGHTS.PATH_LINK_TARGET);
        const follow = follows(oldFlags);
        from.linkAt(m.string(oldPath, oldLen), follow, to, m.string(newPath, newLen));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Copies a symlink's contents into `buf` (cut to `bufLen`); `bufused` gets the count. */
    path_readlink(fd: number, path: number, pathLen: number, buf: number, bufLen: number, bufusedPtr: number): number {
      try {
        m.refresh();
        const dir = ctx.dir(fd, RIGHTS.PATH_READLINK);
        const p = m.string(path, pathLen);
        m.check(buf, bufLen);
        m.check(bufusedPtr, 4);
        const target = encodeUtf8(dir.readlinkAt(p));
        const n = Math.min(target.length, bufLen >>> 0);
        m.write(buf, target.subarray(0, n));
        m.setU32(bufusedPtr, n);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Removes an empty directory. */
    path_remove_directory(fd: number, path: number, pathLen: number): number {
      try {
        m.refresh();
        ctx.dir(fd, RIGHTS.PATH_REMOVE_DIRECTORY).rmdirAt(m.string(path, pathLen));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Renames `oldPath` (under `fd`) to `newPath` (under `newFd`). */
    path_rename(fd: number, oldPath: number, oldLen: number, newFd: number, newPath: number, newLen: number): number {
      try {
        m.refresh();
        const from = ctx.dir(fd, RIGHTS.PATH_RENAME_SOURCE);
        const to = ctx.dir(newFd, RIGHTS.PATH_RENAME_TARGET);
        from.renameAt(m.string(oldPath, oldLen), to, m.string(newPath, newLen));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Creates a symlink at `newPath` containing `oldPath` (absolute targets are refused). */
    path_symlink(oldPath: number, oldLen: number, fd: number, newPath: number, newLen: number): number {
      try {
        m.refresh();
        const dir = ctx.dir(fd, RIGHTS.PATH_SYMLINK);
        dir.symlinkAt(m.string(oldPath, oldLen), m.string(newPath, newLen));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Removes a file or symlink (never a directory). */
    path_unlink_file(fd: number, path: number, pathLen: number): number {
      try {
        m.refresh();
        ctx.dir(fd, RIGHTS.PATH_UNLINK_FILE).unlinkAt(m.string(path, pathLen));
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
