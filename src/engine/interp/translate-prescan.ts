/**
 * The translator's pre-scan of a function body: which constants occur inside loops (they get
 * constant-pool cells) and whether the body touches memory (it then gets an always-zero cell).
 */

import { CodeReader } from '../../wasm/binary/code-reader.js';
import type { Code } from '../../wasm/module.js';
import { Op } from '../../wasm/opcodes.js';
import { LOAD_OPS, STORE_OPS } from './translate-tables.js';

/** Most constants a function's pool holds. */
export const POOL_LIMIT = 64;

/** The pool key of a constant's words (32-bit values have `c1 = 0`). */
export function constKey(c0: number, c1: number, c2?: number, c3?: number): string {
  return c2 === undefined ? `${c0},${c1}` : `${c0},${c1},${c2},${c3}`;
}

/** What the pre-scan found. */
export interface PrescanResult {
  /** Distinct constants inside loops (by {@link constKey}) and their sizes in cells. */
  readonly consts: Map<string, number>;
  /** The body has loads or stores. */
  readonly memory: boolean;
}

/**
 * Pre-scan: the distinct constants that occur inside loops (at most POOL_LIMIT, with their
 * sizes in cells) and whether the body accesses memory.
 */
export function prescan(body: Code): PrescanResult {
  const r = new CodeReader(body);
  const loops: boolean[] = [];
  const consts = new Map<string, number>();
  let memory = false;
  let inLoop = 0;
  const add = (key: string, cells: number) => {
    if (inLoop > 0 && !consts.has(key) && consts.size < POOL_LIMIT) consts.set(key, cells);
  };
  while (!r.atEnd()) {
    const op = r.op();
    switch (op) {
      case Op.block:
      case Op.if:
      case Op.loop:
        r.blockType();
        loops.push(op === Op.loop);
        if (op === Op.loop) inLoop++;
        break;
      case Op.end:
        if (loops.pop()) inLoop--;
        break;
      case Op.i32_const:
        add(constKey(r.s32(), 0), 2);
        break;
      case Op.f32_const:
        add(constKey(r.f32Bits() | 0, 0), 2);
        break;
      case Op.i64_const: {
        const lo = r.s64Words();
        add(constKey(lo, r.hiWord), 2);
        break;
      }
      case Op.f64_const: {
        const lo = r.f32Bits() | 0;
        add(constKey(lo, r.f32Bits() | 0), 2);
        break;
      }
      case Op.v128_const: {
        const b = r.v128();
        const w = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
        add(constKey(w(0), w(4), w(8), w(12)), 4);
        break;
      }
      default:
        if (LOAD_OPS.has(op) || STORE_OPS.has(op)) memory = true;
        r.skipImmediates(op);
    }
  }
  return { consts, memory };
}
