/**
 * The network capability as far as the sandbox grants it: listening TCP sockets handed to the
 * guest by the host ("preopened sockets", like wasmtime's `--tcplisten`), and the connections
 * accepted from them. The guest cannot create sockets or connect anywhere by itself.
 */

import type { HandleBase } from './file-system.js';
import type { Pollable } from './poll.js';

/** Which directions of a connection to shut down. */
export interface ShutdownHow {
  readonly read: boolean;
  readonly write: boolean;
}

/** A connected TCP stream socket. */
export interface TcpSocket extends HandleBase {
  readonly kind: 'tcp-socket';
  /**
   * Receives up to `buf.length` bytes; 0 means the peer closed its side. Blocks unless
   * `nonblocking` (then `EAGAIN` when nothing is ready). With `peek` the bytes stay queued.
   */
  recv(buf: Uint8Array, peek: boolean, nonblocking: boolean): number;
  /** Sends bytes; returns how many were taken (all of them when blocking). */
  send(buf: Uint8Array, nonblocking: boolean): number;
  /** Shuts down one or both directions. `ENOTCONN` when already closed by both sides. */
  shutdown(how: ShutdownHow): void;
  /** Ready when {@link recv} would not block. */
  readReady(): Pollable;
  /** Ready when {@link send} would not block. */
  writeReady(): Pollable;
}

/** A listening TCP socket. */
export interface TcpListener extends HandleBase {
  readonly kind: 'tcp-listener';
  /** The bound address as `host:port`. */
  readonly localAddress: string;
  /** Accepts one connection; blocks unless `nonblocking` (then `EAGAIN` when none is pending). */
  accept(nonblocking: boolean): TcpSocket;
  /** Ready when {@link accept} would not block. */
  acceptReady(): Pollable;
}
