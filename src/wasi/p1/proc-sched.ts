/**
 * `proc_exit`, `proc_raise` and `sched_yield`.
 */

import { ExitError } from '../../api/errors.js';
import { ERRNO } from './abi.js';
import type { P1Context } from './context.js';
import { OK } from './context.js';

/** The process and scheduling functions of one instance. */
export function procSchedImports(ctx: P1Context) {
  return {
    /**
     * Ends the program: throws `ExitError(code)`, which unwinds the guest on every engine and is
     * turned into the exit code by `WasiP1.start`.
     */
    proc_exit(code: number): never {
      throw new ExitError(code >>> 0);
    },
    /** Signals are not part of the sandbox: always `ENOSYS` (the function is gone in later WASI). */
    proc_raise(_sig: number): number {
      return ERRNO.NOSYS;
    },
    /** Yields the processor: returns at once (the guest is the only thread of its instance). */
    sched_yield(): number {
      ctx.sys.waiter.sleep(0n);
      return OK;
    },
  };
}
