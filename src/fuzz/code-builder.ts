/**
 * A typed instruction builder for generated function bodies: every method emits one instruction's
 * bytes and applies its typing rule to a model of the operand and control stacks (the validation
 * algorithm of the spec's appendix), so a generator bug shows up as a {@link FuzzBuilderError} at the
 * instruction that caused it, not as an invalid module later.
 */

import { KpioError } from '../api/errors.js';
import type { FuncType, RefType, TableType, ValType } from '../api/types.js';
import { ByteWriter } from '../util/byte-writer.js';
import { VALTYPE_CODES } from '../wasm/module.js';
import { Op, OP_INFO } from '../wasm/opcodes.js';
import { maxAlignLog2 } from './memory-ops.js';

/** A generator emitted an ill-typed instruction sequence (a bug of the fuzzer, not of an engine). */
export class FuzzBuilderError extends KpioError {
  override name = 'FuzzBuilderError';
}

/** An operand type as the builder tracks it: `unknown` is the polymorphic bottom of dead code. */
export type StackType = ValType | 'unknown';

/** The kinds of control frames. */
export type FrameKind = 'func' | 'block' | 'loop' | 'if' | 'else';

/** One entry of the control stack. */
export interface ControlFrame {
  kind: FrameKind;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Operand stack height at frame entry (below the params). */
  readonly height: number;
  /** True after an unconditional branch, `return` or `unreachable` in this frame. */
  unreachable: boolean;
}

/** What the builder needs to know about the module it emits code for. */
export interface BuilderModuleInfo {
  /** The type index of a function type, adding it to the module's type section when new. */
  typeIndex(type: FuncType): number;
  /** The type of function `idx` (imports first). */
  funcType(idx: number): FuncType;
  /** The value type and mutability of global `idx`. */
  globalType(idx: number): { readonly valType: ValType; readonly mutable: boolean };
  /** The type of table `idx`. */
  tableType(idx: number): TableType;
  /** The element type of element segment `idx`. */
  elemType(idx: number): RefType;
}

const LETTER_TYPES: Readonly<Record<string, ValType>> = { i: 'i32', I: 'i64', f: 'f32', F: 'f64', v: 'v128' };

/** Parses an opcode signature string of the opcode table (`"ii:i"`) into operand and result types. */
export function parseSig(sig: string): { params: ValType[]; results: ValType[] } {
  const [p, r] = sig.split(':') as [string, string];
  return { params: [...p].map((c) => LETTER_TYPES[c]!), results: [...r].map((c) => LETTER_TYPES[c]!) };
}

/** Emits one function body while type-checking it. */
export class CodeBuilder {
  private readonly w = new ByteWriter();
  private readonly stack: StackType[] = [];
  private readonly frames: ControlFrame[] = [];
  private done = false;

  /**
   * Starts the body of a function of type `type`; `locals` is the function's live list of local
   * types (parameters first) and may grow while the body is built.
   */
  constructor(
    private readonly info: BuilderModuleInfo,
    type: FuncType,
    private readonly locals: readonly ValType[],
  ) {
    this.frames.push({ kind: 'func', params: [], results: type.results, height: 0, unreachable: false });
  }

  /** Bytes emitted so far. */
  get size(): number {
    return this.w.length;
  }

  /** Number of open control frames (the function frame included). */
  get frameCount(): number {
    return this.frames.length;
  }

  /** The innermost open frame. */
  get top(): ControlFrame {
    const f = this.frames[this.frames.length - 1];
    if (!f) throw new FuzzBuilderError('no open frame');
    return f;
  }

  /** Operand types above the innermost frame's base (for tests and assertions). */
  get operandTypes(): readonly StackType[] {
    return this.stack.slice(this.top.height);
  }

  /** The relative label index of `frame` from the current position. */
  depthOf(frame: ControlFrame): number {
    const i = this.frames.lastIndexOf(frame);
    if (i < 0) throw new FuzzBuilderError('branch to a frame that is not open');
    return this.frames.length - 1 - i;
  }

  /** The types a branch to `frame` carries. */
  static labelTypes(frame: ControlFrame): readonly ValType[] {
    return frame.kind === 'loop' ? frame.params : frame.results;
  }

