// The malformed-package suite: hostile or broken archives, each with the error code and the
// message kpio must refuse it with. Used by test/package/hostile.test.ts (reading) and
// test/registry/hostile-install.test.ts (installing writes nothing).
import type { PackageErrorCode, ReadPackageOptions, UnpackLimits } from '../../src/package/index.js';
import { generateSigningKey } from '../../src/package/index.js';
import { packTestApp, testManifest } from './app-fixtures.js';
import { componentWithExports, commandModule, moduleWithExports } from './wasm-fixtures.js';
import type { ForgeEntry, ForgeOptions } from './zip-forge.js';
import { forgeZip } from './zip-forge.js';

/** One hostile archive. */
export interface HostileCase {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  readonly code: PackageErrorCode;
  /** A substring the message must contain. */
  readonly message: string;
  readonly limits?: Partial<UnpackLimits>;
  readonly options?: Partial<ReadPackageOptions>;
}

const enc = new TextEncoder();
const S_IFLNK = 0o120000;
const S_IFIFO = 0o010000;
const UNIX = 3 << 8;

function manifestEntry(text = testManifest()): ForgeEntry {
  return { name: 'manifest.toml', data: enc.encode(text), method: 8 };
}

function wasmEntry(bytes = commandModule()): ForgeEntry {
  return { name: 'bin/app.wasm', data: bytes };
}

/** A forged, otherwise valid app with `extra` entries appended. */
function app(extra: ForgeEntry[] = [], options: ForgeOptions = {}): Uint8Array {
  return forgeZip([manifestEntry(), wasmEntry(), ...extra], options);
}

function zeros(n: number): Uint8Array {
  return new Uint8Array(n);
}

function overlapping(): Uint8Array {
  // Entry "b" has its own local header, but its central record points at a copy of that header
  // hidden inside the stored data of entry "a" (the first entry, so its data starts at 30 + 1):
  // the same bytes are counted twice, the trick of overlapping-file zip bombs.
  const bData = enc.encode('B'.repeat(64));
  const hidden = forgeZip([{ name: 'b', data: bData }]).subarray(0, 30 + 1 + bData.length);
  const aData = new Uint8Array([...hidden, ...enc.encode('tail')]);
  return forgeZip([{ name: 'a', data: aData }, { name: 'b', data: bData, localOffset: 30 + 1 }, manifestEntry(), wasmEntry()]);
}

function lyingDescriptor(): Uint8Array {
  const bytes = app([{ name: 'x', data: enc.encode('abc'), descriptor: true }]);
  // Flip the CRC in the data descriptor (the 4 bytes after its signature) only.
  for (let i = 0; i + 8 < bytes.length; i++) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x07 && bytes[i + 3] === 0x08) {
      bytes[i + 4] ^= 0xff;
      break;
    }
  }
  return bytes;
}

function tamperedSigned(): Uint8Array {
  const key = generateSigningKey();
  const { package: pkg } = packTestApp({ files: { 'data.txt': 'original' } }, [key.secretKey]);
  const entries: ForgeEntry[] = [...pkg.files].map(([name, data]) => ({
    name,
    data: name === 'data.txt' ? enc.encode('tampered') : data,
  }));
  return forgeZip(entries);
}

