/**
 * The function compiler: turns one validated wasm function into the source of a JavaScript
 * function in a single pass over its bytes.
 *
 * - wasm locals become JS `let` variables (an i64 is two int32 variables, low and high);
 * - operand-stack entries live in one *home* variable per (depth, type), or stay a local, a
 *   literal, or (the top entry only) a pending pure expression, so `local.get`/`i32.const` and
 *   chains of pure operators cost no assignments;
 * - `block`/`loop`/`if` become labeled statements (`L3: { }`, `L3: for (;;) { }`, `L3: if () {}`);
 *   branches assign the label's home variables and `break`/`continue` to it; `br_table` is a
 *   `switch`;
 * - traps throw through runtime helpers; the body is wrapped in a try/catch that appends the
 *   function's frame to a trap's backtrace.
 *
 * The instruction groups live in emit-*.ts; this file has the value stack, control flow and the
 * function frame. The module is valid, so no types are checked here; unreachable code is skipped.
 */

import { CompileError } from '../../../api/errors.js';
import type { FuncType, ValType } from '../../../api/types.js';
import { CodeReader } from '../../../wasm/binary/code-reader.js';
import { blockTypeOf } from '../../../wasm/module.js';
import { Op } from '../../../wasm/opcodes.js';
import type { ValidatedModule } from '../../../wasm/validate/validated-module.js';
import { emitAccess } from './emit-access.js';
import { emitI64 } from './emit-i64.js';
import { emitMemory } from './emit-memory.js';
import { emitNumeric } from './emit-numeric.js';
import { emitSimd } from './emit-simd.js';
import { type Align, mergeAlign } from './align.js';
import { type InlineSite, inlineReturn } from './inline.js';
import type { CompileOptions, OsrArm, OsrLoop } from './options.js';
import { Kind, localHiName, localName, type SVal, zeroOf } from './values.js';
import { ValueStack, VIEWS } from './value-stack.js';

export type { CompileOptions, OsrArm, OsrLoop, OsrTarget } from './options.js';

/** A control frame. */
interface Ctl {
  readonly kind: 'block' | 'loop' | 'if' | 'func';
  /** Label number (`L${id}`). */
  readonly id: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Stack height below the parameters. */
  readonly height: number;
  /** The rest of this frame is unreachable. */
  unreachable: boolean;
  /** Some path reaches the end (a branch to it, the fallthrough, or an if's missing else). */
  reached: boolean;
  /** Some branch names this label. */
  targeted: boolean;
  /** Index in `out` of the opening line (its label is dropped when nothing targets it). */
  readonly open: number;
  /** `if`: the parameter entries, restored at `else`; null once the else began. */
  elseParams: SVal[] | null;
  /** Byte offset of the construct's instruction. */
  readonly start: number;
  /** Index in `out` where the current arm of the body begins. */
  bodyStart: number;
  /** Alignment analysis (align.ts): the states of the branches to this frame's end, merged. */
  alOut: Align[] | null;
  /** `if`: the state at its start (the else arm's, or the missing else's). */
  alElse: Align[] | null;
}

/** The field of the memory's views (`MV`, see rt/memory.ts, MemViews) behind each view local. */
const VIEW_FIELDS: Readonly<Record<string, string>> = {
  DV: 'dv',
  H32: 'i32',
  B4: 'b4',
};

/** The compiler state of one function (shared with the emit-*.ts groups). */
export class FuncCompiler extends ValueStack {
  readonly reader: CodeReader;
  readonly ctrls: Ctl[] = [];
  /** Index in `out` of the current fuel charge line, or -1. */
  private fuelLine = -1;
  private fuelCount = 0;
  /** The JS name of this function (for direct self calls). */
  readonly selfName: string;
  /** Loops where an OSR entry can start, found while compiling (see {@link OsrLoop}). */
  readonly osrLoops: OsrLoop[] = [];
  /** Lines inserted before `out[i]` (the OSR skips). */
  private readonly before = new Map<number, string>();
  /** Inlined copies of this function made so far (see inline.ts). */
  readonly inlineCopies = { n: 0 };

  constructor(vm: ValidatedModule, funcIdx: number, opts: CompileOptions, site: InlineSite | null = null) {
    super(vm, funcIdx, opts, site);
    this.reader = new CodeReader(vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body);
    this.selfName = `f${funcIdx}`;
  }

  // ------------------------------------------------------------------ fuel

