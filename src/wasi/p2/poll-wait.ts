/**
 * Waiting on `wasi:io/poll` pollables: a readiness check for each kind of target and a wait that
 * really blocks (through the `sys` waiter) until one is ready. Nothing here spins: between checks
 * the thread sleeps in the waiter until a `sys` source may have changed or the nearest deadline.
 */

import { Trap, TrapCode } from '../../api/errors.js';
import { Errno, SysError, type Clocks, type Pollable, type Waiter } from '../../sys/index.js';
import type { PollTarget } from './host-state.js';

/** True when `target` is ready, given the monotonic time `now`. */
export function targetReady(target: PollTarget, now: bigint): boolean {
  switch (target.type) {
    case 'ready':
      return true;
    case 'deadline':
      return now >= target.at;
    case 'sys':
      return target.pollable.ready();
  }
}

/**
 * Blocks until at least one of `targets` is ready and returns the indices of all that are ready
 * then, in order. Traps when nothing could ever make one ready (no deadline and no source that can
 * wake the waiter): the guest would otherwise hang forever.
 */
export function waitForAny(targets: readonly PollTarget[], clocks: Clocks, waiter: Waiter): number[] {
  const sources: Pollable[] = [];
  for (const t of targets) if (t.type === 'sys') sources.push(t.pollable);
  for (;;) {
    const now = clocks.now('monotonic');
    const ready: number[] = [];
    let nearest: bigint | undefined;
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!;
      if (targetReady(t, now)) ready.push(i);
      else if (t.type === 'deadline' && (nearest === undefined || t.at < nearest)) nearest = t.at;
    }
    if (ready.length > 0) return ready;
    try {
      waiter.waitAny(sources, nearest === undefined ? undefined : nearest - now);
    } catch (e) {
      if (e instanceof SysError && e.errno === Errno.DEADLK) {
        throw new Trap(TrapCode.HostError, 'wasi:io/poll: waiting forever on pollables that nothing can make ready', { cause: e });
      }
      throw e;
    }
  }
}
