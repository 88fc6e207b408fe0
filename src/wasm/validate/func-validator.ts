/**
 * Validation of function bodies: the algorithm of the spec's appendix ("Validation Algorithm"),
 * with an operand stack of type codes that may hold `unknown` in unreachable code and a control
 * stack of frames. One pass per body, reading immediates straight from the bytes; the stacks are
 * typed arrays reused across functions, so the loop allocates nothing per instruction.
 */

import { CompileError } from '../../api/errors.js';
import type { ValType } from '../../api/types.js';
import { CodeReader } from '../binary/code-reader.js';
import type { FuncDef } from '../module.js';
import { VALTYPE_BY_CODE, VALTYPE_CODES } from '../module.js';
import { validateBody } from './fast-path.js';
import { EMPTY, FRAME_BLOCK, FRAME_ELSE, FRAME_FUNC, FRAME_IF, FRAME_LOOP } from './frames.js';
import type { ModuleContext } from './module-context.js';
import { FUNCREF, GenericImm, I32, type OpTables, UNKNOWN, isNumOrVec, isRef, opTables, typeName, valTypeOf } from './op-types.js';
import type { FuncInfo } from './validated-module.js';

/**
 * Most locals (parameters included) a function may have.
 * Note: this is the limit of the JS API embedding (and of V8 and SpiderMonkey). The binary format
 * allows up to 2^32-1, but every local becomes an entry of `FuncInfo.localTypes` and a slot in the
 * engines, so an unbounded count would let a tiny module exhaust the host's memory.
 */
export const MAX_FUNCTION_LOCALS = 50000;

/** Validates function bodies against one module context. Reuse it for all functions of a module. */
export class FuncValidator {
  // Note: the stacks are shared with the fast path (`fast-path.ts`), hence not private.
  /** @internal Operand stack of type codes. */
  vals = new Uint8Array(256);
  /** @internal Operand stack height. */
  vh = 0;
  /** @internal Largest operand stack height so far. */
  maxVh = 0;
  /** @internal Control frames: kind, operand height at entry, unreachable flag, params, results. */
  readonly ctlKind: number[] = [];
  /** @internal See {@link ctlKind}. */
  readonly ctlHeight: number[] = [];
  /** @internal See {@link ctlKind}. */
  readonly ctlUnreachable: boolean[] = [];
  /** @internal See {@link ctlKind}. */
  readonly ctlParams: Uint8Array[] = [];
  /** @internal See {@link ctlKind}. */
  readonly ctlResults: Uint8Array[] = [];
  /** @internal Control stack depth. */
  ch = 0;
  /** @internal Largest control stack depth so far. */
  maxCh = 0;
  /** @internal Type codes of the current function's locals. */
  locals = new Uint8Array(64);
  /** @internal Number of locals of the current function. */
  numLocals = 0;
  /** @internal One-element result lists by type code (block types `[t]`). */
  readonly single: Uint8Array[] = [];
  /** @internal The opcode tables. */
  readonly ops: OpTables = opTables();
  private r: CodeReader | null = null;
  private opPos = 0;

  constructor(
    /** @internal The module context. */
    readonly c: ModuleContext,
    /** Use the fast path (`fast-path.ts`); without it every instruction takes {@link step}. */
    private readonly fastPath = true,
  ) {
    for (const code of VALTYPE_BY_CODE.keys()) this.single[code] = Uint8Array.of(code);
  }

  /** Validates one defined function whose type index is known to be valid. */
  validate(def: FuncDef): FuncInfo {
    const c = this.c;
    const params = c.typeParams[def.typeIdx]!;
    const results = c.typeResults[def.typeIdx]!;
    const localTypes = this.setLocals(def, params);

    this.vh = 0;
    this.maxVh = 0;
    this.ch = 0;
    this.maxCh = 0;
    const r = new CodeReader(def.body);
    this.r = r;
    this.pushCtl(FRAME_FUNC, EMPTY, results);
    if (this.fastPath) validateBody(this, r);
    else while (this.ch > 0) this.step(r);
    if (r.pos !== r.end) r.fail('operators remaining after end of function', r.pos);
    this.r = null;
    return { localTypes, maxStackHeight: this.maxVh, maxControlDepth: this.maxCh };
  }

