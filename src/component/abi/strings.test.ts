import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import { ComponentValueError } from './abi-errors.js';
import { LiftLowerContext } from './context.js';
import { ComponentInstanceState } from './instance-state.js';
import { UTF16_TAG } from './limits.js';
import type { StringEncoding } from './options.js';
import { findUtf8Error, loadString, loadStringFromRange, storeString, storeStringIntoRange } from './strings.js';
import { ArrayMemory, BumpAllocator, jsFunc } from './test-kit.js';
import { CanonString } from './values.js';
import { thrown } from '../../../test/support/thrown.js';

function setup(enc: StringEncoding, opts: { canonStrings?: boolean; pages?: number } = {}) {
  const memory = new ArrayMemory(opts.pages ?? 1);
  const alloc = new BumpAllocator(memory, 1024);
  const cx = new LiftLowerContext(
    { instance: new ComponentInstanceState(), memory, realloc: alloc.realloc, stringEncoding: enc },
    { canonStrings: opts.canonStrings ?? false },
  );
  return { memory, alloc, cx, bytes: () => memory.bytes() };
}

const trapOf = (f: () => unknown): Trap => thrown(f, Trap);

/** The bytes of `s` in `enc` (independent of the code under test). */
function encode(s: string, enc: 'utf8' | 'utf16' | 'latin1'): number[] {
  if (enc === 'utf8') return [...Buffer.from(s, 'utf8')];
  if (enc === 'latin1') return [...s].map((c) => c.charCodeAt(0));
  return [...Buffer.from(s, 'utf16le')];
}

