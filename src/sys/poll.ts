/**
 * Readiness and blocking: the primitives `poll_oneoff` (Preview 1) and `wasi:io/poll` (0.2) are
 * built from.
 *
 * A {@link Pollable} answers "would the operation proceed now?" without blocking. A {@link Waiter}
 * genuinely blocks the calling thread until one of several pollables may be ready or a timeout
 * passes: no busy loops. What it can wait on depends on the platform; pollables it does not know
 * (`waitSource` undefined) can only become ready through the guest's own actions, so waiting on
 * them alone is a wait for the timeout.
 */

/** Something whose readiness can be checked without blocking. */
export interface Pollable {
  /** True when the operation it stands for would not block now. */
  ready(): boolean;
  /**
   * The platform object that can wake a waiter when readiness may have changed (for example the
   * I/O worker owning a socket), or undefined when nothing outside the guest changes readiness.
   */
  readonly waitSource?: unknown;
}

/** Blocks the current thread. Implementations must wait without spinning. */
export interface Waiter {
  /** Sleeps for `ns` nanoseconds (0 yields). */
  sleep(ns: bigint): void;
  /**
   * Returns once any of `pollables` may be ready or after `timeoutNs` nanoseconds (no timeout when
   * undefined). Callers re-check `ready()` after it returns; spurious wake-ups are allowed.
   */
  waitAny(pollables: readonly Pollable[], timeoutNs: bigint | undefined): void;
}

/** A pollable that is always ready (regular files, in-memory streams, stdout). */
export const ALWAYS_READY: Pollable = Object.freeze({ ready: () => true });
