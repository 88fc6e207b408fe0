/** `kpio wit FILE.wasm | DIR | FILE.wit`: prints a component's world, or checks and prints WIT packages. */

import fs from 'node:fs';
import path from 'node:path';
import { isComponent } from '../../component/binary/index.js';
import { witOfComponent } from '../../component/wit/from-component.js';
import { checkWitPath, type WitFileSystem } from '../../component/wit/loader.js';
import type { CliIo } from '../cli-io.js';
import { parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio wit FILE.wasm
       kpio wit DIR | FILE.wit

With a component, prints its world as WIT. With a WIT file or a package directory (and its deps/),
parses and resolves the packages (use, include, versions, @since/@unstable/@deprecated gates) and
prints them; errors name the file, line and column.`;

/** Node's file system as the WIT loader sees it. */
const nodeWitFs: WitFileSystem = {
  readText: (p) => fs.readFileSync(p, 'utf8'),
  isDirectory: (p) => fs.existsSync(p) && fs.statSync(p).isDirectory(),
  list: (p) => fs.readdirSync(p).sort(),
  join: (...parts) => path.join(...parts),
};

/** The `wit` command. */
export const witCommand: Command = {
  name: 'wit',
  summary: "print a component's world as WIT, or check WIT packages",
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals } = parseOptions(args, {});
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE.wasm, FILE.wit or DIR');
    const target = path.resolve(io.cwd, positionals[0]!);
    if (!fs.existsSync(target)) throw new UsageError(`no such file or directory: ${positionals[0]}`);
    if (fs.statSync(target).isFile() && !target.endsWith('.wit')) {
      const bytes = new Uint8Array(fs.readFileSync(target));
      if (!isComponent(bytes)) throw new UsageError(`${positionals[0]} is not a component (kpio inspect lists a core module's imports and exports)`);
      io.stdout.write(witOfComponent(bytes));
      return 0;
    }
    io.stdout.write(checkWitPath(nodeWitFs, target));
    return 0;
  },
};
