/** `kpio compile FILE.wat -o FILE.wasm`: the WebAssembly text format to a validated binary. */

import fs from 'node:fs';
import path from 'node:path';
import { CompileError } from '../../api/errors.js';
import { loadModule } from '../../runtime/compile.js';
import type { CliIo } from '../cli-io.js';
import { loadWasmInput } from '../load-input.js';
import { parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio compile FILE.wat -o FILE.wasm

Parses a module in the WebAssembly text format with kpio's own parser, validates it, and writes the
binary (for example an app's entry before \`kpio pack\`). Errors name the file, line and column.`;

/** The `compile` command. */
export const compileCommand: Command = {
  name: 'compile',
  summary: 'turn a .wat module into a validated .wasm',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, { output: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE.wat');
    if (!values.output) throw new UsageError('missing -o FILE.wasm');
    const bytes = await loadWasmInput(positionals[0]!, io.cwd);
    try {
      loadModule(bytes);
    } catch (e) {
      if (e instanceof CompileError) {
        io.stderr.write(`error: ${positionals[0]} is not a valid module: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    fs.writeFileSync(path.resolve(io.cwd, values.output), bytes);
    io.stdout.write(`wrote ${values.output} (${bytes.length} bytes)\n`);
    return 0;
  },
};
