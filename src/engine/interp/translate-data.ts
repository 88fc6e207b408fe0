/**
 * Translation of the data instructions: locals, constants, parametric and numeric operators,
 * calls, loads and stores. Control flow stays in translate.ts, the rest is in translate-other.ts.
 */

import type { FuncType, ValType } from '../../api/types.js';
import { Op } from '../../wasm/opcodes.js';
import { IOp } from './ops.js';
import type { Translator } from './translate.js';
import { CONST, type Entry, LOCAL } from './translate-model.js';
import { CMP_OPS, LOAD_OPS, RETYPE_OPS, SIMPLE_OPS, STORE_OPS } from './translate-tables.js';

/** Loads and stores that fuse with a preceding `I32_ADD_IMM` of their address. */
const FUSED_LOADS: ReadonlyMap<number, number> = new Map([
  [IOp.LOAD32, IOp.ADD_IMM_LOAD32],
  [IOp.LOAD64, IOp.ADD_IMM_LOAD64],
  [IOp.LOAD8_S, IOp.ADD_IMM_LOAD8_S],
  [IOp.LOAD8_U, IOp.ADD_IMM_LOAD8_U],
  [IOp.LOAD16_S, IOp.ADD_IMM_LOAD16_S],
  [IOp.LOAD16_U, IOp.ADD_IMM_LOAD16_U],
]);
const FUSED_STORES: ReadonlyMap<number, number> = new Map([
  [IOp.STORE32, IOp.ADD_IMM_STORE32],
  [IOp.STORE64, IOp.ADD_IMM_STORE64],
  [IOp.STORE8, IOp.ADD_IMM_STORE8],
  [IOp.STORE16, IOp.ADD_IMM_STORE16],
]);

/** Translates `op` when it is a data instruction; returns false for the others. */
export function translateData(tr: Translator, op: number): boolean {
  const r = tr.reader;
  switch (op) {
    case Op.call:
      call(tr, r.u32());
      return true;
    case Op.call_indirect: {
      const typeIdx = r.u32();
      const table = r.u32();
      callIndirect(tr, typeIdx, table);
      return true;
    }
    case Op.drop:
      tr.pop();
      return true;
    case Op.select:
      select(tr);
      return true;
    case Op.select_t:
      r.selectTypes();
      select(tr);
      return true;
    case Op.local_get:
      tr.pushLocal(r.u32());
      return true;
    case Op.local_set:
      localSet(tr, r.u32(), false);
      return true;
    case Op.local_tee:
      localSet(tr, r.u32(), true);
      return true;
    case Op.i32_const:
      tr.pushConst('i32', r.s32());
      return true;
    case Op.i64_const: {
      const lo = r.s64Words();
      tr.pushConst('i64', lo, r.hiWord);
      return true;
    }
    case Op.f32_const:
      tr.pushConst('f32', r.f32Bits());
      return true;
    case Op.f64_const: {
      const lo = r.f32Bits();
      const hi = r.f32Bits();
      tr.pushConst('f64', lo, hi);
      return true;
    }
  }
  const simple = SIMPLE_OPS.get(op);
  if (simple !== undefined) {
    simpleOp(tr, simple.arity, simple);
    return true;
  }
  const retype = RETYPE_OPS.get(op);
  if (retype !== undefined) {
    tr.top().type = retype;
    return true;
  }
  const load = LOAD_OPS.get(op);
  if (load !== undefined) {
    const m = r.memArg();
    const [addr, off] = address(tr, tr.pop(), m.offset);
    const fused = fusedAddImm(tr, addr, FUSED_LOADS.get(load[0]));
    if (fused !== null) {
      const e = tr.pushTemp(load[1]);
      tr.code.push(...fused, e.home, off);
      tr.result(e, tr.code.length - 2);
      return true;
    }
    tr.emitResultOp(load[0], load[1], [addr, off]);
    return true;
  }
  const store = STORE_OPS.get(op);
  if (store !== undefined) {
    const m = r.memArg();
    const v = tr.pop();
    const [addr, off] = address(tr, tr.pop(), m.offset);
    if (store === IOp.STORE32 && v.kind === CONST) {
      tr.code.push(IOp.STORE32_IMM, addr, v.c0, off);
    } else {
      const cv = tr.use(v);
      const fused = fusedAddImm(tr, addr, FUSED_STORES.get(store));
      if (fused !== null) tr.code.push(...fused, cv, off);
      else tr.code.push(store, addr, cv, off);
    }
    tr.lastResult = null;
    return true;
  }
  return false;
}

