/**
 * Code generation for i32, f32 and f64 instructions (and the conversions among them). Pure
 * operators become pending expressions; trapping ones are statements that call a helper.
 */

import { Op } from '../../../wasm/opcodes.js';
import type { FuncCompiler } from './compiler.js';
import { alignOfBinary, alignOfConst } from './align.js';
import { condValue, i32Lit, Kind, numLit, u32 } from './values.js';

/** i32 comparisons: JS operator and whether operands are compared unsigned. */
const I32_CMP: ReadonlyMap<number, readonly [string, boolean]> = new Map([
  [Op.i32_eq, ['===', false]],
  [Op.i32_ne, ['!==', false]],
  [Op.i32_lt_s, ['<', false]],
  [Op.i32_lt_u, ['<', true]],
  [Op.i32_gt_s, ['>', false]],
  [Op.i32_gt_u, ['>', true]],
  [Op.i32_le_s, ['<=', false]],
  [Op.i32_le_u, ['<=', true]],
  [Op.i32_ge_s, ['>=', false]],
  [Op.i32_ge_u, ['>=', true]],
] as const);

/** Float comparisons (f32 and f64 alike) by opcode. */
const F_CMP: ReadonlyMap<number, string> = new Map([
  [Op.f32_eq, '==='],
  [Op.f32_ne, '!=='],
  [Op.f32_lt, '<'],
  [Op.f32_gt, '>'],
  [Op.f32_le, '<='],
  [Op.f32_ge, '>='],
  [Op.f64_eq, '==='],
  [Op.f64_ne, '!=='],
  [Op.f64_lt, '<'],
  [Op.f64_gt, '>'],
  [Op.f64_le, '<='],
  [Op.f64_ge, '>='],
]);

/** Pure i32 binary operators as templates over (a, b). */
const I32_BIN: ReadonlyMap<number, (a: string, b: string) => string> = new Map([
  [Op.i32_add, (a, b) => `((${a} + ${b}) | 0)`],
  [Op.i32_sub, (a, b) => `((${a} - ${b}) | 0)`],
  [Op.i32_mul, (a, b) => `Math.imul(${a}, ${b})`],
  [Op.i32_and, (a, b) => `(${a} & ${b})`],
  [Op.i32_or, (a, b) => `(${a} | ${b})`],
  [Op.i32_xor, (a, b) => `(${a} ^ ${b})`],
  [Op.i32_shl, (a, b) => `(${a} << ${b})`],
  [Op.i32_shr_s, (a, b) => `(${a} >> ${b})`],
  [Op.i32_shr_u, (a, b) => `((${a} >>> ${b}) | 0)`],
]);

/** Trapping i32 binary operators and their helpers. */
const I32_DIV: ReadonlyMap<number, string> = new Map([
  [Op.i32_div_s, 'i32DivS'],
  [Op.i32_div_u, 'i32DivU'],
  [Op.i32_rem_s, 'i32RemS'],
  [Op.i32_rem_u, 'i32RemU'],
]);

/** Pure float binary operators: template over (a, b); f32 results are rounded with fround. */
const F_BIN: ReadonlyMap<number, (a: string, b: string) => string> = new Map([
  [Op.f32_add, (a, b) => `Math.fround(${a} + ${b})`],
  [Op.f32_sub, (a, b) => `Math.fround(${a} - ${b})`],
  [Op.f32_mul, (a, b) => `Math.fround(${a} * ${b})`],
  [Op.f32_div, (a, b) => `Math.fround(${a} / ${b})`],
  [Op.f32_min, (a, b) => `fmin(${a}, ${b})`],
  [Op.f32_max, (a, b) => `fmax(${a}, ${b})`],
  [Op.f32_copysign, (a, b) => `copysign(${a}, ${b})`],
  [Op.f64_add, (a, b) => `(${a} + ${b})`],
  [Op.f64_sub, (a, b) => `(${a} - ${b})`],
  [Op.f64_mul, (a, b) => `(${a} * ${b})`],
  [Op.f64_div, (a, b) => `(${a} / ${b})`],
  [Op.f64_min, (a, b) => `fmin(${a}, ${b})`],
  [Op.f64_max, (a, b) => `fmax(${a}, ${b})`],
  [Op.f64_copysign, (a, b) => `copysign(${a}, ${b})`],
]);