  // ---------------------------------------------------------------- operand stack

  private push(t: StackType): void {
    this.stack.push(t);
  }

  private pop(expect?: ValType): StackType {
    const f = this.top;
    let actual: StackType;
    if (this.stack.length === f.height) {
      if (!f.unreachable) throw new FuzzBuilderError(`operand stack underflow (expected ${expect ?? 'a value'})`);
      actual = 'unknown';
    } else {
      actual = this.stack.pop()!;
    }
    if (expect !== undefined && actual !== 'unknown' && actual !== expect) {
      throw new FuzzBuilderError(`type mismatch: expected ${expect}, found ${actual}`);
    }
    return actual;
  }

  private popAll(types: readonly ValType[]): void {
    for (let i = types.length - 1; i >= 0; i--) this.pop(types[i]);
  }

  private pushAll(types: readonly StackType[]): void {
    for (const t of types) this.push(t);
  }

  private setUnreachable(): void {
    const f = this.top;
    this.stack.length = f.height;
    f.unreachable = true;
  }

  // ---------------------------------------------------------------- encoding

  private opcode(code: number): void {
    if (this.done) throw new FuzzBuilderError('the body is already finished');
    if (code > 0xff) this.w.u8(code >> 8).u32(code & 0xff);
    else this.w.u8(code);
  }

  private blockType(type: FuncType): void {
    if (type.params.length === 0 && type.results.length === 0) this.w.u8(0x40);
    else if (type.params.length === 0 && type.results.length === 1) this.w.u8(VALTYPE_CODES[type.results[0]!]);
    else this.w.s32(this.info.typeIndex(type));
  }

  // ---------------------------------------------------------------- instructions by signature

  /**
   * Emits an instruction without immediates whose typing is fixed by the opcode table (numeric
   * operators, conversions, SIMD lane-wise operators).
   */
  simple(code: number): void {
    const info = OP_INFO.get(code);
    if (!info || info.sig === null || info.imm !== 'none') throw new FuzzBuilderError(`not a simple opcode: ${code}`);
    const { params, results } = parseSig(info.sig);
    this.popAll(params);
    this.opcode(code);
    this.pushAll(results);
  }

  /** Emits a memory load or store with its alignment exponent and offset. */
  memory(code: number, alignLog2: number, offset: number): void {
    const info = OP_INFO.get(code);
    if (!info || info.imm !== 'memarg' || info.sig === null) throw new FuzzBuilderError(`not a memory opcode: ${code}`);
    if (alignLog2 > maxAlignLog2(code)) throw new FuzzBuilderError(`alignment too large for ${info.name}`);
    const { params, results } = parseSig(info.sig);
    this.popAll(params);
    this.opcode(code);
    this.w.u32(alignLog2).u32(offset >>> 0);
    this.pushAll(results);
  }

  /** Emits a SIMD lane load or store (`v128.load8_lane` ...). */
  memoryLane(code: number, alignLog2: number, offset: number, lane: number): void {
    const info = OP_INFO.get(code);
    if (!info || info.imm !== 'memarg_lane' || info.sig === null) throw new FuzzBuilderError(`not a lane memory opcode: ${code}`);
    if (alignLog2 > maxAlignLog2(code)) throw new FuzzBuilderError(`alignment too large for ${info.name}`);
    const { params, results } = parseSig(info.sig);
    this.popAll(params);
    this.opcode(code);
    this.w.u32(alignLog2).u32(offset >>> 0).u8(lane);
    this.pushAll(results);
  }

  /** Emits a SIMD extract/replace lane instruction. */
  lane(code: number, lane: number): void {
    const info = OP_INFO.get(code);
    if (!info || info.imm !== 'lane' || info.sig === null) throw new FuzzBuilderError(`not a lane opcode: ${code}`);
    const { params, results } = parseSig(info.sig);
    this.popAll(params);
    this.opcode(code);
    this.w.u8(lane);
    this.pushAll(results);
  }

  /** Emits `i8x16.shuffle` with its 16 lane indices (each below 32). */
  shuffle(lanes: readonly number[]): void {
    if (lanes.length !== 16 || lanes.some((l) => l < 0 || l >= 32)) throw new FuzzBuilderError('bad shuffle lanes');
    this.pop('v128');
    this.pop('v128');
    this.opcode(Op.i8x16_shuffle);
    this.w.bytes(lanes);
    this.push('v128');
  }

