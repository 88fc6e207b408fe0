/** Every CLI command, in the order `kpio --help` lists them. */

import type { Command } from './command.js';
import { benchCommand } from './bench.js';
import { inspectCommand } from './inspect.js';
import { runCommand } from './run.js';
import { wastCommand } from './wast.js';

/** The registered commands. */
export const COMMANDS: readonly Command[] = [runCommand, wastCommand, inspectCommand, benchCommand];
