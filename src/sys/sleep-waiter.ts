/**
 * A waiter from JavaScript's own blocking primitive, `Atomics.wait` (Node, and browser workers):
 * the portable default when no platform waiter is given. It can only wait for time; pollables
 * that need an event source stay as they are until the timeout.
 */

import { Errno, sysError } from './errno.js';
import type { Pollable, Waiter } from './poll.js';

/** Sleeps with `Atomics.wait` on a private cell nothing ever notifies. */
export class SleepWaiter implements Waiter {
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  sleep(ns: bigint): void {
    if (ns <= 0n) return;
    Atomics.wait(this.cell, 0, 0, Number(ns) / 1e6);
  }

  /** Returns when a pollable is ready now; otherwise sleeps until the timeout. */
  waitAny(pollables: readonly Pollable[], timeoutNs: bigint | undefined): void {
    if (pollables.some((p) => p.ready())) return;
    if (timeoutNs === undefined) throw sysError(Errno.DEADLK, 'waiting forever with nothing that can wake the guest');
    this.sleep(timeoutNs);
  }
}
