/**
 * An opt-in check, outside `npm test` (`npm run check:wasi-wit`): the WASI 0.2.12 WIT packages resolve,
 * match the inventory in shared/reference, print back to the same text, and type a real
 * component's WASI imports the way the WIT does. The WIT files are not in the corpus: they are
 * fetched for a local check and never committed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeComponent, externMismatch, type ResourceMap } from '../../src/component/binary/index.js';
import { checkWitPath, loadWitPath, WitTypeContext, type WitFileSystem } from '../../src/component/wit/index.js';
import { corpusDir } from '../support/corpus.js';
import { nodeWitFs as nodeFs } from '../support/wit-fs.js';

const corpus = corpusDir();
const components = path.join(corpus, 'components');

// WASI 0.2.12: KPIO_WASI_WIT names a directory with one sub-directory per package (io, clocks, random,
// filesystem, sockets, cli, http), each holding that package's `*.wit` files and a `deps/` folder with
// the others. The WIT files are fetched for a local check and never committed.
const wasiDir = process.env.KPIO_WASI_WIT;
const inventoryPath = path.join(corpus, '../reference/wasi-0.2.12-inventory.json');
if (wasiDir === undefined) throw new Error('set KPIO_WASI_WIT to a directory of the WASI 0.2.12 WIT packages (see the comment above)');
if (!existsSync(inventoryPath)) throw new Error(`the inventory ${inventoryPath} is missing (set KPIO_CORPUS)`);

describe('WASI 0.2.12 WIT', () => {
  it('resolves every package and matches the inventory', () => {
    interface Item {
      kind: string;
      name: string;
      since: string | null;
      unstable: string | null;
      deprecated: string | null;
    }
    const inventory = JSON.parse(readFileSync(inventoryPath, 'utf8')) as { pkg: string; iface: string; iface_since: string | null; items: Item[] }[];
    const seen = new Map<string, ReturnType<typeof loadWitPath>['root'][number]>();
    for (const p of ['io', 'clocks', 'random', 'filesystem', 'sockets', 'cli', 'http']) {
      const loaded = loadWitPath(nodeFs, path.join(wasiDir!, p), { allFeatures: true });
      for (const pkg of loaded.root) seen.set(`${pkg.name.namespace}:${pkg.name.name}@${pkg.name.version}`, pkg);
    }
    let callables = 0;
    let resources = 0;
    for (const entry of inventory) {
      const iface = seen.get(entry.pkg)?.interfaces.get(entry.iface);
      expect(iface, `${entry.pkg}/${entry.iface}`).toBeDefined();
      if (!iface) continue;
      expect(iface.stability.since ?? null, `${entry.pkg}/${entry.iface}`).toBe(entry.iface_since);
      for (const item of entry.items) {
        if (item.kind === 'resource') {
          const t = iface.types.get(item.name);
          expect(t?.kind.kind, `${entry.iface}.${item.name}`).toBe('resource');
          expect(t?.stability.since ?? null, `${entry.iface}.${item.name}`).toBe(item.since);
          resources++;
          continue;
        }
        // The inventory writes methods as `r.[method]m`; component names are `[method]r.m`.
        const m = /^([^.]+)\.\[(\w+)\](.*)$/.exec(item.name);
        const ctor = /^([^.]+)\.constructor$/.exec(item.name);
        const name = ctor !== null ? `[constructor]${ctor[1]}` : m === null ? item.name : `[${m[2]}]${m[1]}.${m[3]}`;
        const f = iface.functions.get(name);
        expect(f, `${entry.iface}.${item.name}`).toBeDefined();
        // Note: the inventory's extractor missed the gates of `%`-escaped names (`%stream`), so their
        // `since` reads null there; the WIT source has `@since(version = 0.2.0)` on both.
        const escaped = /[.\]](stream)$/.test(item.name);
        if (!escaped) expect(f?.stability.since ?? null, `${entry.iface}.${item.name}`).toBe(item.since);
        expect(f?.stability.unstable ?? null).toBe(item.unstable);
        expect(f?.stability.deprecated ?? null).toBe(item.deprecated);
        callables++;
      }
    }
    expect(callables).toBe(181);
    expect(resources).toBe(25);
  });

  it('prints every package so that it resolves again to the same text', () => {
    for (const p of ['io', 'clocks', 'random', 'filesystem', 'sockets', 'cli', 'http']) {
      const dir = path.join(wasiDir!, p);
      const once = checkWitPath(nodeFs, dir, { allFeatures: true });
      const overlay: WitFileSystem = {
        ...nodeFs,
        readText: (f) => (f === '/printed/printed.wit' ? once : nodeFs.readText(f.replace(/^\/printed/, dir))),
        isDirectory: (f) => f === '/printed' || (f.startsWith('/printed/') && nodeFs.isDirectory(f.replace(/^\/printed/, dir))),
        list: (f) => (f === '/printed' ? ['printed.wit', 'deps'] : nodeFs.list(f.replace(/^\/printed/, dir))),
      };
      expect(checkWitPath(overlay, '/printed', { allFeatures: true }), p).toBe(once);
    }
  });

  it('types the WASI imports of a component the same way as the WIT does', () => {
    // hello_stdout targets WASI 0.2.3; 0.2.12 only adds items, so each import must be satisfied by
    // the instance type the 0.2.12 WIT describes.
    const c = decodeComponent(readFileSync(path.join(components, 'cli/hello_stdout.component.wasm')));
    const ctx = new WitTypeContext();
    const byName = new Map<string, ReturnType<WitTypeContext['instance']>>();
    const shared: ResourceMap = new Map();
    let checked = 0;
    for (const p of ['io', 'clocks', 'filesystem', 'cli']) {
      for (const pkg of loadWitPath(nodeFs, path.join(wasiDir!, p)).packages) {
        for (const [name, iface] of pkg.interfaces) byName.set(`${pkg.name.namespace}:${pkg.name.name}/${name}`, ctx.instance(iface));
      }
    }
    for (const [name, ext] of c.imports) {
      if (ext.kind !== 'instance') continue;
      const wit = byName.get(name.replace(/@.*$/, ''));
      expect(wit, name).toBeDefined();
      const bindable = new Set(ext.type.resources);
      const m = externMismatch({ kind: 'instance', type: wit! }, ext, shared, bindable);
      expect(m, name).toBeNull();
      checked++;
    }
    expect(checked).toBe(10);
  });
});

