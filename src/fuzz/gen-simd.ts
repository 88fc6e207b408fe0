/**
 * SIMD generators (behind the `simd` option): every lane-wise v128 operator of the opcode table,
 * splats, lane extraction and replacement, shuffles and swizzles, and v128 loads and stores of every
 * form. Float-lane arithmetic results are canonicalised lane by lane, so v128 values always have
 * deterministic bits (see gen-context.ts on exactness).
 */

import type { ValType } from '../api/types.js';
import { OP_INFO, type OpInfo } from '../wasm/opcodes.js';
import { canonicalizeV128 } from './canonicalize.js';
import { parseSig } from './code-builder.js';
import type { FuncState, StmtProducer, ValueProducer } from './gen-context.js';
import { emitAddress, randomAlign, randomOffset } from './gen-memory.js';
import { VECTOR_LANE_LOADS, VECTOR_LANE_STORES, VECTOR_LOADS, VECTOR_STORE } from './memory-ops.js';

interface VectorOp {
  readonly info: OpInfo;
  readonly params: readonly ValType[];
  readonly result: ValType;
  /** Set for float-lane operators whose NaN lanes have nondeterministic bits. */
  readonly nanShape: 'f32x4' | 'f64x2' | null;
}

function nanShape(name: string): 'f32x4' | 'f64x2' | null {
  if (name === 'f32x4.demote_f64x2_zero') return 'f32x4';
  if (name === 'f64x2.promote_low_f32x4') return 'f64x2';
  const m = /^(f32x4|f64x2)\.(add|sub|mul|div|sqrt|min|max|ceil|floor|trunc|nearest)$/.exec(name);
  return m ? (m[1] as 'f32x4' | 'f64x2') : null;
}

/** Every SIMD operator without immediates (lane-wise arithmetic, comparisons, splats, tests). */
const VECTOR_OPS: readonly VectorOp[] = [...OP_INFO.values()]
  .filter((i) => i.code >= 0xfd00 && i.imm === 'none' && i.sig !== null)
  .map((info) => {
    const { params, results } = parseSig(info.sig!);
    return { info, params, result: results[0]!, nanShape: nanShape(info.name) };
  });

/** Extract/replace lane operators with their lane counts. */
const LANE_OPS: readonly { readonly info: OpInfo; readonly lanes: number; readonly params: ValType[]; readonly result: ValType }[] =
  [...OP_INFO.values()]
    .filter((i) => i.imm === 'lane')
    .map((info) => {
      const { params, results } = parseSig(info.sig!);
      const lanes = Number(/x(\d+)\./.exec(info.name)![1]);
      return { info, lanes, params, result: results[0]! };
    });

function emitVectorOp(s: FuncState, op: VectorOp): void {
  // Note: float scalars (splat operands) become lane bits, so they must be exact.
  op.params.forEach((t) => s.value(t, true));
  s.b.simple(op.info.code);
  if (op.nanShape) canonicalizeV128(s, op.nanShape);
}

function emitLaneOp(s: FuncState, op: (typeof LANE_OPS)[number]): void {
  op.params.forEach((p) => s.value(p, true));
  s.b.lane(op.info.code, s.rng.below(op.lanes));
}

/** SIMD value producers (v128 results and scalars computed from vectors). */
export const SIMD_PRODUCERS: readonly ValueProducer[] = [
  {
    name: 'simd.op',
    weight: 14,
    applies: (s, t) => s.env.simd && t === 'v128',
    emit(s) {
      emitVectorOp(s, s.rng.pick(VECTOR_OPS.filter((o) => o.result === 'v128')));
      return true;
    },
  },
  {
    name: 'simd.test',
    weight: 0.4,
    applies: (s, t) => s.env.simd && t === 'i32',
    emit(s) {
      emitVectorOp(s, s.rng.pick(VECTOR_OPS.filter((o) => o.result === 'i32')));
      return true;
    },
  },
  {
    name: 'simd.replace_lane',
    weight: 2,
    applies: (s, t) => s.env.simd && t === 'v128',
    emit(s) {
      emitLaneOp(s, s.rng.pick(LANE_OPS.filter((o) => o.result === 'v128')));
      return true;
    },
  },
  {
    name: 'simd.extract_lane',
    weight: 0.6,
    applies: (s, t) => s.env.simd && t !== 'v128' && LANE_OPS.some((o) => o.result === t),
    emit(s, t) {
      emitLaneOp(s, s.rng.pick(LANE_OPS.filter((o) => o.result === t)));
      return true;
    },
  },
  {
    name: 'simd.shuffle',
    weight: 1,
    applies: (s, t) => s.env.simd && t === 'v128',
    emit(s) {
      s.value('v128');
      s.value('v128');
      const lanes = Array.from({ length: 16 }, () => (s.rng.chance(0.2) ? s.rng.below(16) : s.rng.below(32)));
      s.b.shuffle(lanes);
      return true;
    },
  },
  {
    name: 'simd.load',
    weight: 2,
    applies: (s, t) => s.env.simd && t === 'v128' && s.env.memory !== null,
    emit(s) {
      if (s.rng.chance(0.75)) {
        const op = s.rng.pick(VECTOR_LOADS);
        emitAddress(s, op.bytes);
        s.b.memory(op.code, randomAlign(s, op.code), randomOffset(s));
      } else {
        const op = s.rng.pick(VECTOR_LANE_LOADS);
        emitAddress(s, op.bytes);
        s.value('v128');
        s.b.memoryLane(op.code, randomAlign(s, op.code), randomOffset(s), s.rng.below(op.lanes));
      }
      return true;
    },
  },
];

/** SIMD statements: v128 stores and lane stores. */
export const SIMD_STATEMENTS: readonly StmtProducer[] = [
  {
    name: 'simd.store',
    weight: 2,
    applies: (s) => s.env.simd && s.env.memory !== null,
    emit(s) {
      if (s.rng.chance(0.6)) {
        emitAddress(s, 16);
        s.value('v128');
        s.b.memory(VECTOR_STORE.code, randomAlign(s, VECTOR_STORE.code), randomOffset(s));
      } else {
        const op = s.rng.pick(VECTOR_LANE_STORES);
        emitAddress(s, op.bytes);
        s.value('v128');
        s.b.memoryLane(op.code, randomAlign(s, op.code), randomOffset(s), s.rng.below(op.lanes));
      }
    },
  },
];
