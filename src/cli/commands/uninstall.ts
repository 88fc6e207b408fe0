/** `kpio uninstall ID [--purge]`: removes an installed app (keeping its data unless --purge). */

import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { openCliRegistry } from '../registry-access.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

/** The `uninstall` command. */
export const uninstallCommand: Command = {
  name: 'uninstall',
  summary: 'remove an installed app (its data stays unless --purge)',
  help: 'Usage: kpio uninstall ID [--purge]\n\nRemoves the app ID. Its data directory is kept unless --purge is given.',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, { purge: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one app ID');
    const r = await (await openCliRegistry(io)).uninstall(positionals[0]!, { purge: values.purge ?? false });
    io.stdout.write(`uninstalled ${r.id} ${r.version}${r.dataKept ? `; its data stays in ${r.dataDir}` : '; its data was removed'}\n`);
    return 0;
  },
};
