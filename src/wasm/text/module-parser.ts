/**
 * The module grammar of the text format: every module field with its abbreviations, in two
 * passes. The first pass binds the symbolic names of every index space and reads the explicit
 * type definitions (identifiers may be used before their definition, and implicit types go
 * after all explicit ones); the second parses each field and encodes the code it contains.
 */

import type { GlobalType, Limits, MemoryType, RefType, TableType, ValType } from '../../api/types.js';
import type { Code, DataSegment, ElemSegment, Export, Import, LocalGroup, Module, NameSection } from '../module.js';
import { CodeWriter } from './code-writer.js';
import { WatParseError } from './errors.js';
import { InstructionParser } from './instructions.js';
import { TokenKind } from './lexer.js';
import type { SpaceKind } from './module-context.js';
import { FuncScope, ModuleContext } from './module-context.js';
import { parseU32 } from './numbers.js';
import type { TokenCursor } from './token-cursor.js';

/** A byte range of the shared code buffer, turned into a {@link Code} at the end. */
type Range = readonly [start: number, end: number];

interface FuncDraft {
  readonly typeIdx: number;
  readonly locals: LocalGroup[];
  readonly body: Range;
}

interface ElemDraft {
  readonly mode: ElemSegment['mode'];
  readonly elemType: RefType;
  readonly table: number;
  readonly offset: Range | null;
  readonly init: Range[];
}

interface DataDraft {
  readonly mode: DataSegment['mode'];
  readonly memory: number;
  readonly offset: Range | null;
  readonly bytes: Uint8Array;
}

const DEFINABLE = new Set(['func', 'table', 'memory', 'global']);

/** Parses one module (either `(module $id? field*)` or a bare list of fields) from a cursor. */
export class WatModuleParser {
  private readonly ctx: ModuleContext;
  private readonly out = new CodeWriter();
  private readonly instr: InstructionParser;
  private readonly imports: Import[] = [];
  private readonly funcs: FuncDraft[] = [];
  private readonly tables: TableType[] = [];
  private readonly memories: MemoryType[] = [];
  private readonly globals: { type: GlobalType; init: Range }[] = [];
  private readonly exports: Export[] = [];
  private readonly elems: ElemDraft[] = [];
  private readonly datas: DataDraft[] = [];
  private start: number | null = null;
  private readonly funcNames = new Map<number, string>();
  private readonly localNames = new Map<number, Map<number, string>>();
  /** Token indices of the type fields read by the first pass. */
  private readonly collectedTypes = new Set<number>();
  /** Errors the reference interpreter finds after elaborating the rest of the module. */
  private readonly lateErrors: { reason: string; at: number }[] = [];
  /** Second-pass counters of each index space. */
  private readonly next: Record<SpaceKind, number> = { type: 0, func: 0, table: 0, memory: 0, global: 0, elem: 0, data: 0 };

  constructor(private readonly cur: TokenCursor) {
    this.ctx = new ModuleContext(cur);
    this.instr = new InstructionParser(this.ctx, this.out);
  }

  /**
   * Parses a whole text: a module or a module's fields, then the end of input.
   * Throws {@link WatParseError} for malformed text.
   */
  parseText(): Module {
    const cur: TokenCursor = this.cur;
    let moduleName: string | null = null;
    const wrapped = cur.peek() === TokenKind.LParen && cur.keywordAt(cur.pos + 1) === 'module';
    if (wrapped) {
      cur.pos += 2;
      const id = cur.optionalId();
      if (id !== null) moduleName = id.slice(1);
    }
    this.collect(cur.pos);
    while (cur.rawKind(cur.pos) === TokenKind.LParen) this.field();
    if (wrapped) cur.close();
    // Note: the reference parser elaborates a complete module before it looks at the token
    // after it, so a semantic error beats trailing garbage.
    const m = this.finish(moduleName);
    cur.expect(TokenKind.Eof);
    return m;
  }

  /** Parses the fields of a `(module ...)` whose `(module $id?` the caller consumed; stops at `)`. */
  parseFields(moduleName: string | null): Module {
    const cur: TokenCursor = this.cur;
    this.collect(cur.pos);
    while (cur.peek() === TokenKind.LParen) this.field();
    return this.finish(moduleName);
  }

  // ---------------------------------------------------------------------------------------
  // First pass

