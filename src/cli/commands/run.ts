/**
 * `kpio run`: runs a WebAssembly module. With `--invoke NAME [ARGS...]` it calls an export of a core
 * module and prints each result on its own line.
 */

import { CompileError, LinkError, Trap } from '../../api/errors.js';
import type { Value } from '../../api/values.js';
import type { EngineOptions } from '../../runtime/engine.js';
import { compileModule } from '../../runtime/compile.js';
import { Linker } from '../../runtime/linker.js';
import { createEngine } from '../../engines.js';
import { formatValue, parseValueArg } from '../../util/value-text.js';
import { defineSpectest } from '../../wast/spectest.js';
import type { CliIo } from '../cli-io.js';
import { loadWasmInput } from '../load-input.js';
import { engineOption, integerOption, parseOptions } from '../options.js';
import { formatTrap, TRAP_EXIT_CODE } from '../trap-report.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: kpio run FILE.wasm|FILE.wat --invoke NAME [ARGS...] [options]

Runs a WebAssembly module.

Options:
  --invoke NAME       call the exported function NAME with ARGS and print each result on its own line
                      (i64 in decimal, floats in shortest round-trip form)
  --engine KIND       interp | jit | native (default: native where the host has WebAssembly)
  --fuel N            give the guest N units of fuel (interp, jit); running out traps
  --max-memory BYTES  cap every linear memory at BYTES (rounded down to 64 KiB pages)
  -h, --help          show this help`;

const OPTIONS = {
  invoke: { type: 'string' },
  engine: { type: 'string' },
  fuel: { type: 'string' },
  'max-memory': { type: 'string' },
} as const;

/** The `run` command. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a module or component (a command, or --invoke an export)',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseOptions(args, OPTIONS);
    const [file, ...rest] = positionals;
    if (file === undefined) throw new UsageError('missing FILE');
    const kind = engineOption(values.engine);
    const fuel = integerOption('fuel', values.fuel);
    const maxMemory = integerOption('max-memory', values['max-memory']);
    const options: EngineOptions = {
      ...(fuel !== undefined ? { fuel } : {}),
      ...(maxMemory !== undefined ? { maxMemoryPages: Math.floor(maxMemory / 65536) } : {}),
    };
    const bytes = loadWasmInput(file, io.cwd);
    if (values.invoke === undefined) {
      throw new UsageError('running a command module needs WASI (not available yet): use --invoke NAME');
    }
    return invokeExport(bytes, values.invoke, rest, kind, options, io);
  },
};

async function invokeExport(
  bytes: Uint8Array,
  name: string,
  argTexts: string[],
  kind: ReturnType<typeof engineOption>,
  options: EngineOptions,
  io: CliIo,
): Promise<number> {
  const engine = createEngine(kind, options);
  let compiled;
  try {
    compiled = compileModule(engine, bytes);
  } catch (e) {
    if (e instanceof CompileError) {
      io.stderr.write(`error: invalid module: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const linker = new Linker(engine);
  defineSpectest(linker, (line) => io.stdout.write(line + '\n'));
  const unsatisfied = compiled.validated.module.imports.filter((i) => i.module !== 'spectest');
  if (unsatisfied.length) {
    const list = unsatisfied.map((i) => `"${i.module}" "${i.name}"`).join(', ');
    io.stderr.write(`error: the module imports ${list}; --invoke can satisfy only spectest imports\n`);
    return 1;
  }
  const exp = compiled.validated.module.exports.find((e) => e.name === name);
  if (!exp) {
    const funcs = compiled.validated.module.exports.filter((e) => e.kind === 'func').map((e) => e.name);
    throw new UsageError(`the module has no exported function "${name}" (exported functions: ${funcs.join(', ') || 'none'})`);
  }
  if (exp.kind !== 'func') throw new UsageError(`export "${name}" is a ${exp.kind}, not a function`);
  const type = compiled.validated.funcTypes[exp.index]!;
  if (argTexts.length !== type.params.length) {
    throw new UsageError(
      `function "${name}" takes ${type.params.length} argument(s) (${type.params.join(' ') || 'none'}), got ${argTexts.length}`,
    );
  }
  let args: Value[];
  try {
    args = type.params.map((t, i) => parseValueArg(t, argTexts[i]!));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    const instance = linker.instantiate(compiled);
    const results = instance.func(name).callExact(args);
    for (const r of results) io.stdout.write(formatValue(r) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof Trap) {
      io.stderr.write(formatTrap(e));
      return TRAP_EXIT_CODE;
    }
    if (e instanceof LinkError) {
      io.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
