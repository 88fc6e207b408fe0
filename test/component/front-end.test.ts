// Component front end against the public corpus: every component binary decodes and validates,
// `witOfComponent` reproduces the worlds that `jco wit` printed for them, and every WIT fixture
// parses and resolves. (The WASI 0.2.12 WIT packages, which are not in the corpus, are checked by
// `npm run check:wasi-wit`: test/component/wasi-wit.check.ts.)
import { corpusDir } from '../support/corpus.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeComponent, isComponent } from '../../src/component/binary/index.js';
import { checkWitPath, loadWitPath, summarizeComponent, witOfComponent } from '../../src/component/wit/index.js';
import { nodeWitFs as nodeFs } from '../support/wit-fs.js';

const corpus = corpusDir();
const components = path.join(corpus, 'components');
const haveCorpus = existsSync(components);
if (!haveCorpus) console.warn(`[corpus] ${components} is missing: skipping component front-end corpus tests (set KPIO_CORPUS)`);


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

it('CompileError is what a broken component gives', () => {
  expect(() => decodeComponent(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 99, 0]))).toThrow(CompileError);
});
