/**
 * Lifting and lowering whole parameter and result lists (CanonicalABI.md "Lifting and Lowering
 * Values"): flat when they fit in `maxFlat` core values, otherwise spilled to memory as a tuple.
 */

import type { ValueType } from '../types.js';
import { rethrowWithin } from './abi-errors.js';
import type { LiftLowerContext } from './context.js';
import { flattenTypes } from './flatten.js';
import { alignOf, fieldOffsets, sizeOf } from './layout.js';
import { liftFlat, type FlatReader } from './lift-flat.js';
import { load } from './load.js';
import { lowerFlat, type FlatValue } from './lower-flat.js';
import { store } from './store.js';
import type { ComponentValue } from './values.js';

/** Labels for error paths: one per value, e.g. `param "name"` or `result`. */
export type ValueLabels = readonly string[];

/**
 * `lift_flat_values`: the values of types `ts` read from `vi`, flat, or (when more than `maxFlat`
 * core values) from the tuple at the pointer `vi` yields, which must be aligned and in bounds.
 */
export function liftFlatValues(cx: LiftLowerContext, maxFlat: number, vi: FlatReader, ts: readonly ValueType[]): ComponentValue[] {
  if (flattenTypes(ts).length > maxFlat) {
    const ptr = vi.next('i32') as number;
    const tuple: ValueType = { kind: 'tuple', types: ts };
    cx.checkRange('spilled values', ptr, alignOf(tuple), sizeOf(tuple));
    return load(cx, ptr, tuple) as ComponentValue[];
  }
  return ts.map((t) => liftFlat(cx, vi, t));
}

/**
 * `lower_flat_values`: the flat core values of `vs` (of types `ts`). When they need more than
 * `maxFlat` core values, the values are stored as a tuple instead: in memory from `realloc` (the
 * pointer is the one flat value returned) or, when `outParam` is given, at the pointer it yields
 * (nothing is returned).
 */
export function lowerFlatValues(
  cx: LiftLowerContext,
  maxFlat: number,
  vs: readonly unknown[],
  ts: readonly ValueType[],
  labels: ValueLabels,
  outParam?: FlatReader,
): FlatValue[] {
  if (flattenTypes(ts).length > maxFlat) {
    const tuple: ValueType = { kind: 'tuple', types: ts };
    const alignment = alignOf(tuple);
    const size = sizeOf(tuple);
    let ptr: number;
    const flat: FlatValue[] = [];
    if (outParam === undefined) {
      ptr = cx.allocate(alignment, size);
      cx.checkAllocation(ptr, alignment, size);
      flat.push(ptr);
    } else {
      ptr = outParam.next('i32') as number;
      cx.checkRange('result', ptr, alignment, size);
    }
    const offsets = fieldOffsets(tuple);
    for (let i = 0; i < ts.length; i++) {
      try {
        store(cx, vs[i], ts[i]!, ptr + offsets[i]!);
      } catch (e) {
        rethrowWithin(e, labels[i] ?? `[${i}]`);
      }
    }
    return flat;
  }
  const out: FlatValue[] = [];
  for (let i = 0; i < ts.length; i++) {
    try {
      lowerFlat(cx, vs[i], ts[i]!, out);
    } catch (e) {
      rethrowWithin(e, labels[i] ?? `[${i}]`);
    }
  }
  return out;
}
