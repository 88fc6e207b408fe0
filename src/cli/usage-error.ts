/** A command-line usage error: printed with a hint and exit code 2. */

import { KpioError } from '../api/errors.js';

/** Bad arguments or options: the CLI prints the message and exits with code 2. */
export class UsageError extends KpioError {
  override name = 'UsageError';
}
