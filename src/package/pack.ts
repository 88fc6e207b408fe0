/**
 * Writing a `.kpioapp`: checks the files exactly as installing would (manifest, entry, paths),
 * optionally signs the content digest, and writes a deterministic zip (fixed timestamps, sorted
 * entries, deflate unless asked to store), then reads the result back to prove kpio accepts it.
 */

import { deflateSync, zipSync } from 'fflate';
import type { Zippable, ZipOptions } from 'fflate';
import { encodeUtf8 } from '../util/utf8.js';
import { contentDigest, SIGNATURES_FILE } from './digest.js';
import { checkRelativePath, collisionKey, compareUtf8 } from './entry-path.js';
import type { InspectEntry } from './entry-check.js';
import { PackageError, PackageErrorCode } from './errors.js';
import { resolveUnpackLimits } from './limits.js';
import type { UnpackLimits } from './limits.js';
import { MANIFEST_FILE } from './manifest.js';
import { checkPackageFiles, readPackage } from './read-package.js';
import type { AppPackage } from './read-package.js';
import { formatSignatures, signDigest } from './signature.js';

/** Options of {@link packApp}. */
export interface PackOptions {
  /** Decodes the entry to check it exports `_start` or `wasi:cli/run`. */
  readonly inspectEntry: InspectEntry;
  /** Secret keys (`ed25519-secret:<hex>`) to sign with. */
  readonly signingKeys?: readonly string[] | undefined;
  /** `deflate` (default) or `store`. */
  readonly compression?: 'deflate' | 'store' | undefined;
  /** Name of the input (a directory) in error messages. */
  readonly source?: string | undefined;
  /** Limits the result must respect (defaults as when installing). */
  readonly limits?: Partial<UnpackLimits> | undefined;
}

/** What {@link packApp} produced. */
export interface PackResult {
  /** The `.kpioapp` bytes. */
  readonly bytes: Uint8Array;
  /** The package as kpio reads it back from `bytes`. */
  readonly package: AppPackage;
}

// Note: DOS timestamps start in 1980; a fixed one makes packing reproducible.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const REGULAR_FILE_ATTRS = 0o100644 * 0x10000;
const UNIX_HOST = 3;

/**
 * Builds a `.kpioapp` from files given by relative path (`/`-separated; `manifest.toml` at the
 * root). Throws {@link PackageError} for anything `kpio install` would refuse.
 */
export function packApp(input: Iterable<readonly [string, Uint8Array]>, options: PackOptions): PackResult {
  const source = options.source ?? 'app';
  const files = new Map<string, Uint8Array>();
  const keys = new Map<string, string>();
  for (const [path, data] of input) {
    const problem = checkRelativePath(path);
    if (problem) throw new PackageError(problem.code, { file: source, entry: path }, problem.problem);
    if (path === SIGNATURES_FILE) {
      throw new PackageError(PackageErrorCode.ReservedName, { file: source, entry: path }, `${SIGNATURES_FILE} is written by pack when signing; remove it from the app`);
    }
    const earlier = keys.get(collisionKey(path));
    if (earlier !== undefined) {
      throw new PackageError(PackageErrorCode.DuplicateEntry, { file: source, entry: path }, earlier === path ? 'the file is given twice' : `the name collides with ${JSON.stringify(earlier)} (names equal up to case or Unicode normalization)`);
    }
    keys.set(collisionKey(path), path);
    files.set(path, data);
  }
  for (const path of files.keys()) {
    const parts = path.split('/');
    for (let n = 1; n < parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (keys.has(collisionKey(prefix))) {
        throw new PackageError(PackageErrorCode.PathConflict, { file: source, entry: path }, `needs ${JSON.stringify(prefix)} to be a directory, but it is a file`);
      }
    }
  }
  // Check first, so errors name the input rather than the archive we would have written.
  const checked = checkPackageFiles(files, { inspectEntry: options.inspectEntry, source });
  const signingKeys = options.signingKeys ?? [];
  if (signingKeys.length > 0) {
    const digest = contentDigest(files);
    files.set(SIGNATURES_FILE, encodeUtf8(formatSignatures(signingKeys.map((k) => signDigest(digest, k)))));
  }

  const limits = resolveUnpackLimits(options.limits);
  const zippable: Zippable = Object.create(null) as Zippable;
  const order = [...files.keys()].sort((a, b) => (a === MANIFEST_FILE ? -1 : b === MANIFEST_FILE ? 1 : compareUtf8(a, b)));
  for (const path of order) {
    const data = files.get(path)!;
    // Note: deflate grows incompressible data by a few bytes per 64 KiB at most, so no trial run;
    // but a large file that deflates past the bomb ratio is stored, or install would refuse it.
    const deflate =
      options.compression !== 'store' &&
      data.length > 0 &&
      (data.length <= limits.ratioThresholdBytes || data.length <= limits.maxRatio * deflateSync(data, { level: 6 }).length);
    const attrs: ZipOptions = { level: deflate ? 6 : 0, mtime: FIXED_MTIME, os: UNIX_HOST, attrs: REGULAR_FILE_ATTRS };
    zippable[path] = [data, attrs];
  }
  const bytes = zipSync(zippable);
  const pkg = readPackage(bytes, {
    inspectEntry: options.inspectEntry,
    source,
    limits: options.limits,
  });
  if (pkg.digest !== checked.digest) {
    // Note: cannot happen unless the zip writer is broken; refuse rather than ship it.
    throw new PackageError(PackageErrorCode.Corrupt, { file: source }, 'the written archive does not read back with the same contents');
  }
  return { bytes, package: pkg };
}