  private collect(first: number): void {
    const cur: TokenCursor = this.cur;
    const ctx = this.ctx;
    const partner = cur.toks.partner;
    const save = cur.pos;
    const order: { isImport: boolean; kind: string; at: number }[] = [];
    let i = first;
    try {
      while (cur.rawKind(i) === TokenKind.LParen && partner[i]! > 0) {
        const end = partner[i]!;
        const kw = cur.rawKeywordAt(i + 1);
        const idAt = i + 2;
        const id = cur.rawKind(idAt) === TokenKind.Id ? cur.textAt(idAt) : null;
        let j = id === null ? idAt : idAt + 1;
        if (kw === 'type') {
          cur.pos = i;
          const { id: tid, type } = this.typeField();
          ctx.bind('type', tid, idAt);
          ctx.addType(type);
          this.collectedTypes.add(i);
        } else if (kw !== null && DEFINABLE.has(kw)) {
          ctx.bind(kw as SpaceKind, id, idAt);
          while (cur.rawKind(j) === TokenKind.LParen && cur.rawKeywordAt(j + 1) === 'export' && partner[j]! > 0) j = partner[j]! + 1;
          const isImport = cur.rawKind(j) === TokenKind.LParen && cur.rawKeywordAt(j + 1) === 'import';
          order.push({ isImport, kind: kw, at: i });
          if (!isImport && kw === 'table' && cur.rawKind(j) === TokenKind.Keyword && cur.rawKeywordAt(j + 2) === 'elem') {
            ctx.bind('elem', null, j);
          }
          if (!isImport && kw === 'memory' && cur.rawKind(j) === TokenKind.LParen && cur.rawKeywordAt(j + 1) === 'data') {
            ctx.bind('data', null, j);
          }
        } else if (kw === 'import') {
          let d = i + 2;
          while (cur.rawKind(d) === TokenKind.String) d++;
          const dk = cur.rawKind(d) === TokenKind.LParen ? cur.rawKeywordAt(d + 1) : null;
          if (dk !== null && DEFINABLE.has(dk)) {
            ctx.bind(dk as SpaceKind, cur.rawKind(d + 2) === TokenKind.Id ? cur.textAt(d + 2) : null, d + 2);
          }
          order.push({ isImport: true, kind: 'import', at: i });
        } else if (kw === 'elem' || kw === 'data') {
          ctx.bind(kw, id, idAt);
        } else if (kw !== 'export' && kw !== 'start') {
          break;
        }
        i = end + 1;
      }
    } catch (e) {
      // Note: a syntax error here is reported by the second pass, in reading order.
      if (!(e instanceof WatParseError)) throw e;
    }
    cur.pos = save;
    // Imports must precede every function, table, memory and global definition.
    let lastImport = -1;
    for (let k = 0; k < order.length; k++) if (order[k]!.isImport) lastImport = k;
    for (let k = lastImport - 1; k >= 0; k--) {
      const f = order[k]!;
      if (f.isImport) continue;
      const firstAfter = order.slice(k + 1).find((o) => o.isImport)!;
      const what = f.kind === 'func' ? 'function' : f.kind;
      this.lateErrors.push({ reason: `import after ${what} definition`, at: firstAfter.at });
      break;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Second pass

  private field(): void {
    const cur: TokenCursor = this.cur;
    const kw = cur.keywordAt(cur.pos + 1);
    switch (kw) {
      case 'type':
        if (this.collectedTypes.has(cur.pos)) cur.skipGroup();
        else this.ctx.addType(this.typeField().type);
        return;
      case 'func':
        return this.funcField();
      case 'table':
        return this.tableField();
      case 'memory':
        return this.memoryField();
      case 'global':
        return this.globalField();
      case 'import':
        return this.importField();
      case 'export':
        return this.exportField();
      case 'start':
        return this.startField();
      case 'elem':
        return this.elemField();
      case 'data':
        return this.dataField();
      default:
        cur.unexpected(cur.pos + 1);
    }
  }

  private typeField(): { id: string | null; type: { params: ValType[]; results: ValType[] } } {
    const cur: TokenCursor = this.cur;
    cur.open('type');
    const id = cur.optionalId();
    cur.open('func');
    const type = this.ctx.paramsResults(null, true) as { params: ValType[]; results: ValType[] };
    cur.close();
    cur.close();
    return { id, type };
  }

  /** Consumes `$id?` and takes the next index of `kind` in the second pass. */
  private declare(kind: SpaceKind): { index: number; id: string | null } {
    const id = this.cur.optionalId();
    return { index: this.next[kind]++, id };
  }

  /** Consumes inline `(export "name")` abbreviations. */
  private inlineExports(kind: Export['kind'], index: number): void {
    const cur: TokenCursor = this.cur;
    while (cur.atOpen('export')) {
      cur.pos += 2;
      this.exports.push({ name: cur.name(), kind, index });
      cur.close();
    }
  }

  /** Consumes an inline `(import "module" "name")` if present. */
  private inlineImport(): { module: string; name: string } | null {
    const cur: TokenCursor = this.cur;
    if (!cur.atOpen('import')) return null;
    cur.pos += 2;
    const module = cur.name();
    const name = cur.name();
    cur.close();
    return { module, name };
  }

  private funcField(): void {
    const cur: TokenCursor = this.cur;
    const ctx = this.ctx;
    cur.open('func');
    const { index, id } = this.declare('func');
    if (id !== null) this.funcNames.set(index, id.slice(1));
    this.inlineExports('func', index);
    const imp = this.inlineImport();
    if (imp !== null) {
      const use = ctx.typeUse(null, true);
      cur.close();
      this.imports.push({ ...imp, desc: { kind: 'func', typeIdx: use.typeIdx } });
      return;
    }
    const scope = new FuncScope(true);
    const use = ctx.typeUse(scope, true);
    const locals: LocalGroup[] = [];
    const addLocal = (type: ValType): void => {
      const last = locals[locals.length - 1];
      if (last !== undefined && last.type === type) locals[locals.length - 1] = { count: last.count + 1, type };
      else locals.push({ count: 1, type });
    };
    while (cur.atOpen('local')) {
      cur.pos += 2;
      if (cur.peek() === TokenKind.Id) {
        const at = cur.pos++;
        const t = ctx.valType();
        ctx.bindLocal(scope, cur.textAt(at), at);
        addLocal(t);
      } else {
        while (cur.peek() !== TokenKind.RParen) {
          addLocal(ctx.valType());
          scope.count++;
        }
      }
      cur.close();
    }
    const start = this.out.length;
    this.instr.instrs(scope);
    cur.close();
    this.out.u8(0x0b);
    this.funcs.push({ typeIdx: use.typeIdx, locals, body: [start, this.out.length] });
    if (scope.nameList.size > 0) this.localNames.set(index, scope.nameList);
  }

  private limits(): Limits {
    const cur: TokenCursor = this.cur;
    const min = this.u32();
    const max = cur.peek() === TokenKind.Nat ? this.u32() : undefined;
    return max === undefined ? { min } : { min, max };
  }

  private u32(): number {
    const cur: TokenCursor = this.cur;
    const i = cur.expect(TokenKind.Nat);
    const v = parseU32(cur.textAt(i));
    if (v === null) cur.defer('i32 constant out of range', i);
    return v ?? 0;
  }

  private tableType(): TableType {
    const limits = this.limits();
    return { limits, elemType: this.ctx.refType() };
  }

  private globalType(): GlobalType {
    const cur: TokenCursor = this.cur;
    if (cur.atOpen('mut')) {
      cur.pos += 2;
      const valType = this.ctx.valType();
      cur.close();
      return { valType, mutable: true };
    }
    return { valType: this.ctx.valType(), mutable: false };
  }

  private tableField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('table');
    const { index } = this.declare('table');
    this.inlineExports('table', index);
    const imp = this.inlineImport();
    if (imp !== null) {
      this.imports.push({ ...imp, desc: { kind: 'table', type: this.tableType() } });
      cur.close();
      return;
    }
    const kw = cur.keywordAt(cur.pos);
    if ((kw === 'funcref' || kw === 'externref') && cur.peek() === TokenKind.Keyword) {
      // (table reftype (elem ...)): a table sized to fit, plus an active segment at offset 0.
      const elemType = this.ctx.refType();
      cur.open('elem');
      const init: Range[] = [];
      const exprs = cur.peek() === TokenKind.LParen;
      if (exprs) while (cur.peek() === TokenKind.LParen) init.push(this.elemExpr());
      else while (this.ctx.atVar()) init.push(this.refFunc());
      cur.close();
      cur.close();
      this.next.elem++;
      this.tables.push({ elemType, limits: { min: init.length, max: init.length } });
      this.elems.push({ mode: 'active', elemType: exprs ? elemType : 'funcref', table: index, offset: this.zeroOffset(), init });
      return;
    }
    this.tables.push(this.tableType());
    cur.close();
  }

  private memoryField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('memory');
    const { index } = this.declare('memory');
    this.inlineExports('memory', index);
    const imp = this.inlineImport();
    if (imp !== null) {
      this.imports.push({ ...imp, desc: { kind: 'memory', type: { limits: this.limits() } } });
      cur.close();
      return;
    }
    if (cur.atOpen('data')) {
      // (memory (data ...)): a memory sized to fit, plus an active segment at offset 0.
      cur.pos += 2;
      const bytes = cur.strings();
      cur.close();
      cur.close();
      this.next.data++;
      const pages = Math.ceil(bytes.length / 65536);
      this.memories.push({ limits: { min: pages, max: pages } });
      this.datas.push({ mode: 'active', memory: index, offset: this.zeroOffset(), bytes });
      return;
    }
    this.memories.push({ limits: this.limits() });
    cur.close();
  }

