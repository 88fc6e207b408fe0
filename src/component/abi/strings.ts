/**
 * Strings in guest memory (CanonicalABI.md `load_string`, `store_string` and the transcoding
 * functions): reading them in the three encodings with every validity check, and writing them
 * with the allocation sequence the specification prescribes for each pair of source and
 * destination encodings (a first allocation, a growing `realloc` to the worst case when needed, a
 * shrinking `realloc` to the exact size).
 */

import { decodeUtf8Strict, encodeUtf8, utf8Length } from '../../util/utf8.js';
import { ComponentValueError, componentTrap, describe, hex } from './abi-errors.js';
import type { LiftLowerContext } from './context.js';
import { PTR_SIZE } from './layout.js';
import { MAX_STRING_BYTE_LENGTH, UTF16_TAG } from './limits.js';
import type { StringEncoding } from './options.js';
import { CanonString } from './values.js';

/** The encoding of one stored string once the `latin1+utf16` tag is resolved. */
type SimpleEncoding = 'utf8' | 'utf16' | 'latin1';

/** Where a string to be stored comes from: text, source encoding and its tagged code units. */
interface StringSource {
  readonly text: string;
  readonly encoding: StringEncoding;
  readonly taggedCodeUnits: number;
}

const CHUNK = 0x2000;

/** Index of the first lone surrogate in `s`, or -1 when `s` is well-formed UTF-16. */
export function findLoneSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/**
 * Locates the first UTF-8 error in `b`: its byte index and the length of the invalid sequence,
 * or `null` as length when the input ends in the middle of a sequence. Returns `null` when valid.
 */
export function findUtf8Error(b: Uint8Array): { index: number; length: number | null } | null {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const w = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (w === 0) return { index: i, length: 1 };
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (i + 1 >= n) return { index: i, length: null };
    if (b[i + 1]! < lo || b[i + 1]! > hi) return { index: i, length: 1 };
    for (let k = 2; k < w; k++) {
      if (i + k >= n) return { index: i, length: null };
      if ((b[i + k]! & 0xc0) !== 0x80) return { index: i, length: k };
    }
    i += w;
  }
  return null;
}

function decodeUtf8(bytes: Uint8Array): string {
  const s = decodeUtf8Strict(bytes);
  if (s !== null) return s;
  const e = findUtf8Error(bytes) ?? { index: 0, length: 1 };
  throw componentTrap(
    e.length === null
      ? `incomplete utf-8 byte sequence from index ${e.index}`
      : `invalid utf-8 sequence of ${e.length} bytes from index ${e.index}`,
  );
}

function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

function decodeUtf16(view: DataView, ptr: number, units: number): string {
  let codes: number[] = [];
  let s = '';
  let pendingHigh = -1;
  for (let i = 0; i < units; i++) {
    const u = view.getUint16(ptr + 2 * i, true);
    if (pendingHigh >= 0) {
      if (u < 0xdc00 || u > 0xdfff) {
        throw componentTrap(`invalid utf-16: unpaired surrogate ${hex(pendingHigh)} at code unit ${i - 1}`);
      }
      pendingHigh = -1;
    } else if (u >= 0xd800 && u <= 0xdbff) pendingHigh = u;
    else if (u >= 0xdc00 && u <= 0xdfff) throw componentTrap(`invalid utf-16: unpaired surrogate ${hex(u)} at code unit ${i}`);
    codes.push(u);
    // Note: flush only between code points so a surrogate pair never straddles two chunks.
    if (codes.length >= CHUNK && pendingHigh < 0) {
      s += String.fromCharCode.apply(null, codes);
      codes = [];
    }
  }
  if (pendingHigh >= 0) throw componentTrap(`invalid utf-16: unpaired surrogate ${hex(pendingHigh)} at code unit ${units - 1}`);
  if (codes.length > 0) s += String.fromCharCode.apply(null, codes);
  return s;
}

/**
 * `load_string_from_range`: the string of `taggedCodeUnits` code units at `ptr` in the context's
 * encoding. Traps when it is too long, misaligned, out of bounds or not well-formed.
 */
