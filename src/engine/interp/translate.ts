/**
 * The translator: turns one validated function body into the interpreter's slot/register code
 * (see ops.ts) in a single pass over its bytes.
 *
 * It keeps its own model of the operand stack. Each entry is
 * - a TEMP: the value is in the entry's *home* cell (every stack position has a fixed home cell
 *   above the locals, so stack values never move);
 * - a LOCAL: the value is (still) the local's own cell — `local.get` emits nothing, consumers
 *   read the local directly;
 * - a CONST: the value is known — consumers use immediate forms or it is written to the home
 *   cell when first needed.
 * Values are put in their home cells where paths merge (block ends, loop headers, branches) and
 * before a `local.set` overwrites a local that a pending LOCAL entry still names. An operator's
 * result goes straight to a local when the next instruction is `local.set`/`local.tee` of it,
 * comparisons fuse with a following `br_if`/`if`, and `call` arguments are placed so that the
 * callee's frame starts at the first argument (no copying on calls or returns).
 *
 * Constants used inside loops live in a per-function *constant pool*: cells between the locals and
 * the operand stack, written once on function entry by a CONSTS instruction (the body's `entry`),
 * so loop bodies read them like any other cell instead of re-materializing them each iteration.
 *
 * The module is valid (engines receive only validated modules), so the translator does not check
 * types; it skips unreachable code up to the matching `else`/`end`.
 */

import { CompileError } from '../../api/errors.js';
import type { FuncType, ValType } from '../../api/types.js';
import { CodeReader } from '../../wasm/binary/code-reader.js';
import { blockTypeOf } from '../../wasm/module.js';
import { Op } from '../../wasm/opcodes.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import type { FuncBody } from './func-body.js';
import { IOp } from './ops.js';
import { translateData } from './translate-data.js';
import { translateOther } from './translate-other.js';
import { constKey, prescan } from './translate-prescan.js';
import { CMP_INVERSE, CMP_OPS } from './translate-tables.js';
import { CONST, type CondInfo, type Ctrl, type Entry, LOCAL, TEMP, type TranslateOptions, cellsOf } from './translate-model.js';

export { CONST, LOCAL, TEMP, cellsOf };
export type { Entry, TranslateOptions };

/** Translates function `funcIdx` (a defined function) of a validated module. */
export function translateFunction(vm: ValidatedModule, funcIdx: number, opts: TranslateOptions): FuncBody {
  const t = new Translator(vm, funcIdx, opts);
  try {
    return t.run();
  } catch (e) {
    if (e instanceof CompileError) throw e;
    throw new CompileError(
      `internal error translating function ${funcIdx}: ${(e as Error)?.message ?? String(e)}`,
      t.reader.opStart,
    );
  }
}

/** The translator state for one function (exported for translate-other.ts). */
export class Translator {
  /** The code emitted so far. */
  readonly code: number[] = [];
  /** The operand-stack model. */
  readonly stack: Entry[] = [];
  /** The control frames, innermost last. */
  readonly ctrls: Ctrl[] = [];
  /** The cursor over the body. */
  readonly reader: CodeReader;
  /** The function's type. */
  readonly type: FuncType;
  /** Types of the locals, parameters first. */
  readonly localTypes: ValType[] = [];
  /** Cell of each local. */
  readonly localCell: number[] = [];
  /** Cells of the parameters. */
  readonly paramCells: number;
  /** Cells of all locals (and the zero cell); the pool follows. */
  readonly localCells: number;
  /** Constant pool: cell of each constant (by its words) that appears inside a loop. */
  readonly pool = new Map<string, number>();
  /** Pool entries actually used (their cells get written on entry). */
  readonly poolUsed = new Map<number, readonly number[]>();
  /** Number of enclosing loops of the current instruction. */
  loopDepth = 0;
  /** Cell just above the current operand stack. */
  heightCells: number;
  /** Highest cell the frame needs so far. */
  maxCells: number;
  /** Position of the current FUEL count operand, or -1. */
  fuelPos = -1;
  /** The last instruction that wrote a TEMP result (for local.set retargeting). */
  lastResult: { entry: Entry; dstPos: number; end: number } | null = null;
  /** The last comparison emitted (for branch fusion). */
  lastCmp: CondInfo | null = null;
  /** Some local or stack value is a reference. */
  hasRefs = false;
  /** A cell that is always 0 (a hidden local), or -1 when the body has no loads or stores. */
  readonly zeroCell: number = -1;
  /** The last `I32_ADD_IMM` emitted (fuses with a following load or store of its result). */
  lastAddImm: { pos: number; end: number } | null = null;
  /** Code position of the last branch target bound: no fusion across it. */
  barrier = 0;
  /** Code positions where the translation of a wasm instruction starts, ascending... */
  readonly offsetPcs: number[] = [];
  /** ...and the byte offsets of those instructions. */
  readonly offsets: number[] = [];
  /** Code position of the last COPY32/COPY64 emitted (fuses with a following jump), or -1. */
  lastCopy = -1;

