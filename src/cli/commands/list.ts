/** `kpio list`: the installed apps. */

import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { openCliRegistry } from '../registry-access.js';
import type { Command } from './command.js';

/** The `list` command. */
export const listCommand: Command = {
  name: 'list',
  summary: 'list installed apps',
  help: 'Usage: kpio list [--json]\n\nLists the installed apps: id, version, kind and name.',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseOptions(args, { json: { type: 'boolean' } });
    const apps = await (await openCliRegistry(io)).list();
    if (values.json) {
      io.stdout.write(JSON.stringify(apps.map(({ id, version, name, entryKind }) => ({ id, version, name, entryKind })), null, 2) + '\n');
      return 0;
    }
    if (apps.length === 0) {
      io.stdout.write('no apps installed\n');
      return 0;
    }
    const w = Math.max(...apps.map((a) => a.id.length));
    const v = Math.max(...apps.map((a) => a.version.length));
    for (const a of apps) io.stdout.write(`${a.id.padEnd(w)}  ${a.version.padEnd(v)}  ${a.entryKind.padEnd(9)}  ${a.name}\n`);
    return 0;
  },
};