export function loadStringFromRange(cx: LiftLowerContext, ptr: number, taggedCodeUnits: number): string | CanonString {
  let alignment: number;
  let byteLength: number;
  let kind: SimpleEncoding;
  switch (cx.encoding) {
    case 'utf8':
      alignment = 1;
      byteLength = taggedCodeUnits;
      kind = 'utf8';
      break;
    case 'utf16':
      alignment = 2;
      byteLength = 2 * taggedCodeUnits;
      kind = 'utf16';
      break;
    case 'latin1+utf16':
      alignment = 2;
      if (taggedCodeUnits >= UTF16_TAG) {
        byteLength = 2 * (taggedCodeUnits - UTF16_TAG);
        kind = 'utf16';
      } else {
        byteLength = taggedCodeUnits;
        kind = 'latin1';
      }
      break;
  }
  if (byteLength > MAX_STRING_BYTE_LENGTH) {
    throw componentTrap(`string length too large: ${byteLength} bytes exceeds the limit of ${MAX_STRING_BYTE_LENGTH}`);
  }
  cx.checkRange('string', ptr, alignment, byteLength);
  const mem = cx.memory;
  let text: string;
  if (kind === 'utf8') text = decodeUtf8(mem.bytes().subarray(ptr, ptr + byteLength));
  else if (kind === 'latin1') text = decodeLatin1(mem.bytes().subarray(ptr, ptr + byteLength));
  else text = decodeUtf16(mem.view(), ptr, byteLength / 2);
  return cx.canonStrings ? new CanonString(text, cx.encoding, taggedCodeUnits) : text;
}

/** `load_string`: the string whose (pointer, tagged length) pair is stored at `ptr`. */
export function loadString(cx: LiftLowerContext, ptr: number): string | CanonString {
  const mem = cx.memory;
  const begin = mem.loadUint(ptr, 4);
  const units = mem.loadUint(ptr + PTR_SIZE, 4);
  return loadStringFromRange(cx, begin, units);
}

