/** The shared nodes of inline primitive value types (a defined `(type u32)` gets a node of its own). */

import type { PrimValType, ValueType } from '../types.js';

const PRIMS: ReadonlyMap<PrimValType, ValueType> = new Map(
  (['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string'] as const).map((p) => [p, { kind: 'prim', prim: p }]),
);

/** The shared node for an inline primitive type. */
export function primType(p: PrimValType): ValueType {
  return PRIMS.get(p)!;
}

/** True when `t` is an inline primitive (as opposed to a primitive given a type index of its own). */
export function isInlinePrim(t: ValueType): boolean {
  return t.kind === 'prim' && PRIMS.get(t.prim) === t;
}
