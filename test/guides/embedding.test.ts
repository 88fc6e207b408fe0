/**
 * docs/embedding.md, run: every `ts` block is a program importing from 'kpio'. Each runs here with
 * 'kpio' resolved to the library surface (src/index.node.ts), in a directory holding the modules
 * the document uses (`wc.wasm` from the C guide, `greeter.wasm` from the JavaScript component
 * guide, built by replaying those guides' build steps), and what it prints with `console.log` must
 * be the `text` block that follows it.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as kpioRoot from '../../src/index.node.js';
import { REPO_ROOT } from '../support/corpus.js';
import { snippets, type Snippet } from './support/guide-doc.js';
import { outputLines, outputMatches } from './support/match-output.js';
import { GUIDES_BUILD, replayGuide } from './support/replay.js';
import { missingToolchain, TOOLCHAINS } from './support/toolchains.js';

const DOC = 'docs/embedding.md';
const WORK = path.join(GUIDES_BUILD, 'embedding');

/**
 * Names the document imports from 'kpio' that the package root does not export yet, with the
 * module that has them. Until the root exports them, the snippets get them from there and the test
 * says so; a name the root exports is always taken from the root.
 */
const PENDING_EXPORTS: Readonly<Record<string, string>> = {};

/** The files the snippets read, and which guide build makes them. */
const INPUTS = [
  { file: 'wc.wasm', guide: 'docs/guides/c.md', stopAfter: 'clang-19', from: 'wc/app/wc.wasm', toolchain: TOOLCHAINS.c, nodeModules: false },
  {
    file: 'greeter.wasm',
    guide: 'docs/guides/javascript-component.md',
    stopAfter: 'componentize-js',
    from: 'greeter/app/greeter.wasm',
    toolchain: TOOLCHAINS.componentizeJs,
    nodeModules: true,
  },
] as const;

const markdown = fs.readFileSync(path.join(REPO_ROOT, DOC), 'utf8');
const programs = snippets(markdown);
const available = new Set<string>();

/** The 'kpio' module the snippets import: the root surface plus the pending exports. */
function writeKpioShim(): string {
  const missing = Object.keys(PENDING_EXPORTS).filter((name) => !(name in kpioRoot));
  if (missing.length > 0) {
    console.warn(`[embedding] ${DOC} imports ${missing.join(', ')} from 'kpio', which src/index.ts does not export yet: taken from their modules for this test`);
  }
  const lines = [`export * from ${JSON.stringify(path.join(REPO_ROOT, 'src/index.node.js'))};`];
  for (const name of missing) lines.push(`export { ${name} } from ${JSON.stringify(path.join(REPO_ROOT, PENDING_EXPORTS[name]!))};`);
  const file = path.join(WORK, 'kpio.ts');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Writes one snippet as a module importing `shim` for 'kpio'; returns its path. */
function writeSnippet(s: Snippet, shim: string): string {
  const file = path.join(WORK, `snippet-${s.line}.ts`);
  fs.writeFileSync(file, s.code.replace(/from 'kpio'/g, `from ${JSON.stringify(shim)}`));
  return file;
}

/** Runs one snippet with 'kpio' pointing at `shim`, in `cwd`, and returns what it logged. */
async function runSnippet(s: Snippet, shim: string, cwd: string): Promise<string[]> {
  const file = writeSnippet(s, shim);
  const logged: string[] = [];
  const log = console.log;
  const before = process.cwd();
  console.log = (...args: unknown[]) => void logged.push(format(...args));
  process.chdir(cwd);
  try {
    await import(`${file}?t=${Date.now()}`);
  } finally {
    process.chdir(before);
    console.log = log;
  }
  return outputLines(logged.join('\n'));
}

let shim = '';

beforeAll(async () => {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'inputs'), { recursive: true });
  shim = writeKpioShim();
  for (const input of INPUTS) {
    if (missingToolchain(`${DOC} (the snippets that use ${input.file})`, input.toolchain) !== null) continue;
    const r = await replayGuide({ guide: input.guide, engine: 'native', stopAfter: input.stopAfter, nodeModules: input.nodeModules });
    fs.copyFileSync(path.join(r.home, input.from), path.join(WORK, 'inputs', input.file));
    fs.rmSync(path.dirname(r.home), { recursive: true, force: true });
    available.add(input.file);
  }
});

afterAll(() => {
  if (process.env.KPIO_GUIDES_KEEP !== '1') fs.rmSync(WORK, { recursive: true, force: true });
});

describe(DOC, () => {
  it('has programs, each followed by its output', () => {
    expect(programs.length).toBeGreaterThan(5);
    for (const p of programs) expect(p.expected, `${DOC}:${p.line} has no text block after it`).not.toBeNull();
  });

  // Note: type-checking pulls in the whole library (about 7 s of tsc); worth it, the programs are the API's documentation.
  it('every program type-checks under the project\'s strict settings', () => {
    const files = programs.map((p) => writeSnippet(p, shim));
    const tsconfig = path.join(WORK, 'tsconfig.json');
    fs.writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: path.join(REPO_ROOT, 'tsconfig.json'),
        compilerOptions: { noEmit: true, rootDir: REPO_ROOT, allowImportingTsExtensions: true, typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')] },
        files: [...files, ...fs.readdirSync(path.join(REPO_ROOT, 'src', 'types')).map((f) => path.join(REPO_ROOT, 'src', 'types', f))],
      }),
    );
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8' });
    const ours = r.stdout.split('\n').filter((l) => l.startsWith(path.relative(REPO_ROOT, WORK)) || l.includes('snippet-'));
    expect(ours).toEqual([]);
  });

  for (const p of programs) {
    const needs = INPUTS.map((i) => i.file).filter((f) => p.code.includes(`'${f}'`));
    it(`the program at line ${p.line} prints what the document shows`, async (ctx) => {
      const absent = needs.filter((f) => !available.has(f));
      if (absent.length > 0) {
        console.warn(`[embedding] skipping ${DOC}:${p.line}: ${absent.join(', ')} could not be built here`);
        ctx.skip();
      }
      const cwd = fs.mkdtempSync(path.join(WORK, 'run-'));
      for (const f of needs) fs.copyFileSync(path.join(WORK, 'inputs', f), path.join(cwd, f));
      const actual = await runSnippet(p, shim, cwd);
      if (!outputMatches(p.expected!, actual)) {
        throw new Error([`${DOC}:${p.line}: the program printed something else`, '--- the document shows:', ...p.expected!, '--- it printed:', ...actual].join('\n'));
      }
    });
  }
});
