/**
 * On-stack replacement: loop back edges are counted in the interpreter, and a hot loop continues
 * in compiled code without waiting for the function to return.
 *
 * The interpreter translates a function with eligible loops (an empty operand stack at the loop, no
 * loop parameters; found by compiling the function, see compiler.ts) with a LOOP_PROBE at the
 * header of each (TranslateOptions.loopProbe). A probe adds 1 to the function's hotness, and once
 * the function is hot it calls the store's `onHotLoop` (store.ts, tier.ts): the function is compiled
 * if it is not yet, and the OSR entry of that loop runs the rest of the call with the interpreter's
 * frame as its arguments (every local, read from the frame's cells by a generated adapter, see
 * adapters.ts); its results go back to the frame and the interpreter returns.
 *
 * The OSR entry (compiler.ts, OsrTarget) is the function compiled with every local as a parameter
 * and control starting at that loop: the code before it on the way in is skipped, the enclosing `if`s
 * take the arm that holds it, and the rest of the function runs normally. Fuel metering never runs
 * the interpreter (resumable.ts), so probes never meet fuel accounting.
 */

import type { OsrLoop } from './codegen/compiler.js';

/** The interpreter's `loopProbe` option for a function with OSR loops `loops`: loop offset -> probe number. */
export function loopProbes(loops: readonly OsrLoop[]): ReadonlyMap<number, number> {
  return new Map(loops.map((l, k) => [l.loop, k]));
}