  // ---------------------------------------------------------------- constants

  /** `i32.const`. */
  i32Const(v: number): void {
    this.opcode(Op.i32_const);
    this.w.s32(v | 0);
    this.push('i32');
  }

  /** `i64.const`. */
  i64Const(v: bigint): void {
    this.opcode(Op.i64_const);
    this.w.s64(v);
    this.push('i64');
  }

  /** `f32.const` from raw bits. */
  f32Const(bits: number): void {
    this.opcode(Op.f32_const);
    this.w.u32Fixed(bits >>> 0);
    this.push('f32');
  }

  /** `f64.const` from raw bits. */
  f64Const(bits: bigint): void {
    this.opcode(Op.f64_const);
    this.w.u64Fixed(bits);
    this.push('f64');
  }

  /** `v128.const` from 16 bytes. */
  v128Const(bytes: Uint8Array): void {
    if (bytes.length !== 16) throw new FuzzBuilderError('v128.const needs 16 bytes');
    this.opcode(Op.v128_const);
    this.w.bytes(bytes);
    this.push('v128');
  }

  // ---------------------------------------------------------------- variables

  private localType(idx: number): ValType {
    const t = this.locals[idx];
    if (t === undefined) throw new FuzzBuilderError(`no local ${idx}`);
    return t;
  }

  /** `local.get`. */
  localGet(idx: number): void {
    const t = this.localType(idx);
    this.opcode(Op.local_get);
    this.w.u32(idx);
    this.push(t);
  }

  /** `local.set`. */
  localSet(idx: number): void {
    this.pop(this.localType(idx));
    this.opcode(Op.local_set);
    this.w.u32(idx);
  }

  /** `local.tee`. */
  localTee(idx: number): void {
    const t = this.localType(idx);
    this.pop(t);
    this.opcode(Op.local_tee);
    this.w.u32(idx);
    this.push(t);
  }

  /** `global.get`. */
  globalGet(idx: number): void {
    const g = this.info.globalType(idx);
    this.opcode(Op.global_get);
    this.w.u32(idx);
    this.push(g.valType);
  }

  /** `global.set` (the global must be mutable). */
  globalSet(idx: number): void {
    const g = this.info.globalType(idx);
    if (!g.mutable) throw new FuzzBuilderError(`global ${idx} is immutable`);
    this.pop(g.valType);
    this.opcode(Op.global_set);
    this.w.u32(idx);
  }

  // ---------------------------------------------------------------- parametric

  /** `drop`. */
  drop(): void {
    this.pop();
    this.opcode(Op.drop);
  }

  /** Untyped `select` (numeric and vector operands only). */
  select(): void {
    this.pop('i32');
    const b = this.pop();
    const a = this.pop();
    if (a !== 'unknown' && b !== 'unknown' && a !== b) throw new FuzzBuilderError(`select of ${a} and ${b}`);
    const t = a === 'unknown' ? b : a;
    if (t === 'funcref' || t === 'externref') throw new FuzzBuilderError('untyped select of references');
    this.opcode(Op.select);
    this.push(t);
  }

  /** Typed `select t`. */
  selectTyped(t: ValType): void {
    this.pop('i32');
    this.pop(t);
    this.pop(t);
    this.opcode(Op.select_t);
    this.w.u32(1).u8(VALTYPE_CODES[t]);
    this.push(t);
  }

  // ---------------------------------------------------------------- control

  private enter(kind: FrameKind, type: FuncType): ControlFrame {
    this.popAll(type.params);
    const frame: ControlFrame = {
      kind,
      params: type.params,
      results: type.results,
      height: this.stack.length,
      unreachable: false,
    };
    this.frames.push(frame);
    this.pushAll(type.params);
    return frame;
  }

  /** `block` with a block type; returns the new frame. */
  block(type: FuncType): ControlFrame {
    this.opcode(Op.block);
    this.blockType(type);
    return this.enter('block', type);
  }