/**
 * The (cell, offset) of a memory access to `a` with static offset `offset`: a constant address
 * folds into the offset over the always-zero cell when the sum still fits in 32 bits.
 */
function address(tr: Translator, a: Entry, offset: number): [number, number] {
  if (a.kind === CONST && tr.zeroCell >= 0) {
    const ea = (a.c0 >>> 0) + offset;
    if (ea <= 0xffffffff) return [tr.zeroCell, ea | 0];
  }
  return [tr.use(a), offset | 0];
}

/**
 * When the instruction just emitted is `I32_ADD_IMM t = a + imm` and `addr` is `t`, removes it and
 * returns the start of the fused instruction `[fusedOp, t, a, imm]` (it still writes `t`).
 */
function fusedAddImm(tr: Translator, addr: number, fusedOp: number | undefined): number[] | null {
  const la = tr.lastAddImm;
  const c = tr.code;
  if (fusedOp === undefined || la === null || la.end !== c.length || la.pos < tr.barrier || c[la.pos + 1] !== addr) {
    return null;
  }
  const t = c[la.pos + 1]!;
  const a = c[la.pos + 2]!;
  const imm = c[la.pos + 3]!;
  c.length = la.pos;
  tr.lastAddImm = null;
  return [fusedOp, t, a, imm];
}

function call(tr: Translator, f: number): void {
  const type = tr.vm.funcTypes[f]!;
  const base = placeArgs(tr, type.params.length);
  tr.code.push(IOp.CALL, f, base);
  afterCall(tr, type);
}

function callIndirect(tr: Translator, typeIdx: number, table: number): void {
  const type = tr.vm.module.types[typeIdx]!;
  const idx = tr.pop();
  const c = tr.use(idx);
  const base = placeArgs(tr, type.params.length);
  tr.code.push(IOp.CALL_INDIRECT, table, tr.opts.typeIds[typeIdx]!, c, base);
  afterCall(tr, type);
}

/** Puts the top `n` entries in their homes; returns the home of the first (the callee's frame). */
function placeArgs(tr: Translator, n: number): number {
  const first = tr.stack.length - n;
  for (let i = first; i < tr.stack.length; i++) tr.materialize(tr.stack[i]!);
  return n > 0 ? tr.stack[first]!.home : tr.heightCells;
}

function afterCall(tr: Translator, type: FuncType): void {
  tr.truncate(tr.stack.length - type.params.length);
  for (const t of type.results) tr.pushTemp(t);
  tr.lastResult = null;
  tr.lastCmp = null;
}

function select(tr: Translator): void {
  const cond = tr.pop();
  const b = tr.pop();
  const a = tr.pop();
  const ca = tr.use(a);
  const cb = tr.use(b);
  const cc = tr.use(cond);
  const t = a.type;
  let op: number;
  switch (t) {
    case 'i32':
    case 'f32':
      op = IOp.SELECT32;
      break;
    case 'i64':
    case 'f64':
      op = IOp.SELECT64;
      break;
    case 'v128':
      op = IOp.SELECT128;
      break;
    default:
      op = IOp.SELECT_REF;
  }
  tr.emitResultOp(op, t, [cc, ca, cb]);
}

