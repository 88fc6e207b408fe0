/**
 * The instruction grammar of the text format: plain instructions with their immediates,
 * structured `block`/`loop`/`if` (flat and folded), and folded expressions. Instructions are
 * encoded to binary as they are parsed, into the module's shared {@link CodeWriter}.
 */

import type { OpInfo } from '../opcodes.js';
import { OP_INFO, opsByName } from '../opcodes.js';
import { VALTYPE_CODES } from '../module.js';
import type { CodeWriter } from './code-writer.js';
import { TokenKind } from './lexer.js';
import type { FuncScope, ModuleContext } from './module-context.js';
import { parseF32Bits, parseF64Bits, parseI32, parseI64, parseIntBits, parseNat } from './numbers.js';
import type { TokenCursor } from './token-cursor.js';

/** log2 of the natural alignment of every memory instruction, by opcode. */
const NATURAL_ALIGN: ReadonlyMap<number, number> = (() => {
  const m = new Map<number, number>();
  for (const info of OP_INFO.values()) {
    if (info.imm !== 'memarg' && info.imm !== 'memarg_lane') continue;
    const [type, op] = info.name.split('.') as [string, string];
    let bytes: number;
    const ext = /^load\d+x(\d+)/.exec(op);
    const sized = /^(?:load|store)(8|16|32|64)/.exec(op);
    if (ext) bytes = 8;
    else if (sized) bytes = Number(sized[1]) / 8;
    else bytes = type === 'v128' ? 16 : type === 'i64' || type === 'f64' ? 8 : 4;
    m.set(info.code, Math.log2(bytes));
  }
  return m;
})();

/** Lane count and literal parser of each `v128.const` shape. */
const SHAPES: Readonly<Record<string, { lanes: number; bytes: number }>> = {
  i8x16: { lanes: 16, bytes: 1 },
  i16x8: { lanes: 8, bytes: 2 },
  i32x4: { lanes: 4, bytes: 4 },
  i64x2: { lanes: 2, bytes: 8 },
  f32x4: { lanes: 4, bytes: 4 },
  f64x2: { lanes: 2, bytes: 8 },
};

const BLOCK_OPS: ReadonlyMap<string, number> = new Map([
  ['block', 0x02],
  ['loop', 0x03],
  ['if', 0x04],
]);

/** True for the token kinds of numeric literals. */
function isNumKind(k: TokenKind): boolean {
  return k === TokenKind.Nat || k === TokenKind.Int || k === TokenKind.Float;
}

/**
 * Parses the lanes of a `v128.const` (or script v128 literal) after the shape keyword and
 * returns the 16 bytes, or a reason when they are out of range or of the wrong number.
 */
export function v128FromLanes(shape: string, lanes: readonly string[]): Uint8Array | string {
  const s = SHAPES[shape]!;
  if (lanes.length !== s.lanes) return 'wrong number of lane literals';
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  for (let i = 0; i < s.lanes; i++) {
    const text = lanes[i]!;
    const at = i * s.bytes;
    if (shape === 'f32x4') {
      const b = parseF32Bits(text);
      if (b === null) return 'constant out of range';
      view.setUint32(at, b, true);
    } else if (shape === 'f64x2') {
      const b = parseF64Bits(text);
      if (b === null) return 'constant out of range';
      view.setBigUint64(at, b, true);
    } else {
      const v = parseIntBits(text, s.bytes * 8);
      if (v === null) return 'constant out of range';
      for (let j = 0; j < s.bytes; j++) out[at + j] = Number((v >> BigInt(8 * j)) & 0xffn);
    }
  }
  return out;
}

/** True when `shape` is one of the six v128 lane shapes. */
export function isV128Shape(shape: string): boolean {
  return Object.hasOwn(SHAPES, shape);
}

