/**
 * Alignment analysis, for 32-bit memory accesses through an Int32Array.
 *
 * V8 keeps the bounds and the backing store of a typed array in registers across the stores of a
 * block and shares the bounds check of equal indices; a DataView access redoes its checks after every
 * store. So a function whose memory accesses are *all* 32-bit integer accesses at addresses that
 * are provably multiples of 4 reads and writes through `H32[x >>> 2]` (bubble sort: 1.30x -> about
 * 1.17x native). Mixing the two kinds of access in one function measured slower than either, hence
 * all or nothing; and an address must be proven aligned, because `x >>> 2` drops the low bits.
 *
 * The proof is a forward analysis run by the compiler itself (compiler.ts calls the hooks below at
 * the points where control flow splits and merges): every i32 value gets the number of low zero
 * bits it provably has (`SVal.al`: constants exactly; a sum the smaller of its operands'; a shift
 * left or a product adds; `and` the larger), and every i32 local the alignment of its current
 * value, merged (the minimum) where paths join. At a loop header the state must hold on every
 * back edge too: a compile starts from an assumption per loop (the entry state on the first try)
 * and the driver (factory.ts) compiles again with the assumption lowered until the back edges
 * agree; then, if every access qualified, once more with the Int32Array accesses.
 *
 * An out-of-bounds Int32Array read gives `undefined` (`?? trapMemory()` traps); a store out of
 * bounds would be dropped silently, so stores check the effective address first.
 */

import { Op } from '../../../wasm/opcodes.js';
import { Kind, type SVal } from './values.js';

/** Known low zero bits of an i32 value: 0 (nothing known) to 32 (the value 0). */
export type Align = number;

/** How a compile uses the analysis (CompileOptions.align). */
export interface AlignPlan {
  /** The alignment assumed for each local at each loop header (by the loop's byte offset). */
  readonly loops: ReadonlyMap<number, readonly Align[]>;
  /** Emit Int32Array accesses (only once every access qualified under these assumptions). */
  readonly typed: boolean;
}

/** The known alignment of stack entry `v` (a condition's 0/1 value has none). */
export function alignOf(v: SVal): Align {
  return v.k === Kind.Cond ? 0 : (v.al ?? 0);
}

/** The state at a function's entry: parameters unknown, the other locals 0 (aligned to everything). */
export function entryAlign(localCount: number, params: number): Align[] {
  return Array.from({ length: localCount }, (_, i) => (i < params ? 0 : 32));
}

/** The low zero bits of int32 `v`. */
export function alignOfConst(v: number): Align {
  v |= 0;
  return v === 0 ? 32 : 31 - Math.clz32(v & -v);
}

/** The alignment of the result of i32 binary operator `op` on `a` and `b` (0 when unknown). */
export function alignOfBinary(op: number, a: SVal, b: SVal): Align {
  const x = alignOf(a);
  const y = alignOf(b);
  switch (op) {
    case Op.i32_add:
    case Op.i32_sub:
    case Op.i32_or:
    case Op.i32_xor:
      return Math.min(x, y);
    case Op.i32_mul:
      return Math.min(32, x + y);
    case Op.i32_and:
      return Math.max(x, y);
    case Op.i32_shl: {
      if (b.k !== Kind.Const) return 0;
      return Math.min(32, x + (Number(b.e.replace(/[()]/g, '')) & 31));
    }
    default:
      return 0;
  }
}

/** The state merged from two paths (the weaker alignment of each local); `a` may be null (no path yet). */
export function mergeAlign(a: Align[] | null, b: readonly Align[]): Align[] {
  if (a === null) return b.slice();
  for (let i = 0; i < a.length; i++) if (b[i]! < a[i]!) a[i] = b[i]!;
  return a;
}

/**
 * The analysis state of one compile: the current alignment of each local, what each loop header
 * assumed and what reached it, and whether every memory access so far can use the Int32Array.
 */
export class AlignState {
  /** Alignment of each local's current value (non-i32 locals stay 0). */
  cur: Align[];
  /** The state each loop header used (by byte offset). */
  readonly used = new Map<number, Align[]>();
  /** The states that reached each loop header: its entry and back edges, merged. */
  readonly seen = new Map<number, Align[]>();
  /** Every memory access so far is an aligned 32-bit integer access. */
  eligible = true;
  /** The function accesses memory. */
  accesses = false;

  constructor(
    localCount: number,
    params: number,
    /** The loop assumptions of this compile. */
    private readonly plan: AlignPlan,
  ) {
    this.cur = entryAlign(localCount, params);
  }

  /** Entering the loop at byte offset `loop`: the state becomes its assumption (never above the entry). */
  enterLoop(loop: number): void {
    this.reach(loop);
    const assumed = this.plan.loops.get(loop);
    const used = assumed === undefined ? this.cur.slice() : mergeAlign(assumed.slice(), this.cur);
    this.used.set(loop, mergeAlign(this.used.get(loop) ?? null, used));
    this.cur = used.slice();
  }

  /** The current state reaches the header of the loop at `loop` (its entry or a back edge). */
  reach(loop: number): void {
    this.seen.set(loop, mergeAlign(this.seen.get(loop) ?? null, this.cur));
  }

  /** A memory access at an address of alignment `al` and `offset`: whether it is an aligned i32 access. */
  access(i32: boolean, al: Align, offset: number): boolean {
    this.accesses = true;
    const ok = i32 && al >= 2 && offset % 4 === 0;
    if (!ok) this.eligible = false;
    return ok;
  }

  /**
   * The plan of the next compile: null when this one holds (every loop header's assumption held
   * on every path), else the assumptions lowered to what reached the headers.
   */
  next(): AlignPlan | null {
    let changed = false;
    const loops = new Map<number, Align[]>();
    for (const [loop, used] of this.used) {
      const seen = this.seen.get(loop)!;
      if (seen.some((a, i) => a < used[i]!)) changed = true;
      loops.set(loop, mergeAlign(used.slice(), seen));
    }
    return changed ? { loops, typed: false } : null;
  }
}
