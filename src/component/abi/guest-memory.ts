/**
 * Little-endian access to a guest's linear memory that always reads the memory's current buffer:
 * `realloc` (guest code) may grow the memory in the middle of lowering a value, which replaces the
 * buffer, so views are re-created whenever the buffer object changes. Callers bounds-check first
 * (the canonical ABI traps with its own messages); these accessors only read and write.
 */

import type { WasmMemory } from '../../api/values.js';

/** A view of a guest memory that follows its growth. */
export class GuestMemory {
  readonly #memory: WasmMemory;
  #buffer: ArrayBuffer | null = null;
  #bytes: Uint8Array = new Uint8Array(0);
  #view: DataView = new DataView(new ArrayBuffer(0));

  constructor(memory: WasmMemory) {
    this.#memory = memory;
  }

  /** The memory this view reads. */
  get memory(): WasmMemory {
    return this.#memory;
  }

  #refresh(): void {
    const b = this.#memory.buffer;
    if (b !== this.#buffer) {
      this.#buffer = b;
      this.#bytes = new Uint8Array(b);
      this.#view = new DataView(b);
    }
  }

  /** The current size of the memory in bytes. */
  get byteLength(): number {
    return this.#memory.buffer.byteLength;
  }

  /** The whole memory as bytes (valid until the next call into the guest). */
  bytes(): Uint8Array {
    this.#refresh();
    return this.#bytes;
  }

  /** The whole memory as a DataView (valid until the next call into the guest). */
  view(): DataView {
    this.#refresh();
    return this.#view;
  }

  /** Reads an unsigned little-endian integer of `size` bytes (1, 2 or 4). */
  loadUint(ptr: number, size: 1 | 2 | 4): number {
    const v = this.view();
    return size === 1 ? v.getUint8(ptr) : size === 2 ? v.getUint16(ptr, true) : v.getUint32(ptr, true);
  }

  /** Writes an unsigned little-endian integer of `size` bytes (1, 2 or 4). */
  storeUint(ptr: number, size: 1 | 2 | 4, value: number): void {
    const v = this.view();
    if (size === 1) v.setUint8(ptr, value);
    else if (size === 2) v.setUint16(ptr, value, true);
    else v.setUint32(ptr, value, true);
  }

  /** Copies `src` into memory at `ptr`. */
  write(ptr: number, src: Uint8Array): void {
    this.bytes().set(src, ptr);
  }

  /** A copy of `length` bytes at `ptr`. */
  read(ptr: number, length: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + length);
  }
}
