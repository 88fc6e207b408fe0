/**
 * Leaf producers: constants, local and global reads, null and function references. They need no
 * operands, so the dispatcher falls back to them once a body reaches its size or depth limit.
 */

import type { ValType } from '../api/types.js';
import type { FuncState, ValueProducer } from './gen-context.js';
import { isFloat } from './gen-context.js';
import { randomF32Bits, randomF64Bits, randomI32, randomI64, randomV128 } from './interesting-values.js';

/** Emits a random constant of a numeric or vector type, or a null reference. Always exact. */
export function emitConst(s: FuncState, t: ValType): void {
  const { b, rng } = s;
  switch (t) {
    case 'i32':
      b.i32Const(randomI32(rng));
      return;
    case 'i64':
      b.i64Const(randomI64(rng));
      return;
    case 'f32':
      b.f32Const(randomF32Bits(rng));
      return;
    case 'f64':
      b.f64Const(randomF64Bits(rng));
      return;
    case 'v128':
      b.v128Const(randomV128(rng));
      return;
    case 'funcref':
    case 'externref':
      b.refNull(t);
      return;
  }
}

/** Locals of type `t` that random code may read (exact ones only when `exact`). */
function readableLocals(s: FuncState, t: ValType, exact: boolean): number[] {
  const out: number[] = [];
  s.locals.forEach((l, i) => {
    if (l.type === t && !l.reserved && (!exact || l.exact || !isFloat(t))) out.push(i);
  });
  return out;
}

/** Globals of type `t` that random code may read. */
function readableGlobals(s: FuncState, t: ValType, exact: boolean): number[] {
  return s.env.globals
    .filter((g) => g.type.valType === t && (!exact || g.exact || !isFloat(t)))
    .map((g) => g.index);
}

/** Emits a leaf of type `t`: a constant, a local or global read, or a reference. Returns exactness. */
export function emitLeaf(s: FuncState, t: ValType, exact: boolean): boolean {
  const { rng } = s;
  // Note: exact slots are preferred when exact bits are wanted (fewer canonicalising sequences).
  const preferExact = exact && rng.chance(0.8);
  const locals = readableLocals(s, t, preferExact);
  const globals = readableGlobals(s, t, preferExact);
  const choice = rng.weighted<'const' | 'local' | 'global' | 'func'>([
    [t === 'funcref' || t === 'externref' ? 1 : 4, 'const'],
    [locals.length ? 5 : 0, 'local'],
    [globals.length ? 2 : 0, 'global'],
    [t === 'funcref' && s.env.funcs.length > 0 ? 3 : 0, 'func'],
  ]);
  switch (choice) {
    case 'local': {
      const idx = rng.pick(locals);
      s.b.localGet(idx);
      return s.locals[idx]!.exact;
    }
    case 'global': {
      const g = s.env.globals[rng.pick(globals)]!;
      s.b.globalGet(g.index);
      return g.exact;
    }
    case 'func':
      s.b.refFunc(rng.pick(s.env.funcs).index);
      return true;
    default:
      emitConst(s, t);
      return true;
  }
}

/** The leaf producer, applicable to every type. */
export const LEAF_PRODUCERS: readonly ValueProducer[] = [
  { name: 'leaf', weight: 6, applies: () => true, emit: emitLeaf },
];

/** Indices of locals that random code may write. */
export function writableLocals(s: FuncState): number[] {
  const out: number[] = [];
  s.locals.forEach((l, i) => {
    if (!l.reserved) out.push(i);
  });
  return out;
}
