/**
 * The function compiler's model of the operand stack and its names: where each value lives in the
 * generated JavaScript (a home variable per stack depth and type, a wasm local's variable, a
 * literal, or a pending expression), the variables and per-instance constants a function declares,
 * and the helpers it uses. {@link FuncCompiler} (compiler.ts) adds control flow and the instructions.
 */

import type { FuncType, ValType } from '../../../api/types.js';
import type { ValidatedModule } from '../../../wasm/validate/validated-module.js';
import { booleanLocals } from './boolean-locals.js';
import { AlignState } from './align.js';
import { type Narrow, narrowI64 } from './range64.js';
import type { InlineSite } from './inline.js';
import type { CompileOptions } from './options.js';
import { homeHiName, homeName, Kind, localHiName, localName, type SVal, zeroOf } from './values.js';

/**
 * A placeholder line where the memory views are (re)loaded into locals: at entry and after every
 * call and memory.grow (a growth replaces the buffer): from the JIT's views of memory 0 (`MV`,
 * rt/memory.ts), refreshed first if the buffer changed. Filled in when the body is finished.
 */
export const VIEWS = '\u0001views';

/** Most characters of a pending expression before it is computed into its home. */
const MAX_PENDING = 160;

/** The value stack, names and declarations of one function's compilation. */
export class ValueStack {
  readonly type: FuncType;
  readonly localTypes: readonly ValType[];
  readonly stack: SVal[] = [];
  /** Body lines. */
  readonly out: string[] = [];
  /** Context and helper names the body uses (destructured in the factory preamble). */
  readonly uses = new Set<string>();
  /** Preamble lines computing per-instance constants (`const K3 = ...;`). */
  readonly preamble: string[] = [];
  /** Variables the function declares (homes, scratch, inlined copies' locals), with their zero values. */
  readonly homes = new Map<string, string>();
  private readonly constants = new Map<string, string>();
  /** The next label number (shared with inlined copies, whose labels must differ). */
  protected readonly labelSeq = { n: 0 };
  /** Prefix of this copy's variable names ('' unless this compiles an inlined copy). */
  readonly ns: string;
  /**
   * i32 locals written only with comparison results: they hold JS booleans, and reading one
   * gives a condition (`if (l2)`), not a 0/1 number (see {@link booleanLocals}).
   */
  readonly boolLocals: ReadonlySet<number>;
  /** Memory views cached in locals (`DV`), refreshed at {@link VIEWS} lines. */
  readonly views = new Set<string>();
  /** The alignment analysis, when the options ask for it (see align.ts); shared with inlined copies. */
  readonly align: AlignState | null;
  /** The i64 arithmetic whose results fit in an int32, by byte offset (see range64.ts). */
  readonly narrow64: ReadonlyMap<number, Narrow>;

  constructor(
    readonly vm: ValidatedModule,
    readonly funcIdx: number,
    readonly opts: CompileOptions,
    /** Set when this compiles a copy inlined into another compilation (see inline.ts). */
    readonly site: InlineSite | null,
  ) {
    const def = vm.module.funcs[funcIdx - vm.numImportedFuncs]!;
    this.ns = site === null ? '' : site.ns;
    if (site !== null) {
      // Note: the copy's names, constants, helpers and views are declared by the function it is in.
      const root = site.root;
      this.uses = root.uses;
      this.preamble = root.preamble;
      this.homes = root.homes;
      this.constants = root.constants;
      this.labelSeq = root.labelSeq;
      this.views = root.views;
    }
    this.type = vm.funcTypes[funcIdx]!;
    this.localTypes = vm.funcInfo[funcIdx - vm.numImportedFuncs]!.localTypes;
    this.align =
      site !== null ? site.root.align : opts.align ? new AlignState(this.localTypes.length, this.type.params.length, opts.align) : null;
    this.narrow64 = site !== null ? site.root.narrow64 : narrowI64(vm, funcIdx);
    this.boolLocals = booleanLocals(def.body, this.localTypes, this.type.params.length);
  }

  // ------------------------------------------------------------------ names and lines

  /** A call expression of `callee` in this function's mode (a delegation when resumable). */
  call(callee: string, args: string): string {
    return this.opts.resumable ? `(yield* ${callee}(${args}))` : `${callee}(${args})`;
  }

