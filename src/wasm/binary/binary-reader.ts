/**
 * The byte reader of the module decoder: LEB128 and names with the exact rules (and messages) of
 * the Wasm binary format, plus the small type encodings shared by several sections.
 */

import type { GlobalType, Limits, MemoryType, RefType, TableType, ValType } from '../../api/types.js';
import { ByteReader } from '../../util/byte-reader.js';
import { decodeUtf8Strict } from '../../util/utf8.js';
import { VALTYPE_BY_CODE } from '../module.js';
import { limitsFlagFeature, typeByteFeature, withFeature } from './features.js';

/**
 * A reader over a whole module binary.
 *
 * Note: like the spec's reference decoder, the reader's range is the whole module, not the current
 * section. A section or function body that runs past its declared size is then caught by the size
 * check afterwards ("section size mismatch"), and the messages of truncated or overlong entries are
 * the ones the spec tests expect ("length out of bounds", "END opcode expected", ...).
 */
export class BinaryReader extends ByteReader {
  constructor(bytes: Uint8Array) {
    super(bytes, 0, bytes.length, 'unexpected end of section or function');
  }

  /**
   * A u32 length or count that cannot exceed the bytes left after it ("length out of bounds").
   * Every vector count goes through here, so no decoder loop can run longer than the input.
   */
  len32(): number {
    const at = this.pos;
    const n = this.u32();
    if (n > this.end - at) this.fail('length out of bounds', at);
    return n;
  }

  /** A one-bit flag encoded as an unsigned LEB128 (`u1`): 0 or 1. */
  u1(): number {
    const at = this.pos;
    const b = this.u8();
    if ((b & 0x7f) > 1) this.fail('integer too large', at);
    if (b & 0x80) this.fail('integer representation too long', at);
    return b;
  }

  /** A length-prefixed UTF-8 name ("malformed UTF-8 encoding" when ill-formed). */
  override name(): string {
    const at = this.pos;
    const n = this.len32();
    const s = decodeUtf8Strict(this.take(n));
    if (s === null) this.fail('malformed UTF-8 encoding', at);
    return s;
  }

  /** A value type byte ("malformed value type", naming the proposal for post-2.0 types). */
  valType(): ValType {
    const at = this.pos;
    const b = this.u8();
    const t = VALTYPE_BY_CODE.get(b);
    if (t === undefined) this.badTypeByte(b, at);
    return t;
  }

  /** A reference type byte ("malformed reference type" otherwise). */
  refType(): RefType {
    const at = this.pos;
    const b = this.u8();
    if (b === 0x70) return 'funcref';
    if (b === 0x6f) return 'externref';
    this.badTypeByte(b, at, 'malformed reference type');
  }

  /** The form byte of a function type (0x60). */
  funcTypeForm(): void {
    const at = this.pos;
    const b = this.u8();
    if (b !== 0x60) this.badTypeByte(b, at, 'malformed function type');
  }

  /**
   * Fails for a byte that is not a valid type encoding.
   * Note: type encodings are one-byte signed LEB128s (s7), so a continuation bit is reported as
   * an overlong integer, as the reference decoder does.
   */
  private badTypeByte(b: number, at: number, message = 'malformed value type'): never {
    if (b & 0x80) this.fail('integer representation too long', at);
    this.fail(withFeature(message, typeByteFeature(b)), at);
  }

  /**
   * Limits: a u1 flag (max present), min, and max. `kind` selects the proposal named when the flag
   * uses post-2.0 bits (shared memories, 64-bit indices, custom page sizes).
   */
  limits(kind: 'memory' | 'table'): Limits {
    const at = this.pos;
    const b = this.peek();
    if (b >= 0 && (b & 0x7f) > 1) this.fail(withFeature('integer too large', limitsFlagFeature(kind, b)), at);
    const hasMax = this.u1();
    const min = this.u32();
    if (!hasMax) return { min };
    const max = this.u32();
    return { min, max };
  }

  /** A table type: reference type, then limits. */
  tableType(): TableType {
    const elemType = this.refType();
    return { elemType, limits: this.limits('table') };
  }

  /** A memory type: limits in pages. */
  memoryType(): MemoryType {
    return { limits: this.limits('memory') };
  }

  /** A global type: value type, then a mutability byte ("malformed mutability" unless 0 or 1). */
  globalType(): GlobalType {
    const valType = this.valType();
    const at = this.pos;
    const m = this.u8();
    if (m > 1) this.fail('malformed mutability', at);
    return { valType, mutable: m === 1 };
  }
}
