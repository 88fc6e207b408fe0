/**
 * Termination guards. Every generated module has a mutable i32 "fuel" global that the runner sets
 * before each exported call; every call to a defined function and every loop back edge first
 * passes a guard that spends one unit of fuel (and, for back edges, one unit of the loop's own
 * counter). So any call runs a bounded number of instructions and nests at most `fuel` frames deep,
 * well under every engine's call-depth limit.
 */

import type { FuncState, LoopGuard } from './gen-context.js';
import { Op } from '../wasm/opcodes.js';

/** Emits code that spends one unit of fuel and pushes 1 when there was fuel left, else 0. */
export function emitFuelGuard(s: FuncState): void {
  const f = s.env.fuelGlobal;
  s.b.globalGet(f);
  s.b.i32Const(1);
  s.b.simple(Op.i32_sub);
  s.b.globalSet(f);
  s.b.globalGet(f);
  s.b.i32Const(0);
  s.b.simple(Op.i32_ge_s);
}

/**
 * Emits the guard of a back edge to the given loops: spends fuel and one unit of each loop's
 * counter, and pushes 1 only when all of them had some left.
 */
export function emitLoopGuard(s: FuncState, loops: readonly LoopGuard[]): void {
  emitFuelGuard(s);
  for (const g of loops) {
    s.b.localGet(g.counter);
    s.b.i32Const(1);
    s.b.simple(Op.i32_sub);
    s.b.localTee(g.counter);
    s.b.i32Const(0);
    s.b.simple(Op.i32_ge_s);
    s.b.simple(Op.i32_and);
  }
}
