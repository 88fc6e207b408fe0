// Real binaries from the public corpus as package entries: WASI command modules (wasi-testsuite,
// jco's hello_stdout) and components (jco fixtures) are packed, read back and classified; a
// component without wasi:cli/run is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packApp, PackageError, readPackage } from '../../src/package/index.js';
import { testManifest } from './app-fixtures.js';
import { corpusDir } from './corpus.js';
import { inspectEntryForTests } from './wasm-fixtures.js';

const corpus = corpusDir();
const enc = new TextEncoder();

function packEntry(bytes: Uint8Array) {
  return packApp(new Map([['manifest.toml', enc.encode(testManifest())], ['bin/app.wasm', bytes]]), { inspectEntry: inspectEntryForTests });
}

describe.skipIf(corpus === null)('corpus binaries as package entries', () => {
  it.each([
    ['components/modules/hello_stdout.wasm', 'module'],
    ['wasi-testsuite/tests/c/testsuite/wasm32-wasip1/clock_getres-monotonic.wasm', 'module'],
    ['wasi-testsuite/tests/c/testsuite/wasm32-wasip1/fopen-with-access.wasm', 'module'],
    ['components/cli/hello_stdout.component.wasm', 'component'],
    ['components/cli/stdout-pollable-hang.component.wasm', 'component'],
  ])('%s is a runnable %s', (path, kind) => {
    const bytes = new Uint8Array(readFileSync(join(corpus!, path)));
    const { bytes: archive } = packEntry(bytes);
    const pkg = readPackage(archive, { inspectEntry: inspectEntryForTests });
    expect(pkg.entryKind).toBe(kind);
    expect(pkg.files.get('bin/app.wasm')).toEqual(bytes);
  });

  it('refuses a library component (no wasi:cli/run)', () => {
    const bytes = new Uint8Array(readFileSync(join(corpus!, 'components/runtime/adder.component.wasm')));
    expect(() => packEntry(bytes)).toThrow(PackageError);
    expect(() => packEntry(bytes)).toThrow(/bin\/app\.wasm: the component does not export "wasi:cli\/run"/);
  });
});