  constructor(
    readonly vm: ValidatedModule,
    readonly funcIdx: number,
    readonly opts: TranslateOptions,
  ) {
    const m = vm.module;
    const def = m.funcs[funcIdx - vm.numImportedFuncs]!;
    this.type = vm.funcTypes[funcIdx]!;
    this.reader = new CodeReader(def.body);
    let cell = 0;
    for (const p of this.type.params) {
      this.localTypes.push(p);
      this.localCell.push(cell);
      cell += cellsOf(p);
    }
    this.paramCells = cell;
    for (const g of def.locals) {
      for (let i = 0; i < g.count; i++) {
        this.localTypes.push(g.type);
        this.localCell.push(cell);
        cell += cellsOf(g.type);
      }
    }
    const scan = prescan(def.body);
    if (scan.memory) {
      // A hidden local that stays 0: the base of loads and stores at constant addresses.
      this.zeroCell = cell;
      cell += 2;
    }
    this.localCells = cell;
    for (const [key, cells] of scan.consts) {
      this.pool.set(key, cell);
      cell += cells;
    }
    this.heightCells = cell;
    this.maxCells = cell;
  }

  /** Translates the whole body and returns the finished code and frame layout. */
  run(): FuncBody {
    const r = this.reader;
    this.ctrls.push({
      kind: 'func',
      type: { params: [], results: this.type.results },
      height: 0,
      homeCell: this.heightCells,
      patches: [],
      loopPc: -1,
      elsePatch: -1,
      paramEntries: [],
      unreachable: false,
      reachedEnd: false,
    });
    this.newFuelBlock();
    while (this.ctrls.length > 0) {
      const ctrl = this.ctrls[this.ctrls.length - 1]!;
      let op: number;
      if (ctrl.unreachable) {
        op = this.skipUnreachable();
      } else {
        op = r.op();
        if (this.fuelPos >= 0) this.code[this.fuelPos]!++;
        this.mapOffset(r.opStart);
      }
      this.instr(op);
    }
    let entry = 0;
    if (this.poolUsed.size > 0) {
      // The entry stub: write the used pool constants, then continue at 0.
      entry = this.code.length;
      this.code.push(IOp.CONSTS, 0);
      let n = 0;
      for (const [cell, words] of this.poolUsed) {
        for (let i = 0; i < words.length; i += 2) {
          this.code.push(cell + i, words[i]!, words[i + 1]!);
          n++;
        }
      }
      this.code[entry + 1] = n;
    }
    const refLocals: number[] = [];
    for (let i = this.type.params.length; i < this.localTypes.length; i++) {
      const t = this.localTypes[i]!;
      if (t === 'funcref' || t === 'externref') refLocals.push(this.localCell[i]!);
    }
    return {
      code: Int32Array.from(this.code),
      entry,
      type: this.type,
      paramCells: this.paramCells,
      localCells: this.localCells,
      frameCells: this.maxCells,
      refLocals: refLocals.length ? Int32Array.from(refLocals) : null,
      hasRefs: this.hasRefs || this.localTypes.some((t) => t === 'funcref' || t === 'externref'),
      offsetPcs: Int32Array.from(this.offsetPcs),
      offsets: Int32Array.from(this.offsets),
    };
  }