  /** Starts a fuel-charged region (when metering), like the interpreter's FUEL instruction. */
  private fuelRegion(): void {
    if (!this.opts.metering) return;
    this.closeFuel();
    this.fuelLine = this.out.length;
    this.fuelCount = 0;
    this.out.push('');
  }

  /** Writes the charge of the current region into its line. */
  private closeFuel(): void {
    if (this.fuelLine < 0) return;
    if (this.fuelCount > 0) {
      this.use('S');
      // A resumable function waits (yields) until its driver has added fuel; a plain one traps.
      this.out[this.fuelLine] = this.opts.resumable
        ? `while (S.fuel < ${this.fuelCount}) yield 0; S.fuel -= ${this.fuelCount};`
        : `if (S.fuel < ${this.fuelCount}) ${this.use('outOfFuel')}(); S.fuel -= ${this.fuelCount};`;
    }
    this.fuelLine = -1;
  }

  // ------------------------------------------------------------------ control

  private label(depth: number): Ctl {
    return this.ctrls[this.ctrls.length - 1 - depth]!;
  }

  private blockType(): FuncType {
    const bt = this.reader.blockType();
    const t = blockTypeOf(this.vm.module.types, bt);
    if (t === undefined) throw new CompileError('internal: unknown block type', this.reader.opStart);
    return t;
  }

