/**
 * Bounds-checked access to the guest's linear memory. Every pointer and length from the guest
 * goes through here; anything out of bounds throws `EFAULT`, which becomes the call's errno.
 */

import { decodeUtf8Strict } from '../../util/utf8.js';
import { Errno, sysError } from '../../sys/index.js';

/** Anything with a `buffer` that may be replaced when it grows (`WebAssembly.Memory`, `WasmMemory`). */
export interface MemoryLike {
  readonly buffer: ArrayBuffer;
}

/** A view of guest memory, re-checked against `memory.buffer` on every access. */
export class GuestMemory {
  private memory: MemoryLike | null = null;
  private buf: ArrayBuffer | null = null;
  /** True for a non-shared `WebAssembly.Memory`, whose old buffer is detached when it grows. */
  private detachesOnGrow = false;
  private u8 = new Uint8Array(0);
  private dv = new DataView(new ArrayBuffer(0));

  /** Uses `memory` from now on. */
  bind(memory: MemoryLike): void {
    this.memory = memory;
    this.buf = null;
    this.detachesOnGrow =
      typeof WebAssembly === 'object' && memory instanceof WebAssembly.Memory && memory.buffer instanceof ArrayBuffer;
  }

  /**
   * The current bytes of memory, valid until the next {@link refresh} (for hot paths that check
   * their bounds themselves against its length).
   */
  get uint8(): Uint8Array {
    return this.u8;
  }

  /** The current memory as a `DataView`, like {@link uint8}. */
  get view(): DataView {
    return this.dv;
  }

  /** True once a memory was bound. */
  get bound(): boolean {
    return this.memory !== null;
  }

  /**
   * Makes the views match the memory's current buffer (after `memory.grow` it is a new object).
   * Called at the start of every host function that touches memory.
   */
  refresh(): void {
    // Note: a WebAssembly.Memory detaches its old buffer on every grow (byteLength becomes 0),
    // so a live, non-empty buffer is still current; checking that is cheaper than the getter.
    if (this.detachesOnGrow && this.buf !== null && this.buf.byteLength !== 0) return;
    const m = this.memory;
    if (m === null) throw sysError(Errno.FAULT, 'no guest memory is bound');
    const b = m.buffer;
    if (b !== this.buf) {
      this.buf = b;
      this.u8 = new Uint8Array(b);
      this.dv = new DataView(b);
    }
  }

  /**
   * Throws `EFAULT` unless `[ptr, ptr + len)` lies inside memory. `ptr` is a u32 (a negative i32
   * is reinterpreted); `len` may be a larger computed size, and a negative one is read as a u32.
   */
  check(ptr: number, len: number): void {
    const l = len >= 0 ? len : len >>> 0;
    if ((ptr >>> 0) + l > this.u8.length) throw sysError(Errno.FAULT, `guest range ${ptr >>> 0}+${l} is out of bounds`);
  }

  /** A live view of `len` bytes at `ptr` (valid until the next call into the guest). */
  bytes(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    const p = ptr >>> 0;
    return this.u8.subarray(p, p + (len >>> 0));
  }

  /** Reads a u8. */
  u8At(ptr: number): number {
    this.check(ptr, 1);
    return this.u8[ptr >>> 0]!;
  }

  /** Reads a u16. */
  u16(ptr: number): number {
    this.check(ptr, 2);
    return this.dv.getUint16(ptr >>> 0, true);
  }

  /** Reads a u32. */
  u32(ptr: number): number {
    this.check(ptr, 4);
    return this.dv.getUint32(ptr >>> 0, true);
  }

  /** Reads a u64. */
  u64(ptr: number): bigint {
    this.check(ptr, 8);
    return this.dv.getBigUint64(ptr >>> 0, true);
  }

  /** Writes a u8. */
  setU8(ptr: number, v: number): void {
    this.check(ptr, 1);
    this.u8[ptr >>> 0] = v;
  }

  /** Writes a u16. */
  setU16(ptr: number, v: number): void {
    this.check(ptr, 2);
    this.dv.setUint16(ptr >>> 0, v, true);
  }

  /** Writes a u32. */
  setU32(ptr: number, v: number): void {
    this.check(ptr, 4);
    this.dv.setUint32(ptr >>> 0, v, true);
  }

  /** Writes a u64 given as a bigint (or a safe-integer number). */
  setU64(ptr: number, v: bigint | number): void {
    this.check(ptr, 8);
    this.dv.setBigUint64(ptr >>> 0, typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt(v), true);
  }

  /** Copies `src` into memory at `ptr`. */
  write(ptr: number, src: Uint8Array): void {
    this.check(ptr, src.length);
    this.u8.set(src, ptr >>> 0);
  }

  /** Reads a UTF-8 string; `EILSEQ` when it is not well-formed. */
  string(ptr: number, len: number): string {
    const s = decodeUtf8Strict(this.bytes(ptr, len));
    if (s === null) throw sysError(Errno.ILSEQ, 'string is not valid UTF-8');
    return s;
  }
}
