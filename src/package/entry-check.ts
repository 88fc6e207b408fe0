/**
 * The check that a package's `entry` is something `kpio run` can start: a WebAssembly core module
 * exporting `_start` (a WASI command) or a component exporting `wasi:cli/run`. The decoding is
 * injected ({@link InspectEntry}) so this folder does not depend on the binary decoders.
 */

import { PackageError, PackageErrorCode } from './errors.js';
import type { Manifest } from './manifest.js';
import { MANIFEST_FILE } from './manifest.js';

/** What {@link InspectEntry} reports about a wasm binary. */
export interface EntryInfo {
  /** A core module or a component. */
  readonly kind: 'module' | 'component';
  /** The names of its exports (components: `wasi:cli/run@0.2.0` and the like). */
  readonly exports: readonly string[];
}

/**
 * Decodes a wasm binary far enough to list its exports. Throws (any error) when the bytes are not
 * a valid module or component; the message is passed on to the user.
 */
export type InspectEntry = (bytes: Uint8Array) => EntryInfo;

/** The export a core module needs to be run as a WASI command. */
export const MODULE_START_EXPORT = '_start';

/** The interface a component exports to be run as a WASI command (any `@version`). */
export const COMPONENT_RUN_EXPORT = 'wasi:cli/run';

/**
 * Checks the manifest's entry in `files`; returns its kind. Throws {@link PackageError}:
 * `entry-missing`, `entry-not-wasm` (bad header, or the inspector refused it) or
 * `entry-not-runnable`.
 */
export function checkEntry(
  manifest: Manifest,
  files: ReadonlyMap<string, Uint8Array>,
  inspectEntry: InspectEntry,
): EntryInfo['kind'] {
  const path = manifest.entry;
  const bytes = files.get(path);
  if (bytes === undefined) {
    throw new PackageError(PackageErrorCode.EntryMissing, { file: MANIFEST_FILE, field: 'entry' }, `${JSON.stringify(path)} is not in the package`);
  }
  const notWasm = (problem: string): never => {
    throw new PackageError(PackageErrorCode.EntryNotWasm, { file: path }, problem);
  };
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    notWasm('not a WebAssembly binary (it does not start with "\\0asm")');
  }
  // Note: bytes 4-5 are the version and 6-7 the layer: 1/0 is a core module, 0x0d/1 a component.
  const layer = bytes[6]! | (bytes[7]! << 8);
  const expected: EntryInfo['kind'] = layer === 1 ? 'component' : 'module';
  if (layer !== 0 && layer !== 1) notWasm(`unknown WebAssembly layer ${layer} (expected 0 for a module or 1 for a component)`);
  let info: EntryInfo;
  try {
    info = inspectEntry(bytes);
  } catch (e) {
    return notWasm(`cannot be decoded: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (info.kind !== expected) notWasm(`the header says ${expected} but it decodes as a ${info.kind}`);
  if (info.kind === 'module') {
    if (!info.exports.includes(MODULE_START_EXPORT)) {
      throw new PackageError(PackageErrorCode.EntryNotRunnable, { file: path }, `the module does not export "${MODULE_START_EXPORT}", so it is not a WASI command`);
    }
  } else if (!info.exports.some((e) => e === COMPONENT_RUN_EXPORT || e.startsWith(COMPONENT_RUN_EXPORT + '@'))) {
    throw new PackageError(PackageErrorCode.EntryNotRunnable, { file: path }, `the component does not export "${COMPONENT_RUN_EXPORT}", so it is not a WASI command`);
  }
  return info.kind;
}