  /** Records that code emitted from here on comes from the wasm instruction at byte `offset`. */
  private mapOffset(offset: number): void {
    const pcs = this.offsetPcs;
    const pc = this.code.length;
    if (pcs.length > 0 && pcs[pcs.length - 1] === pc) this.offsets[this.offsets.length - 1] = offset;
    else {
      pcs.push(pc);
      this.offsets.push(offset);
    }
  }

  /** Skips unreachable instructions; returns the `else` or `end` that closes the current frame. */
  private skipUnreachable(): number {
    const r = this.reader;
    let depth = 0;
    for (;;) {
      const op = r.op();
      switch (op) {
        case Op.block:
        case Op.loop:
        case Op.if:
          r.blockType();
          depth++;
          break;
        case Op.end:
          if (depth === 0) return op;
          depth--;
          break;
        case Op.else:
          if (depth === 0) return op;
          break;
        default:
          r.skipImmediates(op);
      }
    }
  }

  // ---------------------------------------------------------------- stack model

  /** Pushes a TEMP of type `t`; returns its home cell. */
  pushTemp(t: ValType): Entry {
    const e: Entry = { kind: TEMP, type: t, home: this.heightCells, src: 0, c0: 0, c1: 0, c2: 0, c3: 0 };
    if (t === 'funcref' || t === 'externref') this.hasRefs = true;
    this.stack.push(e);
    this.heightCells += cellsOf(t);
    if (this.heightCells > this.maxCells) this.maxCells = this.heightCells;
    return e;
  }

  /** Pushes a LOCAL entry for local `idx` (`local.get` emits no code). */
  pushLocal(idx: number): void {
    const e = this.pushTemp(this.localTypes[idx]!);
    e.kind = LOCAL;
    e.src = this.localCell[idx]!;
  }

  /** Pushes a CONST entry with the value's words. */
  pushConst(t: ValType, c0: number, c1 = 0, c2 = 0, c3 = 0): void {
    const e = this.pushTemp(t);
    e.kind = CONST;
    e.c0 = c0 | 0;
    e.c1 = c1 | 0;
    e.c2 = c2 | 0;
    e.c3 = c3 | 0;
  }

  /** Pops the top entry (its home becomes free). */
  pop(): Entry {
    const e = this.stack.pop()!;
    this.heightCells = e.home;
    return e;
  }

  /** The entry `n` below the top. */
  top(n = 0): Entry {
    return this.stack[this.stack.length - 1 - n]!;
  }

  /** Drops entries down to `height`. */
  truncate(height: number): void {
    if (this.stack.length > height) {
      this.heightCells = this.stack[height]!.home;
      this.stack.length = height;
    }
  }

  /**
   * The cell holding entry `e`'s value: a local's cell, a pool cell (constants inside loops), or its
   * home (a constant is written there first).
   */
  use(e: Entry): number {
    if (e.kind === LOCAL) return e.src;
    if (e.kind === CONST) {
      if (this.loopDepth > 0 && e.type !== 'funcref' && e.type !== 'externref') {
        const words = e.type === 'v128' ? [e.c0, e.c1, e.c2, e.c3] : [e.c0, e.c1];
        const cell = this.pool.get(constKey(e.c0, e.c1, ...words.slice(2)));
        if (cell !== undefined) {
          this.poolUsed.set(cell, words);
          return cell;
        }
      }
      this.materialize(e);
    }
    return e.home;
  }

  /** Moves `e`'s value to its home cell and makes it a TEMP. */
  materialize(e: Entry): void {
    if (e.kind === TEMP) return;
    this.place(e, e.home);
    e.kind = TEMP;
  }

  /** Emits code that writes `e`'s value to cell `dst` (the entry is unchanged). */
  place(e: Entry, dst: number): void {
    if (e.kind === CONST) {
      this.emitConst(e, dst);
      return;
    }
    const src = e.kind === LOCAL ? e.src : e.home;
    if (src !== dst) this.emitCopy(e.type, dst, src);
  }

