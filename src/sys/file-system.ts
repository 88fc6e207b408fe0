/**
 * The file-system capability: directories you can open things *at*, and files you can read and
 * write at offsets. ABI-neutral: WASI Preview 1 adds file positions, rights and fdflags on top;
 * WASI 0.2 adds streams and descriptor flags.
 *
 * Every path argument is relative to the directory it is passed to and is resolved inside it:
 * `..` past that directory, absolute paths and symlinks that lead out are refused with
 * `ENOTCAPABLE` (see `path-walk.ts`). Failures throw `SysError`.
 */

import type { Pollable } from './poll.js';

/** The type of a file-system object (WASI 0.2's `descriptor-type`; Preview 1 maps fifo to unknown). */
export type FileType =
  | 'unknown'
  | 'block-device'
  | 'character-device'
  | 'directory'
  | 'regular-file'
  | 'socket-dgram'
  | 'socket-stream'
  | 'symbolic-link'
  | 'fifo';

/** Metadata of a file-system object. Times are nanoseconds since the Unix epoch. */
export interface FileStat {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly type: FileType;
  readonly nlink: bigint;
  readonly size: bigint;
  readonly atim: bigint;
  readonly mtim: bigint;
  readonly ctim: bigint;
}

/** A timestamp to set: nanoseconds since the epoch, the current time, or leave unchanged. */
export type TimeSpec = bigint | 'now' | 'omit';

/** One entry of a directory listing (never `.` or `..`). */
export interface DirEntry {
  readonly name: string;
  readonly type: FileType;
  readonly ino: bigint;
}

/** How {@link DirHandle.openAt} opens something. */
export interface OpenOptions {
  /** Follow a symlink in the final path component (intermediate ones are always followed). */
  readonly follow: boolean;
  /** Create a regular file when nothing exists at the path. */
  readonly create?: boolean;
  /** With `create`: fail with `EEXIST` when something exists at the path. */
  readonly exclusive?: boolean;
  /** Truncate a regular file to size 0. Implies write access on the host. */
  readonly truncate?: boolean;
  /** The result must be a directory (`ENOTDIR` otherwise). */
  readonly directory?: boolean;
  /** Open for reading (file data or directory entries). */
  readonly read?: boolean;
  /** Open for writing. Fails with `EISDIR` on a directory. */
  readonly write?: boolean;
  /** Do not block opening or using FIFOs and devices. */
  readonly nonblock?: boolean;
}

/** Advice about an access pattern (POSIX `posix_fadvise`). */
export type Advice = 'normal' | 'sequential' | 'random' | 'will-need' | 'dont-need' | 'no-reuse';

/** What every capability handle has: its type, metadata and a way to release it. */
export interface HandleBase {
  /** The file type reported for this handle (`fdstat`, `get-type`). */
  readonly fileType: FileType;
  /** Metadata of the underlying object. */
  stat(): FileStat;
  /** Releases the handle. Using it afterwards throws `EBADF`. Closing twice is harmless. */
  close(): void;
}

/** An open non-directory file-system object. Offsets are plain numbers (safe integers). */
export interface FileHandle extends HandleBase {
  readonly kind: 'file';
  /** False for FIFOs and character devices: use {@link read}/{@link write} instead of offsets. */
  readonly seekable: boolean;
  /** True when the handle was opened for reading. */
  readonly readable: boolean;
  /** True when the handle was opened for writing. */
  readonly writable: boolean;
  /** Reads into `buf` at `offset`; returns the byte count (0 at end of file). */
  pread(buf: Uint8Array, offset: number): number;
  /** Writes `buf` at `offset` (extending the file as needed); returns the byte count. */
  pwrite(buf: Uint8Array, offset: number): number;
  /** Sequential read for non-seekable files; throws `EAGAIN` when `nonblocking` and none is ready. */
  read(buf: Uint8Array, nonblocking: boolean): number;
  /** Sequential write for non-seekable files. */
  write(buf: Uint8Array, nonblocking: boolean): number;
  /** Sets the size, zero-filling when it grows. */
  setSize(size: number): void;
  /** Makes sure `[offset, offset + len)` is allocated; grows the file when needed. */
  allocate(offset: number, len: number): void;
  /** Passes an access-pattern hint; may do nothing. */
  advise(offset: number, len: number, advice: Advice): void;
  /** Sets access and modification times. */
  setTimes(atim: TimeSpec, mtim: TimeSpec): void;
  /** Flushes data and metadata to storage. */
  sync(): void;
  /** Flushes data to storage. */
  datasync(): void;
  /** Readiness for reading (always ready for regular files). */
  readReady(): Pollable;
}

/** An open directory: the handle paths are resolved against. */
export interface DirHandle extends HandleBase {
  readonly kind: 'dir';
  /** Opens the object at `path`. */
  openAt(path: string, opts: OpenOptions): FileHandle | DirHandle;
  /** Metadata of the object at `path`; `follow` decides for a symlink in the final component. */
  statAt(path: string, follow: boolean): FileStat;
  /** Sets the times of the object at `path`. */
  setTimesAt(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void;
  /** Creates a directory. */
  mkdirAt(path: string): void;
  /** Removes an empty directory. */
  rmdirAt(path: string): void;
  /** Removes a non-directory entry (a file or a symlink itself). */
  unlinkAt(path: string): void;
  /** Renames `oldPath` (in this directory) to `newPath` in `newDir` (same file system). */
  renameAt(oldPath: string, newDir: DirHandle, newPath: string): void;
  /** Creates a hard link `newPath` in `newDir` to the object at `oldPath`. */
  linkAt(oldPath: string, follow: boolean, newDir: DirHandle, newPath: string): void;
  /** Creates a symlink at `path` whose contents are `target` (refused when absolute). */
  symlinkAt(target: string, path: string): void;
  /** The contents of the symlink at `path`. */
  readlinkAt(path: string): string;
  /** The entries of this directory, without `.` and `..`, in a stable order. */
  readdir(): DirEntry[];
  /** Inode number of this directory's parent, or its own when it is the root of its capability. */
  parentIno(): bigint;
  /** Sets this directory's times. */
  setTimes(atim: TimeSpec, mtim: TimeSpec): void;
  /** Flushes the directory to storage. */
  sync(): void;
}

/** Maps a `TimeSpec` to a concrete nanosecond value, given the current value and the time now. */
export function resolveTimeSpec(spec: TimeSpec, current: bigint, now: bigint): bigint {
  if (spec === 'omit') return current;
  if (spec === 'now') return now;
  return spec;
}
