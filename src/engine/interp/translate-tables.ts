/**
 * Translation tables: how each "simple" wasm instruction (pure unary or binary operators and
 * conversions) maps onto internal ops, including the immediate forms used when an operand is a
 * constant.
 */

import type { ValType } from '../../api/types.js';
import { Op } from '../../wasm/opcodes.js';
import { IOp } from './ops.js';

/** How one wasm operator translates. */
export interface SimpleOp {
  /** Number of operands popped (1 or 2). */
  readonly arity: 1 | 2;
  /** The internal op taking slot operands. */
  readonly op: number;
  readonly result: ValType;
  /** The internal op taking an i32 immediate as its right operand, if any. */
  readonly immOp?: number;
  /**
   * The internal op to use (with an immediate) when the *left* operand is the constant: the same
   * op for commutative operators, the mirrored comparison otherwise.
   */
  readonly swapOp?: number;
  /**
   * How the immediate is derived from the constant: `neg` negated (for `sub`), `mask` `& 31`,
   * `mask64` `& 63`, `rotr64` the equivalent left rotation `(64 - c) & 63`.
   */
  readonly immKind?: 'plain' | 'neg' | 'mask' | 'mask64' | 'rotr64';
  /** True for comparisons, which fuse with a following `br_if` / `if`. */
  readonly cmp?: boolean;
}

const I32_CMP = ['EQ', 'NE', 'LT_S', 'LT_U', 'GT_S', 'GT_U', 'LE_S', 'LE_U', 'GE_S', 'GE_U'] as const;
type CmpName = (typeof I32_CMP)[number];
const MIRROR: Readonly<Record<CmpName, CmpName>> = {
  EQ: 'EQ',
  NE: 'NE',
  LT_S: 'GT_S',
  LT_U: 'GT_U',
  GT_S: 'LT_S',
  GT_U: 'LT_U',
  LE_S: 'GE_S',
  LE_U: 'GE_U',
  GE_S: 'LE_S',
  GE_U: 'LE_U',
};

/** The complement of each comparison (used to branch when the condition is false). */
export const CMP_INVERSE: Readonly<Record<CmpName, CmpName>> = {
  EQ: 'NE',
  NE: 'EQ',
  LT_S: 'GE_S',
  LT_U: 'GE_U',
  GT_S: 'LE_S',
  GT_U: 'LE_U',
  LE_S: 'GT_S',
  LE_U: 'GT_U',
  GE_S: 'LT_S',
  GE_U: 'LT_U',
};

/** A comparison's name from its internal op, for fusing into branches. */
export interface CmpInfo {
  /** `I32`, `I32_IMM` or `I64`. */
  readonly family: 'I32' | 'I32_IMM' | 'I64';
  readonly name: CmpName;
}

