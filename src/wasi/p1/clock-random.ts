/**
 * `clock_res_get`, `clock_time_get` and `random_get`.
 */

import { Errno, sysError, type ClockId } from '../../sys/index.js';
import { CLOCKID } from './abi.js';
import type { P1Context } from './context.js';
import { OK } from './context.js';

/** The portable clock of a Preview 1 `clockid`; `EINVAL` for unknown ids. */
export function clockOf(id: number): ClockId {
  switch (id) {
    case CLOCKID.REALTIME:
      return 'realtime';
    case CLOCKID.MONOTONIC:
      return 'monotonic';
    case CLOCKID.PROCESS_CPUTIME_ID:
      return 'process-cputime';
    case CLOCKID.THREAD_CPUTIME_ID:
      return 'thread-cputime';
    default:
      throw sysError(Errno.INVAL, `unknown clock id ${id}`);
  }
}

/** The clock and random functions of one instance. */
export function clockRandomImports(ctx: P1Context) {
  return {
    /** Writes the resolution of a clock in nanoseconds. */
    clock_res_get(id: number, resPtr: number): number {
      try {
        const clock = clockOf(id);
        ctx.mem.refresh();
        ctx.mem.check(resPtr, 8);
        ctx.mem.setU64(resPtr, ctx.sys.clocks.resolution(clock));
        return OK;
      } catch (e) {
        return ctx.fail(e);
      }
    },
    /** Writes the current time of a clock in nanoseconds (`precision` is a hint and ignored). */
    clock_time_get(id: number, _precision: bigint, timePtr: number): number {
      try {
        const clock = clockOf(id);
        ctx.mem.refresh();
        ctx.mem.check(timePtr, 8);
        ctx.mem.setU64(timePtr, ctx.sys.clocks.now(clock));
        return OK;
      } catch (e) {
        return ctx.fail(e);
      }
    },
    /** Fills `len` bytes at `buf` with random bytes. */
    random_get(buf: number, len: number): number {
      try {
        ctx.mem.refresh();
        ctx.sys.random.fill(ctx.mem.bytes(buf, len));
        return OK;
      } catch (e) {
        return ctx.fail(e);
      }
    },
  };
}