  private setLocals(def: FuncDef, params: Uint8Array): ValType[] {
    let n = params.length;
    for (const g of def.locals) {
      n += g.count;
      if (n > MAX_FUNCTION_LOCALS) {
        throw new CompileError(`too many locals (more than the limit of ${MAX_FUNCTION_LOCALS})`, def.body.start);
      }
    }
    if (this.locals.length < n) this.locals = new Uint8Array(Math.max(n, this.locals.length * 2));
    const codes = this.locals;
    const types = new Array<ValType>(n);
    let i = 0;
    for (; i < params.length; i++) {
      codes[i] = params[i]!;
      types[i] = valTypeOf(params[i]!);
    }
    for (const g of def.locals) {
      const code = VALTYPE_CODES[g.type];
      for (let k = 0; k < g.count; k++, i++) {
        codes[i] = code;
        types[i] = g.type;
      }
    }
    this.numLocals = n;
    return types;
  }

  // ---- errors -------------------------------------------------------------------------------

  private fail(message: string): never {
    throw new CompileError(message, this.opPos);
  }

  private mismatch(expected: number, actual: number | null): never {
    const has = actual === null ? 'is empty' : `has ${typeName(actual)}`;
    this.fail(`type mismatch: instruction requires ${typeName(expected)} but stack ${has}`);
  }

  // ---- operand stack ------------------------------------------------------------------------

  private push(t: number): void {
    if (this.vh === this.vals.length) {
      const next = new Uint8Array(this.vals.length * 2);
      next.set(this.vals);
      this.vals = next;
    }
    this.vals[this.vh++] = t;
    if (this.vh > this.maxVh) this.maxVh = this.vh;
  }