function build(): { simple: Map<number, SimpleOp>; cmps: Map<number, CmpInfo> } {
  const simple = new Map<number, SimpleOp>();
  const cmps = new Map<number, CmpInfo>();
  const ip = IOp as Readonly<Record<string, number>>;
  const get = (name: string): number => {
    const c = ip[name];
    if (c === undefined) throw new Error(`internal: no interpreter op ${name}`);
    return c;
  };
  const wasm = Op as Readonly<Record<string, number>>;
  const un = (w: string, op: string, result: ValType) => simple.set(wasm[w]!, { arity: 1, op: get(op), result });
  const bin = (w: string, op: string, result: ValType, extra: Partial<SimpleOp> = {}) =>
    simple.set(wasm[w]!, { arity: 2, op: get(op), result, ...extra });

  // i32
  un('i32_eqz', 'I32_EQZ', 'i32');
  for (const c of I32_CMP) {
    const lower = c.toLowerCase();
    bin(`i32_${lower}`, `I32_${c}`, 'i32', {
      immOp: get(`I32_${c}_IMM`),
      swapOp: get(`I32_${MIRROR[c]}_IMM`),
      immKind: 'plain',
      cmp: true,
    });
    cmps.set(get(`I32_${c}`), { family: 'I32', name: c });
    cmps.set(get(`I32_${c}_IMM`), { family: 'I32_IMM', name: c });
    bin(`i64_${lower}`, `I64_${c}`, 'i32', { cmp: true });
    cmps.set(get(`I64_${c}`), { family: 'I64', name: c });
  }
  un('i32_clz', 'I32_CLZ', 'i32');
  un('i32_ctz', 'I32_CTZ', 'i32');
  un('i32_popcnt', 'I32_POPCNT', 'i32');
  const comm = (n: string) => ({ immOp: get(`I32_${n}_IMM`), swapOp: get(`I32_${n}_IMM`), immKind: 'plain' as const });
  bin('i32_add', 'I32_ADD', 'i32', comm('ADD'));
  bin('i32_sub', 'I32_SUB', 'i32', { immOp: get('I32_ADD_IMM'), immKind: 'neg' });
  bin('i32_mul', 'I32_MUL', 'i32', comm('MUL'));
  bin('i32_div_s', 'I32_DIV_S', 'i32');
  bin('i32_div_u', 'I32_DIV_U', 'i32');
  bin('i32_rem_s', 'I32_REM_S', 'i32');
  bin('i32_rem_u', 'I32_REM_U', 'i32');
  bin('i32_and', 'I32_AND', 'i32', comm('AND'));
  bin('i32_or', 'I32_OR', 'i32', comm('OR'));
  bin('i32_xor', 'I32_XOR', 'i32', comm('XOR'));
  bin('i32_shl', 'I32_SHL', 'i32', { immOp: get('I32_SHL_IMM'), immKind: 'mask' });
  bin('i32_shr_s', 'I32_SHR_S', 'i32', { immOp: get('I32_SHR_S_IMM'), immKind: 'mask' });
  bin('i32_shr_u', 'I32_SHR_U', 'i32', { immOp: get('I32_SHR_U_IMM'), immKind: 'mask' });
  bin('i32_rotl', 'I32_ROTL', 'i32');
  bin('i32_rotr', 'I32_ROTR', 'i32');

  // i64
  un('i64_eqz', 'I64_EQZ', 'i32');
  un('i64_clz', 'I64_CLZ', 'i64');
  un('i64_ctz', 'I64_CTZ', 'i64');
  un('i64_popcnt', 'I64_POPCNT', 'i64');
  bin('i64_add', 'I64_ADD', 'i64', { immOp: get('I64_ADD_IMM'), swapOp: get('I64_ADD_IMM'), immKind: 'plain' });
  bin('i64_sub', 'I64_SUB', 'i64', { immOp: get('I64_ADD_IMM'), immKind: 'neg' });
  for (const n of ['MUL', 'DIV_S', 'DIV_U', 'REM_S', 'REM_U', 'AND', 'OR', 'XOR']) {
    bin(`i64_${n.toLowerCase()}`, `I64_${n}`, 'i64');
  }
  // Shifts and rotations by a constant take the count (mod 64) as an immediate.
  for (const n of ['SHL', 'SHR_S', 'SHR_U', 'ROTL']) {
    bin(`i64_${n.toLowerCase()}`, `I64_${n}`, 'i64', { immOp: get(`I64_${n}_IMM`), immKind: 'mask64' });
  }
  bin('i64_rotr', 'I64_ROTR', 'i64', { immOp: get('I64_ROTL_IMM'), immKind: 'rotr64' });

  // f32 / f64
  for (const [p, t] of [
    ['f32', 'f32'],
    ['f64', 'f64'],
  ] as const) {
    const P = p.toUpperCase();
    for (const n of ['eq', 'ne', 'lt', 'gt', 'le', 'ge']) bin(`${p}_${n}`, `${P}_${n.toUpperCase()}`, 'i32');
    for (const n of ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt']) un(`${p}_${n}`, `${P}_${n.toUpperCase()}`, t);
    for (const n of ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign']) bin(`${p}_${n}`, `${P}_${n.toUpperCase()}`, t);
  }

  // conversions
  const conv: readonly (readonly [string, ValType])[] = [
    ['i32_trunc_f32_s', 'i32'],
    ['i32_trunc_f32_u', 'i32'],
    ['i32_trunc_f64_s', 'i32'],
    ['i32_trunc_f64_u', 'i32'],
    ['i64_extend_i32_s', 'i64'],
    ['i64_extend_i32_u', 'i64'],
    ['i64_trunc_f32_s', 'i64'],
    ['i64_trunc_f32_u', 'i64'],
    ['i64_trunc_f64_s', 'i64'],
    ['i64_trunc_f64_u', 'i64'],
    ['f32_convert_i32_s', 'f32'],
    ['f32_convert_i32_u', 'f32'],
    ['f32_convert_i64_s', 'f32'],
    ['f32_convert_i64_u', 'f32'],
    ['f32_demote_f64', 'f32'],
    ['f64_convert_i32_s', 'f64'],
    ['f64_convert_i32_u', 'f64'],
    ['f64_convert_i64_s', 'f64'],
    ['f64_convert_i64_u', 'f64'],
    ['f64_promote_f32', 'f64'],
    ['i32_extend8_s', 'i32'],
    ['i32_extend16_s', 'i32'],
    ['i64_extend8_s', 'i64'],
    ['i64_extend16_s', 'i64'],
    ['i64_extend32_s', 'i64'],
    ['i32_trunc_sat_f32_s', 'i32'],
    ['i32_trunc_sat_f32_u', 'i32'],
    ['i32_trunc_sat_f64_s', 'i32'],
    ['i32_trunc_sat_f64_u', 'i32'],
    ['i64_trunc_sat_f32_s', 'i64'],
    ['i64_trunc_sat_f32_u', 'i64'],
    ['i64_trunc_sat_f64_s', 'i64'],
    ['i64_trunc_sat_f64_u', 'i64'],
  ];
  for (const [w, t] of conv) un(w, w.toUpperCase(), t);
  return { simple, cmps };
}

const TABLES = build();

/** Simple operators by wasm opcode. */
export const SIMPLE_OPS: ReadonlyMap<number, SimpleOp> = TABLES.simple;

/** Comparison ops (slot, immediate and i64 forms) by internal opcode, for branch fusion. */
export const CMP_OPS: ReadonlyMap<number, CmpInfo> = TABLES.cmps;

/** Free re-typings: the value's bits stay where they are and only its type changes. */
export const RETYPE_OPS: ReadonlyMap<number, ValType> = new Map<number, ValType>([
  [Op.i32_wrap_i64, 'i32'],
  [Op.i32_reinterpret_f32, 'i32'],
  [Op.i64_reinterpret_f64, 'i64'],
  [Op.f32_reinterpret_i32, 'f32'],
  [Op.f64_reinterpret_i64, 'f64'],
]);

/** Load instructions: wasm opcode -> [internal op, result type]. */
export const LOAD_OPS: ReadonlyMap<number, readonly [number, ValType]> = new Map<number, readonly [number, ValType]>([
  [Op.i32_load, [IOp.LOAD32, 'i32']],
  [Op.i64_load, [IOp.LOAD64, 'i64']],
  [Op.f32_load, [IOp.LOAD32, 'f32']],
  [Op.f64_load, [IOp.LOAD64, 'f64']],
  [Op.i32_load8_s, [IOp.LOAD8_S, 'i32']],
  [Op.i32_load8_u, [IOp.LOAD8_U, 'i32']],
  [Op.i32_load16_s, [IOp.LOAD16_S, 'i32']],
  [Op.i32_load16_u, [IOp.LOAD16_U, 'i32']],
  [Op.i64_load8_s, [IOp.I64_LOAD8_S, 'i64']],
  [Op.i64_load8_u, [IOp.I64_LOAD8_U, 'i64']],
  [Op.i64_load16_s, [IOp.I64_LOAD16_S, 'i64']],
  [Op.i64_load16_u, [IOp.I64_LOAD16_U, 'i64']],
  [Op.i64_load32_s, [IOp.I64_LOAD32_S, 'i64']],
  [Op.i64_load32_u, [IOp.I64_LOAD32_U, 'i64']],
]);

/** Store instructions: wasm opcode -> internal op (narrow i64 stores use the low word). */
export const STORE_OPS: ReadonlyMap<number, number> = new Map<number, number>([
  [Op.i32_store, IOp.STORE32],
  [Op.i64_store, IOp.STORE64],
  [Op.f32_store, IOp.STORE32],
  [Op.f64_store, IOp.STORE64],
  [Op.i32_store8, IOp.STORE8],
  [Op.i32_store16, IOp.STORE16],
  [Op.i64_store8, IOp.STORE8],
  [Op.i64_store16, IOp.STORE16],
  [Op.i64_store32, IOp.STORE32],
]);
