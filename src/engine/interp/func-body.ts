/** The translated form of one function body, as the executor runs it, and its map back to wasm offsets. */

import type { FuncType } from '../../api/types.js';

/**
 * A translated function body. Frame layout, in 4-byte cells from the frame pointer: parameters,
 * then the other locals (each value 2 cells, v128 4), then the constant pool, then the operand-stack
 * slots.
 */
export interface FuncBody {
  /** The internal code (see ops.ts). */
  readonly code: Int32Array;
  /** Where execution starts: 0, or a CONSTS stub that fills the constant pool and jumps to 0. */
  readonly entry: number;
  readonly type: FuncType;
  /** Cells taken by the parameters. */
  readonly paramCells: number;
  /** Cells taken by all locals (parameters included). The executor zeroes `[paramCells, localCells)`. */
  readonly localCells: number;
  /** Cells the whole frame needs (locals and the deepest operand stack). */
  readonly frameCells: number;
  /** Cells of the reference-typed non-parameter locals (set to null on entry), or null when none. */
  readonly refLocals: Int32Array | null;
  /** True when the frame holds reference values (its cells must be covered by the reference array). */
  readonly hasRefs: boolean;
  /** Code positions, ascending, where the translation of a wasm instruction starts... */
  readonly offsetPcs: Int32Array;
  /** ...and the byte offset of each of those instructions in the module. */
  readonly offsets: Int32Array;
}

/** The byte offset of the wasm instruction whose translation contains code position `pc`, or -1. */
export function offsetAt(body: FuncBody, pc: number): number {
  const pcs = body.offsetPcs;
  let lo = 0;
  let hi = pcs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pcs[mid]! <= pc) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? -1 : body.offsets[found]!;
}
