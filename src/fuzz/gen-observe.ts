/**
 * Observation points: code that folds values into the module's exported i64 `checksum` global, so
 * results of computations that would otherwise be dropped or left in locals become visible to the
 * differential runner. Function bodies fold their locals before they fall through, and an "observe"
 * statement folds any random value.
 *
 * Inexact floats (see gen-context.ts) are folded as their bits when they are numbers and as their
 * quiet bit only when they are NaNs: any NaN a correct engine makes nondeterministically is quiet
 * (an arithmetic NaN), so a signalling NaN coming out of arithmetic is caught, while payloads and
 * signs the spec leaves open are not compared.
 */

import type { ValType } from '../api/types.js';
import { Op } from '../wasm/opcodes.js';
import { type FuncState, randomType, type StmtProducer } from './gen-context.js';

/** Multiplier of the checksum step (odd, so the step loses no information). */
const STEP = 0x9e3779b97f4a7c15n;

/** Converts the value of type `t` on top of the stack to an i64 (see the module doc for floats). */
function toI64(s: FuncState, t: ValType, exact: boolean): void {
  const { b } = s;
  switch (t) {
    case 'i32':
      b.simple(Op.i64_extend_i32_u);
      return;
    case 'i64':
      return;
    case 'f32':
    case 'f64': {
      const f = s.scratchLocal(t);
      const bits = s.scratchLocal(t === 'f32' ? 'i32' : 'i64');
      b.localSet(f);
      b.localGet(f);
      b.simple(t === 'f32' ? Op.i32_reinterpret_f32 : Op.i64_reinterpret_f64);
      if (!exact) {
        // select(bits & quiet-bit, bits, isNaN)
        b.localTee(bits);
        if (t === 'f32') {
          b.i32Const(0x00400000);
          b.simple(Op.i32_and);
        } else {
          b.i64Const(0x0008000000000000n);
          b.simple(Op.i64_and);
        }
        b.localGet(bits);
        b.localGet(f);
        b.localGet(f);
        b.simple(t === 'f32' ? Op.f32_ne : Op.f64_ne);
        b.select();
      }
      if (t === 'f32') b.simple(Op.i64_extend_i32_u);
      return;
    }
    case 'v128': {
      const v = s.scratchLocal('v128');
      b.localSet(v);
      b.localGet(v);
      b.lane(Op.i64x2_extract_lane, 0);
      b.localGet(v);
      b.lane(Op.i64x2_extract_lane, 1);
      b.i64Const(1n);
      b.simple(Op.i64_rotl);
      b.simple(Op.i64_xor);
      return;
    }
    case 'funcref':
    case 'externref':
      b.refIsNull();
      b.simple(Op.i64_extend_i32_u);
      return;
  }
}

/** Folds the value of type `t` on top of the stack into the checksum global. */
export function emitFold(s: FuncState, t: ValType, exact: boolean): void {
  const c = s.env.checksumGlobal;
  toI64(s, t, exact);
  s.b.globalGet(c);
  s.b.simple(Op.i64_xor);
  s.b.i64Const(STEP);
  s.b.simple(Op.i64_mul);
  s.b.globalSet(c);
}

/**
 * Folds (up to 40 of) the function's locals into the checksum. Reserved locals are left out: a
 * scratch local may hold a value before canonicalisation (a v128 with nondeterministic NaN lanes).
 */
export function emitFoldLocals(s: FuncState): void {
  const all: number[] = [];
  s.locals.forEach((l, i) => {
    if (!l.reserved) all.push(i);
  });
  const picks = all.length <= 40 ? all : s.rng.shuffled(all).slice(0, 40);
  for (const i of picks) {
    const l = s.locals[i]!;
    s.b.localGet(i);
    emitFold(s, l.type, l.exact);
  }
}

/** The observe statement: a random value folded into the checksum. */
export const OBSERVE_STATEMENTS: readonly StmtProducer[] = [
  {
    name: 'observe',
    weight: 3,
    applies: () => true,
    emit(s) {
      const t = randomType(s);
      const exact = s.rng.chance(0.5);
      s.value(t, exact);
      emitFold(s, t, exact);
    },
  },
];