/** The suite. Every case must be refused with `code` and a message containing `message`. */
export const HOSTILE_ARCHIVES: readonly HostileCase[] = [
  { name: 'not a zip at all', bytes: () => enc.encode('#!/bin/sh\nrm -rf ~\n'), code: 'not-zip', message: 'not a zip archive' },
  { name: 'empty file', bytes: () => new Uint8Array(0), code: 'not-zip', message: 'not a zip archive' },
  { name: 'truncated in the middle', bytes: () => { const b = packTestApp().bytes; return b.subarray(0, b.length >> 1); }, code: 'truncated', message: 'truncated' },
  { name: 'truncated by one byte', bytes: () => { const b = packTestApp().bytes; return b.subarray(0, b.length - 1); }, code: 'truncated', message: 'truncated' },
  { name: 'central directory past the end', bytes: () => app([], { directoryOffset: 0x7fff0000 }), code: 'truncated', message: 'runs past the end record' },
  { name: 'entry data past the directory', bytes: () => app([{ name: 'x', data: enc.encode('abc'), compressedSize: 5000, size: 5000 }]), code: 'truncated', message: 'run past the archive data' },
  { name: 'trailing garbage after the end record', bytes: () => app([], { trailing: enc.encode('garbage') }), code: 'corrupt', message: 'unexpected bytes follow' },
  { name: 'more entries declared than present', bytes: () => app([], { entryCount: 5 }), code: 'corrupt', message: 'central directory record 2' },
  { name: 'zip-slip with ..', bytes: () => app([{ name: '../../.bashrc', data: enc.encode('evil') }]), code: 'unsafe-path', message: 'climbs out of the package root' },
  { name: 'zip-slip inside a path', bytes: () => app([{ name: 'assets/../../../etc/x', data: enc.encode('evil') }]), code: 'unsafe-path', message: 'climbs out of the package root' },
  { name: 'absolute path', bytes: () => app([{ name: '/etc/cron.d/evil', data: enc.encode('evil') }]), code: 'unsafe-path', message: 'absolute path' },
  { name: 'Windows drive path', bytes: () => app([{ name: 'C:/Windows/evil.dll', data: enc.encode('evil') }]), code: 'unsafe-path', message: 'drive letter' },
  { name: 'backslash traversal', bytes: () => app([{ name: '..\\..\\evil', data: enc.encode('evil') }]), code: 'unsafe-path', message: 'backslash' },
  { name: 'control character in a name', bytes: () => app([{ name: 'a\u0007b', data: enc.encode('x') }]), code: 'unsafe-path', message: 'control character' },
  { name: 'name longer than the limit', bytes: () => app([{ name: 'n'.repeat(2000), data: enc.encode('x') }]), code: 'unsafe-path', message: 'longer than 1024 bytes' },
  { name: 'duplicate entries', bytes: () => app([{ name: 'bin/app.wasm', data: enc.encode('second') }]), code: 'duplicate-entry', message: 'two entries with this name' },
  { name: 'names equal up to case', bytes: () => app([{ name: 'README', data: enc.encode('a') }, { name: 'readme', data: enc.encode('b') }]), code: 'duplicate-entry', message: 'collides with "README"' },
  { name: 'file and directory of the same name', bytes: () => app([{ name: 'lib', data: enc.encode('a') }, { name: 'lib/x', data: enc.encode('b') }]), code: 'path-conflict', message: 'needs "lib" to be a directory' },
  { name: 'unix symlink entry', bytes: () => app([{ name: 'link', data: enc.encode('/etc/passwd'), madeBy: UNIX | 20, externalAttrs: (S_IFLNK | 0o777) * 0x10000 }]), code: 'symlink', message: 'symbolic links are not allowed' },
  { name: 'Windows reparse point', bytes: () => app([{ name: 'link', data: enc.encode('C:\\'), madeBy: (10 << 8) | 20, externalAttrs: 0x400 }]), code: 'symlink', message: 'reparse points' },
  { name: 'FIFO entry', bytes: () => app([{ name: 'pipe', madeBy: UNIX | 20, externalAttrs: (S_IFIFO | 0o644) * 0x10000 }]), code: 'special-file', message: 'not a regular file or directory' },
  { name: 'directory entry with data', bytes: () => app([{ name: 'dir/', data: enc.encode('hidden') }]), code: 'corrupt', message: 'directory entry declares 6 bytes' },
  { name: 'traditionally encrypted entry', bytes: () => app([{ name: 'secret', data: enc.encode('x'), flags: 1 }]), code: 'encrypted', message: 'encrypted' },
  { name: 'AES-encrypted entry (method 99)', bytes: () => app([{ name: 'secret', data: enc.encode('x'), method: 99, raw: enc.encode('x') }]), code: 'encrypted', message: 'encrypted' },
  { name: 'bzip2 entry', bytes: () => app([{ name: 'x.bz2', data: enc.encode('x'), method: 12, raw: enc.encode('x') }]), code: 'unsupported-compression', message: 'compression method 12' },
  { name: 'entry over the size limit', bytes: () => app([{ name: 'big', data: zeros(5000), method: 8 }]), limits: { maxEntryBytes: 4096 }, code: 'entry-too-large', message: 'over the limit of 4096' },
  { name: 'entries over the total limit', bytes: () => app([1, 2, 3].map((i) => ({ name: `part${i}`, data: zeros(3000), method: 8 }))), limits: { maxTotalBytes: 8000 }, code: 'total-too-large', message: 'limit of 8000 bytes' },
  { name: 'too many entries', bytes: () => app([1, 2, 3, 4].map((i) => ({ name: `f${i}`, data: enc.encode('x') }))), limits: { maxEntries: 5 }, code: 'too-many-entries', message: '6 entries' },
  { name: 'archive over the size limit', bytes: () => app([{ name: 'pad', data: zeros(10_000) }]), limits: { maxArchiveBytes: 4096 }, code: 'archive-too-large', message: 'over the limit of 4096' },
  { name: 'compression bomb (ratio)', bytes: () => app([{ name: 'zeros', data: zeros(16 * 1024 * 1024), method: 8 }]), code: 'compression-ratio', message: 'compression bomb' },
  { name: 'deflate data larger than declared', bytes: () => app([{ name: 'liar', data: zeros(2 * 1024 * 1024), method: 8, size: 1000 }]), code: 'size-mismatch', message: 'more than the declared 1000 bytes' },
  { name: 'deflate data smaller than declared', bytes: () => app([{ name: 'liar', data: zeros(1000), method: 8, size: 2000 }]), code: 'size-mismatch', message: 'inflates to 1000 bytes, not the declared 2000' },
  { name: 'stored sizes disagree', bytes: () => app([{ name: 'x', data: enc.encode('abcdef'), size: 3 }]), code: 'size-mismatch', message: 'stored entry declares 6 bytes' },
  { name: 'CRC-32 mismatch', bytes: () => app([{ name: 'x', data: enc.encode('payload'), crc: 0x12345678 }]), code: 'crc-mismatch', message: 'CRC-32' },
  { name: 'corrupt deflate stream', bytes: () => app([{ name: 'x', data: enc.encode('abc'), method: 8, raw: new Uint8Array([0xff, 0xff, 0xff, 0xff]) }]), code: 'corrupt-data', message: 'deflate data' },
  { name: 'name flagged UTF-8 but invalid', bytes: () => app([{ name: new Uint8Array([0x61, 0xc3, 0x28]), data: enc.encode('x'), flags: 1 << 11 }]), code: 'bad-name-encoding', message: 'not valid UTF-8' },
  { name: 'non-ASCII name without the UTF-8 flag', bytes: () => app([{ name: new Uint8Array([0x63, 0x61, 0x66, 0x82]), data: enc.encode('x'), flags: 0 }]), code: 'bad-name-encoding', message: 'no UTF-8 flag' },
  { name: 'local name differs from the directory', bytes: () => app([{ name: 'harmless.txt', localName: '../evil.txt', data: enc.encode('x') }]), code: 'header-mismatch', message: 'about the name' },
  { name: 'local sizes differ from the directory', bytes: () => app([{ name: 'x', data: enc.encode('abc'), localSize: 99 }]), code: 'header-mismatch', message: 'about the sizes' },
  { name: 'data descriptor disagrees', bytes: lyingDescriptor, code: 'header-mismatch', message: 'data descriptor disagrees' },
  { name: 'overlapping entries', bytes: overlapping, code: 'overlapping-entries', message: 'overlap' },
  { name: 'ZIP64 end locator', bytes: () => app([], { zip64Locator: true }), code: 'zip64', message: 'ZIP64' },
  { name: 'ZIP64 extra field', bytes: () => app([{ name: 'x', data: enc.encode('x'), extra: new Uint8Array([1, 0, 0, 0]) }]), code: 'zip64', message: 'ZIP64 extra field' },
  { name: 'split archive', bytes: () => app([], { diskNumber: 1 }), code: 'multi-disk', message: 'multi-disk' },
  { name: 'no manifest', bytes: () => forgeZip([wasmEntry()]), code: 'missing-manifest', message: 'no manifest.toml at the root' },
  { name: 'manifest not TOML', bytes: () => forgeZip([manifestEntry('id = '), wasmEntry()]), code: 'manifest-syntax', message: 'invalid TOML' },
  { name: 'manifest with unknown field', bytes: () => forgeZip([manifestEntry(testManifest({ extraTop: 'run-as-root = true' })), wasmEntry()]), code: 'unknown-field', message: 'field "run-as-root": unknown field' },
  { name: 'manifest with bad semver', bytes: () => forgeZip([manifestEntry(testManifest({ version: '1.0' })), wasmEntry()]), code: 'invalid-field', message: 'field "version": "1.0" is not a semantic version' },
  { name: 'entry missing from the archive', bytes: () => forgeZip([manifestEntry()]), code: 'entry-missing', message: 'field "entry": "bin/app.wasm" is not in the package' },
  { name: 'entry is not wasm', bytes: () => forgeZip([manifestEntry(), wasmEntry(enc.encode('MZ\x90\x00 this is a PE file'))]), code: 'entry-not-wasm', message: 'bin/app.wasm: not a WebAssembly binary' },
  { name: 'module entry lacks _start', bytes: () => forgeZip([manifestEntry(), wasmEntry(moduleWithExports(['main']))]), code: 'entry-not-runnable', message: 'does not export "_start"' },
  { name: 'component entry lacks wasi:cli/run', bytes: () => forgeZip([manifestEntry(), wasmEntry(componentWithExports(['wasi:http/incoming-handler@0.2.0']))]), code: 'entry-not-runnable', message: 'does not export "wasi:cli/run"' },
  { name: 'signed package altered after signing', bytes: tamperedSigned, code: 'bad-signature', message: 'altered after signing' },
  { name: 'unsigned package when a trusted signature is required', bytes: () => packTestApp().bytes, options: { signaturePolicy: 'require-trusted' }, code: 'untrusted', message: 'not signed' },
];

