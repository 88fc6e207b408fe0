/** `kpio inspect FILE`: lists the imports and exports of a core module or a component. */

import { formatFuncType } from '../../api/types.js';
import type { ExternType, GlobalType, Limits } from '../../api/types.js';
import { loadModule } from '../../runtime/compile.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import type { CliIo } from '../cli-io.js';
import { loadWasmInput } from '../load-input.js';
import { parseOptions } from '../options.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';
import { decodeComponent, isComponent } from '../../component/binary/index.js';
import { summarizeComponent } from '../../component/wit/from-component.js';

const HELP = `Usage: kpio inspect FILE.wasm|FILE.wat

Lists the imports and exports of a core module (with their types) or of a component.`;

function limits(l: Limits): string {
  return l.max === undefined ? `${l.min}` : `${l.min} ${l.max}`;
}

function global(g: GlobalType): string {
  return g.mutable ? `(mut ${g.valType})` : g.valType;
}

/** Text-format-like rendering of an extern type. */
export function formatExternType(t: ExternType): string {
  switch (t.kind) {
    case 'func':
      return `func ${formatFuncType(t.type)}`;
    case 'table':
      return `table ${limits(t.type.limits)} ${t.type.elemType}`;
    case 'memory':
      return `memory ${limits(t.type.limits)}`;
    case 'global':
      return `global ${global(t.type)}`;
  }
}

/** The extern types of a validated module's imports and exports. */
export function moduleInterface(v: ValidatedModule): { imports: string[]; exports: string[] } {
  const counters = { func: 0, table: 0, memory: 0, global: 0 };
  const typeAt = (kind: ExternType['kind'], idx: number): ExternType =>
    kind === 'func'
      ? { kind, type: v.funcTypes[idx]! }
      : kind === 'table'
        ? { kind, type: v.tableTypes[idx]! }
        : kind === 'memory'
          ? { kind, type: v.memoryTypes[idx]! }
          : { kind, type: v.globalTypes[idx]! };
  const imports = v.module.imports.map((imp) => {
    const idx = counters[imp.desc.kind]++;
    return `"${imp.module}" "${imp.name}": ${formatExternType(typeAt(imp.desc.kind, idx))}`;
  });
  const exports = v.module.exports.map((ex) => `"${ex.name}": ${formatExternType(typeAt(ex.kind, ex.index))}`);
  return { imports, exports };
}

/** The `inspect` command. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'list the imports and exports of a module or component',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals } = parseOptions(args, {});
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    const bytes = await loadWasmInput(positionals[0]!, io.cwd);
    if (isComponent(bytes)) {
      const component = decodeComponent(bytes);
      const { imports, exports } = summarizeComponent(component);
      const line = (i: { name: string; text: string }) => `  ${i.name}: ${i.text}\n`;
      io.stdout.write(`component (${bytes.length} bytes)\n`);
      io.stdout.write(`imports (${imports.length}):\n${imports.map(line).join('')}`);
      io.stdout.write(`exports (${exports.length}):\n${exports.map(line).join('')}`);
      return 0;
    }
    const v = loadModule(bytes);
    const { imports, exports } = moduleInterface(v);
    const name = v.module.names?.module;
    io.stdout.write(`core module${name ? ` $${name}` : ''} (${bytes.length} bytes, ${v.module.funcs.length} functions)\n`);
    io.stdout.write(`imports (${imports.length}):\n${imports.map((l) => `  ${l}\n`).join('')}`);
    io.stdout.write(`exports (${exports.length}):\n${exports.map((l) => `  ${l}\n`).join('')}`);
    return 0;
  },
};
