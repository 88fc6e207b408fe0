/**
 * Clocks from the JavaScript globals every host has (`performance.now`, `Date.now`): the
 * portable default when no platform clock is given.
 */

import type { ClockId, Clocks } from './clock.js';

/** Wall time from `Date.now()` (milliseconds); monotonic and CPU time from `performance.now()`. */
export class JsClocks implements Clocks {
  private readonly origin = performance.now();

  now(id: ClockId): bigint {
    if (id === 'realtime') return BigInt(Date.now()) * 1_000_000n;
    // Note: without a CPU clock in plain JS, CPU time is approximated by time since creation.
    const ms = performance.now() - (id === 'monotonic' ? 0 : this.origin);
    return BigInt(Math.round(ms * 1e6));
  }

  resolution(id: ClockId): bigint {
    return id === 'realtime' ? 1_000_000n : 1_000n;
  }
}
