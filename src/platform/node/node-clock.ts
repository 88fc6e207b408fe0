/**
 * The host's clocks as a `sys` {@link Clocks}: `process.hrtime` for monotonic time, the system
 * clock for wall time, `process.cpuUsage` for CPU time.
 */

import type { ClockId, Clocks } from '../../sys/index.js';

/** Re-anchor the fine-grained wall clock when it drifts this far from `Date.now()`. */
const MAX_DRIFT_NS = 1_000_000n;

/** Node's clocks. Each instance keeps its own wall-clock anchor. */
export class NodeClocks implements Clocks {
  // Note: Date.now() has only millisecond resolution. Wall time is the monotonic clock plus an
  // anchor, re-anchored whenever it strays more than 1 ms from Date.now() (e.g. after the system
  // clock was set), giving microsecond-or-better steps that still track the real wall clock.
  private anchor: bigint;

  constructor() {
    this.anchor = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  }

  now(id: ClockId): bigint {
    switch (id) {
      case 'monotonic':
        return process.hrtime.bigint();
      case 'realtime': {
        const mono = process.hrtime.bigint();
        const wall = BigInt(Date.now()) * 1_000_000n;
        let t = this.anchor + mono;
        if (t < wall - MAX_DRIFT_NS || t > wall + MAX_DRIFT_NS) {
          this.anchor = wall - mono;
          t = wall;
        }
        return t;
      }
      case 'process-cputime':
      case 'thread-cputime': {
        // Note: Node 20 has no per-thread CPU clock; the guest runs on this thread, and the I/O
        // worker's share is small, so process time is the closest available measure.
        const u = process.cpuUsage();
        return BigInt(u.user + u.system) * 1_000n;
      }
    }
  }

  resolution(id: ClockId): bigint {
    switch (id) {
      case 'monotonic':
        return 1n;
      case 'realtime':
        return 1_000n;
      case 'process-cputime':
      case 'thread-cputime':
        return 1_000n;
    }
  }
}
