/**
 * Size limits applied while reading a `.kpioapp` archive, so that a hostile archive cannot make
 * kpio allocate or write more than a legitimate app needs.
 */

/** Limits for reading an archive. Every field is a hard limit: going over it refuses the package. */
export interface UnpackLimits {
  /** Largest archive file accepted, in bytes. */
  readonly maxArchiveBytes: number;
  /** Most entries (files and directories) in the central directory. */
  readonly maxEntries: number;
  /** Largest uncompressed size of one entry, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest uncompressed size of all entries together, in bytes. */
  readonly maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry (and of the whole archive). */
  readonly maxRatio: number;
  /**
   * Entries (and archives) whose uncompressed size is at most this many bytes are exempt from the
   * ratio check: a small file of zeros legitimately compresses a thousandfold.
   */
  readonly ratioThresholdBytes: number;
  /** Longest entry name, in UTF-8 bytes. */
  readonly maxNameBytes: number;
}

/** The default {@link UnpackLimits}: generous for apps, small enough to refuse bombs. */
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = Object.freeze({
  maxArchiveBytes: 256 * 1024 * 1024,
  maxEntries: 10_000,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  // Note: deflate cannot exceed about 1032:1; real wasm and assets stay far below 100:1.
  maxRatio: 200,
  ratioThresholdBytes: 1024 * 1024,
  maxNameBytes: 1024,
});

/** Fills the unset fields of `partial` from {@link DEFAULT_UNPACK_LIMITS}. */
export function resolveUnpackLimits(partial?: Partial<UnpackLimits>): UnpackLimits {
  return { ...DEFAULT_UNPACK_LIMITS, ...(partial ?? {}) };
}