  /** Emits a move of a value of type `t` between cells. */
  emitCopy(t: ValType, dst: number, src: number): void {
    switch (t) {
      case 'i32':
      case 'f32':
        this.lastCopy = this.code.length;
        this.emit3(IOp.COPY32, dst, src);
        return;
      case 'i64':
      case 'f64':
        this.lastCopy = this.code.length;
        this.emit3(IOp.COPY64, dst, src);
        return;
      case 'v128':
        this.emit3(IOp.COPY128, dst, src);
        return;
      default:
        this.emit3(IOp.COPY_REF, dst, src);
    }
  }

  /** Emits the write of constant entry `e` to cell `dst`. */
  emitConst(e: Entry, dst: number): void {
    const c = this.code;
    switch (e.type) {
      case 'i32':
      case 'f32':
        c.push(IOp.CONST32, dst, e.c0);
        return;
      case 'i64':
      case 'f64':
        c.push(IOp.CONST64, dst, e.c0, e.c1);
        return;
      case 'v128':
        c.push(IOp.CONST128, dst, e.c0, e.c1, e.c2, e.c3);
        return;
      default:
        c.push(IOp.REF_NULL, dst);
    }
  }

  private emit3(op: number, a: number, b: number): void {
    this.code.push(op, a, b);
  }

  /** Materializes every LOCAL entry (before control flow splits or merges). */
  private materializeLocals(): void {
    for (const e of this.stack) if (e.kind === LOCAL) this.materialize(e);
  }

  /** Records that the instruction just emitted wrote `entry` (a TEMP) at code position `dstPos`. */
  result(entry: Entry, dstPos: number): void {
    this.lastResult = { entry, dstPos, end: this.code.length };
  }

  /** Emits `op d ...operands` for a TEMP result of type `t` pushed now; returns the entry. */
  emitResultOp(op: number, t: ValType, operands: readonly number[]): Entry {
    const e = this.pushTemp(t);
    this.code.push(op, e.home, ...operands);
    this.result(e, this.code.length - operands.length - 1);
    return e;
  }

  // ---------------------------------------------------------------- fuel

  /** Starts a new fuel-charged region (when metering). */
  newFuelBlock(): void {
    if (!this.opts.metering) return;
    this.code.push(IOp.FUEL, 0);
    this.fuelPos = this.code.length - 1;
  }

  // ---------------------------------------------------------------- control helpers

  private label(depth: number): Ctrl {
    return this.ctrls[this.ctrls.length - 1 - depth]!;
  }

  /** The types a branch to `ctrl` carries. */
  private labelTypes(ctrl: Ctrl): readonly ValType[] {
    return ctrl.kind === 'loop' ? ctrl.type.params : ctrl.type.results;
  }

  /** True when a branch to `ctrl` must move values (or is a return). */
  private branchNeedsWork(ctrl: Ctrl): boolean {
    if (ctrl.kind === 'func') return true;
    const n = this.labelTypes(ctrl).length;
    let dst = ctrl.homeCell;
    for (let i = 0; i < n; i++) {
      const e = this.stack[this.stack.length - n + i]!;
      if (e.kind !== TEMP || e.home !== dst) return true;
      dst += cellsOf(e.type);
    }
    return false;
  }

  /**
   * Emits the moves of a branch to `ctrl` and the jump itself (or the return sequence). Entries
   * are not changed (a conditional branch falls through with them).
   */
  private emitBranch(ctrl: Ctrl): void {
    if (ctrl.kind === 'func') {
      this.emitReturn();
      return;
    }
    const n = this.labelTypes(ctrl).length;
    let dst = ctrl.homeCell;
    // Note: destinations are at or below the sources' homes and LOCAL sources are below all
    // homes, so copying in increasing order never overwrites a value still to be read.
    for (let i = 0; i < n; i++) {
      const e = this.stack[this.stack.length - n + i]!;
      this.place(e, dst);
      dst += cellsOf(e.type);
    }
    this.emitJump();
    this.emitTarget(ctrl);
  }

