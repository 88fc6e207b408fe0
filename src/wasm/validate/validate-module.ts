/**
 * Module validation (spec section "Validation > Modules"), in the order of the reference
 * interpreter so that a module with several errors reports the same first one: imports, function
 * types, globals, tables, memories, element and data segments, function bodies, start function,
 * exports, and the single-memory rule of Wasm 2.0.
 */

import { CompileError } from '../../api/errors.js';
import type { FuncType, GlobalType, Limits, MemoryType, TableType } from '../../api/types.js';
import { MAX_PAGES } from '../../api/types.js';
import { Feature, withFeature } from '../binary/features.js';
import type { EntryKind } from '../binary/module-offsets.js';
import { entryOffset, offsetsOf } from '../binary/module-offsets.js';
import type { Module } from '../module.js';
import { VALTYPE_CODES } from '../module.js';
import { validateConstExpr } from './const-expr.js';
import { FuncValidator } from './func-validator.js';
import type { ModuleContext } from './module-context.js';
import { I32 } from './op-types.js';
import type { FuncInfo, ValidatedModule } from './validated-module.js';

/** Options of {@link validateModule}. */
export interface ValidateOptions {
  /**
   * Type function bodies with the fast path where it applies (default true). Turning it off
   * leaves only the reference path, which gives the same results: for differential tests.
   */
  readonly fastPath?: boolean;
  /**
   * The module was decoded without checking its function bodies (`checkBodies: false`): then a
   * body may use a data segment index only when the module has a data count section (the check
   * the decoder would have made). Set by `decodeAndValidate`.
   * @internal
   */
  readonly bodiesUnchecked?: boolean;
  /**
   * Leave the function bodies for later: the result's `funcInfo` validates them when it is first
   * read (throwing `CompileError` then). Set by `decodeAndValidateDeferred`.
   * @internal
   */
  readonly deferBodies?: boolean;
  /** With `deferBodies`: turns the error of an invalid body into the one to throw. @internal */
  readonly deferredError?: (e: CompileError) => CompileError;
}

/**
 * Validates a decoded module. Returns the module with its index spaces and per-function facts,
 * or throws {@link CompileError} whose `reason` starts with the spec's message ("type mismatch",
 * "unknown function 3", ...) and whose offset points at the offending instruction or entry.
 */
