/**
 * The dispatcher of the function-body generator: picks a weighted producer among those that apply
 * for each value or statement, falls back to leaves at the size and depth limits, and
 * canonicalises float results where exact bits are required.
 */

import type { ValType } from '../api/types.js';
import { canonicalizeScalar } from './canonicalize.js';
import type { Dispatch, FuncState, StmtProducer, ValueProducer } from './gen-context.js';
import { isFloat } from './gen-context.js';
import { CALL_PRODUCERS, CALL_STATEMENTS } from './gen-calls.js';
import { CONTROL_PRODUCERS, CONTROL_STATEMENTS, emitStructured } from './gen-control.js';
import { emitLeaf, LEAF_PRODUCERS } from './gen-leaf.js';
import { MEMORY_PRODUCERS, MEMORY_STATEMENTS } from './gen-memory.js';
import { NUMERIC_PRODUCERS } from './gen-numeric.js';
import { OBSERVE_STATEMENTS } from './gen-observe.js';
import { REF_PRODUCERS, TABLE_STATEMENTS } from './gen-refs.js';
import { SIMD_PRODUCERS, SIMD_STATEMENTS } from './gen-simd.js';

/** Every value producer. */
export const VALUE_PRODUCERS: readonly ValueProducer[] = [
  ...LEAF_PRODUCERS,
  ...NUMERIC_PRODUCERS,
  ...CONTROL_PRODUCERS,
  ...CALL_PRODUCERS,
  ...REF_PRODUCERS,
  ...MEMORY_PRODUCERS,
  ...SIMD_PRODUCERS,
];

/** Every statement producer. */
export const STATEMENT_PRODUCERS: readonly StmtProducer[] = [
  ...CONTROL_STATEMENTS,
  ...CALL_STATEMENTS,
  ...TABLE_STATEMENTS,
  ...MEMORY_STATEMENTS,
  ...SIMD_STATEMENTS,
  ...OBSERVE_STATEMENTS,
];

function emitValue(s: FuncState, t: ValType, exact: boolean): void {
  s.depth++;
  try {
    let resultExact: boolean;
    if (s.depth > s.limits.maxDepth || s.exhausted) {
      resultExact = emitLeaf(s, t, exact);
    } else {
      const candidates = VALUE_PRODUCERS.filter((p) => p.applies(s, t));
      const producer = s.rng.weighted(candidates.map((p) => [p.weight, p] as const));
      resultExact = producer.emit(s, t, exact);
    }
    if (exact && isFloat(t) && !resultExact) canonicalizeScalar(s, t);
  } finally {
    s.depth--;
  }
}

function emitValues(s: FuncState, types: readonly ValType[], exact: readonly boolean[]): void {
  if (types.length >= 2 && !s.exhausted && s.labels.length < s.limits.maxLabels && s.rng.chance(0.15)) {
    // Note: a multi-value block makes all the values at once.
    emitStructured(s, 'block', [], [], types, types.map((_t, i) => exact[i] ?? false));
    return;
  }
  types.forEach((t, i) => emitValue(s, t, exact[i] ?? false));
}

function emitStmt(s: FuncState): void {
  s.depth++;
  try {
    const candidates = STATEMENT_PRODUCERS.filter((p) => p.applies(s));
    s.rng.weighted(candidates.map((p) => [p.weight, p] as const)).emit(s);
  } finally {
    s.depth--;
  }
}

/** The dispatcher used by {@link FuncState}. */
export const DISPATCH: Dispatch = { value: emitValue, values: emitValues, stmt: emitStmt };
