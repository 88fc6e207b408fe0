/** How `kpio run` reports what ended a guest. */

import { CompileError, ExitError, LinkError, Trap } from '../api/errors.js';
import type { CliIo } from './cli-io.js';
import { formatTrap, TRAP_EXIT_CODE } from './trap-report.js';

/**
 * Prints what ended a run and returns the exit code. `input` names what was run, for the message
 * of a binary that does not decode or validate.
 */
export function reportRunError(e: unknown, io: CliIo, input: 'module' | 'component' | 'app' = 'module'): number {
  if (e instanceof Trap) {
    io.stderr.write(formatTrap(e));
    return TRAP_EXIT_CODE;
  }
  if (e instanceof ExitError) return e.code;
  if (e instanceof CompileError) {
    io.stderr.write(`error: invalid ${input === 'app' ? 'app entry' : input}: ${e.message}\n`);
    return 1;
  }
  if (e instanceof LinkError) {
    io.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  throw e;
}

