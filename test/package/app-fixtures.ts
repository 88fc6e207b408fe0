// Test fixtures: valid app file sets and packed apps built with the real packer.
import { packApp } from '../../src/package/index.js';
import type { PackResult } from '../../src/package/index.js';
import { commandModule, inspectEntryForTests } from './wasm-fixtures.js';

const enc = new TextEncoder();

/** Options for a test app. */
export interface TestAppOptions {
  id?: string;
  version?: string;
  minRuntime?: string;
  /** Extra manifest lines appended at the top level (before any table). */
  extraTop?: string;
  /** Manifest text after the top-level fields (tables). */
  tables?: string;
  /** Files besides manifest.toml and bin/app.wasm. */
  files?: Record<string, Uint8Array | string>;
  /** Replace the entry's bytes. */
  entryBytes?: Uint8Array;
}

/** The manifest text of a test app. */
export function testManifest(o: TestAppOptions = {}): string {
  return [
    `id = "${o.id ?? 'org.example.hello'}"`,
    'name = "Hello"',
    `version = "${o.version ?? '1.0.0'}"`,
    'entry = "bin/app.wasm"',
    'description = "A test app"',
    'authors = ["Ada <ada@example.org>"]',
    ...(o.minRuntime ? [`min-runtime = "${o.minRuntime}"`] : []),
    ...(o.extraTop ? [o.extraTop] : []),
    o.tables ?? '',
  ].join('\n');
}

/** The files of a test app. */
export function testAppFiles(o: TestAppOptions = {}): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  files.set('manifest.toml', enc.encode(testManifest(o)));
  files.set('bin/app.wasm', o.entryBytes ?? commandModule());
  for (const [k, v] of Object.entries(o.files ?? {})) files.set(k, typeof v === 'string' ? enc.encode(v) : v);
  return files;
}

/** Packs a test app with the real packer. */
export function packTestApp(o: TestAppOptions = {}, signingKeys?: string[]): PackResult {
  return packApp(testAppFiles(o), { inspectEntry: inspectEntryForTests, signingKeys });
}