  /** `loop` with a block type; returns the new frame. */
  loop(type: FuncType): ControlFrame {
    this.opcode(Op.loop);
    this.blockType(type);
    return this.enter('loop', type);
  }

  /** `if` with a block type (pops the i32 condition first); returns the new frame. */
  if(type: FuncType): ControlFrame {
    this.pop('i32');
    this.opcode(Op.if);
    this.blockType(type);
    return this.enter('if', type);
  }

  private closeCheck(f: ControlFrame): void {
    this.popAll(f.results);
    if (this.stack.length !== f.height) {
      throw new FuzzBuilderError(`${this.stack.length - f.height} extra values at the end of a ${f.kind}`);
    }
  }

  /** `else` of the innermost `if`. */
  else(): void {
    const f = this.top;
    if (f.kind !== 'if') throw new FuzzBuilderError('else without if');
    this.closeCheck(f);
    this.opcode(Op.else);
    f.kind = 'else';
    f.unreachable = false;
    this.pushAll(f.params);
  }

  /** `end` of the innermost frame (the function's own `end` finishes the body). */
  end(): void {
    const f = this.top;
    if (f.kind === 'if' && !sameTypes(f.params, f.results)) {
      throw new FuzzBuilderError('an if without else must have equal params and results');
    }
    this.closeCheck(f);
    this.opcode(Op.end);
    this.frames.pop();
    if (this.frames.length === 0) {
      this.done = true;
      return;
    }
    this.pushAll(f.results);
  }

  /** `br` to an open frame. */
  br(target: ControlFrame): void {
    const depth = this.depthOf(target);
    this.popAll(CodeBuilder.labelTypes(target));
    this.opcode(Op.br);
    this.w.u32(depth);
    this.setUnreachable();
  }

  /** `br_if` to an open frame (pops the i32 condition, keeps the label values). */
  brIf(target: ControlFrame): void {
    const depth = this.depthOf(target);
    const types = CodeBuilder.labelTypes(target);
    this.pop('i32');
    this.popAll(types);
    this.opcode(Op.br_if);
    this.w.u32(depth);
    this.pushAll(types);
  }

  /** `br_table` over open frames that all carry the same types. */
  brTable(targets: readonly ControlFrame[], defaultTarget: ControlFrame): void {
    const types = CodeBuilder.labelTypes(defaultTarget);
    for (const t of targets) {
      if (!sameTypes(CodeBuilder.labelTypes(t), types)) throw new FuzzBuilderError('br_table targets of different types');
    }
    const depths = targets.map((t) => this.depthOf(t));
    const defDepth = this.depthOf(defaultTarget);
    this.pop('i32');
    this.popAll(types);
    this.opcode(Op.br_table);
    this.w.u32(depths.length);
    for (const d of depths) this.w.u32(d);
    this.w.u32(defDepth);
    this.setUnreachable();
  }

  /** `return`. */
  return(): void {
    this.popAll(this.frames[0]!.results);
    this.opcode(Op.return);
    this.setUnreachable();
  }

  /** `unreachable`. */
  unreachable(): void {
    this.opcode(Op.unreachable);
    this.setUnreachable();
  }

  /** `nop`. */
  nop(): void {
    this.opcode(Op.nop);
  }

  /** `call` of function `idx`. */
  call(idx: number): void {
    const t = this.info.funcType(idx);
    this.popAll(t.params);
    this.opcode(Op.call);
    this.w.u32(idx);
    this.pushAll(t.results);
  }

  /** `call_indirect` through table `table` expecting type `type` (pops the i32 index first). */
  callIndirect(type: FuncType, table: number): void {
    if (this.info.tableType(table).elemType !== 'funcref') throw new FuzzBuilderError('call_indirect through a non-funcref table');
    this.pop('i32');
    this.popAll(type.params);
    this.opcode(Op.call_indirect);
    this.w.u32(this.info.typeIndex(type)).u32(table);
    this.pushAll(type.results);
  }

  // ---------------------------------------------------------------- references

  /** `ref.null t`. */
  refNull(t: RefType): void {
    this.opcode(Op.ref_null);
    this.w.u8(VALTYPE_CODES[t]);
    this.push(t);
  }

