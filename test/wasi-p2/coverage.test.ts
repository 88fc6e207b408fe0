/**
 * Coverage of WASI 0.2.12 by kpio's host: reads the inventory of every interface, function,
 * resource and method (`/work/shared/reference/wasi-0.2.12-inventory.json`, extracted from the WIT
 * of WebAssembly/WASI v0.2.12) and checks that every stable callable and resource of io, clocks,
 * random, filesystem and cli is implemented by `createWasiP2`. Prints the table; names whatever is
 * left out, with the reason.
 */

import { referencePath } from '../support/corpus.js';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWasiP2 } from '../../src/wasi/p2/index.js';

interface InventoryItem {
  readonly kind: 'func' | 'method' | 'resource';
  readonly name: string;
  readonly since: string | null;
  readonly unstable: string | null;
  readonly deprecated: string | null;
}

interface InventoryInterface {
  readonly pkg: string;
  readonly iface: string;
  readonly iface_unstable: string | null;
  readonly items: readonly InventoryItem[];
}

/** The packages this host must cover completely. */
const REQUIRED = new Set(['io', 'clocks', 'random', 'filesystem', 'cli']);

/** Interfaces a host does not implement, by design, with the reason. */
const NOT_HOST_SIDE: Readonly<Record<string, string>> = {
  'wasi:cli/run': 'exported by the guest, not imported: runComponentCommand calls it',
};

function inventoryPath(): string | null {
  return process.env.KPIO_WASI_INVENTORY ?? referencePath('wasi-0.2.12-inventory.json');
}

/** The host function key of an inventory method: `descriptor.[method]stat` -> `[method]descriptor.stat`. */
function methodKey(name: string): string {
  const dot = name.indexOf('.');
  const resource = name.slice(0, dot);
  const m = /^\[(\w+)\](.*)$/.exec(name.slice(dot + 1));
  if (m === null) return name;
  return m[1] === 'constructor' ? `[constructor]${resource}` : `[${m[1]}]${resource}.${m[2]}`;
}

interface Row {
  readonly name: string;
  readonly implemented: number;
  readonly total: number;
  readonly missing: string[];
  readonly note: string;
}

const file = inventoryPath();

describe.skipIf(file === null)('WASI 0.2.12 coverage', () => {
  it('implements every stable function, method and resource of io, clocks, random, filesystem and cli', () => {
    const inventory = JSON.parse(fs.readFileSync(file!, 'utf8')) as InventoryInterface[];
    const host = createWasiP2();
    const rows: Row[] = [];
    const left: string[] = [];
    for (const i of inventory) {
      const pkg = i.pkg.split('@')[0]!.split(':')[1]!;
      const name = `${i.pkg.split('@')[0]}/${i.iface}`;
      if (i.iface_unstable !== null) {
        rows.push({ name, implemented: 0, total: 0, missing: [], note: `@unstable(${i.iface_unstable}): not part of the stable 0.2.12 surface` });
        continue;
      }
      const stable = i.items.filter((it) => it.unstable === null);
      const unstable = i.items.filter((it) => it.unstable !== null);
      if (NOT_HOST_SIDE[name] !== undefined) {
        rows.push({ name, implemented: 0, total: 0, missing: [], note: NOT_HOST_SIDE[name] });
        continue;
      }
      const iface = host.resolve(`${name}@0.2.12`);
      const provided = (it: InventoryItem): boolean =>
        iface !== undefined &&
        (it.kind === 'resource' ? iface.resources[it.name] !== undefined : typeof iface.funcs[it.kind === 'method' ? methodKey(it.name) : it.name] === 'function');
      const missing = stable.filter((it) => !provided(it)).map((it) => it.name);
      const extra = unstable.filter(provided).map((it) => it.name);
      const absent = unstable.filter((it) => !provided(it)).map((it) => it.name);
      const required = REQUIRED.has(pkg);
      const notes = [
        extra.length ? `also provided (unstable): ${extra.join(', ')}` : '',
        absent.length ? `unstable, not provided: ${absent.join(', ')}` : '',
        required || missing.length === 0
          ? ''
          : pkg === 'sockets'
            ? `${missing.length} not offered: the deny-all network policy (sockets.ts) creates no sockets, so their methods cannot be reached`
            : `${missing.length} not offered: wasi:${pkg} is not part of this host`,
      ].filter(Boolean);
      rows.push({ name, implemented: stable.length - missing.length, total: stable.length, missing: required ? missing : [], note: notes.join('; ') });
      if (required) for (const m of missing) left.push(`${name}#${m}`);
    }
    const width = Math.max(...rows.map((r) => r.name.length));
    const lines = rows.map((r) => {
      const count = r.total === 0 ? '   -   ' : `${String(r.implemented).padStart(3)}/${String(r.total).padEnd(3)}`;
      const extra = [r.missing.length ? `missing: ${r.missing.join(', ')}` : '', r.note].filter(Boolean).join('; ');
      return `${r.name.padEnd(width)}  ${count}  ${extra}`;
    });
    const required = rows.filter((r) => REQUIRED.has(r.name.split('/')[0]!.split(':')[1]!));
    const sum = required.reduce((a, r) => [a[0]! + r.implemented, a[1]! + r.total], [0, 0]);
    console.log(`WASI 0.2.12 host coverage (stable items)\n${lines.join('\n')}\nio+clocks+random+filesystem+cli: ${sum[0]}/${sum[1]}`);
    expect(left).toEqual([]);
    expect(sum[0]).toBe(sum[1]);
    expect(sum[1]).toBeGreaterThan(70);
  });
});
