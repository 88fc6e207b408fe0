/** `kpio pack DIR -o APP.kpioapp`: builds a package from an app directory. */

import fs from 'node:fs';
import path from 'node:path';
import { packApp } from '../../package/pack.js';
import { collectAppFiles, writeFileAtomic } from '../../platform/node/registry-files.js';
import { inspectEntry } from '../../launch/inspect-entry.js';
import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio pack DIR -o APP.kpioapp [--sign KEYFILE] [--store]

Packs the app in DIR (its manifest.toml and files) into a .kpioapp archive, checking the manifest and
that the entry is a command (a module exporting _start or a component exporting wasi:cli/run).

Options:
  -o, --output FILE  where to write the package (required)
  --sign KEYFILE     sign with the ed25519 secret key in KEYFILE (ed25519-secret:<hex>); repeatable
  --store            store files uncompressed (default: deflate)`;

/** The `pack` command. */
export const packCommand: Command = {
  name: 'pack',
  summary: 'pack an app directory into a .kpioapp',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      output: { type: 'string', short: 'o' },
      sign: { type: 'string', multiple: true },
      store: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one app directory');
    if (!values.output) throw new UsageError('missing -o APP.kpioapp');
    const dir = path.resolve(io.cwd, positionals[0]!);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${positionals[0]} is not a directory`);
    const signingKeys = (values.sign ?? []).map((f) => fs.readFileSync(path.resolve(io.cwd, f), 'utf8').trim());
    const { bytes, package: pkg } = packApp(await collectAppFiles(dir), {
      inspectEntry,
      source: positionals[0],
      signingKeys,
      compression: values.store ? 'store' : 'deflate',
    });
    const out = path.resolve(io.cwd, values.output);
    await writeFileAtomic(out, bytes);
    const m = pkg.manifest;
    io.stdout.write(`packed ${m.id} ${m.version} (${pkg.files.size} files, ${bytes.length} bytes) to ${values.output}\n`);
    io.stdout.write(`digest ${pkg.digest}\n`);
    return 0;
  },
};
