/** `kpio update APP.kpioapp`: replaces an installed app with a newer version, keeping its data. */

import path from 'node:path';
import { readPackageFile } from '../../platform/node/registry-files.js';
import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { openCliRegistry } from '../registry-access.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';
import type { UpdateCheck } from '../../registry/check-update.js';

const HELP = `Usage: kpio update APP.kpioapp [--allow-major] [--check]

Updates the installed app with the same id to the package's version. The app's data directory is
kept. Refuses a different id, a downgrade, a min-runtime kpio does not satisfy, and a major-version
bump unless --allow-major. The update is atomic: on any failure the old version stays installed.

Options:
  --allow-major  accept a major-version bump
  --check        only report whether the package is an update (up-to-date, update-available,
                 incompatible); change nothing`;

/** One line saying what `--check` found. */
function describeCheck(c: UpdateCheck): string {
  switch (c.status) {
    case 'up-to-date':
      return `up-to-date: ${c.id} ${c.version} is installed`;
    case 'update-available':
      return `update-available: ${c.id} ${c.from} -> ${c.version}`;
    case 'incompatible':
      return `incompatible (${c.reason}): ${c.message}`;
  }
}

/** The `update` command. */
export const updateCommand: Command = {
  name: 'update',
  summary: 'update an installed app from a newer .kpioapp (keeps its data)',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, { 'allow-major': { type: 'boolean' }, check: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one APP.kpioapp');
    const file = path.resolve(io.cwd, positionals[0]!);
    const bytes = await readPackageFile(file);
    const reg = await openCliRegistry(io);
    const opts = { source: positionals[0], allowMajor: values['allow-major'] ?? false };
    if (values.check) {
      const c = await reg.checkUpdate(bytes, opts);
      io.stdout.write(describeCheck(c) + '\n');
      return c.status === 'incompatible' ? 1 : 0;
    }
    const outcome = await reg.update(bytes, opts);
    if (outcome.status === 'updated') {
      io.stdout.write(`updated ${outcome.app.id} from ${outcome.from} to ${outcome.app.version} (data kept in ${outcome.app.dataDir})\n`);
    } else {
      io.stdout.write(`${outcome.app.id} ${outcome.app.version} is already installed${outcome.sameContent ? '' : ' (with different contents: bump the version to update)'}\n`);
    }
    return 0;
  },
};
