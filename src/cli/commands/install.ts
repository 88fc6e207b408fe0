/** `kpio install APP.kpioapp`: installs an app into the registry. */

import path from 'node:path';
import { readPackageFile } from '../../platform/node/registry-files.js';
import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { openCliRegistry } from '../registry-access.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio install APP.kpioapp

Installs the app into the registry ($KPIO_HOME, default ~/.kpio) and creates its private data
directory. Installing is atomic: a failure or crash leaves the registry as it was.`;

/** The `install` command. */
export const installCommand: Command = {
  name: 'install',
  summary: 'install a .kpioapp into the registry',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals } = parseOptions(args, {});
    if (positionals.length !== 1) throw new UsageError('expected exactly one APP.kpioapp');
    const file = path.resolve(io.cwd, positionals[0]!);
    const reg = await openCliRegistry(io);
    const app = await reg.install(await readPackageFile(file), { source: positionals[0] });
    io.stdout.write(`installed ${app.id} ${app.version}\n`);
    io.stdout.write(`data directory: ${app.dataDir}\n`);
    return 0;
  },
};