  /** Marks the rest of the current frame unreachable. */
  setUnreachable(): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    c.unreachable = true;
    this.stack.length = c.height;
  }

  /**
   * The statements of a branch to `c` with the top values: assignments to its homes, then
   * `break`/`continue` (or the return sequence). Leaves the stack unchanged.
   */
  private branchCode(c: Ctl): string {
    if (c.kind === 'func') return this.returnCode();
    const align = this.align;
    if (align !== null) {
      if (c.kind === 'loop') align.reach(c.start);
      else c.alOut = mergeAlign(c.alOut, align.cur);
    }
    c.targeted = true;
    const types = c.kind === 'loop' ? c.params : c.results;
    if (c.kind !== 'loop') c.reached = true;
    const moves = this.moves(types, c.height);
    return `${moves}${c.kind === 'loop' ? 'continue' : 'break'} L${c.id};`;
  }

  /** Assignments of the top `types.length` values to the homes from depth `height` up. */
  private moves(types: readonly ValType[], height: number): string {
    const n = types.length;
    let s = '';
    // Note: destinations are at or below their sources' depths, and each type has its own
    // variables, so assigning in increasing depth never overwrites a value still to be read.
    for (let i = 0; i < n; i++) {
      const v = this.stack[this.stack.length - n + i]!;
      const d = height + i;
      const home = this.home(v.t, d);
      const e = v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
      if (e !== home) s += `${home} = ${e}; `;
      if (v.t === 'i64' && v.h !== this.homeHi(d)) s += `${this.homeHi(d)} = ${v.h}; `;
    }
    return s;
  }

  /** The return sequence with the top values as results. */
  returnCode(): string {
    const results = this.type.results;
    const n = results.length;
    if (this.site !== null) return inlineReturn(this, this.site);
    if (n === 0) return 'return;';
    if (n === 1) {
      const v = this.top();
      const e = v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
      if (v.t === 'i64') {
        this.use('RET');
        return `RET[0] = ${v.h}; return ${e};`;
      }
      return `return ${e};`;
    }
    // Several results go to the scratch (rt/scratch.ts), never to a JS array (NaN bits).
    this.use('MR');
    let s = '';
    for (let k = 0; k < n; k++) {
      const v = this.stack[this.stack.length - n + k]!;
      const e = v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
      if (v.t === 'i32') s += `MR.ri[${2 * k}] = ${e}; `;
      else if (v.t === 'i64') s += `MR.ri[${2 * k}] = ${e}; MR.ri[${2 * k + 1}] = ${v.h}; `;
      else if (v.t === 'f32' || v.t === 'f64') s += `MR.rf[${k}] = ${e}; `;
      else s += `MR.ro[${k}] = ${e}; `;
    }
    return `${s}return;`;
  }

  /** Enters a block/loop/if whose parameters are the top entries. */
  private enter(kind: 'block' | 'loop' | 'if', type: FuncType, open: string, start: number): void {
    const height = this.stack.length - type.params.length;
    // Note: entries below the frame must not stay locals: a local.set inside the frame would
    // compute them on one path only. Loop and if parameters must be in their homes, where the
    // back edges and the missing else deliver them.
    if (kind === 'block') this.materializeAll();
    else {
      for (let i = 0; i < height; i++) if (this.stack[i]!.k !== Kind.Const) this.materialize(i);
      for (let i = height; i < this.stack.length; i++) this.materializeHome(i);
    }
    const open_ = this.out.length;
    this.out.push(open);
    this.ctrls.push({
      kind,
      id: this.labelSeq.n++,
      params: type.params,
      results: type.results,
      height,
      unreachable: false,
      reached: false,
      targeted: false,
      open: open_,
      elseParams: kind === 'if' ? this.stack.slice(height) : null,
      start,
      bodyStart: this.out.length,
      alOut: null,
      alElse: kind === 'if' && this.align !== null ? this.align.cur.slice() : null,
    });
    if (kind === 'loop') this.align?.enterLoop(start);
  }

  /** The arm of each enclosing construct (the ancestors of the current position). */
  private ancestors(): Map<number, OsrArm> {
    const m = new Map<number, OsrArm>();
    for (const c of this.ctrls) {
      if (c.kind === 'func') continue;
      m.set(c.start, c.kind === 'if' ? (c.elseParams === null ? 'else' : 'then') : 'body');
    }
    return m;
  }

  /**
   * OSR entry: at a construct on the way to the target loop, the code before it in the current arm
   * does not run (`if (!osr) { ... }`): the interpreter ran it already.
   */
  private skipBefore(): void {
    const parent = this.ctrls[this.ctrls.length - 1]!;
    if (this.out.length === parent.bodyStart) return;
    this.before.set(parent.bodyStart, `${this.before.get(parent.bodyStart) ?? ''}if (!osr) {`);
    this.out.push('}');
  }

  /** Puts entry `i` in its home even when it is a literal. */
  private materializeHome(i: number): void {
    const v = this.stack[i]!;
    // Note: a home where paths merge (loop and if parameters) may get another value on the other
    // path: what is known of this one's alignment does not hold there.
    if (v.k === Kind.Temp) {
      if (v.al !== undefined) this.stack[i] = { ...v, al: undefined };
      return;
    }
    if (v.k === Kind.Const) {
      const home = this.home(v.t, i);
      if (v.t === 'i64') {
        this.out.push(`${home} = ${v.e}; ${this.homeHi(i)} = ${v.h};`);
        this.stack[i] = { t: v.t, k: Kind.Temp, e: home, h: this.homeHi(i), loc: -1 };
      } else {
        this.out.push(`${home} = ${v.e};`);
        this.stack[i] = { t: v.t, k: Kind.Temp, e: home, h: '', loc: -1 };
      }
      return;
    }
    this.materialize(i);
    this.stack[i] = { ...this.stack[i]!, al: undefined };
  }

  /** Puts the current frame's results (the top entries) in their homes. */
  private placeResults(c: Ctl): void {
    const n = c.results.length;
    const s = this.moves(c.results, c.height);
    if (s !== '') this.out.push(s);
    this.stack.length -= n;
  }

  /** Ends the innermost frame. */
  private end(): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    if (c.kind === 'func') {
      if (!c.unreachable) this.out.push(this.returnCode());
      this.ctrls.pop();
      return;
    }
    const align = this.align;
    if (align !== null && c.kind !== 'loop') {
      // After a block or if: what its branches, its fallthrough and a missing else bring.
      let s = c.alOut;
      if (!c.unreachable) s = mergeAlign(s, align.cur);
      if (c.kind === 'if' && c.elseParams !== null) s = mergeAlign(s, c.alElse!);
      if (s !== null) align.cur = s;
    }
    if (!c.unreachable) {
      this.flush();
      this.placeResults(c);
      c.reached = true;
      if (c.kind === 'loop') {
        c.targeted = true;
        this.out.push(`break L${c.id};`);
      }
    }
    if (c.kind === 'if' && c.elseParams !== null) c.reached = true;
    this.out.push('}');
    if (!c.targeted) this.out[c.open] = this.out[c.open]!.replace(/^L\d+: /, '');
    if (c.kind === 'block' && !c.targeted) {
      this.out[c.open] = '';
      this.out[this.out.length - 1] = '';
    }
    this.ctrls.pop();
    this.stack.length = c.height;
    for (let i = 0; i < c.results.length; i++) this.pushTemp(c.results[i]!);
    if (!c.reached) {
      this.setUnreachable();
    } else {
      this.fuelRegion();
    }
  }

  /** `else`. */
  private else_(): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    const align = this.align;
    if (align !== null) {
      if (!c.unreachable) c.alOut = mergeAlign(c.alOut, align.cur);
      align.cur = c.alElse!.slice();
    }
    if (!c.unreachable) {
      this.flush();
      this.placeResults(c);
      c.reached = true;
    }
    this.out.push('} else {');
    c.bodyStart = this.out.length;
    this.stack.length = c.height;
    for (const v of c.elseParams!) this.stack.push(v);
    c.elseParams = null;
    c.unreachable = false;
    this.fuelRegion();
  }

  /** `br_table`. */
  private brTable(): void {
    const { labels, defaultLabel } = this.reader.brTable();
    const idx = this.popE();
    this.flush();
    const groups = new Map<number, number[]>();
    labels.forEach((l, i) => {
      if (l === defaultLabel) return;
      let g = groups.get(l);
      if (!g) groups.set(l, (g = []));
      g.push(i);
    });
    const lines = [`switch (${idx}) {`];
    for (const [l, cases] of groups) {
      lines.push(`${cases.map((i) => `case ${i}:`).join(' ')} { ${this.branchCode(this.label(l))} }`);
    }
    lines.push(`default: { ${this.branchCode(this.label(defaultLabel))} }`);
    lines.push('}');
    this.out.push(lines.join('\n'));
    this.setUnreachable();
  }

  /** Skips unreachable instructions; returns the `else` or `end` that closes the current frame. */
  private skipUnreachable(): number {
    const r = this.reader;
    let depth = 0;
    for (;;) {
      const op = r.op();
      switch (op) {
        case Op.block:
        case Op.loop:
        case Op.if:
          r.blockType();
          depth++;
          break;
        case Op.else:
          if (depth === 0) return op;
          break;
        case Op.end:
          if (depth === 0) return op;
          depth--;
          break;
        default:
          r.skipImmediates(op);
      }
    }
  }

  // ------------------------------------------------------------------ the driver

  /** Compiles the body as an inlined copy (see inline.ts); returns its statements. */
  inlineBody(): string[] {
    this.body();
    return this.out.filter((l) => l !== '');
  }

  /** Compiles the body; returns the function's source (a `function` expression). */
  run(): string {
    this.body();
    return this.functionSource();
  }

  /** Compiles the body into {@link out}. */
  private body(): void {
    const r = this.reader;
    this.ctrls.push({
      kind: 'func',
      id: this.labelSeq.n++,
      params: [],
      results: this.type.results,
      height: 0,
      unreachable: false,
      reached: false,
      targeted: false,
      open: -1,
      elseParams: null,
      start: -1,
      bodyStart: 0,
      alOut: null,
      alElse: null,
    });
    this.fuelRegion();
    while (this.ctrls.length > 0) {
      const c = this.ctrls[this.ctrls.length - 1]!;
      let op: number;
      if (c.unreachable) {
        op = this.skipUnreachable();
      } else {
        op = r.op();
        if (this.fuelLine >= 0) this.fuelCount++;
      }
      this.instr(op);
    }
    this.closeFuel();
  }

  /** Compiles one instruction. */
  private instr(op: number): void {
    const r = this.reader;
    switch (op) {
      case Op.unreachable:
        this.emit(`${this.use('trapUnreachable')}();`);
        this.setUnreachable();
        return;
      case Op.nop:
        return;
      case Op.block: {
        const start = r.opStart;
        const t = this.blockType();
        this.flush();
        if (this.opts.osr?.ancestors.has(start)) this.skipBefore();
        this.enter('block', t, `L${this.labelSeq.n}: {`, start);
        return;
      }
      case Op.loop: {
        const start = r.opStart;
        const t = this.blockType();
        this.flush();
        if (this.stack.length === 0 && t.params.length === 0) {
          this.osrLoops.push({ loop: start, ancestors: this.ancestors() });
        }
        const osr = this.opts.osr;
        const target = osr?.loop === start;
        if (target || osr?.ancestors.has(start)) this.skipBefore();
        this.enter('loop', t, `L${this.labelSeq.n}: for (;;) {`, start);
        // The OSR entry arrives here; later iterations of enclosing loops run normally.
        if (target) this.out.push('osr = false;');
        this.fuelRegion();
        return;
      }
      case Op.if: {
        const start = r.opStart;
        const t = this.blockType();
        let cond = this.popCond();
        this.flush();
        const arm = this.opts.osr?.ancestors.get(start);
        if (arm !== undefined) {
          this.skipBefore();
          cond = arm === 'then' ? `(osr || ${cond})` : `(!osr && ${cond})`;
        }
        this.enter('if', t, `L${this.labelSeq.n}: if (${cond}) {`, start);
        this.fuelRegion();
        return;
      }
      case Op.else:
        this.else_();
        return;
      case Op.end:
        this.end();
        return;
      case Op.br:
        this.flush();
        this.out.push(this.branchCode(this.label(r.u32())));
        this.setUnreachable();
        return;
      case Op.br_if: {
        const target = this.label(r.u32());
        const cond = this.popCond();
        this.flush();
        this.out.push(`if (${cond}) { ${this.branchCode(target)} }`);
        this.fuelRegion();
        return;
      }
      case Op.br_table:
        this.brTable();
        return;
      case Op.return:
        this.flush();
        this.out.push(this.returnCode());
        this.setUnreachable();
        return;
      case Op.drop:
        this.pop();
        return;
    }
    if (emitNumeric(this, op)) return;
    if (emitI64(this, op)) return;
    if (emitAccess(this, op)) return;
    if (emitMemory(this, op)) return;
    if (emitSimd(this, op)) return;
    throw new CompileError(`internal: the JIT has no translation for opcode 0x${op.toString(16)}`, r.opStart);
  }

  /** The finished function: parameters, depth check, declarations, body in try/catch. */
  private functionSource(): string {
    const params: string[] = this.opts.maxDepth === null ? [] : ['d'];
    const decls: string[] = [];
    const nParams = this.type.params.length;
    // An OSR entry receives every local (the interpreter's frame) as a parameter.
    const asParams = this.opts.osr ? this.localTypes.length : nParams;
    if (this.opts.osr) decls.push('osr = true');
    this.localTypes.forEach((t, i) => {
      if (i < asParams) {
        params.push(localName(i));
        if (t === 'i64') params.push(localHiName(i));
      } else {
        decls.push(`${localName(i)} = ${this.boolLocals.has(i) ? 'false' : zeroOf(t)}`);
        if (t === 'i64') decls.push(`${localHiName(i)} = 0`);
        if (t === 'v128') this.use('V0');
      }
    });
    for (const [n, z] of this.homes) decls.push(`${n} = ${z}`);
    const views = [...this.views].sort();
    // Note: the views are checked against the memory's buffer first (a growth replaced it).
    const check = views.length ? `if (MV.buf !== M.buffer) ${this.use('refreshViews')}(MV, M);` : '';
    const load = views.length ? `${check} ${views.map((v) => `${v} = MV.${VIEW_FIELDS[v]!};`).join(' ')}` : '';
    for (const v of views) decls.push(`${v} = MV.${VIEW_FIELDS[v]!}`);
    this.use('unwind');
    this.use('ME');
    const star = this.opts.resumable ? '*' : '';
    const lines = [`return function${star} ${this.selfName}(${params.join(', ')}) {`];
    if (this.opts.maxDepth !== null) lines.push(`if (d > ${this.opts.maxDepth}) ${this.use('trapExhausted')}();`);
    // Note: a resumable function keeps the chain of active functions (the backtrace of a
    // suspension that turns into an out-of-fuel trap).
    if (this.opts.resumable) lines.push(`${this.use('S')}.fs.push(ME);`);
    if (check !== '') lines.push(check);
    // Note: one declaration per line keeps functions with many locals parseable.
    for (let i = 0; i < decls.length; i += 64) lines.push(`let ${decls.slice(i, i + 64).join(', ')};`);
    lines.push('try {');
    // Note: the declarations load the views at entry; VIEWS lines reload them.
    this.out.forEach((l, i) => {
      const b = this.before.get(i);
      if (b !== undefined) lines.push(b);
      if (l === VIEWS) {
        if (load !== '') lines.push(load);
      } else if (l !== '') lines.push(l);
    });
    lines.push('} catch (e) { throw unwind(e, ME); }');
    if (this.opts.resumable) lines.push('finally { S.fs.pop(); }');
    lines.push('};');
    return lines.join('\n');
  }
}
