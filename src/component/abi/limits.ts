/**
 * Numeric limits and constants of the canonical ABI (CanonicalABI.md, synchronous 0.2 subset).
 * Every value here is fixed by the specification, except where a comment says it is ours.
 */

/** Most core parameters a lifted or lowered function takes before its parameters spill to memory. */
export const MAX_FLAT_PARAMS = 16;

/** Most core results a function returns before its result spills to memory. */
export const MAX_FLAT_RESULTS = 1;

/** Largest byte length of a string read out of guest memory (2^28 - 1). */
export const MAX_STRING_BYTE_LENGTH = 0x0fff_ffff;

/** Largest byte length of a list read out of guest memory (2^28 - 1). */
export const MAX_LIST_BYTE_LENGTH = 0x0fff_ffff;

/** Largest size the canonical ABI ever asks `realloc` for with a 32-bit memory (2^32 - 1). */
export const REALLOC_I32_MAX = 0xffff_ffff;

/** The high bit of a `latin1+utf16` string length that marks the string as UTF-16 (32-bit memories). */
export const UTF16_TAG = 0x8000_0000;

/** Largest index of a per-instance handle table (2^28 - 1). */
export const MAX_HANDLE_TABLE_LENGTH = 0x0fff_ffff;

/** The bits of the canonical f32 NaN that the deterministic profile stores for every NaN. */
export const CANONICAL_F32_NAN_BITS = 0x7fc0_0000;

/** The bits of the canonical f64 NaN that the deterministic profile stores for every NaN. */
export const CANONICAL_F64_NAN_BITS = 0x7ff8_0000_0000_0000n;
