/**
 * Range analysis of i64 values, so that i64 arithmetic whose result provably fits in an int32 skips
 * its high-word work.
 *
 * An i64 is a pair of int32 words (emit-i64.ts); `a + b` costs an add, an unsigned compare for the
 * carry and a second add. When the exact (mathematical) result of an `i64.add`, `i64.sub` or
 * `i64.mul` is known to lie in [-2^31, 2^31), the low word is computed as always and the high word
 * is the low word's sign (`lo >> 31`), or the literal 0 when the result is known non-negative; a
 * local only ever given such results then has a high word V8 sees as the constant 0, and its
 * comparisons fold. C compilers make such values from `int64_t` loop counters (the sieve's
 * `for (int64_t j = (int64_t)i * i; j <= LIMIT; j += i)`).
 *
 * The analysis is an abstract interpretation over the function's bytes, separate from code
 * generation: every i64 local and stack value is an interval of exact integers (`[-Inf, Inf]` when
 * unknown; arithmetic is done only on finite bounds within ±(2^53 - 1), where doubles are exact and
 * wasm's wrap-around at 2^64 cannot happen, and gives unknown otherwise). Branches on a comparison of
 * a local with a constant narrow that local on each edge (`x <u C` means 0 <= x < C whatever was
 * known). Each loop header starts from an assumed state; a pass whose back edges bring values
 * outside the assumptions widens them (to the next of the function's constants +-1, then to
 * unknown) and runs again, so the facts come from a pass in which every assumption held. Anything
 * not understood (calls, memory, globals, other operators) gives unknown, which is always sound.
 *
 * The facts hold in every execution of the function from its entry, so also in OSR entries (which
 * start from a state the interpreter reached) and inlined copies.
 */

import { CompileError } from '../../../api/errors.js';
import type { ValType } from '../../../api/types.js';
import { CodeReader } from '../../../wasm/binary/code-reader.js';
import { opIndex } from '../../../wasm/binary/expr-walker.js';
import { blockTypeOf } from '../../../wasm/module.js';
import { Op } from '../../../wasm/opcodes.js';
import { opTables } from '../../../wasm/validate/op-types.js';
import type { ValidatedModule } from '../../../wasm/validate/validated-module.js';

/** What is known of an i64 arithmetic result: 'u' in [0, 2^31), 's' in [-2^31, 2^31). */
export type Narrow = 'u' | 's';

/** An interval of exact integers; infinite bounds mean unknown on that side. */
interface Range {
  readonly lo: number;
  readonly hi: number;
}

const TOP: Range = { lo: -Infinity, hi: Infinity };
const MAX = Number.MAX_SAFE_INTEGER;
const I32: Range = { lo: -2147483648, hi: 2147483647 };
const U32: Range = { lo: 0, hi: 4294967295 };

/** An operand-stack entry: its range (non-i64 values are TOP), the local it is a copy of, and a comparison. */
interface Entry {
  readonly r: Range;
  /** The local whose current value this is, or -1. */
  readonly loc: number;
  /** An i32 that is the comparison `local op c`. */
  readonly cmp?: { readonly loc: number; readonly op: number; readonly c: number; readonly neg: boolean };
}

const UNKNOWN: Entry = { r: TOP, loc: -1 };

/** Most analysis passes before giving up (no facts). */
const MAX_PASSES = 24;

/** The state: the range of every local (non-i64 locals are TOP); null when unreachable. */
type State = Range[] | null;

function exact(lo: number, hi: number): Range {
  return lo >= -MAX && hi <= MAX && lo <= hi ? { lo, hi } : TOP;
}