/** `store_string`: stores `v` via {@link storeStringIntoRange} and writes its (pointer, length) at `ptr`. */
export function storeString(cx: LiftLowerContext, v: unknown, ptr: number): void {
  const [begin, units] = storeStringIntoRange(cx, v);
  const mem = cx.memory;
  mem.storeUint(ptr, 4, begin);
  mem.storeUint(ptr + PTR_SIZE, 4, units);
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

function codeUnits(s: string, enc: SimpleEncoding): number {
  return enc === 'utf8' ? utf8Length(s) : s.length;
}

/**
 * The source of a string to store. A {@link CanonString} keeps its own; a plain host string is
 * taken to be encoded the way the destination wants it (UTF-8 for utf8, UTF-16 for utf16, Latin-1
 * or UTF-16 for latin1+utf16), which the specification allows the host to choose and which gives
 * exactly one `realloc` call per string.
 */
function sourceOf(cx: LiftLowerContext, v: unknown): StringSource {
  if (v instanceof CanonString) {
    const text = v.value;
    let simple: SimpleEncoding;
    let units = v.taggedCodeUnits;
    if (v.encoding === 'latin1+utf16') {
      if (units >= UTF16_TAG) {
        simple = 'utf16';
        units -= UTF16_TAG;
      } else simple = 'latin1';
    } else simple = v.encoding;
    // Note: the code units must match the text exactly, or the copy would write past its allocation.
    const bad = findLoneSurrogate(text);
    if (bad >= 0 || (simple === 'latin1' && !isLatin1(text)) || codeUnits(text, simple) !== units) {
      throw new ComponentValueError(`CanonString of ${units} ${v.encoding} code units does not match its text`);
    }
    return { text, encoding: v.encoding, taggedCodeUnits: v.taggedCodeUnits };
  }
  if (typeof v !== 'string') throw new ComponentValueError(`expected a string, got ${describe(v)}`);
  const bad = findLoneSurrogate(v);
  if (bad >= 0) {
    throw new ComponentValueError(
      `string is not valid Unicode: lone surrogate ${hex(v.charCodeAt(bad))} at index ${bad} (component strings hold Unicode scalar values)`,
    );
  }
  let source: StringSource;
  let bytes: number;
  switch (cx.encoding) {
    case 'utf8':
      bytes = utf8Length(v);
      source = { text: v, encoding: 'utf8', taggedCodeUnits: bytes };
      break;
    case 'utf16':
      bytes = 2 * v.length;
      source = { text: v, encoding: 'utf16', taggedCodeUnits: v.length };
      break;
    case 'latin1+utf16':
      if (isLatin1(v)) {
        bytes = v.length;
        source = { text: v, encoding: 'latin1+utf16', taggedCodeUnits: v.length };
      } else {
        bytes = 2 * v.length;
        source = { text: v, encoding: 'latin1+utf16', taggedCodeUnits: v.length + UTF16_TAG };
      }
      break;
  }
  if (bytes > MAX_STRING_BYTE_LENGTH) {
    throw new ComponentValueError(`string too long: ${bytes} bytes exceeds the canonical ABI limit of ${MAX_STRING_BYTE_LENGTH}`);
  }
  return source;
}

/**
 * `store_string_into_range`: allocates guest memory with `realloc`, writes `v` (a `string` or a
 * {@link CanonString}) in the context's encoding, and returns its pointer and tagged length.
 */
export function storeStringIntoRange(cx: LiftLowerContext, v: unknown): [number, number] {
  const src = sourceOf(cx, v);
  let simple: SimpleEncoding;
  let units: number;
  if (src.encoding === 'latin1+utf16') {
    if (src.taggedCodeUnits >= UTF16_TAG) {
      simple = 'utf16';
      units = src.taggedCodeUnits - UTF16_TAG;
    } else {
      simple = 'latin1';
      units = src.taggedCodeUnits;
    }
  } else {
    simple = src.encoding;
    units = src.taggedCodeUnits;
  }
  const text = src.text;
  switch (cx.encoding) {
    case 'utf8':
      if (simple === 'utf8') return storeCopy(cx, text, units, 1, 1, 'utf8');
      return storeToUtf8(cx, text, units, simple === 'utf16' ? units * 3 : units * 2);
    case 'utf16':
      if (simple === 'utf8') return storeUtf8ToUtf16(cx, text, units);
      return storeCopy(cx, text, units, 2, 2, 'utf16');
    case 'latin1+utf16':
      if (src.encoding !== 'latin1+utf16') return storeToLatin1OrUtf16(cx, text, units);
      if (simple === 'latin1') return storeCopy(cx, text, units, 1, 2, 'latin1');
      return storeProbablyUtf16ToLatin1OrUtf16(cx, text, units);
  }
}

function writeUtf16(cx: LiftLowerContext, ptr: number, text: string, from: number): void {
  const view = cx.memory.view();
  for (let i = from; i < text.length; i++) view.setUint16(ptr + 2 * i, text.charCodeAt(i), true);
}

function writeLatin1(cx: LiftLowerContext, ptr: number, text: string): void {
  const bytes = cx.memory.bytes();
  for (let i = 0; i < text.length; i++) bytes[ptr + i] = text.charCodeAt(i);
}

/** `store_string_copy`: one allocation of exactly the destination size, then a copy. */
function storeCopy(
  cx: LiftLowerContext,
  text: string,
  units: number,
  unitSize: number,
  alignment: number,
  dst: SimpleEncoding,
): [number, number] {
  const byteLength = unitSize * units;
  const ptr = cx.allocate(alignment, byteLength);
  cx.checkAllocation(ptr, alignment, byteLength, 'string');
  if (dst === 'utf8') cx.memory.write(ptr, encodeUtf8(text));
  else if (dst === 'utf16') writeUtf16(cx, ptr, text, 0);
  else writeLatin1(cx, ptr, text);
  return [ptr, units];
}

/**
 * `store_string_to_utf8` (from UTF-16 or Latin-1): optimistically allocates one byte per code
 * unit and copies ASCII; at the first non-ASCII code point grows to `worstCase` and finishes,
 * then shrinks to the exact size.
 */
function storeToUtf8(cx: LiftLowerContext, text: string, units: number, worstCase: number): [number, number] {
  let ptr = cx.allocate(1, units);
  cx.checkAllocation(ptr, 1, units, 'string');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      cx.memory.bytes()[ptr + i] = c;
      continue;
    }
    ptr = cx.reallocate(ptr, units, 1, worstCase);
    cx.checkAllocation(ptr, 1, worstCase, 'string');
    // Note: everything before i is ASCII, so code point index i is also byte offset i.
    const rest = encodeUtf8(text.slice(i));
    cx.memory.write(ptr + i, rest);
    const total = i + rest.length;
    if (worstCase > total) {
      ptr = cx.reallocate(ptr, worstCase, 1, total);
      cx.checkAllocation(ptr, 1, total, 'string');
    }
    return [ptr, total];
  }
  return [ptr, units];
}

