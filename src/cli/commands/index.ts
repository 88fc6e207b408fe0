/** Every CLI command, in the order `kpio --help` lists them. */

import { benchCommand } from './bench.js';
import type { Command } from './command.js';
import { infoCommand } from './info.js';
import { inspectCommand } from './inspect.js';
import { installCommand } from './install.js';
import { listCommand } from './list.js';
import { packCommand } from './pack.js';
import { runCommand } from './run.js';
import { uninstallCommand } from './uninstall.js';
import { updateCommand } from './update.js';
import { wastCommand } from './wast.js';
import { witCommand } from './wit.js';

/** The registered commands. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  packCommand,
  installCommand,
  listCommand,
  infoCommand,
  updateCommand,
  uninstallCommand,
  inspectCommand,
  witCommand,
  wastCommand,
  benchCommand,
];