  /**
   * Emits the opcode of an unconditional jump (the target word follows), fused with the instruction
   * just emitted when that is a COPY32/COPY64 (the usual `if` arm ending in a move).
   */
  private emitJump(): void {
    const c = this.code;
    const lc = this.lastCopy;
    if (lc >= 0 && lc + 3 === c.length && lc >= this.barrier && (c[lc] === IOp.COPY32 || c[lc] === IOp.COPY64)) {
      c[lc] = c[lc] === IOp.COPY32 ? IOp.COPY32_BR : IOp.COPY64_BR;
      this.lastCopy = -1;
      return;
    }
    c.push(IOp.BR);
  }

  /** Emits a branch-target word for `ctrl` (known for loops, patched later for the others). */
  private emitTarget(ctrl: Ctrl): void {
    if (ctrl.kind === 'loop') {
      this.code.push(ctrl.loopPc);
    } else {
      ctrl.reachedEnd = true;
      ctrl.patches.push(this.code.length);
      this.code.push(-1);
    }
  }

  /** Points every patch position in `list` at the current address. */
  private bindHere(list: readonly number[]): void {
    this.barrier = this.code.length;
    for (const p of list) this.code[p] = this.code.length;
  }

  /** The return sequence: results to cells 0.. of the frame, then RETURN. */
  private emitReturn(): void {
    const results = this.type.results;
    const n = results.length;
    if (n === 0) {
      this.code.push(IOp.RETURN);
      return;
    }
    if (n === 1) {
      const e = this.top();
      if (e.kind === CONST) {
        this.emitConst(e, 0);
        this.code.push(IOp.RETURN);
        return;
      }
      const src = e.kind === LOCAL ? e.src : e.home;
      switch (e.type) {
        case 'i32':
        case 'f32':
          this.code.push(IOp.RETURN32, src);
          return;
        case 'i64':
        case 'f64':
          this.code.push(IOp.RETURN64, src);
          return;
        default:
          if (src !== 0) this.emitCopy(e.type, 0, src);
          this.code.push(IOp.RETURN);
          return;
      }
    }
    // Note: results are first put in their homes (which lie above every local), then copied
    // down in increasing order; a home is never below its destination, so nothing is clobbered.
    // Entries are not changed: this may be one path of a conditional branch.
    const first = this.stack.length - n;
    for (let i = first; i < this.stack.length; i++) this.place(this.stack[i]!, this.stack[i]!.home);
    let dst = 0;
    for (let i = first; i < this.stack.length; i++) {
      const e = this.stack[i]!;
      if (e.home !== dst) this.emitCopy(e.type, dst, e.home);
      dst += cellsOf(e.type);
    }
    this.code.push(IOp.RETURN);
  }

  /**
   * Emits a conditional jump on `cond` (an i32 entry already popped): taken when the condition is
   * `whenTrue`. Fuses with the comparison that produced `cond` when that was the last instruction.
   * Returns the position of the target word (to patch), or pushes `ctrl`'s target when given.
   */
  private emitCondJump(cond: Entry, whenTrue: boolean, ctrl: Ctrl | null): number {
    const c = this.code;
    const lc = this.lastCmp;
    if (lc !== null && lc.entry === cond && lc.end === c.length) {
      const cmpOp = c[lc.start]!;
      const a = c[lc.start + 2]!;
      const b = c[lc.start + 3]!;
      if (cmpOp === IOp.I32_EQZ) {
        c.length = lc.start;
        c.push(whenTrue ? IOp.BR_IFZ : IOp.BR_IF, a);
      } else {
        const info = CMP_OPS.get(cmpOp)!;
        const name = whenTrue ? info.name : CMP_INVERSE[info.name];
        c.length = lc.start;
        const suffix = info.family === 'I32_IMM' ? '_IMM' : '';
        const family = info.family === 'I64' ? 'BR_I64_' : 'BR_I32_';
        const op = (IOp as Readonly<Record<string, number>>)[`${family}${name}${suffix}`]!;
        // `i += k; br_if (i != n)`, the usual loop latch, becomes one instruction.
        const la = this.lastAddImm;
        // (`!=` is symmetric, so the sum may be either operand of BR_I32_NE.)
        const t = la === null ? -1 : c[la.pos + 1]!;
        if (
          (op === IOp.BR_I32_NE || op === IOp.BR_I32_NE_IMM) &&
          la !== null &&
          la.end === c.length &&
          la.pos >= this.barrier &&
          (t === a || (op === IOp.BR_I32_NE && t === b))
        ) {
          const src = c[la.pos + 2]!;
          const imm = c[la.pos + 3]!;
          c.length = la.pos;
          this.lastAddImm = null;
          c.push(op === IOp.BR_I32_NE ? IOp.ADD_IMM_BR_NE : IOp.ADD_IMM_BR_NE_IMM, t, src, imm, t === a ? b : a);
        } else {
          c.push(op, a, b);
        }
      }
    } else {
      c.push(whenTrue ? IOp.BR_IF : IOp.BR_IFZ, this.use(cond));
    }
    this.lastCmp = null;
    this.lastResult = null;
    if (ctrl !== null) {
      this.emitTarget(ctrl);
      return -1;
    }
    c.push(-1);
    return c.length - 1;
  }