  private pushAll(ts: Uint8Array): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]!);
  }

  /** Pops any value; {@link UNKNOWN} when the frame is unreachable and exhausted. */
  private pop(): number {
    const f = this.ch - 1;
    if (this.vh === this.ctlHeight[f]) {
      if (this.ctlUnreachable[f]) return UNKNOWN;
      this.fail('type mismatch: instruction requires an operand but stack is empty');
    }
    return this.vals[--this.vh]!;
  }

  /** Pops a value of type `expected`. */
  private popExpect(expected: number): number {
    const f = this.ch - 1;
    if (this.vh === this.ctlHeight[f]) {
      if (this.ctlUnreachable[f]) return UNKNOWN;
      this.mismatch(expected, null);
    }
    const actual = this.vals[--this.vh]!;
    if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) this.mismatch(expected, actual);
    return actual;
  }

  private popAll(ts: Uint8Array): void {
    for (let i = ts.length - 1; i >= 0; i--) this.popExpect(ts[i]!);
  }

  /** Checks that the top of the stack matches `ts` without popping (`br_table` targets). */
  private peekAll(ts: Uint8Array): void {
    const f = this.ch - 1;
    const height = this.ctlHeight[f]!;
    for (let i = ts.length - 1, p = this.vh - 1; i >= 0; i--, p--) {
      const expected = ts[i]!;
      if (p < height) {
        if (this.ctlUnreachable[f]) return;
        this.mismatch(expected, null);
      }
      const actual = this.vals[p]!;
      if (actual !== expected && actual !== UNKNOWN) this.mismatch(expected, actual);
    }
  }

  // ---- control stack ------------------------------------------------------------------------

  private pushCtl(kind: number, params: Uint8Array, results: Uint8Array): void {
    const i = this.ch++;
    this.ctlKind[i] = kind;
    this.ctlHeight[i] = this.vh;
    this.ctlUnreachable[i] = false;
    this.ctlParams[i] = params;
    this.ctlResults[i] = results;
    if (this.ch > this.maxCh) this.maxCh = this.ch;
    this.pushAll(params);
  }

  /** Pops the frame's results and checks that nothing else is left in it. */
  private closeFrame(f: number): void {
    this.popAll(this.ctlResults[f]!);
    if (this.vh !== this.ctlHeight[f]) {
      this.fail(`type mismatch: ${this.vh - this.ctlHeight[f]!} value(s) left on the stack at the end of a block`);
    }
  }

  private setUnreachable(): void {
    const f = this.ch - 1;
    this.vh = this.ctlHeight[f]!;
    this.ctlUnreachable[f] = true;
  }

  /** The types a branch to label `l` carries. */
  private labelTypes(l: number): Uint8Array {
    if (l >= this.ch) this.fail(`unknown label ${l}`);
    const f = this.ch - 1 - l;
    return this.ctlKind[f] === FRAME_LOOP ? this.ctlParams[f]! : this.ctlResults[f]!;
  }

  // ---- instructions -------------------------------------------------------------------------

  private beginBlock(r: CodeReader, kind: number): void {
    const bt = r.blockType();
    let params = EMPTY;
    let results = EMPTY;
    if (bt >= 0) {
      if (bt >= this.c.typeParams.length) this.fail(`unknown type ${bt}`);
      params = this.c.typeParams[bt]!;
      results = this.c.typeResults[bt]!;
    } else if (bt !== -0x40) {
      results = this.single[bt + 128]!;
    }
    if (kind === FRAME_IF) this.popExpect(I32);
    this.popAll(params);
    this.pushCtl(kind, params, results);
  }

  /**
   * @internal Validates one instruction at `r.pos` (any instruction, in reachable or unreachable
   * code): the reference path, which the fast path falls back to.
   */
  step(r: CodeReader): void {
    const c = this.c;
    if (r.pos >= r.end) r.fail(r.eofMessage, r.end);
    this.opPos = r.pos;
    const b = r.bytes[r.pos++]!;
    switch (b) {
      case 0x00: // unreachable
        this.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02:
        this.beginBlock(r, FRAME_BLOCK);
        return;
      case 0x03:
        this.beginBlock(r, FRAME_LOOP);
        return;
      case 0x04:
        this.beginBlock(r, FRAME_IF);
        return;
      case 0x05: {
        const f = this.ch - 1;
        if (this.ctlKind[f] !== FRAME_IF) this.fail('misplaced ELSE opcode');
        this.closeFrame(f);
        this.ctlKind[f] = FRAME_ELSE;
        this.ctlUnreachable[f] = false;
        this.pushAll(this.ctlParams[f]!);
        return;
      }
      case 0x0b: {
        const f = this.ch - 1;
        this.closeFrame(f);
        if (this.ctlKind[f] === FRAME_IF && !sameTypes(this.ctlParams[f]!, this.ctlResults[f]!)) {
          this.fail('type mismatch: if without else must leave its parameters as results');
        }
        this.ch--;
        this.pushAll(this.ctlResults[f]!);
        return;
      }
      case 0x0c: // br
        this.popAll(this.labelTypes(r.u32()));
        this.setUnreachable();
        return;
      case 0x0d: {
        // br_if
        const ts = this.labelTypes(r.u32());
        this.popExpect(I32);
        this.popAll(ts);
        this.pushAll(ts);
        return;
      }
      case 0x0e:
        this.brTable(r);
        return;
      case 0x0f: // return
        this.popAll(this.ctlResults[0]!);
        this.setUnreachable();
        return;
      case 0x10: {
        const f = r.u32();
        if (f >= c.funcTypeIdx.length) this.fail(`unknown function ${f}`);
        const t = c.funcTypeIdx[f]!;
        this.popAll(c.typeParams[t]!);
        this.pushAll(c.typeResults[t]!);
        return;
      }
      case 0x11: {
        const t = r.u32();
        const table = r.u32();
        if (table >= c.tableTypes.length) this.fail(`unknown table ${table}`);
        if (t >= c.typeParams.length) this.fail(`unknown type ${t}`);
        if (c.tableTypes[table] !== FUNCREF) {
          this.fail(`type mismatch: call_indirect requires a table of funcref, table ${table} has externref`);
        }
        this.popExpect(I32);
        this.popAll(c.typeParams[t]!);
        this.pushAll(c.typeResults[t]!);
        return;
      }
      case 0x1a: // drop
        this.pop();
        return;
      case 0x1b: {
        // select
        this.popExpect(I32);
        const t1 = this.pop();
        const t2 = this.pop();
        if ((t1 !== UNKNOWN && !isNumOrVec(t1)) || (t2 !== UNKNOWN && !isNumOrVec(t2))) {
          this.fail(`type mismatch: select without types requires numeric or vector operands, stack has ${typeName(t1 === UNKNOWN || isNumOrVec(t1) ? t2 : t1)}`);
        }
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) this.mismatch(t1, t2);
        this.push(t1 === UNKNOWN ? t2 : t1);
        return;
      }
      case 0x1c: {
        // select with types
        const n = r.u32();
        if (n !== 1) this.fail('invalid result arity: typed select must name exactly one type');
        const t = VALTYPE_CODES[r.valType()];
        this.popExpect(I32);
        this.popExpect(t);
        this.popExpect(t);
        this.push(t);
        return;
      }
      case 0x20:
        this.push(this.local(r.u32()));
        return;
      case 0x21:
        this.popExpect(this.local(r.u32()));
        return;
      case 0x22: {
        const t = this.local(r.u32());
        this.popExpect(t);
        this.push(t);
        return;
      }
      case 0x23:
        this.push(c.globalTypes[this.global(r.u32())]!);
        return;
      case 0x24: {
        const g = this.global(r.u32());
        if (!c.globalMutable[g]) this.fail('global is immutable');
        this.popExpect(c.globalTypes[g]!);
        return;
      }
      case 0x25: {
        const t = c.tableTypes[this.table(r.u32())]!;
        this.popExpect(I32);
        this.push(t);
        return;
      }
      case 0x26: {
        const t = c.tableTypes[this.table(r.u32())]!;
        this.popExpect(t);
        this.popExpect(I32);
        return;
      }
      case 0x3f: // memory.size
        r.zeroByte();
        this.memory();
        this.push(I32);
        return;
      case 0x40: // memory.grow
        r.zeroByte();
        this.memory();
        this.popExpect(I32);
        this.push(I32);
        return;
      case 0xd0: // ref.null
        this.push(VALTYPE_CODES[r.refType()]);
        return;
      case 0xd1: {
        // ref.is_null
        const t = this.pop();
        if (t !== UNKNOWN && !isRef(t)) {
          this.fail(`type mismatch: ref.is_null requires a reference but stack has ${typeName(t)}`);
        }
        this.push(I32);
        return;
      }
      case 0xd2: {
        // ref.func
        const f = r.u32();
        if (f >= c.funcTypeIdx.length) this.fail(`unknown function ${f}`);
        if (!c.declaredFuncRefs.has(f)) this.fail(`undeclared function reference ${f}`);
        this.push(FUNCREF);
        return;
      }
      case 0xfc:
        this.prefixFC(r);
        return;
      case 0xfd: {
        const sub = r.u32();
        if (sub > 0xff) this.illegal(b, sub);
        this.generic(r, 0x200 + sub, b, sub);
        return;
      }
      default:
        this.generic(r, b, b, -1);
    }
  }

  private brTable(r: CodeReader): void {
    const n = r.u32();
    if (n > r.remaining()) r.fail(r.eofMessage);
    this.popExpect(I32);
    // Note: the default label comes last in the encoding but decides the arity, so read ahead to
    // it and come back for the others (no label array is built).
    const first = r.pos;
    for (let i = 0; i < n; i++) r.u32();
    const defaultTypes = this.labelTypes(r.u32());
    const after = r.pos;
    r.pos = first;
    for (let i = 0; i < n; i++) {
      const ts = this.labelTypes(r.u32());
      if (ts.length !== defaultTypes.length) {
        this.fail(`type mismatch: br_table targets carry ${ts.length} and ${defaultTypes.length} values`);
      }
      this.peekAll(ts);
    }
    r.pos = after;
    this.popAll(defaultTypes);
    this.setUnreachable();
  }

  private prefixFC(r: CodeReader): void {
    const c = this.c;
    const sub = r.u32();
    switch (sub) {
      case 0x08: {
        // memory.init
        const d = r.u32();
        r.zeroByte();
        this.memory();
        this.data(d);
        this.popI32x3();
        return;
      }
      case 0x09: // data.drop
        this.data(r.u32());
        return;
      case 0x0a: // memory.copy
        r.zeroByte();
        r.zeroByte();
        this.memory();
        this.popI32x3();
        return;
      case 0x0b: // memory.fill
        r.zeroByte();
        this.memory();
        this.popI32x3();
        return;
      case 0x0c: {
        // table.init elem table
        const e = r.u32();
        const t = this.table(r.u32());
        this.elem(e);
        if (c.elemTypes[e] !== c.tableTypes[t]) {
          this.fail(`type mismatch: element segment ${e} has ${typeName(c.elemTypes[e]!)}, table ${t} has ${typeName(c.tableTypes[t]!)}`);
        }
        this.popI32x3();
        return;
      }
      case 0x0d: // elem.drop
        this.elem(r.u32());
        return;
      case 0x0e: {
        // table.copy dst src
        const dst = this.table(r.u32());
        const src = this.table(r.u32());
        if (c.tableTypes[dst] !== c.tableTypes[src]) {
          this.fail(`type mismatch: table.copy from ${typeName(c.tableTypes[src]!)} to ${typeName(c.tableTypes[dst]!)}`);
        }
        this.popI32x3();
        return;
      }
      case 0x0f: {
        // table.grow
        const t = c.tableTypes[this.table(r.u32())]!;
        this.popExpect(I32);
        this.popExpect(t);
        this.push(I32);
        return;
      }
      case 0x10: // table.size
        this.table(r.u32());
        this.push(I32);
        return;
      case 0x11: {
        // table.fill
        const t = c.tableTypes[this.table(r.u32())]!;
        this.popExpect(I32);
        this.popExpect(t);
        this.popExpect(I32);
        return;
      }
      default:
        if (sub > 0xff) this.illegal(0xfc, sub);
        this.generic(r, 0x100 + sub, 0xfc, sub);
    }
  }

  /** Instructions with a fixed signature: read the immediates, check them, then type the stack. */
  private generic(r: CodeReader, idx: number, b: number, sub: number): void {
    const pops = this.ops.sigPops[idx];
    if (pops === undefined) this.illegal(b, sub);
    switch (this.ops.genericImm[idx]) {
      case GenericImm.none:
        break;
      case GenericImm.memArg:
        this.memArg(r, idx);
        break;
      case GenericImm.memArgLane:
        this.memArg(r, idx);
        this.lane(r, idx);
        break;
      case GenericImm.lane:
        this.lane(r, idx);
        break;
      case GenericImm.i32:
        r.s32();
        break;
      case GenericImm.i64:
        // Note: the words, not a bigint: the same checks as the decoder's, no allocation.
        r.s64Words();
        break;
      case GenericImm.bytes4:
        skip(r, 4);
        break;
      case GenericImm.bytes8:
        skip(r, 8);
        break;
      case GenericImm.bytes16:
        skip(r, 16);
        break;
      case GenericImm.shuffle: {
        if (r.end - r.pos < 16) r.fail(r.eofMessage, r.end);
        for (let i = 0; i < 16; i++) {
          if (r.bytes[r.pos + i]! >= 32) this.fail('invalid lane index');
        }
        r.pos += 16;
        break;
      }
    }
    for (let i = pops.length - 1; i >= 0; i--) this.popExpect(pops[i]!);
    const push = this.ops.sigPush[idx]!;
    if (push !== 0) this.push(push);
  }

  private memArg(r: CodeReader, idx: number): void {
    const align = r.u32();
    r.u32();
    this.memory();
    if (align > this.ops.maxAlign[idx]!) this.fail('alignment must not be larger than natural');
  }

  private lane(r: CodeReader, idx: number): void {
    if (r.u8() >= this.ops.lanes[idx]!) this.fail('invalid lane index');
  }

  private popI32x3(): void {
    this.popExpect(I32);
    this.popExpect(I32);
    this.popExpect(I32);
  }

  private illegal(b: number, sub: number): never {
    const hex = (v: number): string => `0x${v.toString(16).padStart(2, '0')}`;
    this.fail(sub < 0 ? `illegal opcode ${hex(b)}` : `illegal opcode ${hex(b)} ${hex(sub)}`);
  }

  // ---- index spaces -------------------------------------------------------------------------

  private local(x: number): number {
    if (x >= this.numLocals) this.fail(`unknown local ${x}`);
    return this.locals[x]!;
  }

  private global(x: number): number {
    if (x >= this.c.globalTypes.length) this.fail(`unknown global ${x}`);
    return x;
  }

  private table(x: number): number {
    if (x >= this.c.tableTypes.length) this.fail(`unknown table ${x}`);
    return x;
  }

  private memory(): void {
    if (this.c.numMemories === 0) this.fail('unknown memory 0');
  }

  private data(x: number): void {
    if (x >= this.c.numDatas) this.fail(`unknown data segment ${x}`);
  }

  private elem(x: number): void {
    if (x >= this.c.elemTypes.length) this.fail(`unknown elem segment ${x}`);
  }
}

/** Structural equality of two type-code lists. */
function sameTypes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Skips `n` bytes. */
function skip(r: CodeReader, n: number): void {
  if (r.end - r.pos < n) r.fail(r.eofMessage, r.end);
  r.pos += n;
}