/** Helpers named in the templates above and below (registered as used when emitted). */
const NAMED_HELPERS = ['fmin', 'fmax', 'copysign', 'fceil', 'ffloor', 'ftrunc', 'fnearest', 'fpromote', 'ctz32', 'popcnt32', 'f32ToBits', 'f32FromBits', 'i32TruncSatS', 'i32TruncSatU'];

/** Pure unary operators: [result type, template]. */
const UNARY: ReadonlyMap<number, readonly ['i32' | 'f32' | 'f64', (a: string) => string]> = new Map([
  [Op.i32_clz, ['i32', (a) => `Math.clz32(${a})`]],
  [Op.i32_ctz, ['i32', (a) => `ctz32(${a})`]],
  [Op.i32_popcnt, ['i32', (a) => `popcnt32(${a})`]],
  [Op.i32_extend8_s, ['i32', (a) => `((${a} << 24) >> 24)`]],
  [Op.i32_extend16_s, ['i32', (a) => `((${a} << 16) >> 16)`]],
  [Op.f32_abs, ['f32', (a) => `Math.abs(${a})`]],
  [Op.f32_neg, ['f32', (a) => `(-${a})`]],
  [Op.f32_ceil, ['f32', (a) => `fceil(${a})`]],
  [Op.f32_floor, ['f32', (a) => `ffloor(${a})`]],
  [Op.f32_trunc, ['f32', (a) => `ftrunc(${a})`]],
  [Op.f32_nearest, ['f32', (a) => `fnearest(${a})`]],
  [Op.f32_sqrt, ['f32', (a) => `Math.fround(Math.sqrt(${a}))`]],
  [Op.f64_abs, ['f64', (a) => `Math.abs(${a})`]],
  [Op.f64_neg, ['f64', (a) => `(-${a})`]],
  [Op.f64_ceil, ['f64', (a) => `fceil(${a})`]],
  [Op.f64_floor, ['f64', (a) => `ffloor(${a})`]],
  [Op.f64_trunc, ['f64', (a) => `ftrunc(${a})`]],
  [Op.f64_nearest, ['f64', (a) => `fnearest(${a})`]],
  [Op.f64_sqrt, ['f64', (a) => `Math.sqrt(${a})`]],
  [Op.f32_convert_i32_s, ['f32', (a) => `Math.fround(${a})`]],
  [Op.f32_convert_i32_u, ['f32', (a) => `Math.fround(${a} >>> 0)`]],
  [Op.f32_demote_f64, ['f32', (a) => `Math.fround(${a})`]],
  [Op.f64_convert_i32_s, ['f64', (a) => `(+${a})`]],
  [Op.f64_convert_i32_u, ['f64', (a) => `(${a} >>> 0)`]],
  [Op.f64_promote_f32, ['f64', (a) => `fpromote(${a})`]],
  [Op.i32_reinterpret_f32, ['i32', (a) => `f32ToBits(${a})`]],
  [Op.f32_reinterpret_i32, ['f32', (a) => `f32FromBits(${a})`]],
  [Op.i32_trunc_sat_f32_s, ['i32', (a) => `i32TruncSatS(${a})`]],
  [Op.i32_trunc_sat_f32_u, ['i32', (a) => `i32TruncSatU(${a})`]],
  [Op.i32_trunc_sat_f64_s, ['i32', (a) => `i32TruncSatS(${a})`]],
  [Op.i32_trunc_sat_f64_u, ['i32', (a) => `i32TruncSatU(${a})`]],
]);

/** Trapping float-to-i32 truncations and their helpers. */
const TRUNC: ReadonlyMap<number, string> = new Map([
  [Op.i32_trunc_f32_s, 'i32TruncS'],
  [Op.i32_trunc_f32_u, 'i32TruncU'],
  [Op.i32_trunc_f64_s, 'i32TruncS'],
  [Op.i32_trunc_f64_u, 'i32TruncU'],
]);

/** Registers the helpers a template's output calls. */
function useHelpers(fc: FuncCompiler, src: string): void {
  for (const h of NAMED_HELPERS) if (src.includes(`${h}(`)) fc.use(h);
}

/** The JS value of an f32 with bits `bits` (the engine's f32 representation), or null for NaN. */
function f32Value(bits: number): number {
  const b = new Int32Array(1);
  b[0] = bits;
  return new Float32Array(b.buffer)[0];
}