  // ---------------------------------------------------------------- instructions

  private blockType(): FuncType {
    return blockTypeOf(this.vm.module.types, this.reader.blockType())!;
  }

  /** Enters a block-like frame: params and pending LOCAL entries go to their homes. */
  private enter(kind: 'block' | 'loop' | 'if', type: FuncType): Ctrl {
    this.materializeLocals();
    const n = type.params.length;
    const height = this.stack.length - n;
    for (let i = height; i < this.stack.length; i++) this.materialize(this.stack[i]!);
    const homeCell = n > 0 ? this.stack[height]!.home : this.heightCells;
    const ctrl: Ctrl = {
      kind,
      type,
      height,
      homeCell,
      patches: [],
      loopPc: -1,
      elsePatch: -1,
      paramEntries: this.stack.slice(height).map((e) => ({ ...e })),
      unreachable: false,
      reachedEnd: false,
    };
    // Note: lastCmp survives (an `if` fuses with the comparison before it when enter() emitted
    // nothing); a retargeted result must not cross a possible jump target.
    this.lastResult = null;
    return ctrl;
  }

  /** Replaces the entries above `height` with TEMPs of `types` (their homes follow `height`). */
  private resetTo(height: number, types: readonly ValType[]): void {
    this.truncate(height);
    for (const t of types) this.pushTemp(t);
  }

