/**
 * Pieces the Node file system shares: mapping Node's error codes to `sys` errnos, converting
 * `fs.BigIntStats`, and exact timestamps.
 */

import fs from 'node:fs';
import { Errno, isErrno, SysError, type FileStat, type FileType } from '../../sys/index.js';

/** Converts anything a Node `fs` call threw into a {@link SysError} (unknown codes become `EIO`). */
export function toSysError(e: unknown): SysError {
  if (e instanceof SysError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'EOPNOTSUPP') return new SysError(Errno.NOTSUP);
  if (code === 'EWOULDBLOCK') return new SysError(Errno.AGAIN);
  if (isErrno(code)) return new SysError(code);
  return new SysError(Errno.IO, e instanceof Error ? e.message : String(e));
}

/** The portable file type of a Node stats object. */
export function fileTypeOf(st: fs.BigIntStats | fs.Stats | fs.Dirent): FileType {
  if (st.isFile()) return 'regular-file';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symbolic-link';
  if (st.isCharacterDevice()) return 'character-device';
  if (st.isBlockDevice()) return 'block-device';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket-stream';
  return 'unknown';
}

/** Nanoseconds as the (closest) double of seconds `fs.utimes` takes. */
export function nsToSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

/** Entries kept by {@link TimeOverrides} before the oldest are forgotten. */
const MAX_TIME_OVERRIDES = 4096;

interface Override {
  realAtim: bigint;
  realMtim: bigint;
  atim: bigint;
  mtim: bigint;
}

/**
 * Exact timestamps for files whose times the guest set.
 *
 * Note: Node's `fs.utimes` family takes seconds as a double, which near today's dates resolves
 * only about 240 ns, while WASI sets and reads nanoseconds. After setting times we record, per
 * inode, the values the host actually stored next to the values the guest asked for; `stat`
 * reports the asked-for value for as long as the host still has the stored one. Any later change
 * by anyone (a write updating mtime, a read updating atime) makes the real value show again.
 */
export class TimeOverrides {
  private readonly map = new Map<string, Override>();

  /** Remembers that `want` was asked for and `got` (from a fresh stat) is what the host stored. */
  record(got: fs.BigIntStats, want: { atim: bigint; mtim: bigint }): void {
    const key = `${got.dev}:${got.ino}`;
    this.map.delete(key);
    if (got.atimeNs === want.atim && got.mtimeNs === want.mtim) return;
    this.map.set(key, { realAtim: got.atimeNs, realMtim: got.mtimeNs, atim: want.atim, mtim: want.mtim });
    if (this.map.size > MAX_TIME_OVERRIDES) this.map.delete(this.map.keys().next().value!);
  }

  /** Converts Node stats to a {@link FileStat}, applying any still-valid exact times. */
  toFileStat(st: fs.BigIntStats): FileStat {
    let atim = st.atimeNs;
    let mtim = st.mtimeNs;
    const o = this.map.size > 0 ? this.map.get(`${st.dev}:${st.ino}`) : undefined;
    if (o !== undefined) {
      if (o.realAtim === atim) atim = o.atim;
      if (o.realMtim === mtim) mtim = o.mtim;
    }
    return {
      dev: st.dev,
      ino: st.ino,
      type: fileTypeOf(st),
      nlink: st.nlink,
      size: st.size,
      atim,
      mtim,
      ctim: st.ctimeNs,
    };
  }
}
