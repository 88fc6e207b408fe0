/**
 * Byte streams: the capability behind stdin, stdout and stderr (and anything else that is read or
 * written in sequence without offsets).
 */

import type { HandleBase } from './file-system.js';
import type { Pollable } from './poll.js';

/** A readable byte stream. */
export interface InputStream extends HandleBase {
  readonly kind: 'input';
  /** True when the stream is an interactive terminal. */
  readonly isTerminal: boolean;
  /**
   * Reads up to `buf.length` bytes and returns how many were read; 0 means end of stream.
   * Blocks until at least one byte or the end is available, unless `nonblocking`, in which case
   * it throws `EAGAIN` when nothing is ready.
   */
  read(buf: Uint8Array, nonblocking: boolean): number;
  /** Ready when {@link read} would not block. */
  readReady(): Pollable;
}

/** A writable byte stream. */
export interface OutputStream extends HandleBase {
  readonly kind: 'output';
  /** True when the stream is an interactive terminal. */
  readonly isTerminal: boolean;
  /**
   * Writes bytes and returns how many were taken. A blocking write takes them all; a
   * non-blocking one may take fewer or throw `EAGAIN`.
   */
  write(buf: Uint8Array, nonblocking: boolean): number;
  /**
   * Optional: {@link write} of `src[start, end)` (`start < end`), for callers that hold a larger
   * buffer (guest memory) and want to spare a view per call. Same results as `write`.
   */
  writeRange?(src: Uint8Array, start: number, end: number, nonblocking: boolean): number;
  /** Ready when {@link write} would not block. */
  writeReady(): Pollable;
  /** Waits until everything written so far has reached its destination (when writes are buffered). */
  flush?(): void;
}
