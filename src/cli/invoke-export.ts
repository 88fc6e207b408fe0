/**
 * `kpio run FILE.wasm --invoke NAME [ARGS...]` on a core module: calls one export with arguments in
 * the text form of `kpio wast` values and prints each result on its own line. A WASI reactor is
 * initialised first; other modules may import only `spectest`.
 */

import { LinkError } from '../api/errors.js';
import type { Value } from '../api/values.js';
import { engineFor, importsWasiP1, instantiateWasiCompiled, type WasiRunOptions } from '../launch/wasi-command.js';
import { compileModule } from '../runtime/compile.js';
import type { CompiledModule } from '../runtime/engine.js';
import type { Instance } from '../runtime/instance.js';
import { Linker } from '../runtime/linker.js';
import { formatValue, parseValueArg } from '../util/value-text.js';
import { defineSpectest } from '../wast/spectest.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

/** Calls the export `name` of the core module `bytes` with `argTexts`; prints the results to `io.stdout`. */
export async function invokeExport(bytes: Uint8Array, name: string, argTexts: string[], options: WasiRunOptions, io: CliIo): Promise<number> {
  const engine = await engineFor(options);
  const compiled: CompiledModule = compileModule(engine, bytes);
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
  let instance: Instance;
  let close = () => {};
  if (importsWasiP1(compiled)) {
    const session = instantiateWasiCompiled(engine, compiled, options);
    close = session.close;
    instance = session.instance;
    session.wasi.initialize(instance);
  } else {
    const linker = new Linker(engine);
    defineSpectest(linker, (line) => io.stdout.write(line + '\n'));
    const unsatisfied = compiled.validated.module.imports.filter((i) => i.module !== 'spectest');
    if (unsatisfied.length) {
      const list = unsatisfied.map((i) => `"${i.module}" "${i.name}"`).join(', ');
      throw new LinkError(`the module imports ${list}; --invoke can satisfy only WASI and spectest imports`);
    }
    instance = linker.instantiate(compiled);
  }
  try {
    const results = instance.func(name).callExact(args);
    for (const r of results) io.stdout.write(formatValue(r) + '\n');
    return 0;
  } finally {
    close();
  }
}
