/**
 * A deterministic waiter: instead of blocking it advances a {@link ManualClock}, so sleeps and
 * poll timeouts finish at once with reproducible clock readings.
 */

import type { ManualClock } from './clock.js';
import { Errno, sysError } from './errno.js';
import type { Pollable, Waiter } from './poll.js';

/** A waiter over virtual time. */
export class ManualWaiter implements Waiter {
  constructor(private readonly clock: ManualClock) {}

  /** Advances the clock by `ns`. */
  sleep(ns: bigint): void {
    if (ns > 0n) this.clock.advance(ns);
  }

  /**
   * Returns at once when something is ready; otherwise advances the clock to the timeout.
   * With no timeout and nothing ready, nothing could ever wake the guest: `EDEADLK`.
   */
  waitAny(pollables: readonly Pollable[], timeoutNs: bigint | undefined): void {
    if (pollables.some((p) => p.ready())) return;
    if (timeoutNs === undefined) throw sysError(Errno.DEADLK, 'waiting forever on pollables nothing can make ready');
    this.sleep(timeoutNs);
  }
}
