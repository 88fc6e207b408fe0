/**
 * A bounds-checked cursor over bytes that throws {@link CompileError} with the offset and the
 * spec's messages ("unexpected end", "integer representation too long", "integer too large").
 */

import { CompileError } from '../api/errors.js';
import { decodeUtf8Strict } from './utf8.js';

/** Reads LEB128 integers, fixed-width floats and names from a byte range. */
export class ByteReader {
  /** Current absolute position. */
  pos: number;
  /** Absolute end (exclusive) of the readable range. */
  end: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
    /** Message used when reading past `end` ("unexpected end", or "unexpected end of section or function"). */
    public eofMessage = 'unexpected end',
  ) {
    this.pos = start;
    this.end = end;
  }

  /** Throws a CompileError at `offset` (default: the current position). */
  fail(message: string, offset = this.pos): never {
    throw new CompileError(message, offset);
  }

  /** True when no bytes are left. */
  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Bytes left before `end`. */
  remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail(this.eofMessage);
    return this.bytes[this.pos++]!;
  }

  /** Peeks at the next byte without consuming it, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.bytes[this.pos]! : -1;
  }

  /** Unsigned LEB128, at most 32 bits (returned as a non-negative number). */
  u32(): number {
    // Note: fast path for the common one-byte case.
    if (this.pos < this.end) {
      const b = this.bytes[this.pos]!;
      if (b < 0x80) {
        this.pos++;
        return b;
      }
    }
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        if (b & 0x70) this.fail('integer too large', start);
        return (result + b * 2 ** 28) >>> 0;
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) return result >>> 0;
    }
  }

  /** Signed LEB128 of at most 32 bits. */
  s32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // The unused high bits must be a sign extension of bit 31.
        const high = b & 0x78; // bits 3..6 of the last byte hold bits 31..34
        if (high !== 0 && high !== 0x78) this.fail('integer too large', start);
        return result | (b << 28);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < 32 && b & 0x40) result |= -1 << shift;
        return result;
      }
    }
  }

  /** Signed LEB128 of at most 33 bits (block types). Returned as a number. */
  s33(): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        const high = b & 0x70; // bits 4..6 must extend bit 32 (bit 4 of this byte... within 33 bits)
        const sign = b & 0x10;
        if (sign ? high !== 0x70 : high !== 0) this.fail('integer too large', start);
        result += (b & 0x1f) * mul;
        return sign ? result - 2 ** 33 : result;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) {
        if (b & 0x40) result -= mul;
        return result;
      }
    }
  }

  /** The high word of the value last read by {@link s64Words}. */
  hiWord = 0;

  /**
   * Signed LEB128 of at most 64 bits as two 32-bit words, without a bigint: returns the low word
   * (signed) and leaves the high word in {@link hiWord}. Errors: "integer representation too
   * long", "integer too large" (a tenth byte that does more than extend the sign), end of input.
   * Note: for hot paths that only need the bits (the interpreter's constant pool); V8 20's optimizing
   * compiler has crashed on bigint phis in such loops.
   */
  s64Words(): number {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.u8();
      if (shift === 63) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // Bit 0 of the last byte is bit 63; bits 1..6 must equal it.
        const high = b & 0x7f;
        if (high !== 0 && high !== 0x7f) this.fail('integer too large', start);
        this.hiWord = hi | ((b & 1) << 31);
        return lo | 0;
      }
      const v = b & 0x7f;
      if (shift < 32) {
        lo |= v << shift;
        if (shift > 25) hi |= v >>> (32 - shift);
      } else {
        hi |= v << (shift - 32);
      }
      if (!(b & 0x80)) {
        const next = shift + 7;
        if (b & 0x40) {
          // Sign-extend from bit `next`.
          if (next < 32) {
            lo |= -1 << next;
            hi = -1;
          } else {
            hi |= -1 << (next - 32);
          }
        }
        this.hiWord = hi | 0;
        return lo | 0;
      }
    }
  }

  /** Signed LEB128 of at most 64 bits, as a bigint (decoded by {@link s64Words}). */
  s64(): bigint {
    const lo = this.s64Words();
    return (BigInt(this.hiWord) << 32n) | BigInt(lo >>> 0);
  }

  /** Raw bits of a little-endian f32 (unsigned 32-bit number). */
  f32Bits(): number {
    if (this.end - this.pos < 4) {
      this.pos = this.end;
      this.fail(this.eofMessage);
    }
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** Raw bits of a little-endian f64 (unsigned 64-bit bigint). */
  f64Bits(): bigint {
    if (this.end - this.pos < 8) {
      this.pos = this.end;
      this.fail(this.eofMessage);
    }
    const lo = this.f32Bits();
    const hi = this.f32Bits();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `n` raw bytes (a view, not a copy). */
  take(n: number): Uint8Array {
    if (n > this.end - this.pos) {
      this.fail(this.eofMessage);
    }
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A length-prefixed UTF-8 name ("malformed UTF-8 encoding" when ill-formed). */
  name(): string {
    const start = this.pos;
    const len = this.u32();
    if (len > this.end - this.pos) this.fail(this.eofMessage, start);
    const s = decodeUtf8Strict(this.take(len));
    if (s === null) this.fail('malformed UTF-8 encoding', start);
    return s;
  }
}