  private globalField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('global');
    const { index } = this.declare('global');
    this.inlineExports('global', index);
    const imp = this.inlineImport();
    if (imp !== null) {
      this.imports.push({ ...imp, desc: { kind: 'global', type: this.globalType() } });
      cur.close();
      return;
    }
    const type = this.globalType();
    const start = this.out.length;
    this.instr.constExpr();
    cur.close();
    this.globals.push({ type, init: [start, this.out.length] });
  }

  private importField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('import');
    const module = cur.name();
    const name = cur.name();
    cur.expect(TokenKind.LParen);
    const kw = cur.keywordAt(cur.pos);
    if (kw === null || !DEFINABLE.has(kw)) cur.unexpected();
    cur.pos++;
    const { index, id } = this.declare(kw as SpaceKind);
    switch (kw) {
      case 'func': {
        if (id !== null) this.funcNames.set(index, id.slice(1));
        const use = this.ctx.typeUse(null, true);
        this.imports.push({ module, name, desc: { kind: 'func', typeIdx: use.typeIdx } });
        break;
      }
      case 'table':
        this.imports.push({ module, name, desc: { kind: 'table', type: this.tableType() } });
        break;
      case 'memory':
        this.imports.push({ module, name, desc: { kind: 'memory', type: { limits: this.limits() } } });
        break;
      default:
        this.imports.push({ module, name, desc: { kind: 'global', type: this.globalType() } });
    }
    cur.close();
    cur.close();
  }

  private exportField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('export');
    const name = cur.name();
    cur.expect(TokenKind.LParen);
    const kw = cur.keywordAt(cur.pos);
    if (kw === null || !DEFINABLE.has(kw)) cur.unexpected();
    cur.pos++;
    const index = this.ctx.index(kw as SpaceKind);
    cur.close();
    cur.close();
    this.exports.push({ name, kind: kw as Export['kind'], index });
  }

  private startField(): void {
    const cur: TokenCursor = this.cur;
    const at = cur.pos;
    cur.open('start');
    const index = this.ctx.index('func');
    cur.close();
    if (this.start !== null) this.lateErrors.push({ reason: 'multiple start sections', at });
    else this.start = index;
  }

  private elemField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('elem');
    this.declare('elem');
    let seg: ElemDraft;
    if (cur.atKeyword('declare')) {
      cur.pos++;
      seg = { mode: 'declarative', table: 0, offset: null, ...this.elemList() };
    } else if (cur.atOpen('table')) {
      cur.pos += 2;
      const table = this.ctx.index('table');
      cur.close();
      const offset = this.offset();
      seg = { mode: 'active', table, offset, ...this.elemList() };
    } else if (cur.peek() === TokenKind.LParen) {
      const offset = this.offset();
      const kw = cur.keywordAt(cur.pos);
      const list =
        kw === 'func' || kw === 'funcref' || kw === 'externref' ? this.elemList() : { elemType: 'funcref' as const, init: this.funcVars() };
      seg = { mode: 'active', table: 0, offset, ...list };
    } else {
      seg = { mode: 'passive', table: 0, offset: null, ...this.elemList() };
    }
    cur.close();
    this.elems.push(seg);
  }

  /** `func x*` or `reftype expr*`. */
  private elemList(): { elemType: RefType; init: Range[] } {
    const cur: TokenCursor = this.cur;
    if (cur.atKeyword('func')) {
      cur.pos++;
      return { elemType: 'funcref', init: this.funcVars() };
    }
    const elemType = this.ctx.refType();
    const init: Range[] = [];
    while (cur.peek() === TokenKind.LParen) init.push(this.elemExpr());
    return { elemType, init };
  }

  private funcVars(): Range[] {
    const init: Range[] = [];
    while (this.ctx.atVar()) init.push(this.refFunc());
    return init;
  }

  /** Consumes a function index and emits `ref.func x end`. */
  private refFunc(): Range {
    const start = this.out.length;
    const x = this.ctx.index('func');
    this.out.u8(0xd2);
    this.out.u32(x);
    this.out.u8(0x0b);
    return [start, this.out.length];
  }

  /** `(item instr*)` or one folded instruction. */
  private elemExpr(): Range {
    const cur: TokenCursor = this.cur;
    const start = this.out.length;
    if (cur.atOpen('item')) {
      cur.pos += 2;
      this.instr.instrs(this.ctx.constScope());
      cur.close();
    } else {
      this.instr.folded(this.ctx.constScope());
    }
    this.out.u8(0x0b);
    return [start, this.out.length];
  }

  /** `(offset instr*)` or one folded instruction. */
  private offset(): Range {
    const cur: TokenCursor = this.cur;
    const start = this.out.length;
    if (cur.atOpen('offset')) {
      cur.pos += 2;
      this.instr.instrs(this.ctx.constScope());
      cur.close();
    } else {
      this.instr.folded(this.ctx.constScope());
    }
    this.out.u8(0x0b);
    return [start, this.out.length];
  }

  /** Emits `i32.const 0 end` for the segments of inline table and memory abbreviations. */
  private zeroOffset(): Range {
    const start = this.out.length;
    this.out.u8(0x41);
    this.out.u8(0x00);
    this.out.u8(0x0b);
    return [start, this.out.length];
  }

  private dataField(): void {
    const cur: TokenCursor = this.cur;
    cur.open('data');
    this.declare('data');
    let memory = 0;
    let offset: Range | null = null;
    if (cur.atOpen('memory')) {
      cur.pos += 2;
      memory = this.ctx.index('memory');
      cur.close();
      offset = this.offset();
    } else if (cur.peek() === TokenKind.LParen) {
      offset = this.offset();
    }
    const bytes = cur.strings();
    cur.close();
    this.datas.push({ mode: offset === null ? 'passive' : 'active', memory, offset, bytes });
  }

  // ---------------------------------------------------------------------------------------

  private finish(moduleName: string | null): Module {
    const cur: TokenCursor = this.cur;
    for (const e of this.lateErrors) cur.defer(e.reason, e.at);
    cur.finish();
    const bytes = this.out.finish();
    const code = (r: Range): Code => ({ bytes, start: r[0], end: r[1] });
    let names: NameSection | null = null;
    if (moduleName !== null || this.funcNames.size > 0 || this.localNames.size > 0) {
      names = { funcs: this.funcNames, locals: this.localNames };
      if (moduleName !== null) names.module = moduleName;
    }
    return {
      types: this.ctx.types,
      imports: this.imports,
      funcs: this.funcs.map((f) => ({ typeIdx: f.typeIdx, locals: f.locals, body: code(f.body) })),
      tables: this.tables,
      memories: this.memories,
      globals: this.globals.map((g) => ({ type: g.type, init: code(g.init) })),
      exports: this.exports,
      start: this.start,
      elems: this.elems.map((e) => ({
        mode: e.mode,
        elemType: e.elemType,
        table: e.table,
        offset: e.offset === null ? null : code(e.offset),
        init: e.init.map(code),
      })),
      datas: this.datas.map((d) => ({
        mode: d.mode,
        memory: d.memory,
        offset: d.offset === null ? null : code(d.offset),
        bytes: d.bytes,
      })),
      dataCount: this.ctx.usesDataIndex ? this.datas.length : null,
      customs: [],
      names,
    };
  }
}