  /** The depth argument of a call (empty when depth is not counted). */
  depthArg(): string[] {
    return this.opts.maxDepth === null ? [] : [this.site === null ? 'd + 1' : 'd + 2'];
  }

  /** The variable of stack depth `d` for type `t` (the low word of an i64), not declared. */
  homeVar(t: ValType, d: number): string {
    return this.ns + homeName(t, d);
  }

  /** The high-word variable of an i64 at stack depth `d` (declared with its low word). */
  homeHi(d: number): string {
    return this.ns + homeHiName(d);
  }

  /** The variable of wasm local `i` (the low word of an i64). */
  localVar(i: number): string {
    return this.ns + localName(i);
  }

  /** The high-word variable of i64 local `i`. */
  localHiVar(i: number): string {
    return this.ns + localHiName(i);
  }

  /** A new label name. */
  newLabel(): string {
    return `L${this.labelSeq.n++}`;
  }

  /** Marks a context/helper name as used and returns it. */
  use(name: string): string {
    this.uses.add(name);
    return name;
  }

  /** A per-instance constant computed once in the preamble from `expr`; returns its name. */
  constant(expr: string): string {
    let name = this.constants.get(expr);
    if (name === undefined) {
      name = `K${this.constants.size}`;
      this.constants.set(expr, name);
      this.preamble.push(`const ${name} = ${expr};`);
    }
    return name;
  }

  /** The home variable of depth `d` for type `t` (low word for i64), declared on first use. */
  home(t: ValType, d: number): string {
    const n = this.homeVar(t, d);
    if (!this.homes.has(n)) {
      this.homes.set(n, zeroOf(t));
      if (t === 'i64') this.homes.set(this.homeHi(d), '0');
      if (t === 'v128') this.use('V0');
    }
    return n;
  }

  /** Declares a scratch variable (`q0`, `ea`, ...) and returns its name. */
  scratch(name: string, zero = '0'): string {
    if (!this.homes.has(name)) this.homes.set(name, zero);
    return name;
  }

  /** A memory view or bound cached in a local (see {@link VIEWS}); returns its name. */
  view(name: string): string {
    if (this.views.size === 0) this.preamble.push(`const MV = ${this.use('memViews')}(M);`);
    this.views.add(name);
    this.use('M');
    return name;
  }

  /** Marks where the cached memory views must be reloaded (after a call or memory.grow). */
  reloadViews(): void {
    if (this.vm.memoryTypes.length > 0) this.out.push(VIEWS);
  }

  /** Appends a statement (after computing a pending top entry, which must not move past it). */
  emit(line: string): void {
    this.flush();
    this.out.push(line);
  }

  // ------------------------------------------------------------------ the value stack

  /** The entry at the top. */
  top(): SVal {
    return this.stack[this.stack.length - 1]!;
  }

  /** Pushes an entry (computing a pending top entry first). */
  push(v: SVal): void {
    this.flush();
    this.stack.push(v);
  }

  /** Pushes a value already in the home of the next depth. */
  pushTemp(t: ValType): void {
    const d = this.stack.length;
    this.push({ t, k: Kind.Temp, e: this.homeVar(t, d), h: t === 'i64' ? this.homeHi(d) : '', loc: -1 });
  }

  /** Pushes a literal (or preamble constant) of type `t` (an i32 of alignment `al`). */
  pushConst(t: ValType, e: string, h = '', al?: number): void {
    this.push({ t, k: Kind.Const, e, h, loc: -1, al });
  }

  /** Pushes a pure expression of a 32-bit, float, reference or v128 type (an i32 of alignment `al`). */
  pushPending(t: ValType, e: string, al?: number): void {
    this.flush();
    if (e.length > MAX_PENDING) {
      const d = this.stack.length;
      this.out.push(`${this.home(t, d)} = ${e};`);
      this.stack.push({ t, k: Kind.Temp, e: this.homeVar(t, d), h: '', loc: -1, al });
      return;
    }
    this.stack.push({ t, k: Kind.Pending, e, h: '', loc: -1, al });
  }

