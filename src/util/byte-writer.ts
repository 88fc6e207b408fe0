/** A growable byte buffer with LEB128 and IEEE-754 writers, used by the encoder and text front end. */

import { encodeUtf8 } from './utf8.js';

/** Appends bytes to a growable buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  /** Bytes written so far. */
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b & 0xff;
    return this;
  }

  bytes(b: ArrayLike<number>): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Unsigned LEB128 (value must fit in 32 bits). */
  u32(v: number): this {
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.u8(b);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a 32-bit (or 33-bit) integer given as a number. */
  s32(v: number): this {
    // Note: works for any safe integer, so it also serves s33 block type indices.
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(v: bigint): this {
    v = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  /** Little-endian 32-bit word (f32 bits). */
  u32Fixed(v: number): this {
    return this.u8(v).u8(v >>> 8).u8(v >>> 16).u8(v >>> 24);
  }

  /** Little-endian 64-bit word (f64 bits). */
  u64Fixed(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    this.u32Fixed(Number(u & 0xffffffffn));
    return this.u32Fixed(Number(u >> 32n));
  }

  /** A length-prefixed UTF-8 string. */
  name(s: string): this {
    const b = encodeUtf8(s);
    return this.u32(b.length).bytes(b);
  }

  /** A length-prefixed byte vector. */
  sized(content: Uint8Array): this {
    return this.u32(content.length).bytes(content);
  }

  /** The written bytes (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
