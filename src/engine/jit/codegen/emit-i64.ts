/**
 * Code generation for i64 instructions on (low, high) int32 pairs, without BigInt: add/sub with
 * carry, multiply from 32x32 partial products, shifts and rotates (specialised for constant
 * counts), comparisons as boolean expressions; division and the conversions call helpers that
 * return the low word and leave the high word in `RET[0]`.
 *
 * i64 stack entries are always temps, locals or literals (never pending), so both words are
 * simple expressions that may be read several times. A result is computed from the operands into
 * scratch and then assigned to its home, because the home may be an operand's.
 */

import { Op } from '../../../wasm/opcodes.js';
import type { FuncCompiler } from './compiler.js';
import { i32Lit, Kind, u32 } from './values.js';

/** i64 comparisons by opcode: [operator, unsigned]. */
const CMP: ReadonlyMap<number, readonly [string, boolean]> = new Map([
  [Op.i64_lt_s, ['<', false]],
  [Op.i64_lt_u, ['<', true]],
  [Op.i64_gt_s, ['>', false]],
  [Op.i64_gt_u, ['>', true]],
  [Op.i64_le_s, ['<=', false]],
  [Op.i64_le_u, ['<=', true]],
  [Op.i64_ge_s, ['>=', false]],
  [Op.i64_ge_u, ['>=', true]],
]);

/** Helper-computed binary operators (division and variable shifts/rotates). */
const HELPER_BIN: ReadonlyMap<number, string> = new Map([
  [Op.i64_div_s, 'i64DivS'],
  [Op.i64_div_u, 'i64DivU'],
  [Op.i64_rem_s, 'i64RemS'],
  [Op.i64_rem_u, 'i64RemU'],
]);

/** Variable-count shift helpers. */
const SHIFT_HELPER: ReadonlyMap<number, string> = new Map([
  [Op.i64_shl, 'i64Shl'],
  [Op.i64_shr_s, 'i64ShrS'],
  [Op.i64_shr_u, 'i64ShrU'],
  [Op.i64_rotl, 'i64Rotl'],
  [Op.i64_rotr, 'i64Rotr'],
]);

/** Float-to-i64 conversions (helpers returning a pair). */
const FROM_FLOAT: ReadonlyMap<number, string> = new Map([
  [Op.i64_trunc_f32_s, 'i64TruncS'],
  [Op.i64_trunc_f32_u, 'i64TruncU'],
  [Op.i64_trunc_f64_s, 'i64TruncS'],
  [Op.i64_trunc_f64_u, 'i64TruncU'],
  [Op.i64_trunc_sat_f32_s, 'i64TruncSatS'],
  [Op.i64_trunc_sat_f32_u, 'i64TruncSatU'],
  [Op.i64_trunc_sat_f64_s, 'i64TruncSatS'],
  [Op.i64_trunc_sat_f64_u, 'i64TruncSatU'],
  [Op.i64_reinterpret_f64, 'f64ToWords'],
]);

/** The int32 value of a literal operand, or null when it is not a literal. */
function literal(e: string, k: number): number | null {
  if (k !== Kind.Const) return null;
  const n = Number(e.replace(/[()]/g, ''));
  return Number.isInteger(n) ? n : null;
}

/** Assigns a pair result (from expressions of the operands) to the next home and pushes it. */
function result(fc: FuncCompiler, lo: string, hi: string): void {
  const l = fc.resultHome('i64');
  const d = fc.stack.length;
  const q = fc.scratch('q0');
  fc.emit(`${q} = ${lo}; ${fc.homeHi(d)} = ${hi}; ${l} = ${q};`);
  fc.pushTemp('i64');
}

/**
 * An add/sub/mul whose exact result the range analysis (range64.ts) proved to be an int32: pushes
 * the low word `lo` (always exact, whatever the high words) with the high word its sign (the literal
 * 0 when non-negative); returns false when nothing is known of this instruction.
 */
function narrowResult(fc: FuncCompiler, lo: string): boolean {
  const n = fc.narrow64.get(fc.reader.opStart);
  if (n === undefined) return false;
  result(fc, lo, n === 'u' ? '0' : `${fc.scratch('q0')} >> 31`);
  return true;
}

/** Assigns a helper's pair result (low returned, high in RET[0]) to the next home and pushes it. */
function helperResult(fc: FuncCompiler, call: string): void {
  const l = fc.resultHome('i64');
  const d = fc.stack.length;
  fc.use('RET');
  fc.emit(`${l} = ${call}; ${fc.homeHi(d)} = RET[0];`);
  fc.pushTemp('i64');
}

