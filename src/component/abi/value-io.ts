/**
 * One-call forms of lifting and lowering a single value, for embedders and tests: each makes a
 * {@link LiftLowerContext} from canonical options and converts between JS values and core values
 * in the JS-API convention, or between JS values and guest memory.
 */

import type { ValueType } from '../types.js';
import { LiftLowerContext, type LiftLowerSettings } from './context.js';
import { flattenType } from './flatten.js';
import { alignOf, sizeOf } from './layout.js';
import { CoreValueIter, liftFlat } from './lift-flat.js';
import { load } from './load.js';
import { lowerFlat, toJsApiValues, type FlatValue } from './lower-flat.js';
import type { CanonOptions } from './options.js';
import { store } from './store.js';
import type { ComponentValue } from './values.js';

/** Lifts the value of type `t` from its flat core values (JS-API convention). */
export function liftFlatValue(t: ValueType, coreValues: readonly unknown[], options: CanonOptions, settings?: LiftLowerSettings): ComponentValue {
  return liftFlat(new LiftLowerContext(options, settings), new CoreValueIter(coreValues), t);
}

/** Lowers the JS value `v` of type `t` to its flat core values (JS-API convention). */
export function lowerFlatValue(t: ValueType, v: unknown, options: CanonOptions, settings?: LiftLowerSettings): unknown[] {
  const out: FlatValue[] = [];
  lowerFlat(new LiftLowerContext(options, settings), v, t, out);
  return toJsApiValues(out, flattenType(t));
}

/** Lifts the value of type `t` stored at `ptr`; traps when `ptr` is misaligned or out of bounds. */
export function loadValue(t: ValueType, ptr: number, options: CanonOptions, settings?: LiftLowerSettings): ComponentValue {
  const cx = new LiftLowerContext(options, settings);
  cx.checkRange('value', ptr, alignOf(t), sizeOf(t));
  return load(cx, ptr, t);
}

/** Stores the JS value `v` of type `t` at `ptr`; traps when `ptr` is misaligned or out of bounds. */
export function storeValue(t: ValueType, v: unknown, ptr: number, options: CanonOptions, settings?: LiftLowerSettings): void {
  const cx = new LiftLowerContext(options, settings);
  cx.checkRange('value', ptr, alignOf(t), sizeOf(t));
  store(cx, v, t, ptr);
}
