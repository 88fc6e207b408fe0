/**
 * The byte sources and sinks behind `wasi:io/streams`: stdio streams of the `sys` context and
 * streams made from file descriptors (`read-via-stream`, `write-via-stream`, `append-via-stream`).
 * They speak `sys` (throwing `SysError`); `io.ts` turns that into `stream-error` values.
 */

import {
  ALWAYS_READY,
  Errno,
  SysError,
  sysError,
  type FileHandle,
  type InputStream,
  type OutputStream,
  type Pollable,
} from '../../sys/index.js';
import type { SharedHandle } from './host-state.js';

/**
 * Largest number of bytes one read returns (a guest may ask for up to 2^64 - 1; it gets at most this
 * much and asks again, as the interface allows).
 */
export const MAX_READ_CHUNK = 1 << 20;

/** What a read produced: bytes (possibly none, when nothing is ready yet) or the end of the stream. */
export type ReadResult = Uint8Array | 'end';

/** Something an `input-stream` reads from. */
export interface InputSource {
  /**
   * Reads up to `max` bytes. Blocking reads wait until at least one byte or the end is available;
   * non-blocking ones return an empty array when nothing is ready. Failures throw `SysError`.
   */
  read(max: number, blocking: boolean): ReadResult;
  /** Ready when a read would not block. */
  readiness(): Pollable;
  /** Lets go of what the source holds (once, when the stream resource is dropped). */
  release(): void;
}

/** Something an `output-stream` writes to. Writes are complete when they return. */
export interface OutputSink {
  /** Writes all of `bytes`; failures throw `SysError`. */
  write(bytes: Uint8Array): void;
  /** Ready when a write would not block. */
  readiness(): Pollable;
  /** Lets go of what the sink holds (once, when the stream resource is dropped). */
  release(): void;
}

function chunk(max: number): Uint8Array {
  return new Uint8Array(Math.min(max, MAX_READ_CHUNK));
}

function exact(buf: Uint8Array, n: number): Uint8Array {
  return n === buf.length ? buf : buf.slice(0, n);
}

/** Reads a sequential `sys` reader, mapping `EAGAIN` of a non-blocking read to "nothing yet". */
function sequentialRead(read: (buf: Uint8Array, nonblocking: boolean) => number, max: number, blocking: boolean): ReadResult {
  if (max === 0) return new Uint8Array(0);
  const buf = chunk(max);
  let n: number;
  try {
    n = read(buf, !blocking);
  } catch (e) {
    if (!blocking && e instanceof SysError && e.errno === Errno.AGAIN) return new Uint8Array(0);
    throw e;
  }
  return n === 0 ? 'end' : exact(buf, n);
}

/** Writes every byte through a sequential or positional writer that may take fewer bytes per call. */
function writeAll(bytes: Uint8Array, write: (part: Uint8Array) => number): void {
  let off = 0;
  while (off < bytes.length) {
    const n = write(off === 0 ? bytes : bytes.subarray(off));
    // Note: a writer that takes nothing would loop forever; report it instead.
    if (n <= 0) throw sysError(Errno.IO, 'write made no progress');
    off += n;
  }
}

/** An `input-stream` over a `sys` input stream (stdin). The stream belongs to the embedder. */
export class StdioSource implements InputSource {
  constructor(private readonly stream: InputStream) {}

  read(max: number, blocking: boolean): ReadResult {
    return sequentialRead((b, nb) => this.stream.read(b, nb), max, blocking);
  }

  readiness(): Pollable {
    return this.stream.readReady();
  }

  release(): void {}
}

/** An `output-stream` over a `sys` output stream (stdout, stderr). The stream belongs to the embedder. */
export class StdioSink implements OutputSink {
  constructor(private readonly stream: OutputStream) {}

  write(bytes: Uint8Array): void {
    writeAll(bytes, (part) => this.stream.write(part, false));
  }

  readiness(): Pollable {
    return this.stream.writeReady();
  }

  release(): void {}
}

/** An `input-stream` reading a file from an offset (or in sequence, for FIFOs and devices). */
export class FileSource implements InputSource {
  constructor(
    private readonly shared: SharedHandle<FileHandle>,
    private position: number,
  ) {}

  read(max: number, blocking: boolean): ReadResult {
    const h = this.shared.handle;
    if (!h.seekable) return sequentialRead((b, nb) => h.read(b, nb), max, blocking);
    if (max === 0) return new Uint8Array(0);
    const buf = chunk(max);
    const n = h.pread(buf, this.position);
    if (n === 0) return 'end';
    this.position += n;
    return exact(buf, n);
  }

  readiness(): Pollable {
    const h = this.shared.handle;
    return h.seekable ? ALWAYS_READY : h.readReady();
  }

  release(): void {
    this.shared.release();
  }
}

/** How a file sink places its bytes: from a position onward, or always at the end. */
export type FileSinkMode = { readonly at: number } | 'append';

/** Which durability a descriptor's sync flags ask for after each write. */
export type SyncMode = 'none' | 'data' | 'file';

/** An `output-stream` writing a file at an offset, or appending. */
export class FileSink implements OutputSink {
  private position: number;

  constructor(
    private readonly shared: SharedHandle<FileHandle>,
    private readonly mode: FileSinkMode,
    private readonly sync: SyncMode,
  ) {
    this.position = mode === 'append' ? 0 : mode.at;
  }

  write(bytes: Uint8Array): void {
    const h = this.shared.handle;
    if (!h.seekable) {
      writeAll(bytes, (part) => h.write(part, false));
    } else {
      // Note: append mode is emulated above the handle (as Preview 1 does): each write goes to
      // the size the file has at that moment.
      if (this.mode === 'append') this.position = Number(h.stat().size);
      const end = this.position + bytes.length;
      if (end > Number.MAX_SAFE_INTEGER) throw sysError(Errno.FBIG);
      writeAll(bytes, (part) => {
        const n = h.pwrite(part, this.position);
        this.position += n;
        return n;
      });
    }
    if (this.sync === 'file') h.sync();
    else if (this.sync === 'data') h.datasync();
  }

  readiness(): Pollable {
    return ALWAYS_READY;
  }

  release(): void {
    this.shared.release();
  }
}
