/** How `kpio run` reports what ended a guest. */

import { CompileError, ExitError, LinkError, Trap } from '../api/errors.js';
import type { CliIo } from './cli-io.js';
import { formatTrap, TRAP_EXIT_CODE } from './trap-report.js';

/** Prints what ended a run and returns the exit code. */
export function reportRunError(e: unknown, io: CliIo): number {
  if (e instanceof Trap) {
    io.stderr.write(formatTrap(e));
    return TRAP_EXIT_CODE;
  }
  if (e instanceof ExitError) return e.code;
  if (e instanceof CompileError) {
    io.stderr.write(`error: invalid module: ${e.message}\n`);
    return 1;
  }
  if (e instanceof LinkError) {
    io.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  throw e;
}