/** [lo, hi] expressions of a shift/rotate of (l, h) by the constant `n` (0..63). */
function constShift(op: number, l: string, h: string, n: number): [string, string] {
  if (n === 0) return [l, h];
  switch (op) {
    case Op.i64_shl:
      return n < 32 ? [`(${l} << ${n})`, `((${h} << ${n}) | (${l} >>> ${32 - n}))`] : [`0`, `(${l} << ${n - 32})`];
    case Op.i64_shr_s:
      return n < 32 ? [`((${l} >>> ${n}) | (${h} << ${32 - n}))`, `(${h} >> ${n})`] : [`(${h} >> ${n - 32})`, `(${h} >> 31)`];
    case Op.i64_shr_u:
      // Note: a logical shift by at least 1 gives a non-negative int32; no `| 0` needed.
      return n < 32 ? [`((${l} >>> ${n}) | (${h} << ${32 - n}))`, `(${h} >>> ${n})`] : [n === 32 ? h : `(${h} >>> ${n - 32})`, `0`];
    case Op.i64_rotl:
      if (n === 32) return [h, l];
      if (n > 32) return constShift(op, h, l, n - 32);
      return [`((${l} << ${n}) | (${h} >>> ${32 - n}))`, `((${h} << ${n}) | (${l} >>> ${32 - n}))`];
    default:
      // rotr by n is rotl by 64 - n
      return constShift(Op.i64_rotl, l, h, 64 - n);
  }
}

/** The unsigned comparison `a op b` (op strict) of two high words, simplified when one is a literal 0. */
function highCompareU(a: string, op: string, b: string): string {
  const zero = (e: string) => e === '0';
  if ((op === '<' && zero(b)) || (op === '>' && zero(a))) return 'false';
  if (op === '<' && zero(a)) return `${b} !== 0`;
  if (op === '>' && zero(b)) return `${a} !== 0`;
  return `${u32(a)} ${op} ${u32(b)}`;
}

