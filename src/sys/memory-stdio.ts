/**
 * In-memory byte streams for stdio: fixed input and captured output, for tests, sandboxes and
 * embedders that want a guest's output as data.
 */

import { decodeUtf8, encodeUtf8 } from '../util/utf8.js';
import { Errno, sysError } from './errno.js';
import type { FileStat, FileType } from './file-system.js';
import { ALWAYS_READY, type Pollable } from './poll.js';
import type { InputStream, OutputStream } from './stream.js';

function streamStat(type: FileType, size: number): FileStat {
  return { dev: 0n, ino: 0n, type, nlink: 1n, size: BigInt(size), atim: 0n, mtim: 0n, ctim: 0n };
}

/** An input stream over fixed bytes; reads return them in order, then end of stream. */
export class BufferedInput implements InputStream {
  readonly kind = 'input' as const;
  readonly fileType: FileType;
  readonly isTerminal = false;
  private readonly data: Uint8Array;
  private pos = 0;
  private closed = false;

  /** `data` as bytes or a string (encoded as UTF-8). `fileType` defaults to `unknown` (a pipe). */
  constructor(data: Uint8Array | string = new Uint8Array(0), fileType: FileType = 'unknown') {
    this.data = typeof data === 'string' ? encodeUtf8(data) : data;
    this.fileType = fileType;
  }

  read(buf: Uint8Array, _nonblocking: boolean): number {
    if (this.closed) throw sysError(Errno.BADF);
    const n = Math.min(buf.length, this.data.length - this.pos);
    if (n <= 0) return 0;
    buf.set(this.data.subarray(this.pos, this.pos + n));
    this.pos += n;
    return n;
  }

  readReady(): Pollable {
    return ALWAYS_READY;
  }

  stat(): FileStat {
    return streamStat(this.fileType, this.data.length);
  }

  close(): void {
    this.closed = true;
  }
}

/** An output stream that keeps everything written to it. */
export class CapturedOutput implements OutputStream {
  readonly kind = 'output' as const;
  readonly fileType: FileType;
  readonly isTerminal = false;
  private chunks: Uint8Array[] = [];
  private length = 0;
  private closed = false;

  /** `limit` bounds the bytes kept (`ENOSPC` beyond it; default 256 MiB). */
  constructor(
    private readonly limit: number = 256 * 1024 * 1024,
    fileType: FileType = 'unknown',
  ) {
    this.fileType = fileType;
  }

  write(buf: Uint8Array, _nonblocking: boolean): number {
    if (this.closed) throw sysError(Errno.BADF);
    if (this.length + buf.length > this.limit) throw sysError(Errno.NOSPC, 'captured output limit reached');
    // Note: the caller's buffer is guest memory that changes after we return, so copy it.
    this.chunks.push(buf.slice());
    this.length += buf.length;
    return buf.length;
  }

  writeRange(src: Uint8Array, start: number, end: number, nonblocking: boolean): number {
    return this.write(src.subarray(start, end), nonblocking);
  }

  writeReady(): Pollable {
    return ALWAYS_READY;
  }

  /** Everything written so far. */
  bytes(): Uint8Array {
    if (this.chunks.length !== 1) {
      const all = new Uint8Array(this.length);
      let off = 0;
      for (const c of this.chunks) {
        all.set(c, off);
        off += c.length;
      }
      this.chunks = [all];
    }
    return this.chunks[0] ?? new Uint8Array(0);
  }

  /** Everything written so far, decoded as UTF-8 (ill-formed bytes become U+FFFD). */
  text(): string {
    return decodeUtf8(this.bytes());
  }

  stat(): FileStat {
    return streamStat(this.fileType, this.length);
  }

  close(): void {
    this.closed = true;
  }
}

/** An output stream that discards everything (like `/dev/null`). */
export class NullOutput implements OutputStream {
  readonly kind = 'output' as const;
  readonly fileType = 'character-device' as const;
  readonly isTerminal = false;

  write(buf: Uint8Array, _nonblocking: boolean): number {
    return buf.length;
  }

  writeRange(_src: Uint8Array, start: number, end: number, _nonblocking: boolean): number {
    return end - start;
  }

  writeReady(): Pollable {
    return ALWAYS_READY;
  }

  stat(): FileStat {
    return streamStat('character-device', 0);
  }

  close(): void {}
}
