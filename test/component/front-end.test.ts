// Component front end against the public corpus: every component binary decodes and validates,
// `witOfComponent` reproduces the worlds that `jco wit` printed for them, and every WIT fixture
// parses and resolves. Optionally (KPIO_WASI_WIT=<dir>) the WASI 0.2.12 WIT packages are resolved and
// compared with the inventory in shared/reference.
import { corpusDir } from '../support/corpus.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeComponent, externMismatch, isComponent, type ResourceMap } from '../../src/component/binary/index.js';
import { checkWitPath, loadWitPath, summarizeComponent, witOfComponent, WitTypeContext, type WitFileSystem } from '../../src/component/wit/index.js';

const corpus = corpusDir();
const components = path.join(corpus, 'components');
const haveCorpus = existsSync(components);
if (!haveCorpus) console.warn(`[corpus] ${components} is missing: skipping component front-end corpus tests (set KPIO_CORPUS)`);

const nodeFs: WitFileSystem = {
  readText: (p) => readFileSync(p, 'utf8'),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  list: (p) => readdirSync(p),
  join: (...parts) => path.join(...parts),
};

function wasmFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['cli', 'runtime', 'modules']) {
    for (const f of readdirSync(path.join(components, dir)).sort()) if (f.endsWith('.wasm')) out.push(path.join(dir, f));
  }
  return out;
}

/** Compares WIT text ignoring indentation and blank lines. */
function normalize(s: string): string {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

describe.skipIf(!haveCorpus)('component corpus', () => {
  it('decodes all 41 components and rejects the 2 core modules with a clear error', () => {
    const files = wasmFiles();
    expect(files).toHaveLength(43);
    let decoded = 0;
    for (const f of files) {
      const bytes = readFileSync(path.join(components, f));
      if (f.startsWith('modules/')) {
        expect(isComponent(bytes)).toBe(false);
        expect(() => decodeComponent(bytes)).toThrow(/core module, not a component/);
        continue;
      }
      expect(isComponent(bytes)).toBe(true);
      const c = decodeComponent(bytes);
      expect(c.exports.size).toBeGreaterThan(0);
      decoded++;
    }
    expect(decoded).toBe(41);
  });

  it('resolves imports and exports of hello_stdout', () => {
    const c = decodeComponent(readFileSync(path.join(components, 'cli/hello_stdout.component.wasm')));
    expect([...c.exports.keys()]).toEqual(['wasi:cli/run@0.2.3']);
    const run = c.exports.get('wasi:cli/run@0.2.3');
    expect(run?.kind).toBe('instance');
    if (run?.kind !== 'instance') return;
    const fn = run.type.exports.get('run');
    expect(fn).toEqual({ kind: 'func', type: { params: [], result: { kind: 'result', ok: null, err: null } } });
    const streams = c.imports.get('wasi:io/streams@0.2.3');
    expect(streams?.kind).toBe('instance');
    if (streams?.kind !== 'instance') return;
    const out = streams.type.exports.get('output-stream');
    const stdout = c.imports.get('wasi:cli/stdout@0.2.3');
    if (stdout?.kind !== 'instance' || out?.kind !== 'type' || out.type.kind !== 'resource') throw new Error('unexpected shapes');
    const get = stdout.type.exports.get('get-stdout');
    if (get?.kind !== 'func' || get.type.result?.kind !== 'own') throw new Error('get-stdout should return an own handle');
    // The handle returned by stdout is the very resource streams exports (identity, not just name).
    expect(get.type.result.resource).toBe(out.type.resource);
  });

  it('summarizes imports and exports for listings', () => {
    const c = decodeComponent(readFileSync(path.join(components, 'runtime/resource-import-and-export.component.wasm')));
    const s = summarizeComponent(c);
    expect(s.imports.find((i) => i.name === 'thing')).toEqual({ name: 'thing', kind: 'type', text: 'use test:resource-import-and-export/test.{thing}' });
    expect(s.imports.find((i) => i.name === 'toplevel-import')).toEqual({ name: 'toplevel-import', kind: 'func', text: 'func(a: thing) -> thing' });
    expect(s.exports.map((e) => e.text)).toEqual(['func(a: thing) -> thing', 'interface (4 functions, 1 type)']);
  });

  it('prints the same worlds as `jco wit` for every component (modulo whitespace)', () => {
    const typesDir = path.join(components, 'types');
    let matched = 0;
    const mismatched: string[] = [];
    for (const f of readdirSync(typesDir).sort()) {
      if (!f.endsWith('.world.wit')) continue;
      const [dir, rest] = f.split('--') as [string, string];
      const base = rest.replace(/\.world\.wit$/, '');
      const wasm = [`${base}.wasm`, `${base}.component.wasm`].map((n) => path.join(components, dir, n)).find(existsSync)!;
      const got = witOfComponent(readFileSync(wasm));
      if (normalize(got) === normalize(readFileSync(path.join(typesDir, f), 'utf8'))) matched++;
      else mismatched.push(f);
    }
    expect(mismatched).toEqual([]);
    expect(matched).toBe(41);
  });

  it('parses and resolves every WIT fixture', () => {
    const wit = path.join(components, 'wit');
    const roots = readdirSync(wit)
      .filter((n) => n.endsWith('.wit') || statSync(path.join(wit, n)).isDirectory())
      .flatMap((n) => (n === 'idl' ? ['idl/console.wit', 'idl/dom.wit'] : [n]));
    for (const r of roots) {
      const text = checkWitPath(nodeFs, path.join(wit, r));
      expect(text).toMatch(/^package [a-z0-9-]+:[a-z0-9-]+/m);
    }
    expect(roots).toHaveLength(9);
  });

  it('leaves out @unstable items unless their feature is enabled', () => {
    const file = path.join(components, 'wit/feature-gates.wit');
    const plain = loadWitPath(nodeFs, file).root[0]!;
    const foo = plain.interfaces.get('foo')!;
    expect([...foo.functions.keys()]).toEqual(['a', 'b', 'c']);
    const all = loadWitPath(nodeFs, file, { allFeatures: true }).root[0]!;
    expect([...all.interfaces.get('foo')!.functions.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(all.interfaces.get('foo')!.functions.get('d')!.stability).toEqual({ unstable: 'fancier-foo' });
  });
});

// WASI 0.2.12: KPIO_WASI_WIT names a directory with one sub-directory per package (io, clocks, random,
// filesystem, sockets, cli, http), each holding that package's `*.wit` files and a `deps/` folder with
// the others. The WIT files are fetched for a local check and never committed.
const wasiDir = process.env.KPIO_WASI_WIT;
const inventoryPath = path.join(corpus, '../reference/wasi-0.2.12-inventory.json');
describe.skipIf(wasiDir === undefined || !existsSync(inventoryPath))('WASI 0.2.12 WIT', () => {
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

it('CompileError is what a broken component gives', () => {
  expect(() => decodeComponent(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 99, 0]))).toThrow(CompileError);
});