/** `store_utf8_to_utf16`: allocates two bytes per UTF-8 byte, writes UTF-16, shrinks to fit. */
function storeUtf8ToUtf16(cx: LiftLowerContext, text: string, units: number): [number, number] {
  const worstCase = 2 * units;
  let ptr = cx.allocate(2, worstCase);
  cx.checkAllocation(ptr, 2, worstCase, 'string');
  writeUtf16(cx, ptr, text, 0);
  const len = 2 * text.length;
  if (len < worstCase) {
    ptr = cx.reallocate(ptr, worstCase, 2, len);
    cx.checkAllocation(ptr, 2, len, 'string');
  }
  return [ptr, text.length];
}

/**
 * `store_string_to_latin1_or_utf16` (from UTF-8 or UTF-16): writes Latin-1 while every code point
 * fits a byte; at the first that does not, grows to the UTF-16 worst case, widens what was
 * written in place, finishes in UTF-16 (tagged) and shrinks. An all-Latin-1 string is shrunk to
 * its exact size.
 */
function storeToLatin1OrUtf16(cx: LiftLowerContext, text: string, units: number): [number, number] {
  let ptr = cx.allocate(2, units);
  cx.checkAllocation(ptr, 2, units, 'string');
  let written = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x100) {
      cx.memory.bytes()[ptr + written] = c;
      written++;
      continue;
    }
    const worstCase = 2 * units;
    ptr = cx.reallocate(ptr, units, 2, worstCase);
    cx.checkAllocation(ptr, 2, worstCase, 'string');
    const bytes = cx.memory.bytes();
    for (let j = written - 1; j >= 0; j--) {
      bytes[ptr + 2 * j] = bytes[ptr + j]!;
      bytes[ptr + 2 * j + 1] = 0;
    }
    // Note: the Latin-1 prefix is all BMP, so `written` is also its length in UTF-16 code units.
    writeUtf16(cx, ptr, text, written);
    const len = 2 * text.length;
    if (worstCase > len) {
      ptr = cx.reallocate(ptr, worstCase, 2, len);
      cx.checkAllocation(ptr, 2, len, 'string');
    }
    return [ptr, text.length + UTF16_TAG];
  }
  if (written < units) {
    ptr = cx.reallocate(ptr, units, 2, written);
    cx.checkAllocation(ptr, 2, written, 'string');
  }
  return [ptr, written];
}

/**
 * `store_probably_utf16_to_latin1_or_utf16` (from tagged UTF-16 of latin1+utf16): copies the
 * UTF-16; if every code point fits Latin-1 after all, compresses in place and shrinks.
 */
function storeProbablyUtf16ToLatin1OrUtf16(cx: LiftLowerContext, text: string, units: number): [number, number] {
  const srcByteLength = 2 * units;
  let ptr = cx.allocate(2, srcByteLength);
  cx.checkAllocation(ptr, 2, srcByteLength, 'string');
  writeUtf16(cx, ptr, text, 0);
  if (!isLatin1(text)) return [ptr, text.length + UTF16_TAG];
  const latin1Size = text.length;
  const bytes = cx.memory.bytes();
  for (let i = 0; i < latin1Size; i++) bytes[ptr + i] = bytes[ptr + 2 * i]!;
  ptr = cx.reallocate(ptr, srcByteLength, 1, latin1Size);
  cx.checkAllocation(ptr, 1, latin1Size, 'string');
  return [ptr, latin1Size];
}
