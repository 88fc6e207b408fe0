/**
 * Reading a `.kpioapp`: bytes in, a checked {@link AppPackage} out. Everything happens in memory
 * and within {@link UnpackLimits}, so a refused package never causes a file to be written.
 */

import { contentDigest, SIGNATURES_FILE } from './digest.js';
import { checkEntry } from './entry-check.js';
import type { EntryInfo, InspectEntry } from './entry-check.js';
import { PackageError, PackageErrorCode } from './errors.js';
import { resolveUnpackLimits } from './limits.js';
import type { UnpackLimits } from './limits.js';
import { MANIFEST_FILE, parseManifest } from './manifest.js';
import type { Manifest } from './manifest.js';
import { parseSignatures, verifySignatures } from './signature.js';
import type { SignaturePolicy, TrustedKey, VerifiedSigner } from './signature.js';
import { readZipDirectory } from './zip-directory.js';
import { extractEntry } from './zip-extract.js';

/** A package that passed every check. */
export interface AppPackage {
  /** The checked manifest. */
  readonly manifest: Manifest;
  /** Every file by path, including `manifest.toml` (and `signatures.toml` when signed). */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The content digest, `sha256:<hex>` (see `digest.ts`). */
  readonly digest: string;
  /** Whether the entry is a core module or a component. */
  readonly entryKind: EntryInfo['kind'];
  /** Signers whose signatures verified (trusted or not). */
  readonly signers: readonly VerifiedSigner[];
}

/** Options of {@link readPackage}. */
export interface ReadPackageOptions {
  /** Decodes the entry to list its exports. */
  readonly inspectEntry: InspectEntry;
  /** The archive's name in error messages (default `package.kpioapp`). */
  readonly source?: string | undefined;
  /** Limits; unset fields take {@link DEFAULT_UNPACK_LIMITS}. */
  readonly limits?: Partial<UnpackLimits> | undefined;
  /** Keys whose signatures are trusted. */
  readonly trustedKeys?: readonly TrustedKey[] | undefined;
  /** Whether a trusted signature is required (default `optional`). */
  readonly signaturePolicy?: SignaturePolicy | undefined;
}

/**
 * Unzips an archive into memory with every structural and size check of `zip-directory.ts`.
 * Returns the files (directories are implied by paths and left out). `source` names the archive
 * in errors.
 */
export function unzipPackage(bytes: Uint8Array, source: string, limits?: Partial<UnpackLimits>): Map<string, Uint8Array> {
  const entries = readZipDirectory(bytes, resolveUnpackLimits(limits), source);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (!entry.isDirectory) files.set(entry.name, extractEntry(bytes, entry, source));
  }
  return files;
}

/**
 * Reads and checks a `.kpioapp`: the archive, the manifest, the entry, the digest and the
 * signatures. Throws {@link PackageError} naming the file, field or entry and the problem.
 */
export function readPackage(bytes: Uint8Array, options: ReadPackageOptions): AppPackage {
  const source = options.source ?? 'package.kpioapp';
  const files = unzipPackage(bytes, source, options.limits);
  return checkPackageFiles(files, options);
}

/**
 * Checks an in-memory file set as a package (what {@link readPackage} does after unzipping; `pack`
 * uses it before writing an archive).
 */
export function checkPackageFiles(files: ReadonlyMap<string, Uint8Array>, options: ReadPackageOptions): AppPackage {
  const source = options.source ?? 'package.kpioapp';
  const manifestBytes = files.get(MANIFEST_FILE);
  if (manifestBytes === undefined) {
    throw new PackageError(PackageErrorCode.MissingManifest, { file: source }, `there is no ${MANIFEST_FILE} at the root of the package`);
  }
  const manifest = parseManifest(manifestBytes);
  if (manifest.entry === SIGNATURES_FILE || manifest.entry === MANIFEST_FILE) {
    throw new PackageError(PackageErrorCode.ReservedName, { file: MANIFEST_FILE, field: 'entry' }, `${JSON.stringify(manifest.entry)} is reserved`);
  }
  const entryKind = checkEntry(manifest, files, options.inspectEntry);
  const digest = contentDigest(files);
  const signatureBytes = files.get(SIGNATURES_FILE);
  const records = signatureBytes === undefined ? [] : parseSignatures(signatureBytes);
  const signers = verifySignatures(records, digest, options.trustedKeys ?? [], options.signaturePolicy ?? 'optional');
  return { manifest, files, digest, entryKind, signers };
}
