/**
 * The `wasi:clocks` package of WASI 0.2: `monotonic-clock` (instants, resolution, pollables for an
 * instant or a duration) and `wall-clock` (seconds and nanoseconds since the Unix epoch). Both read
 * the `sys` clocks the instance was given, so a sandbox with a manual clock is fully deterministic.
 * (`timezone` is `@unstable` in 0.2.12 and not provided.)
 */

import { Trap, TrapCode } from '../../api/errors.js';
import type { ResourceRef } from '../../component/abi/index.js';
import type { HostInterface } from '../../component/link/host-interface.js';
import type { P2Context } from './context.js';
import { WASI_P2_VERSION } from './io.js';

const U64_MAX = (1n << 64n) - 1n;
const NS_PER_S = 1_000_000_000n;

/** The JS value of `wasi:clocks/wall-clock.datetime`. */
export interface Datetime {
  readonly seconds: bigint;
  readonly nanoseconds: number;
}

/** Splits nanoseconds since the epoch into a `datetime` (the caller makes sure `ns >= 0`). */
export function toDatetime(ns: bigint): Datetime {
  return { seconds: ns / NS_PER_S, nanoseconds: Number(ns % NS_PER_S) };
}

/** Nanoseconds since the epoch of a `datetime` from the guest (`nanoseconds` may exceed 10^9). */
export function fromDatetime(d: Datetime): bigint {
  return d.seconds * NS_PER_S + BigInt(d.nanoseconds);
}

function u64(v: bigint, what: string): bigint {
  // Note: the interface says the clock traps when its value does not fit its type.
  if (v < 0n || v > U64_MAX) throw new Trap(TrapCode.HostError, `${what}: clock value ${v} does not fit a u64`);
  return v;
}

/** `wasi:clocks/monotonic-clock`. */
export function monotonicClockInterface(ctx: P2Context): HostInterface {
  const clocks = ctx.sys.clocks;
  const now = () => u64(ctx.guard('monotonic-clock.now', () => clocks.now('monotonic')), 'monotonic-clock.now');
  const pollableAt = (at: bigint): ResourceRef => ctx.own(ctx.types.pollable, { kind: 'pollable', target: { type: 'deadline', at } });
  return {
    name: 'wasi:clocks/monotonic-clock',
    version: WASI_P2_VERSION,
    resources: { pollable: ctx.types.pollable },
    funcs: {
      /** The current instant in nanoseconds. */
      now,
      /** The duration of one clock tick in nanoseconds. */
      resolution: (): bigint => u64(ctx.guard('monotonic-clock.resolution', () => clocks.resolution('monotonic')), 'monotonic-clock.resolution'),
      /** A pollable ready once the clock reaches `when`. */
      'subscribe-instant': (when: bigint): ResourceRef => pollableAt(when),
      /** A pollable ready once `when` nanoseconds have passed from now. */
      'subscribe-duration': (when: bigint): ResourceRef => {
        const at = now() + when;
        return pollableAt(at > U64_MAX ? U64_MAX : at);
      },
    },
  };
}

/** `wasi:clocks/wall-clock`. */
export function wallClockInterface(ctx: P2Context): HostInterface {
  const clocks = ctx.sys.clocks;
  return {
    name: 'wasi:clocks/wall-clock',
    version: WASI_P2_VERSION,
    resources: {},
    funcs: {
      /** The time since 1970-01-01T00:00:00Z. */
      now: (): Datetime => toDatetime(u64(ctx.guard('wall-clock.now', () => clocks.now('realtime')), 'wall-clock.now')),
      /** The resolution of the wall clock. */
      resolution: (): Datetime => toDatetime(u64(ctx.guard('wall-clock.resolution', () => clocks.resolution('realtime')), 'wall-clock.resolution')),
    },
  };
}