  private instr(op: number): void {
    const r = this.reader;
    switch (op) {
      case Op.unreachable:
        this.code.push(IOp.UNREACHABLE);
        this.setUnreachable();
        return;
      case Op.nop:
        return;
      case Op.block: {
        const ctrl = this.enter('block', this.blockType());
        this.ctrls.push(ctrl);
        return;
      }
      case Op.loop: {
        const start = r.opStart;
        const ctrl = this.enter('loop', this.blockType());
        ctrl.loopPc = this.code.length;
        this.barrier = this.code.length;
        this.ctrls.push(ctrl);
        this.loopDepth++;
        this.fuelPos = -1;
        this.newFuelBlock();
        const probe = this.opts.loopProbe?.get(start);
        // Every iteration passes the probe (back edges jump to loopPc); the RETURN after it runs
        // only when the store's hook ran the rest of the call (see ops.ts).
        if (probe !== undefined) this.code.push(IOp.LOOP_PROBE, probe, IOp.RETURN);
        return;
      }
      case Op.if: {
        const type = this.blockType();
        const cond = this.pop();
        const ctrl = this.enter('if', type);
        ctrl.elsePatch = this.emitCondJump(cond, false, null);
        this.ctrls.push(ctrl);
        this.newFuelBlock();
        return;
      }
      case Op.else: {
        const ctrl = this.ctrls[this.ctrls.length - 1]!;
        if (!ctrl.unreachable) {
          this.materializeResults(ctrl);
          ctrl.reachedEnd = true;
          this.emitJump();
          ctrl.patches.push(this.code.length);
          this.code.push(-1);
        }
        this.code[ctrl.elsePatch] = this.code.length;
        this.barrier = this.code.length;
        ctrl.elsePatch = -1;
        this.truncate(ctrl.height);
        for (const e of ctrl.paramEntries) {
          const c = this.pushTemp(e.type);
          c.kind = e.kind;
          c.c0 = e.c0;
          c.c1 = e.c1;
          c.c2 = e.c2;
          c.c3 = e.c3;
          c.src = e.src;
        }
        ctrl.unreachable = false;
        this.lastResult = null;
        this.lastCmp = null;
        this.fuelPos = -1;
        this.newFuelBlock();
        return;
      }
      case Op.end:
        this.end();
        return;
      case Op.br: {
        this.emitBranch(this.label(r.u32()));
        this.setUnreachable();
        return;
      }
      case Op.br_if: {
        const ctrl = this.label(r.u32());
        const cond = this.pop();
        if (!this.branchNeedsWork(ctrl)) {
          this.emitCondJump(cond, true, ctrl);
        } else {
          const skip = this.emitCondJump(cond, false, null);
          this.emitBranch(ctrl);
          this.code[skip] = this.code.length;
          this.barrier = this.code.length;
        }
        this.fuelPos = -1;
        this.newFuelBlock();
        return;
      }
      case Op.br_table:
        this.brTable();
        return;
      case Op.return:
        this.emitReturn();
        this.setUnreachable();
        return;
    }
    if (!translateData(this, op)) translateOther(this, op);
  }

  /** Marks the rest of the current frame unreachable. */
  setUnreachable(): void {
    const ctrl = this.ctrls[this.ctrls.length - 1]!;
    ctrl.unreachable = true;
    this.lastResult = null;
    this.lastCmp = null;
  }

  /** Puts the current frame's results (the top entries) in their homes. */
  private materializeResults(ctrl: Ctrl): void {
    const n = ctrl.type.results.length;
    for (let i = this.stack.length - n; i < this.stack.length; i++) this.materialize(this.stack[i]!);
  }

  private end(): void {
    const ctrl = this.ctrls.pop()!;
    if (ctrl.kind === 'loop') this.loopDepth--;
    if (ctrl.kind === 'func') {
      if (!ctrl.unreachable) this.emitReturn();
      return;
    }
    if (!ctrl.unreachable) {
      this.materializeResults(ctrl);
      ctrl.reachedEnd = true;
    }
    if (ctrl.kind === 'if' && ctrl.elsePatch >= 0) {
      // No else: the false path passes the parameters through as the results (already in
      // their homes, see enter()).
      this.code[ctrl.elsePatch] = this.code.length;
      this.barrier = this.code.length;
      ctrl.reachedEnd = true;
    }
    this.bindHere(ctrl.patches);
    this.resetTo(ctrl.height, ctrl.type.results);
    this.lastResult = null;
    this.lastCmp = null;
    const outer = this.ctrls[this.ctrls.length - 1]!;
    if (!ctrl.reachedEnd) {
      outer.unreachable = true;
    } else {
      this.fuelPos = -1;
      this.newFuelBlock();
    }
  }

  private brTable(): void {
    const r = this.reader;
    const { labels, defaultLabel } = r.brTable();
    const idx = this.pop();
    const c = this.use(idx);
    const all = [...labels, defaultLabel];
    this.code.push(IOp.BR_TABLE, c, labels.length);
    const stubs = new Map<Ctrl, number[]>();
    for (const l of all) {
      const ctrl = this.label(l);
      if (this.branchNeedsWork(ctrl)) {
        let list = stubs.get(ctrl);
        if (!list) stubs.set(ctrl, (list = []));
        list.push(this.code.length);
        this.code.push(-1);
      } else {
        this.emitTarget(ctrl);
      }
    }
    for (const [ctrl, list] of stubs) {
      this.bindHere(list);
      this.emitBranch(ctrl);
    }
    this.setUnreachable();
  }


}