  /** Pushes a pure JS boolean expression as an i32. */
  pushCond(e: string): void {
    this.flush();
    if (e.length > MAX_PENDING) {
      const d = this.stack.length;
      this.out.push(`${this.home('i32', d)} = ${e} | 0;`);
      this.stack.push({ t: 'i32', k: Kind.Temp, e: this.homeVar('i32', d), h: '', loc: -1 });
      return;
    }
    this.stack.push({ t: 'i32', k: Kind.Cond, e, h: '', loc: -1 });
  }

  /** The destination home of a result pushed next (call {@link pushTemp} after assigning it). */
  resultHome(t: ValType): string {
    return this.home(t, this.stack.length);
  }

  /** Pops the top entry. */
  pop(): SVal {
    return this.stack.pop()!;
  }

  /** Pops a value as an expression (a Cond becomes 0/1). */
  popE(): string {
    const v = this.pop();
    return v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
  }

  /**
   * Pops a value as an expression that may be used several times: pending values are computed
   * into their (now free) home first.
   */
  popSimple(): string {
    const v = this.pop();
    return this.simpleOf(v, this.stack.length);
  }

  /**
   * The expression of `v` (just popped from depth `d`) in a form that may be used several times:
   * a pending value is computed into its home at `d` (free now).
   */
  simpleOf(v: SVal, d: number): string {
    if (v.k !== Kind.Pending && v.k !== Kind.Cond) return v.e;
    const home = this.home(v.t, d);
    this.out.push(v.k === Kind.Cond ? `${home} = ${v.e} | 0;` : `${home} = ${v.e};`);
    return home;
  }

  /** Pops an i32 as a JS boolean expression. */
  popCond(): string {
    const v = this.pop();
    return v.k === Kind.Cond ? v.e : `(${v.e} !== 0)`;
  }

  /** Pops an i64 as [low, high] simple expressions. */
  popI64(): [string, string] {
    const v = this.pop();
    return [v.e, v.h];
  }

  /** Computes the pending top entry, if any, into its home. */
  flush(): void {
    const n = this.stack.length;
    if (n === 0) return;
    const v = this.stack[n - 1]!;
    if (v.k === Kind.Pending || v.k === Kind.Cond) this.materialize(n - 1);
  }

  /** Puts stack entry `i` in its home variable(s). */
  materialize(i: number): void {
    const v = this.stack[i]!;
    if (v.k === Kind.Temp) return;
    const home = this.home(v.t, i);
    if (v.t === 'i64') {
      const hh = this.homeHi(i);
      this.out.push(`${home} = ${v.e}; ${hh} = ${v.h};`);
      this.stack[i] = { t: v.t, k: Kind.Temp, e: home, h: hh, loc: -1 };
      return;
    }
    this.out.push(v.k === Kind.Cond ? `${home} = ${v.e} | 0;` : `${home} = ${v.e};`);
    // Note: the same value, so its alignment stays (materializeHome, at merges, drops it).
    this.stack[i] = { t: v.t, k: Kind.Temp, e: home, h: '', loc: -1, al: v.k === Kind.Cond ? undefined : v.al };
  }

  /** Puts entries that still name local `loc` in their homes (before the local changes). */
  materializeLocal(loc: number): void {
    for (let i = 0; i < this.stack.length; i++) {
      const v = this.stack[i]!;
      if (v.k === Kind.Local && v.loc === loc) this.materialize(i);
    }
  }

  /** Puts every entry that is not a literal in its home (at control-flow boundaries). */
  materializeAll(from = 0): void {
    for (let i = from; i < this.stack.length; i++) if (this.stack[i]!.k !== Kind.Const) this.materialize(i);
  }

  // ------------------------------------------------------------------ locals

  /** The JS variable(s) of wasm local `i`. */
  local(i: number): SVal {
    const t = this.localTypes[i]!;
    if (this.boolLocals.has(i)) return { t, k: Kind.Cond, e: this.localVar(i), h: '', loc: i };
    const al = t === 'i32' && this.align !== null ? this.align.cur[i] : undefined;
    return { t, k: Kind.Local, e: this.localVar(i), h: t === 'i64' ? this.localHiVar(i) : '', loc: i, al };
  }
}