function join(a: Range, b: Range): Range {
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

function joinState(a: State, b: State): State {
  if (a === null) return b === null ? null : b.slice();
  if (b === null) return a;
  for (let i = 0; i < a.length; i++) a[i] = join(a[i]!, b[i]!);
  return a;
}

function within(a: Range, b: Range): boolean {
  return a.lo >= b.lo && a.hi <= b.hi;
}

function finite(r: Range): boolean {
  return r.lo !== -Infinity && r.hi !== Infinity;
}

/** The exact result range of i64 `op` on `a` and `b`, when known. */
function arith(op: number, a: Range, b: Range): Range {
  if (op === Op.i64_and) {
    // Note: `and` with a non-negative value is between 0 and that value (two's complement).
    const ha = a.lo >= 0 ? a.hi : Infinity;
    const hb = b.lo >= 0 ? b.hi : Infinity;
    const h = Math.min(ha, hb);
    return h === Infinity ? TOP : { lo: 0, hi: h };
  }
  if (!finite(a) || !finite(b)) return TOP;
  switch (op) {
    case Op.i64_add:
      return exact(a.lo + b.lo, a.hi + b.hi);
    case Op.i64_sub:
      return exact(a.lo - b.hi, a.hi - b.lo);
    case Op.i64_mul: {
      // Note: a product below 2^53 in magnitude is exact; one above rounds to at least 2^53.
      const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
      return exact(Math.min(...p), Math.max(...p));
    }
    default:
      return TOP;
  }
}

/** Comparison opcodes understood for narrowing, mirrored when the constant is on the left. */
const MIRROR: ReadonlyMap<number, number> = new Map([
  [Op.i64_eq, Op.i64_eq],
  [Op.i64_ne, Op.i64_ne],
  [Op.i64_lt_s, Op.i64_gt_s],
  [Op.i64_gt_s, Op.i64_lt_s],
  [Op.i64_le_s, Op.i64_ge_s],
  [Op.i64_ge_s, Op.i64_le_s],
  [Op.i64_lt_u, Op.i64_gt_u],
  [Op.i64_gt_u, Op.i64_lt_u],
  [Op.i64_le_u, Op.i64_ge_u],
  [Op.i64_ge_u, Op.i64_le_u],
]);

/** The negation of each comparison. */
const NEGATE: ReadonlyMap<number, number> = new Map([
  [Op.i64_eq, Op.i64_ne],
  [Op.i64_ne, Op.i64_eq],
  [Op.i64_lt_s, Op.i64_ge_s],
  [Op.i64_ge_s, Op.i64_lt_s],
  [Op.i64_gt_s, Op.i64_le_s],
  [Op.i64_le_s, Op.i64_gt_s],
  [Op.i64_lt_u, Op.i64_ge_u],
  [Op.i64_ge_u, Op.i64_lt_u],
  [Op.i64_gt_u, Op.i64_le_u],
  [Op.i64_le_u, Op.i64_gt_u],
]);

/** `r` narrowed by `x op c` being true (`c` an exact integer); null when impossible. */
export function narrow(r: Range, op: number, c: number): Range | null {
  let lo = r.lo;
  let hi = r.hi;
  const nonNeg = r.lo >= 0;
  switch (op) {
    case Op.i64_eq:
      lo = Math.max(lo, c);
      hi = Math.min(hi, c);
      break;
    case Op.i64_ne:
      if (lo === c) lo++;
      if (hi === c) hi--;
      break;
    case Op.i64_lt_s:
      hi = Math.min(hi, c - 1);
      break;
    case Op.i64_le_s:
      hi = Math.min(hi, c);
      break;
    case Op.i64_gt_s:
      lo = Math.max(lo, c + 1);
      break;
    case Op.i64_ge_s:
      lo = Math.max(lo, c);
      break;
    // Note: with c >= 0, x <u c (or <=) means 0 <= x (as signed) whatever x was: negative values
    // are at least 2^63 unsigned. x >u c only narrows a value already known non-negative.
    case Op.i64_lt_u:
      if (c < 0) return r;
      lo = Math.max(lo, 0);
      hi = Math.min(hi, c - 1);
      break;
    case Op.i64_le_u:
      if (c < 0) return r;
      lo = Math.max(lo, 0);
      hi = Math.min(hi, c);
      break;
    case Op.i64_gt_u:
      if (c < 0 || !nonNeg) return r;
      lo = Math.max(lo, c + 1);
      break;
    case Op.i64_ge_u:
      if (c < 0 || !nonNeg) return r;
      lo = Math.max(lo, c);
      break;
    default:
      return r;
  }
  return lo <= hi ? { lo, hi } : null;
}

/** A control frame of the analysis. */
interface Frame {
  readonly kind: 'block' | 'loop' | 'if' | 'func';
  readonly start: number;
  readonly height: number;
  readonly params: number;
  readonly results: number;
  /** The states of the branches to the end (and the fallthrough), merged. */
  out: State;
  /** `if`: the state of the else arm (null once it began). */
  els: State | undefined;
}

/** One pass over the body with the loop assumptions `assumed`. */
class Pass {
  readonly facts = new Map<number, Narrow>();
  /** The state each loop header used, and what reached it (entry and back edges). */
  readonly used = new Map<number, Range[]>();
  readonly seen = new Map<number, Range[]>();
  private state: State;
  private stack: Entry[] = [];
  private readonly frames: Frame[] = [];
  private readonly r: CodeReader;

  constructor(
    private readonly vm: ValidatedModule,
    private readonly funcIdx: number,
    private readonly assumed: ReadonlyMap<number, Range[]>,
  ) {
    this.r = new CodeReader(vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body);
    const type = vm.funcTypes[funcIdx]!;
    const locals = vm.funcInfo[funcIdx - vm.numImportedFuncs]!.localTypes;
    this.state = locals.map((t, i) => (t === 'i64' && i >= type.params.length ? { lo: 0, hi: 0 } : TOP));
  }

  private pop(): Entry {
    return this.stack.pop() ?? UNKNOWN;
  }

  private popN(n: number): void {
    for (let i = 0; i < n; i++) this.pop();
  }

  private pushN(n: number): void {
    for (let i = 0; i < n; i++) this.stack.push(UNKNOWN);
  }

  /** The state narrowed by the condition `e` being `truth`. */
  private refine(s: State, e: Entry, truth: boolean): State {
    if (s === null || e.cmp === undefined) return s;
    const { loc, c } = e.cmp;
    const op = truth !== e.cmp.neg ? e.cmp.op : NEGATE.get(e.cmp.op)!;
    const n = narrow(s[loc]!, op, c);
    if (n === null) return null;
    const out = s.slice();
    out[loc] = n;
    return out;
  }

  /** The current state reaches the end (or, for a loop, the header) of frame `f`. */
  private reach(f: Frame, s: State): void {
    if (s === null) return;
    if (f.kind === 'loop') this.seen.set(f.start, joinState(this.seen.get(f.start) ?? null, s)!);
    else f.out = joinState(f.out, s);
  }

  private frame(depth: number): Frame {
    return this.frames[this.frames.length - 1 - depth]!;
  }

  private blockType(): { params: number; results: number } {
    const t = blockTypeOf(this.vm.module.types, this.r.blockType());
    if (t === undefined) throw new CompileError('internal: unknown block type', this.r.opStart);
    return { params: t.params.length, results: t.results.length };
  }

  private open(kind: 'block' | 'loop' | 'if', start: number): void {
    const { params, results } = this.blockType();
    let els: State | undefined;
    if (kind === 'if') {
      const cond = this.pop();
      // Note: copies, so that the then arm's writes do not reach the else arm's state.
      els = this.refine(this.state, cond, false)?.slice() ?? null;
      this.state = this.refine(this.state, cond, true)?.slice() ?? null;
    }
    this.popN(params);
    const height = this.stack.length;
    this.pushN(params);
    this.frames.push({ kind, start, height, params, results, out: null, els });
    if (kind === 'loop' && this.state !== null) {
      this.reach(this.frames[this.frames.length - 1]!, this.state);
      const a = this.assumed.get(start);
      const used = a === undefined ? this.state.slice() : joinState(a.slice(), this.state)!;
      this.used.set(start, used);
      this.state = used.slice();
    }
  }

  /** Skips to the `else` or `end` closing the current frame (unreachable code); returns it. */
  private skip(): number {
    let depth = 0;
    for (;;) {
      const op = this.r.op();
      if (op === Op.block || op === Op.loop || op === Op.if) {
        this.r.blockType();
        depth++;
      } else if (op === Op.else && depth === 0) {
        return op;
      } else if (op === Op.end) {
        if (depth === 0) return op;
        depth--;
      } else {
        this.r.skipImmediates(op);
      }
    }
  }

  private end(): void {
    const f = this.frames.pop()!;
    let s = f.kind === 'loop' ? this.state : joinState(f.out, this.state);
    if (f.kind === 'if' && f.els !== undefined) s = joinState(s, f.els);
    this.state = s;
    this.stack.length = f.height;
    this.pushN(f.results);
  }

  private else_(): void {
    const f = this.frames[this.frames.length - 1]!;
    f.out = joinState(f.out, this.state);
    this.state = f.els ?? null;
    f.els = undefined;
    this.stack.length = f.height;
    this.pushN(f.params);
  }

  private unreachable(): void {
    this.state = null;
  }

  private setLocal(i: number, e: Entry): void {
    // Note: entries that stood for the old value of local i no longer do.
    this.stack = this.stack.map((x) => (x.loc === i || x.cmp?.loc === i ? { r: x.r, loc: -1 } : x));
    if (this.state !== null) this.state[i] = e.r;
  }

  run(): void {
    const type = this.vm.funcTypes[this.funcIdx]!;
    this.frames.push({ kind: 'func', start: -1, height: 0, params: 0, results: type.results.length, out: null, els: undefined });
    const r = this.r;
    while (this.frames.length > 0) {
      if (this.state === null) {
        // Unreachable code: nothing to learn until the frame's else or end.
        const op = this.skip();
        if (op === Op.else) this.else_();
        else this.end();
        continue;
      }
      const op = r.op();
      this.step(op, r.opStart);
    }
  }

  private step(op: number, at: number): void {
    const r = this.r;
    const s = this.state!;
    switch (op) {
      case Op.unreachable:
        return this.unreachable();
      case Op.nop:
        return;
      case Op.block:
        return this.open('block', at);
      case Op.loop:
        return this.open('loop', at);
      case Op.if:
        return this.open('if', at);
      case Op.else:
        return this.else_();
      case Op.end:
        return this.end();
      case Op.br:
        this.reach(this.frame(r.u32()), s);
        return this.unreachable();
      case Op.br_if: {
        const f = this.frame(r.u32());
        const cond = this.pop();
        this.reach(f, this.refine(s, cond, true));
        this.state = this.refine(s, cond, false);
        return;
      }
      case Op.br_table: {
        const { labels, defaultLabel } = r.brTable();
        this.pop();
        for (const l of labels) this.reach(this.frame(l), s);
        this.reach(this.frame(defaultLabel), s);
        return this.unreachable();
      }
      case Op.return:
        return this.unreachable();
      case Op.call: {
        const t = this.vm.funcTypes[r.u32()]!;
        this.popN(t.params.length);
        return this.pushN(t.results.length);
      }
      case Op.call_indirect: {
        const t = this.vm.module.types[r.u32()]!;
        r.u32();
        this.popN(t.params.length + 1);
        return this.pushN(t.results.length);
      }
      case Op.drop:
        this.pop();
        return;
      case Op.select:
      case Op.select_t: {
        if (op === Op.select_t) r.selectTypes();
        this.pop();
        const b = this.pop();
        const a = this.pop();
        this.stack.push({ r: join(a.r, b.r), loc: -1 });
        return;
      }
      case Op.local_get: {
        const i = r.u32();
        this.stack.push({ r: s[i]!, loc: i });
        return;
      }
      case Op.local_set:
        return this.setLocal(r.u32(), this.pop());
      case Op.local_tee: {
        const i = r.u32();
        const e = this.pop();
        this.setLocal(i, e);
        this.stack.push({ r: e.r, loc: i });
        return;
      }
      case Op.global_get:
        r.u32();
        return this.pushN(1);
      case Op.global_set:
        r.u32();
        this.pop();
        return;
      case Op.table_get:
        r.u32();
        this.pop();
        return this.pushN(1);
      case Op.table_set:
        r.u32();
        return this.popN(2);
      case Op.ref_null:
        r.refType();
        return this.pushN(1);
      case Op.ref_is_null:
        this.pop();
        return this.pushN(1);
      case Op.ref_func:
        r.u32();
        return this.pushN(1);
      case Op.table_grow:
        r.u32();
        this.popN(2);
        return this.pushN(1);
      case Op.table_fill:
        r.u32();
        return this.popN(3);
      case Op.i64_const: {
        const n = readI64(r);
        this.stack.push({ r: n >= -MAX && n <= MAX ? { lo: n, hi: n } : TOP, loc: -1 });
        return;
      }
      case Op.i64_add:
      case Op.i64_sub:
      case Op.i64_mul:
      case Op.i64_and: {
        const b = this.pop();
        const a = this.pop();
        const res = arith(op, a.r, b.r);
        if (op !== Op.i64_and && res.lo >= I32.lo && res.hi <= I32.hi) this.facts.set(at, res.lo >= 0 ? 'u' : 's');
        this.stack.push({ r: res, loc: -1 });
        return;
      }
      case Op.i64_extend_i32_u:
        this.pop();
        this.stack.push({ r: U32, loc: -1 });
        return;
      case Op.i64_extend_i32_s:
      case Op.i64_extend32_s:
        this.pop();
        this.stack.push({ r: I32, loc: -1 });
        return;
      case Op.i64_eqz: {
        const a = this.pop();
        this.stack.push(a.loc >= 0 ? { r: TOP, loc: -1, cmp: { loc: a.loc, op: Op.i64_eq, c: 0, neg: false } } : UNKNOWN);
        return;
      }
      case Op.i32_eqz: {
        const a = this.pop();
        this.stack.push(a.cmp !== undefined ? { r: TOP, loc: -1, cmp: { ...a.cmp, neg: !a.cmp.neg } } : UNKNOWN);
        return;
      }
      default: {
        const m = MIRROR.get(op);
        if (m !== undefined) {
          const b = this.pop();
          const a = this.pop();
          let cmp: Entry['cmp'];
          if (a.loc >= 0 && b.r.lo === b.r.hi) cmp = { loc: a.loc, op, c: b.r.lo, neg: false };
          else if (b.loc >= 0 && a.r.lo === a.r.hi) cmp = { loc: b.loc, op: m, c: a.r.lo, neg: false };
          this.stack.push(cmp === undefined ? UNKNOWN : { r: TOP, loc: -1, cmp });
          return;
        }
        const pops = opTables().sigPops[opIndex(op)];
        if (pops === undefined) throw new CompileError(`internal: range64 has no rule for opcode 0x${op.toString(16)}`, r.opStart);
        r.skipImmediates(op);
        this.popN(pops.length);
        return this.pushN(opTables().sigPush[opIndex(op)] !== 0 ? 1 : 0);
      }
    }
  }
}

/**
 * Reads a signed LEB128 of at most 64 bits (an `i64.const` immediate) as a double: exact within
 * ±2^53; beyond, at least 2^53 in magnitude, which the analysis treats as unknown. The module is
 * valid, so the encoding is well formed (at most 10 bytes).
 */
export function readI64(r: CodeReader): number {
  // Note: two int32 words without BigInt (ByteReader.s64Words): a bigint here once made Node 20's
  // TurboFan crash ("Phi of kRepTagged (SignedBigInt64) cannot be changed to kRepWord64").
  const lo = r.s64Words();
  return r.hiWord * 4294967296 + (lo >>> 0);
}

/** The sorted widening thresholds: the function's i64 constants and their neighbours, and the int32 bounds. */
function thresholds(vm: ValidatedModule, funcIdx: number): number[] {
  const r = new CodeReader(vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body);
  const t = new Set<number>([0, -1, 1, I32.lo, I32.hi, U32.hi, -MAX, MAX]);
  let depth = 1;
  while (depth > 0) {
    const op = r.op();
    if (op === Op.i64_const) {
      const n = readI64(r);
      if (n > -MAX && n < MAX) for (const k of [n - 1, n, n + 1]) t.add(k);
    } else if (op === Op.block || op === Op.loop || op === Op.if) {
      r.blockType();
      depth++;
    } else if (op === Op.end) {
      depth--;
    } else {
      r.skipImmediates(op);
    }
  }
  return [...t].sort((a, b) => a - b);
}

/** `used` widened to cover `seen`: each bound that moved goes to the next threshold beyond it. */
function widen(used: readonly Range[], seen: readonly Range[], th: readonly number[]): Range[] {
  return used.map((u, i) => {
    const s = seen[i]!;
    if (within(s, u)) return u;
    let lo = u.lo;
    let hi = u.hi;
    if (s.lo < lo) lo = [...th].reverse().find((t) => t <= s.lo) ?? -Infinity;
    if (s.hi > hi) hi = th.find((t) => t >= s.hi) ?? Infinity;
    if (lo === -MAX) lo = -Infinity;
    if (hi === MAX) hi = Infinity;
    return { lo, hi };
  });
}

/**
 * The i64 `add`/`sub`/`mul` instructions of function `funcIdx` (by byte offset) whose results
 * provably fit in an int32 in every execution; empty when the analysis does not settle.
 */
export function narrowI64(vm: ValidatedModule, funcIdx: number): ReadonlyMap<number, Narrow> {
  // Note: a function is compiled several times (alignment tries, resumable and OSR forms).
  let byFunc = CACHE.get(vm);
  if (byFunc === undefined) CACHE.set(vm, (byFunc = new Map()));
  let facts = byFunc.get(funcIdx);
  if (facts === undefined) byFunc.set(funcIdx, (facts = analyse(vm, funcIdx)));
  return facts;
}

const CACHE = new WeakMap<ValidatedModule, Map<number, ReadonlyMap<number, Narrow>>>();

/** Bodies larger than this (bytes) are not analysed (each pass walks the whole body). */
const MAX_BODY = 1 << 20;

function analyse(vm: ValidatedModule, funcIdx: number): ReadonlyMap<number, Narrow> {
  const body = vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body;
  if (body.end - body.start > MAX_BODY) return new Map();
  const locals = vm.funcInfo[funcIdx - vm.numImportedFuncs]!.localTypes;
  if (!localsOrBodyUseI64(locals, vm, funcIdx)) return new Map();
  let assumed = new Map<number, Range[]>();
  let th: number[] | null = null;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const p = new Pass(vm, funcIdx, assumed);
    p.run();
    let changed = false;
    const next = new Map<number, Range[]>();
    for (const [loop, used] of p.used) {
      const seen = p.seen.get(loop)!;
      if (seen.every((s, i) => within(s, used[i]!))) {
        next.set(loop, used);
        continue;
      }
      changed = true;
      th ??= thresholds(vm, funcIdx);
      next.set(loop, widen(used, seen, th));
    }
    if (!changed) return p.facts;
    assumed = next;
  }
  return new Map();
}

/** Whether the function could have i64 arithmetic worth analysing (an i64 local or any i64 add/sub/mul). */
function localsOrBodyUseI64(locals: readonly ValType[], vm: ValidatedModule, funcIdx: number): boolean {
  if (locals.includes('i64')) return true;
  const body = vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body;
  for (let i = body.start; i < body.end; i++) {
    const b = body.bytes[i];
    if (b === Op.i64_add || b === Op.i64_sub || b === Op.i64_mul) return true;
  }
  return false;
}
