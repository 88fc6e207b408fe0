/**
 * Which locals compiled code may keep as JS booleans: the i32 locals that every write gives a
 * comparison result (C compilers store loop conditions in such locals).
 */

import type { ValType } from '../../../api/types.js';
import { CodeReader } from '../../../wasm/binary/code-reader.js';
import type { Code } from '../../../wasm/module.js';
import { Op } from '../../../wasm/opcodes.js';

/** Opcodes whose result is a comparison (a 0/1 i32). */
const COMPARISONS: ReadonlySet<number> = new Set([
  Op.i32_eqz,
  Op.i64_eqz,
  Op.ref_is_null,
  ...Array.from({ length: Op.i32_ge_u - Op.i32_eq + 1 }, (_, i) => Op.i32_eq + i),
  ...Array.from({ length: Op.f64_ge - Op.i64_eq + 1 }, (_, i) => Op.i64_eq + i),
]);

/**
 * The non-parameter i32 locals that every `local.set`/`local.tee` writes with the result of the
 * instruction just before it being a comparison: compiled code keeps them as JS booleans, which V8
 * branches on directly (C compilers store loop conditions in such locals).
 */
export function booleanLocals(body: Code, types: readonly ValType[], nParams: number): Set<number> {
  const r = new CodeReader(body);
  const cond = new Set<number>();
  const other = new Set<number>();
  let prev = -1;
  while (!r.atEnd()) {
    const op = r.op();
    if (op === Op.local_set || op === Op.local_tee) {
      const i = r.u32();
      if (COMPARISONS.has(prev)) cond.add(i);
      else other.add(i);
    } else if (op === Op.block || op === Op.loop || op === Op.if) {
      r.blockType();
    } else {
      r.skipImmediates(op);
    }
    prev = op;
  }
  for (const i of other) cond.delete(i);
  for (const i of cond) if (i < nParams || types[i] !== 'i32') cond.delete(i);
  return cond;
}
