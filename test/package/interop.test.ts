// Interoperability with Info-ZIP: archives made by `zip` read back, and `unzip -t` accepts ours.
// Skips (visibly) when the tools are not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPackage } from '../../src/package/index.js';
import { packTestApp, testManifest } from './app-fixtures.js';
import { commandModule, inspectEntryForTests } from './wasm-fixtures.js';

function has(tool: string): boolean {
  return spawnSync(tool, ['-v'], { stdio: 'ignore' }).status === 0;
}

const haveZip = has('zip');
const haveUnzip = has('unzip');
if (!haveZip || !haveUnzip) console.warn('[skip] Info-ZIP interop tests need `zip` and `unzip` (apt-get install zip unzip)');

describe.skipIf(!haveZip || !haveUnzip)('Info-ZIP interoperability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpio-zip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an archive made by zip (deflate, stored, directories, extra fields)', () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'bin'), { recursive: true });
    mkdirSync(join(src, 'assets', 'deep'), { recursive: true });
    writeFileSync(join(src, 'manifest.toml'), testManifest());
    writeFileSync(join(src, 'bin', 'app.wasm'), commandModule());
    writeFileSync(join(src, 'assets', 'deep', 'text.txt'), 'hello '.repeat(1000));
    writeFileSync(join(src, 'assets', 'tiny'), 'x');
    const out = join(dir, 'made-by-zip.kpioapp');
    execFileSync('zip', ['-q', '-r', out, '.'], { cwd: src });
    const pkg = readPackage(readFileSync(out), { inspectEntry: inspectEntryForTests, source: 'made-by-zip.kpioapp' });
    expect(pkg.manifest.id).toBe('org.example.hello');
    expect(new TextDecoder().decode(pkg.files.get('assets/deep/text.txt'))).toBe('hello '.repeat(1000));
    expect([...pkg.files.keys()].sort()).toEqual(['assets/deep/text.txt', 'assets/tiny', 'bin/app.wasm', 'manifest.toml']);
  });

  it('refuses non-ASCII names that zip stores without the UTF-8 flag, with a clear message', () => {
    const src = join(dir, 'src-u');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'ünï.txt'), 'x');
    const out = join(dir, 'unflagged.zip');
    execFileSync('zip', ['-q', '-r', out, '.'], { cwd: src, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
    expect(() => readPackage(readFileSync(out), { inspectEntry: inspectEntryForTests })).toThrow(/non-ASCII bytes but no UTF-8 flag/);
  });

  it('refuses what zip streams from a pipe (ZIP64 headers)', () => {
    const out = join(dir, 'streamed.zip');
    execFileSync('sh', ['-c', `printf 'streamed data' | zip -q - - > '${out}'`]);
    expect(() => readPackage(readFileSync(out), { inspectEntry: inspectEntryForTests })).toThrow(/ZIP64/);
  });

  it('unzip -t accepts what pack writes', () => {
    const file = join(dir, 'packed.kpioapp');
    writeFileSync(file, packTestApp({ files: { 'assets/big.txt': 'z'.repeat(50_000), 'ünï.txt': 'u' } }).bytes);
    const r = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No errors detected');
  });
});
