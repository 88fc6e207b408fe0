/**
 * The decoder's pass over instruction sequences: checks that every opcode is known, that every
 * immediate is well formed, and that `block`/`loop`/`if`/`else`/`end` nest, without building any
 * instruction objects. Function bodies and constant expressions stay as bytes in the AST; this walk
 * makes sure malformed ones fail at decode time with the binary format's messages.
 */

import type { Code } from '../module.js';
import { VALTYPE_BY_CODE } from '../module.js';
import type { ImmKind } from '../opcodes.js';
import { OP_INFO } from '../opcodes.js';
import type { BinaryReader } from './binary-reader.js';
import { Feature, opcodeFeature, prefixedOpcodeFeature, typeByteFeature, withFeature } from './features.js';

/** Immediate shapes as small integers (0 means "no such opcode"). */
const Imm = {
  illegal: 0,
  none: 1,
  blockType: 2,
  u32: 3,
  brTable: 4,
  u32x2: 5,
  selectT: 6,
  memArg: 7,
  zero: 8,
  i32: 9,
  i64: 10,
  f32: 11,
  f64: 12,
  bytes16: 13,
  lane: 14,
  memArgLane: 15,
  refType: 16,
  u32Zero: 17,
  zero2: 18,
} as const;

const IMM_OF_KIND: Readonly<Record<ImmKind, number>> = {
  none: Imm.none,
  blocktype: Imm.blockType,
  label: Imm.u32,
  br_table: Imm.brTable,
  func: Imm.u32,
  call_indirect: Imm.u32x2,
  local: Imm.u32,
  global: Imm.u32,
  table: Imm.u32,
  memarg: Imm.memArg,
  i32: Imm.i32,
  i64: Imm.i64,
  f32: Imm.f32,
  f64: Imm.f64,
  v128: Imm.bytes16,
  shuffle: Imm.bytes16,
  lane: Imm.lane,
  memarg_lane: Imm.memArgLane,
  select_t: Imm.selectT,
  reftype: Imm.refType,
  memory: Imm.zero,
  memory_init: Imm.u32Zero,
  data: Imm.u32,
  memory_copy: Imm.zero2,
  table_init: Imm.u32x2,
  elem: Imm.u32,
  table_copy: Imm.u32x2,
};

/**
 * Dense index of an opcode number: single bytes map to themselves, `0xfc xx` to 256 + xx and
 * `0xfd xx` to 512 + xx.
 */
export function opIndex(code: number): number {
  if (code < 0x100) return code;
  return (code >> 8 === 0xfc ? 0x100 : 0x200) + (code & 0xff);
}

/** Immediate shape by dense opcode index (a constant table built once). */
const IMM_TABLE: Uint8Array = (() => {
  const t = new Uint8Array(0x300);
  for (const info of OP_INFO.values()) t[opIndex(info.code)] = IMM_OF_KIND[info.imm];
  // Note: the structure bytes are handled by the walk itself.
  t[0x05] = Imm.illegal;
  t[0x0b] = Imm.illegal;
  return t;
})();

/** 1 for the bytes that encode a value type (the one-byte block types). */
const IS_VALTYPE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const code of VALTYPE_BY_CODE.keys()) t[code] = 1;
  return t;
})();

const KIND_BLOCK = 0;
const KIND_IF = 1;
const KIND_ELSE = 2;

/** Formats a byte as `0x` and two hex digits. */
function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/** Skips `n` bytes (without making a view, unlike `take`). */
function skip(r: BinaryReader, n: number): void {
  if (r.end - r.pos < n) r.fail(r.eofMessage, r.end);
  r.pos += n;
}

/**
 * Walks instruction sequences for the decoder. One walker serves a whole module: it reuses its
 * block stack and records module-wide facts.
 */
export class ExprWalker {
  /** Set when a walked body uses a data segment index (`memory.init`, `data.drop`). */
  usesDataIndex = false;
  private kinds: number[] = [];

  /** Reads a constant expression (or any expression) through its `end` and returns its bytes. */
  expr(r: BinaryReader): Code {
    const start = r.pos;
    this.walk(r);
    return { bytes: r.bytes, start, end: r.pos };
  }