function localSet(tr: Translator, idx: number, tee: boolean): void {
  const cell = tr.localCell[idx]!;
  const t = tr.localTypes[idx]!;
  const e = tr.top();
  if (e.kind === LOCAL && e.src === cell) {
    if (!tee) tr.pop();
    return;
  }
  const lr = tr.lastResult;
  const others = referencesLocal(tr, cell, e);
  if (lr !== null && lr.entry === e && lr.end === tr.code.length && !others) {
    // Retarget the producing instruction to write the local directly.
    tr.code[lr.dstPos] = cell;
    tr.lastResult = null;
    tr.lastCmp = null;
    if (tee) {
      e.kind = LOCAL;
      e.src = cell;
    } else {
      tr.pop();
    }
    return;
  }
  if (others) preserveLocal(tr, cell, e);
  if (e.kind === CONST) tr.emitConst(e, cell);
  else tr.emitCopy(t, cell, e.kind === LOCAL ? e.src : e.home);
  if (!tee) tr.pop();
  tr.lastResult = null;
  tr.lastCmp = null;
}

/** True when an entry other than `except` still reads local cell `cell`. */
function referencesLocal(tr: Translator, cell: number, except: Entry): boolean {
  for (const e of tr.stack) if (e !== except && e.kind === LOCAL && e.src === cell) return true;
  return false;
}

/** Copies pending reads of local cell `cell` to their homes (before the local changes). */
function preserveLocal(tr: Translator, cell: number, except: Entry): void {
  for (const e of tr.stack) if (e !== except && e.kind === LOCAL && e.src === cell) tr.materialize(e);
}

/** A pure operator: constant right (or, when allowed, left) operands become immediates. */
function simpleOp(tr: Translator, arity: 1 | 2, s: { op: number; result: ValType; immOp?: number; swapOp?: number; immKind?: string; cmp?: boolean }): void {
  if (arity === 1) {
    const a = tr.pop();
    const ca = tr.use(a);
    const e = tr.emitResultOp(s.op, s.result, [ca]);
    if (s.op === IOp.I32_EQZ) tr.lastCmp = { entry: e, start: tr.code.length - 3, end: tr.code.length };
    return;
  }
  const b = tr.pop();
  const a = tr.pop();
  let op = s.op;
  let operands: number[] | null = null;
  if (s.immOp !== undefined) {
    const imm = immediateOf(tr, b, s.immKind!, a.type);
    if (imm !== null) {
      op = s.immOp;
      operands = [tr.use(a), imm];
    } else if (s.swapOp !== undefined) {
      const immL = immediateOf(tr, a, 'plain', a.type);
      if (immL !== null) {
        op = s.swapOp;
        operands = [tr.use(b), immL];
      }
    }
  }
  if (operands === null) {
    const ca = tr.use(a);
    operands = [ca, tr.use(b)];
  }
  const start = tr.code.length;
  const e = tr.emitResultOp(op, s.result, operands);
  if (s.cmp && CMP_OPS.has(op)) tr.lastCmp = { entry: e, start, end: tr.code.length };
  if (op === IOp.I32_ADD_IMM) tr.lastAddImm = { pos: start, end: tr.code.length };
}

/** The immediate for constant entry `e`, or null when it is not a suitable constant. */
function immediateOf(tr: Translator, e: Entry, kind: string, t: ValType): number | null {
  if (e.kind !== CONST) return null;
  if (t === 'i32') {
    if (kind === 'neg') return -e.c0 | 0;
    if (kind === 'mask') return e.c0 & 31;
    return e.c0;
  }
  if (kind === 'mask64') return e.c0 & 63;
  if (kind === 'rotr64') return (64 - (e.c0 & 63)) & 63;
  // i64: the constant must be a sign-extended int32 (after negation for `sub`).
  let lo = e.c0;
  let hi = e.c1;
  if (kind === 'neg') {
    if (lo === -2147483648 && hi === -1) return null;
    if (lo === 0 && hi === 0) return 0;
    const nlo = -lo | 0;
    const nhi = ~hi + (lo === 0 ? 1 : 0);
    lo = nlo;
    hi = nhi | 0;
  }
  if (hi !== lo >> 31) return null;
  return lo;
}