/** An instruction whose end the parser has not reached yet. */
type Frame =
  /** Flat `block`/`loop`/`if ... else ... end`; `elseAt` is the offset of the `else` opcode, or -1. */
  | { kind: 'flat'; readonly label: string | null; readonly isIf: boolean; elseAt: number }
  /** Folded `(block ...)` or `(loop ...)`. */
  | { readonly kind: 'block' }
  /** Folded `(if ...)`: its conditions, then its `(then ...)`, then its `(else ...)`. */
  | { kind: 'if'; readonly label: string | null; readonly blockType: Uint8Array; phase: 'cond' | 'then' | 'else'; elseAt: number }
  /** A folded plain instruction waiting for its operands; `self` is its encoding. */
  | { readonly kind: 'operands'; readonly self: Uint8Array };

/** Parses instructions and emits their encoding. */
export class InstructionParser {
  private readonly cur: TokenCursor;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly out: CodeWriter,
  ) {
    this.cur = ctx.cur;
  }

  /** Parses a (possibly empty) sequence of instructions; stops at `)`, `end`, `else` or EOF. */
  instrs(scope: FuncScope): void {
    this.run(scope, false);
  }

  /** Parses a constant expression (an instruction sequence outside any function) plus `end`. */
  constExpr(): void {
    this.instrs(this.ctx.constScope());
    this.out.u8(0x0b);
  }

  /** Parses one folded instruction at `(`. */
  folded(scope: FuncScope): void {
    this.run(scope, true);
  }

  /**
   * The instruction parser proper. Structured instructions and folded expressions keep their
   * state in an explicit stack of {@link Frame}s rather than in JS recursion, so nesting depth
   * is limited by memory only (compilers nest thousands of blocks for large `switch`es).
   */
  private run(scope: FuncScope, single: boolean): void {
    const cur: TokenCursor = this.cur;
    const out = this.out;
    const stack: Frame[] = [];
    if (single) {
      this.openFolded(scope, stack);
      if (stack.length === 0) return;
    }
    for (;;) {
      const top = stack.length > 0 ? stack[stack.length - 1]! : undefined;
      const k = cur.peek();
      if (top?.kind === 'operands') {
        if (k === TokenKind.LParen) {
          this.openFolded(scope, stack);
          continue;
        }
        cur.close();
        out.bytes(top.self);
      } else if (top?.kind === 'if' && top.phase === 'cond') {
        if (k === TokenKind.LParen && cur.keywordAt(cur.pos + 1) !== 'then') {
          this.openFolded(scope, stack);
          continue;
        }
        // Note: the condition operands are outside the label's scope; the branches are inside.
        cur.open('then');
        out.u8(0x04);
        out.bytes(top.blockType);
        scope.labels.push(top.label);
        top.phase = 'then';
        continue;
      } else {
        // Inside an instruction sequence: another instruction, or the end of the sequence.
        if (k === TokenKind.LParen) {
          const kw = cur.keywordAt(cur.pos + 1);
          if (kw !== null && kw !== 'end' && kw !== 'else' && (opsByName().has(kw) || BLOCK_OPS.has(kw))) {
            this.openFolded(scope, stack);
            continue;
          }
        } else if (k === TokenKind.Keyword) {
          const kw = cur.textAt(cur.pos);
          const blockOp = BLOCK_OPS.get(kw);
          if (blockOp !== undefined) {
            cur.pos++;
            const label = cur.optionalId();
            out.u8(blockOp);
            this.blockType();
            scope.labels.push(label);
            stack.push({ kind: 'flat', label, isIf: blockOp === 0x04, elseAt: -1 });
            continue;
          }
          const info = opsByName().get(kw);
          if (info !== undefined && kw !== 'end' && kw !== 'else') {
            cur.pos++;
            this.plain(info, scope);
            continue;
          }
        }
        if (top === undefined) return;
        if (top.kind === 'flat') {
          if (top.isIf && top.elseAt < 0 && cur.atKeyword('else')) {
            cur.pos++;
            this.endLabel(top.label);
            top.elseAt = out.length;
            out.u8(0x05);
            continue;
          }
          cur.expectKeyword('end');
          this.endLabel(top.label);
          this.dropEmptyElse(top.elseAt);
        } else if (top.kind === 'block') {
          cur.close();
        } else {
          cur.close();
          if (top.phase === 'then' && cur.atOpen('else')) {
            cur.pos += 2;
            top.elseAt = out.length;
            out.u8(0x05);
            top.phase = 'else';
            continue;
          }
          this.dropEmptyElse(top.elseAt);
          cur.close();
        }
        scope.labels.pop();
        out.u8(0x0b);
      }
      stack.pop();
      if (single && stack.length === 0) return;
    }
  }

  /**
   * Starts a folded instruction at `(`: emits what can be emitted now and pushes a frame for
   * the rest (nothing for a plain instruction without operands).
   */
  private openFolded(scope: FuncScope, stack: Frame[]): void {
    const cur: TokenCursor = this.cur;
    const out = this.out;
    cur.expect(TokenKind.LParen);
    const kw = cur.keywordAt(cur.pos);
    if (kw === null) cur.unexpected();
    const blockOp = BLOCK_OPS.get(kw);
    if (blockOp !== undefined) {
      cur.pos++;
      const label = cur.optionalId();
      if (blockOp === 0x04) {
        // The block type is written after the conditions: set it aside.
        const mark = out.length;
        this.blockType();
        const blockType = out.copyFrom(mark);
        out.truncate(mark);
        stack.push({ kind: 'if', label, blockType, phase: 'cond', elseAt: -1 });
        return;
      }
      out.u8(blockOp);
      this.blockType();
      scope.labels.push(label);
      stack.push({ kind: 'block' });
      return;
    }
    const info = opsByName().get(kw);
    if (info === undefined || kw === 'end' || kw === 'else') cur.unexpected();
    cur.pos++;
    const mark = out.length;
    this.plain(info, scope);
    if (cur.peek() === TokenKind.RParen) {
      cur.pos++;
      return;
    }
    // Note: operands come first in the encoding, so set the instruction aside while they are parsed.
    const self = out.copyFrom(mark);
    out.truncate(mark);
    stack.push({ kind: 'operands', self });
  }

  /** Removes an `else` opcode that no instruction followed (the binary form omits it). */
  private dropEmptyElse(elseAt: number): void {
    if (elseAt >= 0 && this.out.length === elseAt + 1) this.out.truncate(elseAt);
  }

  /** Consumes an optional label after `end`/`else`, which must repeat the block's label. */
  private endLabel(label: string | null): void {
    const cur: TokenCursor = this.cur;
    if (cur.peek() !== TokenKind.Id) return;
    const at = cur.pos++;
    if (cur.textAt(at) !== label) cur.defer('mismatching label', at);
  }

  /** Parses and emits a block type. */
  private blockType(): void {
    const ctx = this.ctx;
    const cur: TokenCursor = this.cur;
    const out = this.out;
    if (cur.atOpen('type')) {
      cur.pos += 2;
      const at = cur.pos;
      const idx = ctx.index('type');
      cur.close();
      const ft = ctx.paramsResults(null, false);
      if (ft.params.length || ft.results.length) ctx.checkExplicit(idx, at, ft);
      out.s32(idx);
      return;
    }
    const ft = ctx.paramsResults(null, false);
    if (ft.params.length === 0 && ft.results.length <= 1) {
      out.u8(ft.results.length === 0 ? 0x40 : VALTYPE_CODES[ft.results[0]!]);
      return;
    }
    out.s32(ctx.inlineType(ft));
  }

  /** Parses the immediates of `info` (its keyword already consumed) and emits the instruction. */
  private plain(info: OpInfo, scope: FuncScope): void {
    const ctx = this.ctx;
    const cur: TokenCursor = this.cur;
    const out = this.out;
    if (info.code === 0x1b) {
      this.select();
      return;
    }
    switch (info.imm) {
      case 'none':
        out.op(info.code);
        return;
      case 'label':
        out.op(info.code);
        out.u32(ctx.label(scope));
        return;
      case 'br_table': {
        const labels: number[] = [ctx.label(scope)];
        while (ctx.atVar()) labels.push(ctx.label(scope));
        out.op(info.code);
        out.u32(labels.length - 1);
        for (const l of labels) out.u32(l);
        return;
      }
      case 'func':
        out.op(info.code);
        out.u32(ctx.index('func'));
        return;
      case 'local':
        out.op(info.code);
        out.u32(ctx.local(scope));
        return;
      case 'global':
        out.op(info.code);
        out.u32(ctx.index('global'));
        return;
      case 'table':
        out.op(info.code);
        out.u32(ctx.atVar() ? ctx.index('table') : 0);
        return;
      case 'call_indirect': {
        const table = ctx.atVar() ? ctx.index('table') : 0;
        const use = ctx.typeUse(null, false);
        out.op(info.code);
        out.u32(use.typeIdx);
        out.u32(table);
        return;
      }
      case 'memarg':
        out.op(info.code);
        this.memArg(info.code);
        return;
      case 'memarg_lane':
        out.op(info.code);
        this.memArg(info.code);
        out.u8(this.laneIndex());
        return;
      case 'lane':
        out.op(info.code);
        out.u8(this.laneIndex());
        return;
      case 'i32': {
        const at = this.numToken();
        const v = parseI32(cur.textAt(at));
        if (v === null) cur.defer('constant out of range', at);
        out.op(info.code);
        out.s32(v ?? 0);
        return;
      }
      case 'i64': {
        const at = this.numToken();
        const v = parseI64(cur.textAt(at));
        if (v === null) cur.defer('constant out of range', at);
        out.op(info.code);
        out.s64(v ?? 0n);
        return;
      }
      case 'f32': {
        const at = this.numToken();
        const v = parseF32Bits(cur.textAt(at));
        if (v === null) cur.defer('constant out of range', at);
        out.op(info.code);
        out.u32Fixed(v ?? 0);
        return;
      }
      case 'f64': {
        const at = this.numToken();
        const v = parseF64Bits(cur.textAt(at));
        if (v === null) cur.defer('constant out of range', at);
        out.op(info.code);
        out.u64Fixed(v ?? 0n);
        return;
      }
      case 'v128': {
        const at = cur.pos;
        const shape = cur.keywordAt(cur.pos);
        if (shape === null || !isV128Shape(shape)) cur.unexpected();
        cur.pos++;
        const lanes: string[] = [];
        while (isNumKind(cur.peek())) lanes.push(cur.textAt(cur.pos++));
        const bytes = v128FromLanes(shape, lanes);
        if (typeof bytes === 'string') cur.defer(bytes, at);
        out.op(info.code);
        out.bytes(typeof bytes === 'string' ? new Uint8Array(16) : bytes);
        return;
      }
      case 'shuffle': {
        const at = cur.pos;
        const lanes: number[] = [];
        while (isNumKind(cur.peek())) {
          const i = cur.pos++;
          const v = laneValue(cur.textAt(i));
          if (v === null) cur.defer('malformed lane index', i);
          lanes.push(v ?? 0);
        }
        if (lanes.length !== 16) cur.defer('invalid lane length', at);
        out.op(info.code);
        for (let i = 0; i < 16; i++) out.u8(lanes[i] ?? 0);
        return;
      }
      case 'reftype': {
        const kw = cur.keywordAt(cur.pos);
        if (kw !== 'func' && kw !== 'extern') cur.unexpected();
        cur.pos++;
        out.op(info.code);
        out.u8(kw === 'func' ? 0x70 : 0x6f);
        return;
      }
      case 'memory':
        out.op(info.code);
        out.u8(0);
        return;
      case 'memory_init':
        ctx.usesDataIndex = true;
        out.op(info.code);
        out.u32(ctx.index('data'));
        out.u8(0);
        return;
      case 'data':
        ctx.usesDataIndex = true;
        out.op(info.code);
        out.u32(ctx.index('data'));
        return;
      case 'memory_copy':
        out.op(info.code);
        out.u8(0);
        out.u8(0);
        return;
      case 'table_init': {
        // Note: `table.init x y` names the table first; `table.init y` uses table 0.
        const k2 = cur.rawKind(cur.pos + 1);
        const twoVars = k2 === TokenKind.Nat || k2 === TokenKind.Id;
        const table = twoVars && ctx.atVar() ? ctx.index('table') : 0;
        const elem = ctx.index('elem');
        out.op(info.code);
        out.u32(elem);
        out.u32(table);
        return;
      }
      case 'elem':
        out.op(info.code);
        out.u32(ctx.index('elem'));
        return;
      case 'table_copy': {
        let dst = 0;
        let src = 0;
        if (ctx.atVar()) {
          dst = ctx.index('table');
          src = ctx.index('table');
        }
        out.op(info.code);
        out.u32(dst);
        out.u32(src);
        return;
      }
      case 'blocktype': // block, loop and if are handled by the callers
      case 'select_t': // `select` maps to the untyped opcode, handled above
        cur.unexpected();
    }
  }

  /** `select` with optional `(result t*)*` clauses: typed (0x1c) when any clause is present. */
  private select(): void {
    const cur: TokenCursor = this.cur;
    const out = this.out;
    if (!cur.atOpen('result')) {
      out.u8(0x1b);
      return;
    }
    const types: number[] = [];
    while (cur.atOpen('result')) {
      cur.pos += 2;
      while (cur.peek() !== TokenKind.RParen) types.push(VALTYPE_CODES[this.ctx.valType()]);
      cur.close();
    }
    out.u8(0x1c);
    out.u32(types.length);
    for (const t of types) out.u8(t);
  }

  /** Consumes a numeric literal token and returns its index. */
  private numToken(): number {
    const cur: TokenCursor = this.cur;
    if (!isNumKind(cur.peek())) cur.unexpected();
    return cur.pos++;
  }

  /** Consumes a lane index (a nat below 256). */
  private laneIndex(): number {
    const cur: TokenCursor = this.cur;
    const i = cur.expect(TokenKind.Nat);
    const v = parseNat(cur.textAt(i));
    if (v === null || v > 255) {
      cur.defer('malformed lane index', i);
      return 0;
    }
    return v;
  }

  /** Parses `offset=` and `align=` and emits the memarg of `code`. */
  private memArg(code: number): void {
    const cur: TokenCursor = this.cur;
    let offset = 0;
    let align = NATURAL_ALIGN.get(code)!;
    if (cur.peek() === TokenKind.MemArg && cur.textAt(cur.pos).startsWith('offset=')) {
      const i = cur.pos++;
      const v = parseIntBits(cur.textAt(i).slice(7), 32);
      if (v === null) cur.fail('i32 constant out of range', i);
      offset = Number(v);
    }
    if (cur.peek() === TokenKind.MemArg && cur.textAt(cur.pos).startsWith('align=')) {
      const i = cur.pos++;
      const v = parseNat(cur.textAt(i).slice(6));
      if (v === null || v < 1 || !Number.isInteger(Math.log2(v))) {
        cur.fail('alignment must be a power of two', i);
      }
      align = Math.round(Math.log2(v));
    }
    this.out.u32(align);
    this.out.u32(offset);
  }
}

/** A shuffle lane literal as the reference reads it (`int_of_string`), or null. */
function laneValue(text: string): number | null {
  const s = text[0] === '+' ? text.slice(1) : text;
  const v = parseNat(s);
  return v === null || v > 255 ? null : v;
}
