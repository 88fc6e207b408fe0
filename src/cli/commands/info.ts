/** `kpio info ID`: details of an installed app. */

import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { openCliRegistry } from '../registry-access.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

/** The `info` command. */
export const infoCommand: Command = {
  name: 'info',
  summary: 'show an installed app: manifest, permissions, limits, data directory',
  help: 'Usage: kpio info ID\n\nShows the installed app ID: its manifest, permissions, limits and directories.',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals } = parseOptions(args, {});
    if (positionals.length !== 1) throw new UsageError('expected exactly one app ID');
    const info = await (await openCliRegistry(io)).info(positionals[0]!);
    const m = info.manifest;
    const lines = [
      `id:          ${m.id}`,
      `name:        ${m.name}`,
      `version:     ${m.version}`,
      `description: ${m.description || '-'}`,
      `authors:     ${m.authors.join(', ') || '-'}`,
      `entry:       ${m.entry} (${info.entryKind})`,
      `min-runtime: ${m.minRuntime ?? '-'}`,
      `digest:      ${info.digest}`,
      `installed:   ${info.installedAt}`,
      `app dir:     ${info.hostDir}`,
      `data dir:    ${info.dataDir} (seen by the app as /data)`,
      `permissions: env [${m.permissions.env.join(', ')}], network [${m.permissions.network.join(', ')}]`,
      ...Object.entries(m.permissions.filesystem).map(
        ([name, c]) => `  filesystem capability ${name}: ${c.guest} (${c.access})${c.description ? ` - ${c.description}` : ''}`,
      ),
      `limits:      memory ${m.limits.maxMemoryBytes ?? 'default'} bytes, fuel ${m.limits.fuel ?? 'unlimited'}, timeout ${
        m.limits.timeoutSeconds ?? 'none'
      }${m.limits.timeoutSeconds !== undefined ? ' s' : ''}`,
      `signers:     ${info.signers.map((s) => s.publicKey + (s.trustedAs ? ` (trusted as ${s.trustedAs})` : '')).join(', ') || 'unsigned'}`,
    ];
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
