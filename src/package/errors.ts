/**
 * Errors of the `.kpioapp` package format: every problem names the file, the field (when there is
 * one) and what is wrong, and carries a closed `code` that tools and tests can match on.
 */

import { KpioError } from '../api/errors.js';

/** The closed set of reasons a package (or its manifest) is refused. */
export const PackageErrorCode = {
  /** The bytes are not a zip archive (no end-of-central-directory record). */
  NotZip: 'not-zip',
  /** The archive is cut short or its directory points outside it. */
  Truncated: 'truncated',
  /** Structural damage other than truncation (bad signatures, inconsistent counts). */
  Corrupt: 'corrupt',
  /** ZIP64 records, which kpio packages never need. */
  Zip64: 'zip64',
  /** A split (multi-disk) archive. */
  MultiDisk: 'multi-disk',
  /** An entry name that is absolute, climbs out with `..`, or is otherwise not a safe relative path. */
  UnsafePath: 'unsafe-path',
  /** An entry name that is not valid UTF-8, or non-ASCII without the UTF-8 flag. */
  BadNameEncoding: 'bad-name-encoding',
  /** Two entries with the same name (or names equal up to case or Unicode normalization). */
  DuplicateEntry: 'duplicate-entry',
  /** A file and a directory of the same name (`a` and `a/b`). */
  PathConflict: 'path-conflict',
  /** A symbolic-link entry. */
  Symlink: 'symlink',
  /** A device, FIFO, socket or other non-regular entry. */
  SpecialFile: 'special-file',
  /** An encrypted entry (traditional or strong encryption). */
  Encrypted: 'encrypted',
  /** A compression method other than stored (0) and deflate (8). */
  UnsupportedCompression: 'unsupported-compression',
  /** More entries than the limit. */
  TooManyEntries: 'too-many-entries',
  /** The archive file itself is larger than the limit. */
  ArchiveTooLarge: 'archive-too-large',
  /** One entry's uncompressed size is over the limit. */
  EntryTooLarge: 'entry-too-large',
  /** The entries together are over the limit. */
  TotalTooLarge: 'total-too-large',
  /** Uncompressed/compressed ratio over the limit (a compression bomb). */
  CompressionRatio: 'compression-ratio',
  /** The data does not have the size the directory declares. */
  SizeMismatch: 'size-mismatch',
  /** The data does not match its CRC-32. */
  CrcMismatch: 'crc-mismatch',
  /** The compressed data cannot be decompressed. */
  CorruptData: 'corrupt-data',
  /** The local header disagrees with the central directory. */
  HeaderMismatch: 'header-mismatch',
  /** Two entries share bytes of the archive (overlapping-file compression bombs). */
  OverlappingEntries: 'overlapping-entries',
  /** A name kpio reserves (`signatures.toml`) used for something else. */
  ReservedName: 'reserved-name',
  /** No `manifest.toml` at the root of the archive. */
  MissingManifest: 'missing-manifest',
  /** `manifest.toml` is not valid UTF-8 TOML. */
  ManifestSyntax: 'manifest-syntax',
  /** A manifest field kpio does not know. */
  UnknownField: 'unknown-field',
  /** A required manifest field is absent. */
  MissingField: 'missing-field',
  /** A manifest field has a bad type or value. */
  InvalidField: 'invalid-field',
  /** The manifest's `entry` is not in the archive. */
  EntryMissing: 'entry-missing',
  /** The entry is not a WebAssembly binary. */
  EntryNotWasm: 'entry-not-wasm',
  /** The entry exports neither `_start` (module) nor `wasi:cli/run` (component). */
  EntryNotRunnable: 'entry-not-runnable',
  /** A signature does not verify, or signs another digest. */
  BadSignature: 'bad-signature',
  /** A signature from a trusted key was required and none is present. */
  Untrusted: 'untrusted',
  /** A malformed signing key or trusted-keys list. */
  BadKey: 'bad-key',
} as const;

/** One of the {@link PackageErrorCode} strings. */
export type PackageErrorCode = (typeof PackageErrorCode)[keyof typeof PackageErrorCode];

/** Where a package problem is: the file, and within it the field or entry. */
export interface PackageErrorLocation {
  /** The file with the problem: the archive's name, `manifest.toml`, or an entry path. */
  readonly file: string;
  /** The manifest field (`permissions.env[2]`), when the problem is in one. */
  readonly field?: string | undefined;
  /** The archive entry name, when the problem is in one. */
  readonly entry?: string | undefined;
}

/** A package, manifest or signature that kpio refuses, with where and why. */
export class PackageError extends KpioError {
  override name = 'PackageError';
  /** The file with the problem. */
  readonly file: string;
  /** The manifest field, when there is one. */
  readonly field: string | undefined;
  /** The archive entry name, when there is one. */
  readonly entry: string | undefined;
  /** What is wrong, without the location prefix. */
  readonly problem: string;

  constructor(
    readonly code: PackageErrorCode,
    where: PackageErrorLocation,
    problem: string,
  ) {
    super(formatLocation(where) + problem);
    this.file = where.file;
    this.field = where.field;
    this.entry = where.entry;
    this.problem = problem;
  }
}

/** A `--grant` argument that is malformed or names a capability the manifest does not declare. */
export class GrantError extends KpioError {
  override name = 'GrantError';
  constructor(
    /** The grant text as the user wrote it. */
    readonly grant: string,
    problem: string,
  ) {
    super(`grant "${grant}": ${problem}`);
  }
}

function formatLocation(where: PackageErrorLocation): string {
  let s = `${where.file}: `;
  if (where.entry !== undefined) s += `entry ${JSON.stringify(where.entry)}: `;
  if (where.field !== undefined) s += `field ${JSON.stringify(where.field)}: `;
  return s;
}
