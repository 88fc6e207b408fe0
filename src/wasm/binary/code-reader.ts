/**
 * A cursor over encoded instructions: reads opcodes (including the 0xfc and 0xfd prefixes) and
 * their immediates. The validator, the interpreter's translator and the JIT all walk function
 * bodies with it, switching on the opcode and reading the immediates they need.
 */

import type { RefType, ValType } from '../../api/types.js';
import { ByteReader } from '../../util/byte-reader.js';
import type { BlockType, Code } from '../module.js';
import { VALTYPE_BY_CODE } from '../module.js';
import { OP_INFO } from '../opcodes.js';

/** Alignment exponent and offset of a memory access. */
export interface MemArg {
  /** log2 of the alignment hint. */
  readonly align: number;
  readonly offset: number;
}

/** Reads instructions and immediates from a {@link Code} range. */
export class CodeReader extends ByteReader {
  /** Absolute offset where the last opcode started (for error messages). */
  opStart = 0;

  constructor(code: Code) {
    super(code.bytes, code.start, code.end, 'unexpected end of section or function');
  }

  /**
   * Reads an opcode. Prefixed opcodes come back as `prefix << 8 | sub`. Unknown opcodes fail with
   * "illegal opcode".
   */
  op(): number {
    this.opStart = this.pos;
    const b = this.u8();
    if (b === 0xfc || b === 0xfd) {
      const sub = this.u32();
      if (sub > 0xff) this.fail('illegal opcode', this.opStart);
      const code = (b << 8) | sub;
      if (!OP_INFO.has(code)) this.fail('illegal opcode', this.opStart);
      return code;
    }
    if (!OP_INFO.has(b)) this.fail('illegal opcode', this.opStart);
    return b;
  }

  /** A value type byte ("malformed value type" otherwise). */
  valType(): ValType {
    const at = this.pos;
    const t = VALTYPE_BY_CODE.get(this.u8());
    if (t === undefined) this.fail('malformed value type', at);
    return t;
  }

  /** A reference type byte ("malformed reference type" otherwise). */
  refType(): RefType {
    const at = this.pos;
    const b = this.u8();
    if (b === 0x70) return 'funcref';
    if (b === 0x6f) return 'externref';
    this.fail('malformed reference type', at);
  }

  /** A block type: see {@link blockTypeOf}. */
  blockType(): BlockType {
    const b = this.peek();
    if (b === 0x40) {
      this.pos++;
      return -0x40;
    }
    if (b >= 0 && VALTYPE_BY_CODE.has(b)) {
      this.pos++;
      return b - 128;
    }
    const at = this.pos;
    const v = this.s33();
    if (v < 0) this.fail('malformed value type', at);
    return v;
  }

  /** A memory access immediate. */
  memArg(): MemArg {
    const align = this.u32();
    const offset = this.u32();
    return { align, offset };
  }

  /** The reserved zero byte of memory instructions ("zero byte expected" otherwise). */
  zeroByte(): void {
    const at = this.pos;
    if (this.u8() !== 0) this.fail('zero byte expected', at);
  }

  /** A lane index byte (range checked by the validator). */
  lane(): number {
    return this.u8();
  }

  /** The 16 bytes of a `v128.const` or shuffle. */
  v128(): Uint8Array {
    return this.take(16);
  }

  /** The label vector and default of `br_table`. */
  brTable(): { labels: number[]; defaultLabel: number } {
    const n = this.u32();
    if (n > this.remaining()) this.fail(this.eofMessage);
    const labels = new Array<number>(n);
    for (let i = 0; i < n; i++) labels[i] = this.u32();
    return { labels, defaultLabel: this.u32() };
  }

  /** The type vector of a typed `select` (0x1c). */
  selectTypes(): ValType[] {
    const n = this.u32();
    if (n > this.remaining()) this.fail(this.eofMessage);
    const ts = new Array<ValType>(n);
    for (let i = 0; i < n; i++) ts[i] = this.valType();
    return ts;
  }

  /**
   * Skips the immediates of `op` without interpreting them (for tools that only need structure).
   */
  skipImmediates(op: number): void {
    const info = OP_INFO.get(op)!;
    switch (info.imm) {
      case 'none':
        return;
      case 'blocktype':
        this.blockType();
        return;
      case 'label':
      case 'func':
      case 'local':
      case 'global':
      case 'table':
      case 'data':
      case 'elem':
        this.u32();
        return;
      case 'br_table':
        this.brTable();
        return;
      case 'call_indirect':
      case 'table_init':
      case 'table_copy':
        this.u32();
        this.u32();
        return;
      case 'memarg':
        this.memArg();
        return;
      case 'i32':
        this.s32();
        return;
      case 'i64':
        this.s64();
        return;
      case 'f32':
        this.f32Bits();
        return;
      case 'f64':
        this.f64Bits();
        return;
      case 'v128':
      case 'shuffle':
        this.v128();
        return;
      case 'lane':
        this.lane();
        return;
      case 'memarg_lane':
        this.memArg();
        this.lane();
        return;
      case 'select_t':
        this.selectTypes();
        return;
      case 'reftype':
        this.refType();
        return;
      case 'memory':
        this.zeroByte();
        return;
      case 'memory_init':
        this.u32();
        this.zeroByte();
        return;
      case 'memory_copy':
        this.zeroByte();
        this.zeroByte();
        return;
    }
  }
}