/** Emits an i64 instruction (or a conversion to/from i64); returns false when `op` is not one. */
export function emitI64(fc: FuncCompiler, op: number): boolean {
  switch (op) {
    case Op.i64_const: {
      const v = fc.reader.s64();
      fc.pushConst('i64', i32Lit(Number(BigInt.asIntN(32, v))), i32Lit(Number(BigInt.asIntN(32, v >> 32n))));
      return true;
    }
    case Op.i64_eqz: {
      const [l, h] = fc.popI64();
      fc.pushCond(`((${l} | ${h}) === 0)`);
      return true;
    }
    case Op.i64_eq:
    case Op.i64_ne: {
      const [bl, bh] = fc.popI64();
      const [al, ah] = fc.popI64();
      fc.pushCond(op === Op.i64_eq ? `(${al} === ${bl} && ${ah} === ${bh})` : `(${al} !== ${bl} || ${ah} !== ${bh})`);
      return true;
    }
    case Op.i64_clz:
    case Op.i64_ctz:
    case Op.i64_popcnt: {
      const [l, h] = fc.popI64();
      const f = fc.use(op === Op.i64_clz ? 'clz64' : op === Op.i64_ctz ? 'ctz64' : 'popcnt64');
      result(fc, `${f}(${l}, ${h})`, '0');
      return true;
    }
    case Op.i64_add: {
      const [bl, bh] = fc.popI64();
      const [al, ah] = fc.popI64();
      if (narrowResult(fc, `(${al} + ${bl}) | 0`)) return true;
      const d = fc.stack.length;
      const home = fc.resultHome('i64');
      const q = fc.scratch('q0');
      // The carry: the low sum wrapped, i.e. it is below an addend (unsigned); with a literal
      // addend compare against that.
      const isLit = (e: string) => /^\(?-?\d+\)?$/.test(e);
      const lit = isLit(bl) ? bl : isLit(al) ? al : null;
      const carry = lit !== null ? `(${q} >>> 0) < ${u32(lit)}` : `(${q} >>> 0) < (${al} >>> 0)`;
      const hi = bh === '0' ? ah : ah === '0' ? bh : `${ah} + ${bh}`;
      fc.emit(`${q} = (${al} + ${bl}) | 0; ${fc.homeHi(d)} = (${hi} + ((${carry}) | 0)) | 0; ${home} = ${q};`);
      fc.pushTemp('i64');
      return true;
    }
    case Op.i64_sub: {
      const [bl, bh] = fc.popI64();
      const [al, ah] = fc.popI64();
      if (narrowResult(fc, `(${al} - ${bl}) | 0`)) return true;
      result(fc, `(${al} - ${bl}) | 0`, `(${ah} - ${bh} - ((${u32(al)} < ${u32(bl)}) | 0)) | 0`);
      return true;
    }
    case Op.i64_mul: {
      const [bl, bh] = fc.popI64();
      const [al, ah] = fc.popI64();
      if (narrowResult(fc, `Math.imul(${al}, ${bl})`)) return true;
      const d = fc.stack.length;
      const home = fc.resultHome('i64');
      const q = fc.scratch('q0');
      // Note: the high word of al*bl (unsigned) is the double product minus the exact low word,
      // divided by 2^32 and rounded: both roundings err by at most 2^11, far below 2^31.
      const hiProd = `((((${u32(al)} * ${u32(bl)}) - (${q} >>> 0)) * 2.3283064365386963e-10 + 0.5) | 0)`;
      fc.emit(`${q} = Math.imul(${al}, ${bl}); ${fc.homeHi(d)} = (Math.imul(${ah}, ${bl}) + Math.imul(${al}, ${bh}) + ${hiProd}) | 0; ${home} = ${q};`);
      fc.pushTemp('i64');
      return true;
    }
    case Op.i64_and:
    case Op.i64_or:
    case Op.i64_xor: {
      const [bl, bh] = fc.popI64();
      const [al, ah] = fc.popI64();
      const o = op === Op.i64_and ? '&' : op === Op.i64_or ? '|' : '^';
      result(fc, `${al} ${o} ${bl}`, `${ah} ${o} ${bh}`);
      return true;
    }
    case Op.i64_extend_i32_s: {
      const a = fc.popSimple();
      result(fc, a, `${a} >> 31`);
      return true;
    }
    case Op.i64_extend_i32_u: {
      const a = fc.popE();
      result(fc, a, '0');
      return true;
    }
    case Op.i64_extend8_s:
    case Op.i64_extend16_s:
    case Op.i64_extend32_s: {
      const [l] = fc.popI64();
      const s = op === Op.i64_extend8_s ? 24 : op === Op.i64_extend16_s ? 16 : 0;
      const q = fc.scratch('q1');
      fc.emit(s === 0 ? `${q} = ${l};` : `${q} = (${l} << ${s}) >> ${s};`);
      result(fc, q, `${q} >> 31`);
      return true;
    }
    case Op.i32_wrap_i64: {
      const [l] = fc.popI64();
      fc.pushPending('i32', l);
      return true;
    }
    case Op.f32_convert_i64_s:
    case Op.f32_convert_i64_u: {
      const [l, h] = fc.popI64();
      fc.pushPending('f32', `${fc.use(op === Op.f32_convert_i64_s ? 'i64ToF32S' : 'i64ToF32U')}(${l}, ${h})`);
      return true;
    }
    case Op.f64_convert_i64_s: {
      const [l, h] = fc.popI64();
      fc.pushPending('f64', `(${h} * 4294967296 + (${l} >>> 0))`);
      return true;
    }
    case Op.f64_convert_i64_u: {
      const [l, h] = fc.popI64();
      fc.pushPending('f64', `((${h} >>> 0) * 4294967296 + (${l} >>> 0))`);
      return true;
    }
    case Op.f64_reinterpret_i64: {
      const [l, h] = fc.popI64();
      fc.pushPending('f64', `${fc.use('f64FromWords')}(${l}, ${h})`);
      return true;
    }
  }
  const cmp = CMP.get(op);
  if (cmp !== undefined) {
    const [bl, bh] = fc.popI64();
    const [al, ah] = fc.popI64();
    const [o, unsigned] = cmp;
    const strict = o.length === 1 ? o : o[0]!;
    const loCmp = `${u32(al)} ${o} ${u32(bl)}`;
    const hiCmp = unsigned ? highCompareU(ah, strict, bh) : `${ah} ${strict} ${bh}`;
    // Note: a high word that cannot be below (or above) a literal 0 needs no test of its own:
    // unsigned `x < 0` is false, so `j <u 8000001` becomes `j_hi === 0 && j_lo <u 8000001`.
    fc.pushCond(hiCmp === 'false' ? `(${ah} === ${bh} && ${loCmp})` : `(${hiCmp} || (${ah} === ${bh} && ${loCmp}))`);
    return true;
  }
  const hb = HELPER_BIN.get(op);
  if (hb !== undefined) {
    const [bl, bh] = fc.popI64();
    const [al, ah] = fc.popI64();
    helperResult(fc, `${fc.use(hb)}(${al}, ${ah}, ${bl}, ${bh})`);
    return true;
  }
  const sh = SHIFT_HELPER.get(op);
  if (sh !== undefined) {
    const b = fc.pop();
    const [al, ah] = fc.popI64();
    const n = literal(b.e, b.k);
    if (n !== null) {
      const [lo, hi] = constShift(op, al, ah, n & 63);
      result(fc, lo, hi);
    } else {
      helperResult(fc, `${fc.use(sh)}(${al}, ${ah}, ${b.e})`);
    }
    return true;
  }
  const ff = FROM_FLOAT.get(op);
  if (ff !== undefined) {
    const a = fc.popE();
    helperResult(fc, `${fc.use(ff)}(${a})`);
    return true;
  }
  return false;
}
