/**
 * The byte buffer the text parser emits instruction bytes into. Unlike the general
 * `ByteWriter` it exposes cheap truncation and slicing, which folded instructions need: their
 * opcode and immediates are parsed before their operands but must be emitted after them.
 */

/** A growable byte buffer with LEB128 and little-endian writers, truncation and slicing. */
export class CodeWriter {
  private buf = new Uint8Array(1024);
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

  /** Appends one byte. */
  u8(b: number): void {
    if (this.length === this.buf.length) this.ensure(1);
    this.buf[this.length++] = b & 0xff;
  }

  /** Appends raw bytes. */
  bytes(b: ArrayLike<number>): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Unsigned LEB128 of a 32-bit value. */
  u32(v: number): void {
    v >>>= 0;
    if (v < 0x80) {
      this.u8(v);
      return;
    }
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.u8(b);
    } while (v !== 0);
  }

  /** Signed LEB128 of an integer given as a number (32-bit values and s33 type indices). */
  s32(v: number): void {
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(v: bigint): void {
    v = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }

  /** A little-endian 32-bit word. */
  u32Fixed(v: number): void {
    this.u8(v);
    this.u8(v >>> 8);
    this.u8(v >>> 16);
    this.u8(v >>> 24);
  }

  /** A little-endian 64-bit word. */
  u64Fixed(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.u32Fixed(Number(u & 0xffffffffn));
    this.u32Fixed(Number(u >> 32n));
  }

  /** An opcode: one byte, or a prefix byte and a LEB128 sub-opcode (see `opcodes.ts`). */
  op(code: number): void {
    if (code > 0xff) {
      this.u8(code >> 8);
      this.u32(code & 0xff);
    } else this.u8(code);
  }

  /** A copy of bytes `[from, length)`. */
  copyFrom(from: number): Uint8Array {
    return this.buf.slice(from, this.length);
  }

  /** Drops everything after the first `length` bytes. */
  truncate(length: number): void {
    this.length = length;
  }

  /** The byte at `index` (which must be below `length`). */
  at(index: number): number {
    return this.buf[index]!;
  }

  /** The written bytes (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
