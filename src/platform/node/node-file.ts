/**
 * An open host file (anything but a directory) as a `sys` {@link FileHandle}. All I/O is
 * positional or sequential on the host descriptor; the file position, append mode and sync flags
 * of an ABI live above this (in `wasi/p1`), so they can change after opening.
 */

import fs from 'node:fs';
import {
  ALWAYS_READY,
  Errno,
  resolveTimeSpec,
  sysError,
  type Advice,
  type FileHandle,
  type FileStat,
  type FileType,
  type Pollable,
  type TimeSpec,
} from '../../sys/index.js';
import { nsToSeconds, toSysError, type TimeOverrides } from './node-fs-common.js';

/** A host file descriptor owned by a handle. */
export class NodeFileHandle implements FileHandle {
  readonly kind = 'file' as const;
  readonly seekable: boolean;
  private fd: number;

  /** Takes ownership of `fd`. */
  constructor(
    fd: number,
    readonly fileType: FileType,
    readonly readable: boolean,
    readonly writable: boolean,
    private readonly times: TimeOverrides,
  ) {
    this.fd = fd;
    this.seekable = fileType === 'regular-file' || fileType === 'block-device';
  }

  private live(): number {
    if (this.fd < 0) throw sysError(Errno.BADF);
    return this.fd;
  }

  pread(buf: Uint8Array, offset: number): number {
    const fd = this.live();
    if (!this.readable) throw sysError(Errno.BADF, 'not open for reading');
    try {
      return fs.readSync(fd, buf, 0, buf.length, offset);
    } catch (e) {
      throw toSysError(e);
    }
  }

  pwrite(buf: Uint8Array, offset: number): number {
    const fd = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    try {
      return fs.writeSync(fd, buf, 0, buf.length, offset);
    } catch (e) {
      throw toSysError(e);
    }
  }

  read(buf: Uint8Array, _nonblocking: boolean): number {
    const fd = this.live();
    if (!this.readable) throw sysError(Errno.BADF, 'not open for reading');
    try {
      return fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      throw toSysError(e);
    }
  }

  write(buf: Uint8Array, _nonblocking: boolean): number {
    const fd = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    try {
      return fs.writeSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      throw toSysError(e);
    }
  }

  setSize(size: number): void {
    const fd = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    try {
      fs.ftruncateSync(fd, size);
    } catch (e) {
      throw toSysError(e);
    }
  }

  allocate(offset: number, len: number): void {
    const fd = this.live();
    if (!this.writable) throw sysError(Errno.BADF, 'not open for writing');
    // Note: Node has no fallocate; growing the file to cover the range gives the observable
    // result (the size) without reserving blocks.
    try {
      const size = Number(fs.fstatSync(fd, { bigint: true }).size);
      if (offset + len > size) fs.ftruncateSync(fd, offset + len);
    } catch (e) {
      throw toSysError(e);
    }
  }

  advise(_offset: number, _len: number, _advice: Advice): void {
    this.live();
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    const fd = this.live();
    try {
      const cur = this.stat();
      const now = BigInt(Date.now()) * 1_000_000n;
      const want = { atim: resolveTimeSpec(atim, cur.atim, now), mtim: resolveTimeSpec(mtim, cur.mtim, now) };
      fs.futimesSync(fd, nsToSeconds(want.atim), nsToSeconds(want.mtim));
      this.times.record(fs.fstatSync(fd, { bigint: true }), want);
    } catch (e) {
      throw toSysError(e);
    }
  }

  stat(): FileStat {
    const fd = this.live();
    try {
      return this.times.toFileStat(fs.fstatSync(fd, { bigint: true }));
    } catch (e) {
      throw toSysError(e);
    }
  }

  sync(): void {
    try {
      fs.fsyncSync(this.live());
    } catch (e) {
      throw toSysError(e);
    }
  }

  datasync(): void {
    try {
      fs.fdatasyncSync(this.live());
    } catch (e) {
      throw toSysError(e);
    }
  }

  readReady(): Pollable {
    return ALWAYS_READY;
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      fs.closeSync(fd);
    } catch {
      // Note: the descriptor is released by the kernel even when close reports an error.
    }
  }
}