describe('loading strings', () => {
  it.each([
    ['utf8', 'a☃🍰', encode('a☃🍰', 'utf8'), 8],
    ['utf16', 'a☃🍰', encode('a☃🍰', 'utf16'), 4],
    ['latin1+utf16', 'grün', encode('grün', 'latin1'), 4],
    ['latin1+utf16', 'a☃🍰', encode('a☃🍰', 'utf16'), 4 + UTF16_TAG],
    ['utf8', '', [], 0],
    ['utf16', '\ufeffbom kept', encode('\ufeffbom kept', 'utf16'), 9],
  ] as const)('%s %j', (enc, text, bytes, units) => {
    const { cx, bytes: mem } = setup(enc);
    mem().set(bytes, 64);
    expect(loadStringFromRange(cx, 64, units)).toBe(text);
  });

  it('lifts CanonStrings that remember the source encoding when asked', () => {
    const { cx, bytes } = setup('latin1+utf16', { canonStrings: true });
    bytes().set(encode('a☃', 'utf16'), 64);
    const s = loadStringFromRange(cx, 64, 2 + UTF16_TAG);
    expect(s).toBeInstanceOf(CanonString);
    expect(s).toEqual(new CanonString('a☃', 'latin1+utf16', 2 + UTF16_TAG));
  });

  it('reads the (pointer, length) pair of load_string', () => {
    const { cx, bytes } = setup('utf8');
    const v = new DataView(bytes().buffer);
    v.setUint32(0, 100, true);
    v.setUint32(4, 2, true);
    bytes().set([0x6f, 0x6b], 100);
    expect(loadString(cx, 0)).toBe('ok');
  });

  it('an empty string may sit anywhere in bounds, including at the very end', () => {
    const { cx } = setup('utf16');
    expect(loadStringFromRange(cx, 65536, 0)).toBe('');
  });

  it.each([
    ['utf8 0xff', 'utf8', [0xff], 1, 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['utf8 truncated', 'utf8', [0x61, 0xc3], 2, 'incomplete utf-8 byte sequence from index 1'],
    ['utf8 truncated 4-byte', 'utf8', [0xf0, 0x9f, 0x8d], 3, 'incomplete utf-8 byte sequence from index 0'],
    ['utf8 overlong', 'utf8', [0xc0, 0x80], 2, 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['utf8 surrogate', 'utf8', [0xed, 0xa0, 0x80], 3, 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['utf8 bad third byte', 'utf8', [0xe2, 0x98, 0x41], 3, 'invalid utf-8 sequence of 2 bytes from index 0'],
    ['utf8 above U+10FFFF', 'utf8', [0xf4, 0x90, 0x80, 0x80], 4, 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['utf16 lone high at end', 'utf16', [0x61, 0, 0x3c, 0xd8], 2, 'invalid utf-16: unpaired surrogate 0xd83c at code unit 1'],
    ['utf16 lone low', 'utf16', [0x70, 0xdf, 0x61, 0], 2, 'invalid utf-16: unpaired surrogate 0xdf70 at code unit 0'],
    ['utf16 high then letter', 'utf16', [0x3c, 0xd8, 0x61, 0], 2, 'invalid utf-16: unpaired surrogate 0xd83c at code unit 0'],
    ['latin1+utf16 tagged lone low', 'latin1+utf16', [0x00, 0xdc], 1 + UTF16_TAG, 'invalid utf-16: unpaired surrogate 0xdc00 at code unit 0'],
  ] as const)('traps on %s', (_name, enc, bytes, units, message) => {
    const { cx, bytes: mem } = setup(enc);
    mem().set(bytes, 64);
    const t = trapOf(() => loadStringFromRange(cx, 64, units));
    expect(t.code).toBe('component trap');
    expect(t.message).toBe(message);
  });

  it.each([
    ['utf8 past the end', 'utf8', 65535, 2, /^string content out-of-bounds: \w[\w ]* pointer\/length out of bounds of memory/],
    ['utf8 wild pointer, empty', 'utf8', 0xdeadbeef, 0, /^string content out-of-bounds: \w[\w ]* pointer\/length out of bounds of memory/],
    ['utf16 misaligned', 'utf16', 65, 1, /^unaligned pointer: string pointer 0x41 is not 2-byte aligned/],
    ['latin1+utf16 misaligned even for latin1', 'latin1+utf16', 65, 1, /^unaligned pointer/],
    ['utf8 too long', 'utf8', 0, 2 ** 28, /^string length too large: 268435456 bytes/],
    ['utf16 too long', 'utf16', 0, 2 ** 27, /^string length too large/],
    ['utf16 length with high bit', 'utf16', 0, 0x8000_0001, /^string length too large/],
    ['latin1+utf16 tagged too long', 'latin1+utf16', 0, UTF16_TAG + 2 ** 27, /^string length too large/],
    ['latin1 length just over the limit', 'latin1+utf16', 0, 2 ** 28, /^string length too large/],
  ] as const)('traps on %s', (_name, enc, ptr, units, message) => {
    const { cx } = setup(enc);
    expect(trapOf(() => loadStringFromRange(cx, ptr, units)).message).toMatch(message);
  });

  it('findUtf8Error agrees with well-formed input', () => {
    expect(findUtf8Error(new Uint8Array(encode('héllo ☃ 🍰', 'utf8')))).toBeNull();
  });
});

describe('storing host strings', () => {
  it.each([
    ['utf8', 'a☃🍰', [1, 8], 8, encode('a☃🍰', 'utf8')],
    ['utf16', 'a☃🍰', [2, 8], 4, encode('a☃🍰', 'utf16')],
    ['latin1+utf16', 'grün', [2, 4], 4, encode('grün', 'latin1')],
    ['latin1+utf16', 'a☃🍰', [2, 8], 4 + UTF16_TAG, encode('a☃🍰', 'utf16')],
    ['utf8', '', [1, 0], 0, []],
  ] as const)('into %s: %j takes one allocation', (enc, text, [align, size], units, bytes) => {
    const { cx, alloc, bytes: mem } = setup(enc);
    const [ptr, tagged] = storeStringIntoRange(cx, text);
    expect(alloc.calls.map((c) => [c.old, c.oldSize, c.align, c.newSize])).toEqual([[0, 0, align, size]]);
    expect(tagged).toBe(units);
    expect([...mem().subarray(ptr, ptr + bytes.length)]).toEqual(bytes);
    expect(loadStringFromRange(cx, ptr, tagged)).toBe(text);
  });

  it('store_string writes the pointer and length', () => {
    const { cx, bytes } = setup('utf8');
    storeString(cx, 'hey', 16);
    const v = new DataView(bytes().buffer);
    expect(v.getUint32(20, true)).toBe(3);
    expect(loadString(cx, 16)).toBe('hey');
  });

  it.each([
    ['lone high surrogate', 'a\ud800b', /lone surrogate 0xd800 at index 1/],
    ['lone low surrogate', '\udc00', /lone surrogate 0xdc00 at index 0/],
    ['a number', 42, /expected a string, got number 42/],
    ['a CanonString whose length lies', new CanonString('abc', 'utf8', 7), /does not match its text/],
    ['a latin1 CanonString holding U+2603', new CanonString('☃', 'latin1+utf16', 1), /does not match its text/],
  ])('refuses %s', (_name, v, message) => {
    const { cx, alloc } = setup('utf8');
    expect(() => storeStringIntoRange(cx, v)).toThrow(ComponentValueError);
    expect(() => storeStringIntoRange(cx, v)).toThrow(message);
    expect(alloc.calls).toEqual([]);
  });

  it('follows memory growth inside realloc', () => {
    const { cx, alloc, memory } = setup('utf16');
    alloc.next = 65536 - 4;
    const text = 'x'.repeat(1000);
    const [ptr, units] = storeStringIntoRange(cx, text);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    expect(loadStringFromRange(cx, ptr, units)).toBe(text);
  });

  it.each([
    ['misaligned', 'utf16', 5, /^realloc return: result not aligned/],
    ['out of bounds', 'utf8', 65530, /content out-of-bounds: realloc return: beyond end of memory/],
    ['u32 max', 'utf8', -1, /content out-of-bounds: realloc return: beyond end of memory/],
  ] as const)('traps when realloc returns a %s pointer', (_name, enc, result, message) => {
    const memory = new ArrayMemory(1);
    const realloc = jsFunc({ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }, () => result);
    const cx = new LiftLowerContext({ instance: new ComponentInstanceState(), memory, realloc, stringEncoding: enc });
    expect(trapOf(() => storeStringIntoRange(cx, 'hello, world')).message).toMatch(message);
  });
});

// Transcoding: a string lifted from memory in one encoding and lowered into another. The realloc
// sequences are those of store_string_into_range in definitions.py, worked out by hand; each
// entry is [old size, alignment, new size] (the old pointer is always the previous result).
type Seq = [number, number, number][];
const A = 'hi'; // ASCII: 2 utf8 bytes, 2 utf16 units
const L = 'grün'; // Latin-1: 5 utf8 bytes, 4 utf16 units
const U = 'a☃🍰'; // beyond Latin-1: 8 utf8 bytes, 4 utf16 units
const pairs: [StringEncoding, StringEncoding, string, Seq, number][] = [
  ['utf8', 'utf8', A, [[0, 1, 2]], 2],
  ['utf8', 'utf8', L, [[0, 1, 5]], 5],
  ['utf8', 'utf8', U, [[0, 1, 8]], 8],
  ['utf16', 'utf8', A, [[0, 1, 2]], 2],
  ['utf16', 'utf8', L, [[0, 1, 4], [4, 1, 12], [12, 1, 5]], 5],
  ['utf16', 'utf8', U, [[0, 1, 4], [4, 1, 12], [12, 1, 8]], 8],
  ['latin1+utf16', 'utf8', A, [[0, 1, 2]], 2],
  ['latin1+utf16', 'utf8', L, [[0, 1, 4], [4, 1, 8], [8, 1, 5]], 5],
  ['latin1+utf16', 'utf8', U, [[0, 1, 4], [4, 1, 12], [12, 1, 8]], 8],
  ['utf8', 'utf16', A, [[0, 2, 4]], 2],
  ['utf8', 'utf16', L, [[0, 2, 10], [10, 2, 8]], 4],
  ['utf8', 'utf16', U, [[0, 2, 16], [16, 2, 8]], 4],
  ['utf16', 'utf16', A, [[0, 2, 4]], 2],
  ['utf16', 'utf16', L, [[0, 2, 8]], 4],
  ['utf16', 'utf16', U, [[0, 2, 8]], 4],
  ['latin1+utf16', 'utf16', A, [[0, 2, 4]], 2],
  ['latin1+utf16', 'utf16', L, [[0, 2, 8]], 4],
  ['latin1+utf16', 'utf16', U, [[0, 2, 8]], 4],
  ['utf8', 'latin1+utf16', A, [[0, 2, 2]], 2],
  ['utf8', 'latin1+utf16', L, [[0, 2, 5], [5, 2, 4]], 4],
  ['utf8', 'latin1+utf16', U, [[0, 2, 8], [8, 2, 16], [16, 2, 8]], 4 + UTF16_TAG],
  ['utf16', 'latin1+utf16', A, [[0, 2, 2]], 2],
  ['utf16', 'latin1+utf16', L, [[0, 2, 4]], 4],
  ['utf16', 'latin1+utf16', U, [[0, 2, 4], [4, 2, 8]], 4 + UTF16_TAG],
  ['latin1+utf16', 'latin1+utf16', A, [[0, 2, 2]], 2],
  ['latin1+utf16', 'latin1+utf16', L, [[0, 2, 4]], 4],
  ['latin1+utf16', 'latin1+utf16', U, [[0, 2, 8]], 4 + UTF16_TAG],
];

/** The bytes and tagged length a guest using `enc` would store `s` with (the compact form). */
function guestForm(s: string, enc: StringEncoding): { bytes: number[]; units: number } {
  if (enc === 'utf8') return { bytes: encode(s, 'utf8'), units: encode(s, 'utf8').length };
  if (enc === 'utf16') return { bytes: encode(s, 'utf16'), units: s.length };
  if ([...s].every((c) => c.charCodeAt(0) < 256)) return { bytes: encode(s, 'latin1'), units: s.length };
  return { bytes: encode(s, 'utf16'), units: s.length + UTF16_TAG };
}

describe('transcoding between all nine encoding pairs', () => {
  it.each(pairs)('%s -> %s: %j', (from, to, text, seq, units) => {
    const src = setup(from, { canonStrings: true });
    const g = guestForm(text, from);
    src.bytes().set(g.bytes, 64);
    const lifted = loadStringFromRange(src.cx, 64, g.units);

    const dst = setup(to);
    const [ptr, tagged] = storeStringIntoRange(dst.cx, lifted);
    expect(dst.alloc.calls.map((c) => [c.oldSize, c.align, c.newSize])).toEqual(seq);
    dst.alloc.calls.forEach((c, i) => expect(c.old).toBe(i === 0 ? 0 : dst.alloc.calls[i - 1]!.result));
    expect(ptr).toBe(dst.alloc.calls.at(-1)!.result);
    expect(tagged).toBe(units);
    const expected = guestForm(text, to);
    expect([...dst.bytes().subarray(ptr, ptr + expected.bytes.length)]).toEqual(expected.bytes);
    expect(loadStringFromRange(dst.cx, ptr, tagged)).toBe(text);
  });

  it('latin1+utf16 tagged UTF-16 whose content fits Latin-1 is compressed and shrunk', () => {
    const dst = setup('latin1+utf16');
    const [ptr, units] = storeStringIntoRange(dst.cx, new CanonString('AB', 'latin1+utf16', 2 + UTF16_TAG));
    expect(dst.alloc.calls.map((c) => [c.oldSize, c.align, c.newSize])).toEqual([
      [0, 2, 4],
      [4, 1, 2],
    ]);
    expect(units).toBe(2);
    expect([...dst.bytes().subarray(ptr, ptr + 2)]).toEqual([0x41, 0x42]);
  });

  it('utf8 -> latin1+utf16 widens the Latin-1 prefix in place', () => {
    const dst = setup('latin1+utf16');
    const text = 'ÿé☃';
    const [ptr, units] = storeStringIntoRange(dst.cx, new CanonString(text, 'utf8', 7));
    expect(units).toBe(3 + UTF16_TAG);
    expect([...dst.bytes().subarray(ptr, ptr + 6)]).toEqual(encode(text, 'utf16'));
  });

  it('the growing realloc is bounds-checked', () => {
    const memory = new ArrayMemory(1);
    let n = 0;
    const realloc = jsFunc({ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }, () => (n++ === 0 ? 64 : 65532));
    const cx = new LiftLowerContext({ instance: new ComponentInstanceState(), memory, realloc, stringEncoding: 'utf8' });
    const t = trapOf(() => storeStringIntoRange(cx, new CanonString('a☃', 'utf16', 2)));
    expect(t.message).toMatch(/content out-of-bounds: realloc return: beyond end of memory/);
    expect(n).toBe(2);
  });

  it('the shrinking realloc is alignment-checked', () => {
    const memory = new ArrayMemory(1);
    let n = 0;
    const realloc = jsFunc({ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }, () => (n++ === 0 ? 64 : 65));
    const cx = new LiftLowerContext({ instance: new ComponentInstanceState(), memory, realloc, stringEncoding: 'utf16' });
    const t = trapOf(() => storeStringIntoRange(cx, new CanonString('grün', 'utf8', 5)));
    expect(t.message).toMatch(/^realloc return: result not aligned/);
  });

  it('realloc runs with may_leave cleared', () => {
    const memory = new ArrayMemory(1);
    const instance = new ComponentInstanceState();
    const seen: boolean[] = [];
    const realloc = jsFunc({ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }, () => {
      seen.push(instance.mayLeave);
      return 64;
    });
    const cx = new LiftLowerContext({ instance, memory, realloc });
    storeStringIntoRange(cx, 'x');
    expect(seen).toEqual([false]);
    expect(instance.mayLeave).toBe(true);
  });
});
