/**
 * The kpio command line: `runCli(argv, io) -> exit code`. One file per command in `commands/`.
 * Exit codes: 0 success, 1 failure (trap, failed tests, guest error), 2 usage error; a guest's own
 * exit code passes through for `run`.
 */

import { KpioError } from '../api/errors.js';
import { type CliIo, processIo } from './cli-io.js';
import { UsageError } from './usage-error.js';
import { COMMANDS } from './commands/index.js';
import { kpioVersion } from './version.js';

function usage(): string {
  const lines = [
    `kpio ${kpioVersion()}: a WebAssembly app runtime`,
    '',
    'Usage: kpio <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `kpio <command> --help` for a command\'s options.',
  ];
  return lines.join('\n') + '\n';
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${kpioVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`kpio: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    const dashdash = rest.indexOf('--');
    const help = rest.indexOf('--help') >= 0 ? rest.indexOf('--help') : rest.indexOf('-h');
    if (dashdash < 0 || help < dashdash) {
      io.stdout.write(cmd.help + '\n');
      return 0;
    }
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`kpio ${name}: ${e.message}\nRun \`kpio ${name} --help\` for usage.\n`);
      return 2;
    }
    if (e instanceof KpioError) {
      io.stderr.write(`kpio ${name}: ${e.name === 'KpioError' ? 'error' : e.name}: ${e.message}\n`);
      return 1;
    }
    const err = e as Error;
    io.stderr.write(`kpio ${name}: internal error: ${err?.stack ?? String(e)}\n`);
    return 1;
  }
}
