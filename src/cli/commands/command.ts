/** The shape of a CLI command. */

import type { CliIo } from '../cli-io.js';

/** One `kpio <name>` command. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text for `--help`. */
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}