/** The JS value of an f64 with words (lo, hi). */
function f64Value(lo: number, hi: number): number {
  const b = new Int32Array([lo, hi]);
  return new Float64Array(b.buffer)[0];
}

/** Emits an i32/f32/f64 instruction; returns false when `op` is not one. */
export function emitNumeric(fc: FuncCompiler, op: number): boolean {
  const r = fc.reader;
  switch (op) {
    case Op.i32_const: {
      const v = r.s32();
      fc.pushConst('i32', i32Lit(v), '', fc.align === null ? undefined : alignOfConst(v));
      return true;
    }
    case Op.f32_const: {
      const bits = r.f32Bits() | 0;
      const lit = numLit(f32Value(bits));
      fc.pushConst('f32', lit ?? fc.constant(`${fc.use('f32FromBits')}(${bits})`));
      return true;
    }
    case Op.f64_const: {
      const bits = r.f64Bits();
      const lo = Number(BigInt.asIntN(32, bits));
      const hi = Number(BigInt.asIntN(32, bits >> 32n));
      const lit = numLit(f64Value(lo, hi));
      fc.pushConst('f64', lit ?? fc.constant(`${fc.use('f64FromWords')}(${lo}, ${hi})`));
      return true;
    }
    case Op.i32_eqz: {
      const v = fc.pop();
      fc.pushCond(v.k === Kind.Cond ? `(!${v.e})` : `(${v.e} === 0)`);
      return true;
    }
    case Op.i32_rotl:
    case Op.i32_rotr: {
      const bv = fc.pop();
      const b = bv.k === Kind.Const ? Number(bv.e.replace(/[()]/g, '')) & 31 : -1;
      const n = b < 0 ? fc.simpleOf(bv, fc.stack.length) : '';
      const a = fc.popSimple();
      if (b === 0) fc.pushPending('i32', a);
      else if (b > 0) {
        const l = op === Op.i32_rotl ? b : 32 - b;
        fc.pushPending('i32', `((${a} << ${l}) | (${a} >>> ${32 - l}))`);
      } else {
        fc.pushPending(
          'i32',
          op === Op.i32_rotl ? `((${a} << ${n}) | (${a} >>> (32 - ${n})))` : `((${a} >>> ${n}) | (${a} << (32 - ${n})))`,
        );
      }
      return true;
    }
  }
  const cmp = I32_CMP.get(op);
  if (cmp !== undefined) {
    const b = fc.popE();
    const a = fc.popE();
    fc.pushCond(cmp[1] ? `(${u32(a)} ${cmp[0]} ${u32(b)})` : `(${a} ${cmp[0]} ${b})`);
    return true;
  }
  const fcmp = F_CMP.get(op);
  if (fcmp !== undefined) {
    const b = fc.popE();
    const a = fc.popE();
    fc.pushCond(`(${a} ${fcmp} ${b})`);
    return true;
  }
  const bin = I32_BIN.get(op);
  if (bin !== undefined) {
    const bv = fc.pop();
    const av = fc.pop();
    const al = fc.align === null ? undefined : alignOfBinary(op, av, bv);
    fc.pushPending('i32', bin(condValue(av), condValue(bv)), al);
    return true;
  }
  const div = I32_DIV.get(op);
  if (div !== undefined) {
    const b = fc.popE();
    const a = fc.popE();
    fc.emit(`${fc.resultHome('i32')} = ${fc.use(div)}(${a}, ${b});`);
    fc.pushTemp('i32');
    return true;
  }
  const fbin = F_BIN.get(op);
  if (fbin !== undefined) {
    const b = fc.popE();
    const a = fc.popE();
    const src = fbin(a, b);
    useHelpers(fc, src);
    fc.pushPending(op < Op.f64_abs ? 'f32' : 'f64', src);
    return true;
  }
  const un = UNARY.get(op);
  if (un !== undefined) {
    const a = fc.popE();
    const src = un[1](a);
    useHelpers(fc, src);
    fc.pushPending(un[0], src);
    return true;
  }
  const trunc = TRUNC.get(op);
  if (trunc !== undefined) {
    const a = fc.popE();
    fc.emit(`${fc.resultHome('i32')} = ${fc.use(trunc)}(${a});`);
    fc.pushTemp('i32');
    return true;
  }
  return false;
}