  /** `ref.is_null`. */
  refIsNull(): void {
    const t = this.pop();
    if (t !== 'unknown' && t !== 'funcref' && t !== 'externref') throw new FuzzBuilderError(`ref.is_null of ${t}`);
    this.opcode(Op.ref_is_null);
    this.push('i32');
  }

  /** `ref.func idx` (the function must be declared in the module). */
  refFunc(idx: number): void {
    this.info.funcType(idx);
    this.opcode(Op.ref_func);
    this.w.u32(idx);
    this.push('funcref');
  }

  // ---------------------------------------------------------------- tables

  private tableElem(idx: number): RefType {
    return this.info.tableType(idx).elemType;
  }

  /** `table.get`. */
  tableGet(table: number): void {
    this.pop('i32');
    this.opcode(Op.table_get);
    this.w.u32(table);
    this.push(this.tableElem(table));
  }

  /** `table.set`. */
  tableSet(table: number): void {
    this.pop(this.tableElem(table));
    this.pop('i32');
    this.opcode(Op.table_set);
    this.w.u32(table);
  }

  /** `table.size`. */
  tableSize(table: number): void {
    this.tableElem(table);
    this.opcode(Op.table_size);
    this.w.u32(table);
    this.push('i32');
  }

  /** `table.grow` (init value, delta -> old size or -1). */
  tableGrow(table: number): void {
    this.pop('i32');
    this.pop(this.tableElem(table));
    this.opcode(Op.table_grow);
    this.w.u32(table);
    this.push('i32');
  }

  /** `table.fill` (index, value, count). */
  tableFill(table: number): void {
    this.pop('i32');
    this.pop(this.tableElem(table));
    this.pop('i32');
    this.opcode(Op.table_fill);
    this.w.u32(table);
  }

  /** `table.copy dst src` (dst index, src index, count). */
  tableCopy(dst: number, src: number): void {
    if (this.tableElem(dst) !== this.tableElem(src)) throw new FuzzBuilderError('table.copy between different element types');
    this.popAll(['i32', 'i32', 'i32']);
    this.opcode(Op.table_copy);
    this.w.u32(dst).u32(src);
  }

  /** `table.init elem table` (dst index, src offset, count). */
  tableInit(elem: number, table: number): void {
    if (this.info.elemType(elem) !== this.tableElem(table)) throw new FuzzBuilderError('table.init of a different element type');
    this.popAll(['i32', 'i32', 'i32']);
    this.opcode(Op.table_init);
    this.w.u32(elem).u32(table);
  }

  /** `elem.drop`. */
  elemDrop(elem: number): void {
    this.info.elemType(elem);
    this.opcode(Op.elem_drop);
    this.w.u32(elem);
  }

  // ---------------------------------------------------------------- memory

  /** `memory.size`. */
  memorySize(): void {
    this.opcode(Op.memory_size);
    this.w.u8(0);
    this.push('i32');
  }

  /** `memory.grow`. */
  memoryGrow(): void {
    this.pop('i32');
    this.opcode(Op.memory_grow);
    this.w.u8(0);
    this.push('i32');
  }

  /** `memory.fill` (dst, byte, count). */
  memoryFill(): void {
    this.popAll(['i32', 'i32', 'i32']);
    this.opcode(Op.memory_fill);
    this.w.u8(0);
  }

  /** `memory.copy` (dst, src, count). */
  memoryCopy(): void {
    this.popAll(['i32', 'i32', 'i32']);
    this.opcode(Op.memory_copy);
    this.w.u8(0).u8(0);
  }

  /** `memory.init data` (dst, src offset, count). */
  memoryInit(data: number): void {
    this.popAll(['i32', 'i32', 'i32']);
    this.opcode(Op.memory_init);
    this.w.u32(data).u8(0);
  }

  /** `data.drop`. */
  dataDrop(data: number): void {
    this.opcode(Op.data_drop);
    this.w.u32(data);
  }

  // ---------------------------------------------------------------- result

  /** The finished body bytes (after the function's final `end`). */
  finish(): Uint8Array {
    if (!this.done) throw new FuzzBuilderError(`the body has ${this.frames.length} open frames`);
    return this.w.finish();
  }
}

/** True when two type lists are equal. */
export function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
