/**
 * The objects an in-memory file system is made of: directories, regular files and symlinks,
 * each with an inode number, link count and timestamps.
 */

import { utf8Length } from '../util/utf8.js';
import { Errno, sysError } from './errno.js';
import type { FileStat, FileType } from './file-system.js';

/** Fields every in-memory object has. */
abstract class MemNodeBase {
  nlink = 1n;
  constructor(
    readonly ino: bigint,
    public atim: bigint,
    public mtim: bigint,
    public ctim: bigint,
  ) {}

  abstract readonly type: FileType;
  abstract size(): bigint;

  /** Metadata in the portable form. */
  stat(dev: bigint): FileStat {
    return {
      dev,
      ino: this.ino,
      type: this.type,
      nlink: this.nlink,
      size: this.size(),
      atim: this.atim,
      mtim: this.mtim,
      ctim: this.ctim,
    };
  }

  /** Marks a data change at time `now`. */
  touchModified(now: bigint): void {
    this.mtim = now;
    this.ctim = now;
  }
}

/** An in-memory directory. */
export class MemDir extends MemNodeBase {
  readonly type = 'directory' as const;
  readonly entries = new Map<string, MemNode>();
  /** The directory this one is linked in; null for the root. */
  parent: MemDir | null = null;
  /** Set once the directory is removed: nothing can be created in it any more. */
  removed = false;

  override size(): bigint {
    return 4096n;
  }
}

/** An in-memory regular file. Its bytes live in a buffer that grows by doubling. */
export class MemFile extends MemNodeBase {
  readonly type = 'regular-file' as const;
  private data = new Uint8Array(0);
  length = 0;

  constructor(
    ino: bigint,
    now: bigint,
    private readonly maxSize: number,
  ) {
    super(ino, now, now, now);
  }

  override size(): bigint {
    return BigInt(this.length);
  }

  /** The current contents (a view; copy it before keeping it). */
  contents(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  /** Copies up to `buf.length` bytes from `offset` into `buf`; returns the count. */
  readAt(buf: Uint8Array, offset: number): number {
    if (offset >= this.length) return 0;
    const n = Math.min(buf.length, this.length - offset);
    buf.set(this.data.subarray(offset, offset + n));
    return n;
  }

  /** Writes `buf` at `offset`, zero-filling any gap; returns the count. */
  writeAt(buf: Uint8Array, offset: number): number {
    const end = offset + buf.length;
    this.ensureCapacity(end);
    this.data.set(buf, offset);
    if (end > this.length) this.length = end;
    return buf.length;
  }

  /** Sets the length, zero-filling growth and clearing shrunk bytes. */
  resize(size: number): void {
    if (size > this.length) {
      this.ensureCapacity(size);
    } else {
      this.data.fill(0, size, this.length);
    }
    this.length = size;
  }

  private ensureCapacity(size: number): void {
    if (size > this.maxSize) throw sysError(Errno.FBIG, `file would exceed ${this.maxSize} bytes`);
    if (size <= this.data.length) return;
    let cap = Math.max(64, this.data.length * 2);
    while (cap < size) cap *= 2;
    const next = new Uint8Array(Math.min(cap, this.maxSize));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** An in-memory symbolic link. */
export class MemSymlink extends MemNodeBase {
  readonly type = 'symbolic-link' as const;
  constructor(
    ino: bigint,
    now: bigint,
    readonly target: string,
  ) {
    super(ino, now, now, now);
  }

  override size(): bigint {
    return BigInt(utf8Length(this.target));
  }
}

/** Any in-memory object. */
export type MemNode = MemDir | MemFile | MemSymlink;
