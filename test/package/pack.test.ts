import { describe, expect, it } from 'vitest';
import { packTestApp, testAppFiles } from './app-fixtures.js';
import { componentWithExports, inspectEntryForTests, moduleWithExports } from './wasm-fixtures.js';
import { PackageError } from '../../src/package/errors.js';
import { packApp } from '../../src/package/pack.js';
import { readPackage, unzipPackage } from '../../src/package/read-package.js';
import { generateSigningKey } from '../../src/package/signature.js';

const enc = new TextEncoder();
const opts = { inspectEntry: inspectEntryForTests };

function packError(files: Iterable<readonly [string, Uint8Array]>, extra: Partial<Parameters<typeof packApp>[1]> = {}): PackageError {
  try {
    packApp(files, { ...opts, ...extra });
  } catch (e) {
    if (e instanceof PackageError) return e;
    throw e;
  }
  throw new Error('packApp did not throw');
}

describe('packApp and readPackage', () => {
  it('round-trips files, manifest and digest', () => {
    const big = enc.encode('hello '.repeat(10_000));
    const { bytes, package: pkg } = packTestApp({ files: { 'assets/big.txt': big, 'assets/ünï.txt': 'x', 'empty.dat': new Uint8Array(0) } });
    const back = readPackage(bytes, opts);
    expect(back.manifest.id).toBe('org.example.hello');
    expect(back.entryKind).toBe('module');
    expect(back.digest).toBe(pkg.digest);
    expect([...back.files.keys()].sort()).toEqual(['assets/big.txt', 'assets/ünï.txt', 'bin/app.wasm', 'empty.dat', 'manifest.toml']);
    expect(back.files.get('assets/big.txt')).toEqual(big);
    expect(back.signers).toEqual([]);
    // Compressible data is deflated: the archive is much smaller than its contents.
    expect(bytes.length).toBeLessThan(big.length / 10);
  });

  it('is deterministic and the digest ignores compression', () => {
    const a = packApp(testAppFiles(), opts);
    const b = packApp(new Map([...testAppFiles()].reverse()), opts);
    expect(b.bytes).toEqual(a.bytes);
    const stored = packApp(testAppFiles({ files: { 'x.txt': 'x'.repeat(1000) } }), { ...opts, compression: 'store' });
    const deflated = packApp(testAppFiles({ files: { 'x.txt': 'x'.repeat(1000) } }), opts);
    expect(stored.bytes.length).toBeGreaterThan(deflated.bytes.length);
    expect(stored.package.digest).toBe(deflated.package.digest);
    expect(unzipPackage(stored.bytes, 'x').get('x.txt')).toEqual(enc.encode('x'.repeat(1000)));
  });

  it('stores a large file that would deflate past the bomb ratio, so it still installs', () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const { bytes, package: pkg } = packTestApp({ files: { 'data/zeros.bin': zeros, 'data/text.txt': 'abc'.repeat(1000) } });
    const back = pkg.files.get('data/zeros.bin')!;
    // Note: compare with Buffer.equals; a deep toEqual over 4 Mi elements is very slow.
    expect(back.length === zeros.length && Buffer.from(back).equals(Buffer.from(zeros))).toBe(true);
    expect(bytes.length).toBeGreaterThan(zeros.length);
    expect(readPackage(bytes, opts).digest).toBe(pkg.digest);
  });

  it('accepts a component entry that exports wasi:cli/run', () => {
    const { package: pkg } = packTestApp({ entryBytes: componentWithExports(['wasi:cli/run@0.2.0']) });
    expect(pkg.entryKind).toBe('component');
  });

  it('signs, and verification against trusted keys names the signer', () => {
    const key = generateSigningKey();
    const { bytes } = packTestApp({}, [key.secretKey]);
    const pkg = readPackage(bytes, { ...opts, trustedKeys: [{ name: 'me', publicKey: key.publicKey }], signaturePolicy: 'require-trusted' });
    expect(pkg.signers).toEqual([{ publicKey: key.publicKey, trustedAs: 'me' }]);
    expect(pkg.files.has('signatures.toml')).toBe(true);
    expect(() => readPackage(bytes, { ...opts, trustedKeys: [], signaturePolicy: 'require-trusted' })).toThrow(/not signed by any trusted key/);
  });

  it.each([
    ['entry missing', testAppFiles({}), (f: Map<string, Uint8Array>) => f.delete('bin/app.wasm'), 'entry-missing', 'manifest.toml: field "entry": "bin/app.wasm" is not in the package'],
    ['entry not wasm', testAppFiles({ entryBytes: enc.encode('#!/bin/sh\necho hi\n') }), null, 'entry-not-wasm', 'bin/app.wasm: not a WebAssembly binary'],
    ['entry truncated header', testAppFiles({ entryBytes: new Uint8Array([0, 0x61, 0x73, 0x6d]) }), null, 'entry-not-wasm', 'bin/app.wasm: not a WebAssembly binary'],
    ['entry undecodable', testAppFiles({ entryBytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 7, 0x7f]) }), null, 'entry-not-wasm', 'bin/app.wasm: cannot be decoded: section size mismatch'],
    ['entry with unknown layer', testAppFiles({ entryBytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 2, 0]) }), null, 'entry-not-wasm', 'unknown WebAssembly layer 2'],
    ['module without _start', testAppFiles({ entryBytes: moduleWithExports(['main', 'memory']) }), null, 'entry-not-runnable', 'bin/app.wasm: the module does not export "_start"'],
    ['component without wasi:cli/run', testAppFiles({ entryBytes: componentWithExports(['wasi:http/incoming-handler@0.2.0']) }), null, 'entry-not-runnable', 'does not export "wasi:cli/run"'],
    ['component with a look-alike export', testAppFiles({ entryBytes: componentWithExports(['wasi:cli/runner']) }), null, 'entry-not-runnable', 'does not export "wasi:cli/run"'],
    ['no manifest', testAppFiles({}), (f: Map<string, Uint8Array>) => f.delete('manifest.toml'), 'missing-manifest', 'app: there is no manifest.toml'],
    ['reserved signatures.toml', testAppFiles({ files: { 'signatures.toml': 'x' } }), null, 'reserved-name', 'signatures.toml is written by pack'],
    ['unsafe path', testAppFiles({ files: { '../x': 'x' } }), null, 'unsafe-path', 'climbs out'],
    ['case collision', testAppFiles({ files: { 'A.txt': 'a', 'a.txt': 'b' } }), null, 'duplicate-entry', 'collides with "A.txt"'],
    ['file/directory conflict', testAppFiles({ files: { 'a': 'a', 'a/b': 'b' } }), null, 'path-conflict', 'needs "a" to be a directory'],
  ])('pack refuses: %s', (_n, files, mutate, code, message) => {
    if (mutate) mutate(files);
    const e = packError(files);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });

  it('refuses a runtime-incompatible min-runtime only at install, not at pack', () => {
    expect(packTestApp({ minRuntime: '>=99.0.0' }).package.manifest.minRuntime).toBe('>=99.0.0');
  });
});