export function validateModule(m: Module, options: ValidateOptions = {}): ValidatedModule {
  const at = (kind: EntryKind, i: number): number => entryOffset(m, kind, i);
  const fail = (message: string, offset: number): never => {
    throw new CompileError(message, offset);
  };
  const typeParams = m.types.map((t) => codesOf(t.params));
  const typeResults = m.types.map((t) => codesOf(t.results));
  const funcType = (idx: number, offset: number): FuncType =>
    m.types[idx] ?? fail(`unknown type ${idx}`, offset);

  // Imports.
  const funcTypes: FuncType[] = [];
  const funcTypeIndices: number[] = [];
  const tableTypes: TableType[] = [];
  const memoryTypes: MemoryType[] = [];
  const globalTypes: GlobalType[] = [];
  m.imports.forEach((imp, i) => {
    const d = imp.desc;
    switch (d.kind) {
      case 'func':
        funcTypes.push(funcType(d.typeIdx, at('imports', i)));
        funcTypeIndices.push(d.typeIdx);
        break;
      case 'table':
        checkTableLimits(d.type.limits, at('imports', i));
        tableTypes.push(d.type);
        break;
      case 'memory':
        checkMemoryType(d.type, at('imports', i));
        memoryTypes.push(d.type);
        break;
      case 'global':
        globalTypes.push(d.type);
        break;
    }
  });
  const numImportedFuncs = funcTypes.length;
  const numImportedTables = tableTypes.length;
  const numImportedMemories = memoryTypes.length;
  const numImportedGlobals = globalTypes.length;

  // Defined functions, tables, memories, globals join the index spaces.
  m.funcs.forEach((f, i) => {
    funcTypes.push(funcType(f.typeIdx, at('funcs', i)));
    funcTypeIndices.push(f.typeIdx);
  });
  for (const t of m.tables) tableTypes.push(t);
  for (const t of m.memories) memoryTypes.push(t);
  for (const g of m.globals) globalTypes.push(g.type);

  // Note: exported functions count as declared for ref.func, as do those named in constant
  // expressions (collected while validating them below).
  const declared = new Set<number>();
  for (const e of m.exports) if (e.kind === 'func') declared.add(e.index);

  const globalCodes = new Uint8Array(globalTypes.length);
  const globalMutable = new Uint8Array(globalTypes.length);
  globalTypes.forEach((g, i) => {
    globalCodes[i] = VALTYPE_CODES[g.valType];
    globalMutable[i] = g.mutable ? 1 : 0;
  });
  const ctx: ModuleContext = {
    typeParams,
    typeResults,
    funcTypeIdx: funcTypeIndices,
    tableTypes: Uint8Array.from(tableTypes, (t) => VALTYPE_CODES[t.elemType]),
    numMemories: memoryTypes.length,
    globalTypes: globalCodes,
    globalMutable,
    numImportedGlobals,
    elemTypes: Uint8Array.from(m.elems, (e) => VALTYPE_CODES[e.elemType]),
    // Note: without a data count section, bodies that name a data segment are malformed; when the
    // decoder did not look at the bodies, the validator refuses them instead (as unknown segments).
    numDatas: options.bodiesUnchecked === true && m.dataCount === null ? 0 : m.datas.length,
    declaredFuncRefs: declared,
  };
  const numFuncs = funcTypes.length;

  m.globals.forEach((g) => validateConstExpr(g.init, VALTYPE_CODES[g.type.valType], ctx, numFuncs, declared));
  m.tables.forEach((t, i) => checkTableLimits(t.limits, at('tables', i)));
  m.memories.forEach((t, i) => checkMemoryType(t, at('memories', i)));
  m.elems.forEach((e, i) => {
    const t = VALTYPE_CODES[e.elemType];
    for (const init of e.init) validateConstExpr(init, t, ctx, numFuncs, declared);
    if (e.mode !== 'active') return;
    const table = tableTypes[e.table] ?? fail(`unknown table ${e.table}`, at('elems', i));
    if (table.elemType !== e.elemType) {
      fail(`type mismatch: element segment has ${e.elemType}, table ${e.table} has ${table.elemType}`, at('elems', i));
    }
    if (e.offset) validateConstExpr(e.offset, I32, ctx, numFuncs, declared);
  });
  m.datas.forEach((d, i) => {
    if (d.mode !== 'active') return;
    if (d.memory >= memoryTypes.length) {
      fail(withFeature(`unknown memory ${d.memory}`, d.memory > 0 ? Feature.multiMemory : undefined), at('datas', i));
    }
    if (d.offset) validateConstExpr(d.offset, I32, ctx, numFuncs, declared);
  });

  const validateBodies = (): FuncInfo[] => {
    const fv = new FuncValidator(ctx, options.fastPath !== false);
    return m.funcs.map((f) => fv.validate(f));
  };
  const funcInfo = options.deferBodies === true ? null : validateBodies();

  if (m.start !== null) {
    const offset = offsetsOf(m)?.start ?? -1;
    const t = funcTypes[m.start] ?? fail(`unknown function ${m.start}`, offset);
    if (t.params.length !== 0 || t.results.length !== 0) {
      fail('start function must not have parameters or results', offset);
    }
  }

  const names = new Set<string>();
  m.exports.forEach((e, i) => {
    const count = { func: numFuncs, table: tableTypes.length, memory: memoryTypes.length, global: globalTypes.length }[e.kind];
    if (e.index >= count) fail(`unknown ${e.kind === 'func' ? 'function' : e.kind} ${e.index}`, at('exports', i));
    if (names.has(e.name)) fail('duplicate export name', at('exports', i));
    names.add(e.name);
  });

  if (memoryTypes.length > 1) fail(withFeature('multiple memories', Feature.multiMemory), secondMemoryOffset(m));

  const validated = {
    module: m,
    funcTypes,
    funcTypeIndices,
    tableTypes,
    memoryTypes,
    globalTypes,
    numImportedFuncs,
    numImportedTables,
    numImportedMemories,
    numImportedGlobals,
    declaredFuncRefs: declared,
  };
  if (funcInfo !== null) return { ...validated, funcInfo };
  // Note: a getter that validates the bodies on first read and keeps the result.
  let deferred: FuncInfo[] | null = null;
  return {
    ...validated,
    get funcInfo(): FuncInfo[] {
      if (deferred === null) {
        try {
          deferred = validateBodies();
        } catch (e) {
          if (e instanceof CompileError && options.deferredError !== undefined) throw options.deferredError(e);
          throw e;
        }
      }
      return deferred;
    },
  };
}

/** Type codes of a list of value types. */
function codesOf(ts: FuncType['params']): Uint8Array {
  return Uint8Array.from(ts, (t) => VALTYPE_CODES[t]);
}

/** Largest table size of Wasm 2.0 (32-bit indices). */
const MAX_TABLE_SIZE = 0xffff_ffff;

function checkTableLimits(l: Limits, offset: number): void {
  if (l.min > MAX_TABLE_SIZE || (l.max !== undefined && l.max > MAX_TABLE_SIZE)) {
    throw new CompileError('table size must be at most 2^32-1', offset);
  }
  if (l.max !== undefined && l.min > l.max) {
    throw new CompileError('size minimum must not be greater than maximum', offset);
  }
}

function checkMemoryType(t: MemoryType, offset: number): void {
  const l = t.limits;
  if (l.min > MAX_PAGES || (l.max !== undefined && l.max > MAX_PAGES)) {
    throw new CompileError('memory size must be at most 65536 pages (4GiB)', offset);
  }
  if (l.max !== undefined && l.min > l.max) {
    throw new CompileError('size minimum must not be greater than maximum', offset);
  }
  if (t.shared) throw new CompileError(withFeature('shared memory', Feature.threads), offset);
}

/** Offset of the second memory of the index space (imports first), for "multiple memories". */
function secondMemoryOffset(m: Module): number {
  let seen = 0;
  for (let i = 0; i < m.imports.length; i++) {
    if (m.imports[i]!.desc.kind === 'memory' && ++seen === 2) return entryOffset(m, 'imports', i);
  }
  return entryOffset(m, 'memories', 1 - seen);
}