  /**
   * Reads one expression, from the current position through its final `end`. Throws
   * {@link CompileError} for unknown opcodes, malformed immediates, a misplaced `else`
   * ("END opcode expected") or a missing `end` ("unexpected end of section or function").
   */
  walk(r: BinaryReader): void {
    const bytes = r.bytes;
    const end = r.end;
    const kinds = this.kinds;
    let depth = 0;
    // Note: the position lives in a local; `r.pos` is brought up to date around the general path.
    let pos = r.pos;
    for (;;) {
      if (pos >= end) {
        r.pos = pos;
        r.fail(r.eofMessage, end);
      }
      const opPos = pos;
      const b = bytes[pos++]!;
      if (b === 0x0b) {
        if (depth === 0) {
          r.pos = pos;
          return;
        }
        depth--;
        continue;
      }
      if (b === 0x05) {
        if (depth > 0 && kinds[depth - 1] === KIND_IF) {
          kinds[depth - 1] = KIND_ELSE;
          continue;
        }
        r.fail('END opcode expected', opPos);
      }
      let imm = IMM_TABLE[b]!;
      // Fast paths for the common immediates in their one-byte forms, which cannot be malformed.
      if (imm === Imm.none) continue;
      if (imm === Imm.u32 || imm === Imm.i32) {
        if (pos < end && bytes[pos]! < 0x80) {
          pos++;
          continue;
        }
      } else if (imm === Imm.memArg) {
        if (pos + 1 < end && bytes[pos]! < 32 && bytes[pos + 1]! < 0x80) {
          pos += 2;
          continue;
        }
      } else if (imm === Imm.blockType) {
        if (pos < end && (bytes[pos] === 0x40 || IS_VALTYPE[bytes[pos]!] === 1)) {
          pos++;
          kinds[depth++] = b === 0x04 ? KIND_IF : KIND_BLOCK;
          continue;
        }
      }
      r.pos = pos;
      if (b === 0xfc || b === 0xfd) {
        const sub = r.u32();
        imm = sub <= 0xff ? IMM_TABLE[(b === 0xfc ? 0x100 : 0x200) + sub]! : Imm.illegal;
        if (imm === Imm.illegal) {
          r.fail(withFeature(`illegal opcode ${hex(b)} ${hex(sub)}`, prefixedOpcodeFeature(b, sub)), opPos);
        }
        if (b === 0xfc && (sub === 0x08 || sub === 0x09)) this.usesDataIndex = true;
      }
      switch (imm) {
        case Imm.none:
          break;
        case Imm.blockType:
          this.blockType(r);
          kinds[depth++] = b === 0x04 ? KIND_IF : KIND_BLOCK;
          break;
        case Imm.u32:
          r.u32();
          break;
        case Imm.u32x2:
          r.u32();
          r.u32();
          break;
        case Imm.brTable: {
          const n = r.len32();
          for (let i = 0; i <= n; i++) r.u32();
          break;
        }
        case Imm.selectT: {
          const n = r.len32();
          for (let i = 0; i < n; i++) r.valType();
          break;
        }
        case Imm.memArg:
          this.memArg(r);
          break;
        case Imm.memArgLane:
          this.memArg(r);
          r.u8();
          break;
        case Imm.zero:
          this.zero(r);
          break;
        case Imm.zero2:
          this.zero(r);
          this.zero(r);
          break;
        case Imm.u32Zero:
          r.u32();
          this.zero(r);
          break;
        case Imm.i32:
          r.s32();
          break;
        case Imm.i64:
          r.s64();
          break;
        case Imm.f32:
          skip(r, 4);
          break;
        case Imm.f64:
          skip(r, 8);
          break;
        case Imm.bytes16:
          skip(r, 16);
          break;
        case Imm.lane:
          r.u8();
          break;
        case Imm.refType:
          r.refType();
          break;
        default:
          r.fail(withFeature(`illegal opcode ${hex(b)}`, opcodeFeature(b)), opPos);
      }
      pos = r.pos;
    }
  }

  /** A block type: 0x40, a value type byte, or a non-negative s33 type index. */
  private blockType(r: BinaryReader): void {
    const at = r.pos;
    const c = r.peek();
    if (c === 0x40 || VALTYPE_BY_CODE.has(c)) {
      r.pos++;
      return;
    }
    if (r.s33() < 0) r.fail(withFeature('malformed value type', typeByteFeature(c)), at);
  }

  /** A memory argument: alignment exponent (< 32) and offset. */
  private memArg(r: BinaryReader): void {
    const at = r.pos;
    const align = r.u32();
    if (align >= 32) {
      // Note: in the multi-memory proposal, bit 6 of the flags announces a memory index.
      const multi = (align & 0x40) !== 0 && (align & ~0x40) < 32;
      r.fail(withFeature('malformed memop flags', multi ? Feature.multiMemory : undefined), at);
    }
    r.u32();
  }

  /** The reserved memory index byte of memory instructions. */
  private zero(r: BinaryReader): void {
    const at = r.pos;
    if (r.u8() !== 0) r.fail(withFeature('zero byte expected', Feature.multiMemory), at);
  }
}
