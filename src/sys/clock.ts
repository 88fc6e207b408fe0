/**
 * The clock capability: wall-clock, monotonic and CPU-time clocks in nanoseconds.
 */

/** The clocks a guest can read. */
export type ClockId = 'realtime' | 'monotonic' | 'process-cputime' | 'thread-cputime';

/** A source of time. All values are nanoseconds. */
export interface Clocks {
  /** The current value of a clock (realtime: since the Unix epoch; others: an arbitrary origin). */
  now(id: ClockId): bigint;
  /** The resolution of a clock. */
  resolution(id: ClockId): bigint;
}

/**
 * A deterministic clock for tests and sandboxes: time stands still until advanced (a
 * `ManualWaiter` advances it instead of sleeping).
 */
export class ManualClock implements Clocks {
  private realtimeNs: bigint;
  private monotonicNs: bigint;
  private cpuNs = 0n;

  /** Starts at `realtimeNs` (default 2000-01-01T00:00:00Z) with the monotonic clock at 0. */
  constructor(realtimeNs: bigint = 946_684_800_000_000_000n, monotonicNs: bigint = 0n) {
    this.realtimeNs = realtimeNs;
    this.monotonicNs = monotonicNs;
  }

  /** The current value of a clock. */
  now(id: ClockId): bigint {
    switch (id) {
      case 'realtime':
        return this.realtimeNs;
      case 'monotonic':
        return this.monotonicNs;
      case 'process-cputime':
      case 'thread-cputime':
        return this.cpuNs;
    }
  }

  /** One nanosecond for every clock. */
  resolution(_id: ClockId): bigint {
    return 1n;
  }

  /** Moves every clock forward by `ns` nanoseconds. */
  advance(ns: bigint): void {
    if (ns < 0n) throw new RangeError('ManualClock cannot go backwards');
    this.realtimeNs += ns;
    this.monotonicNs += ns;
    this.cpuNs += ns;
  }

  /** Sets the wall clock (it may jump backwards, like a real one). */
  setRealtime(ns: bigint): void {
    this.realtimeNs = ns;
  }
}
