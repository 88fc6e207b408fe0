import { describe, expect, it } from 'vitest';
import { CompileError } from '../../api/errors.js';
import type { FuncType, GlobalType, ValType } from '../../api/types.js';
import type { Code, Module } from '../module.js';
import { emptyModule } from '../module.js';
import { MAX_FUNCTION_LOCALS, validateModule } from './index.js';

// ---- building modules as ASTs (bodies as bytes) -----------------------------------------------

const code = (...bytes: number[]): Code => ({ bytes: Uint8Array.from(bytes), start: 0, end: bytes.length });
const i32c = (v: number): Code => code(0x41, v & 0x7f, 0x0b);

interface Setup {
  types?: FuncType[];
  memory?: boolean;
  table?: 'funcref' | 'externref';
  globals?: { type: GlobalType; init: Code }[];
  importGlobals?: GlobalType[];
  locals?: ValType[];
}

/** A module whose function 0 has type 0 (default `[] -> []`) and the given body. */
function withBody(body: number[], s: Setup = {}): Module {
  const m = emptyModule();
  m.types.push(...(s.types ?? [{ params: [], results: [] }]));
  for (const g of s.importGlobals ?? []) m.imports.push({ module: 'env', name: 'g', desc: { kind: 'global', type: g } });
  if (s.memory) m.memories.push({ limits: { min: 1 } });
  if (s.table) m.tables.push({ elemType: s.table, limits: { min: 1 } });
  for (const g of s.globals ?? []) m.globals.push(g);
  m.funcs.push({ typeIdx: 0, locals: (s.locals ?? []).map((type) => ({ count: 1, type })), body: code(...body, 0x0b) });
  return m;
}

function error(m: Module): CompileError {
  try {
    validateModule(m);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

const V128_CONST = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const I32_I32: FuncType = { params: [], results: ['i32', 'i32'] };
const TO_I32: FuncType = { params: [], results: ['i32'] };

// ---- function bodies --------------------------------------------------------------------------

describe('validateModule: valid function bodies', () => {
  it.each<[string, number[], Setup?]>([
    ['arithmetic', [0x41, 1, 0x41, 2, 0x6a, 0x1a]],
    ['i64 and float constants', [0x42, 0x7f, 0x1a, 0x43, 0, 0, 0, 0, 0x1a, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x1a]],
    ['block with a result', [0x02, 0x7f, 0x41, 0, 0x0b, 0x1a]],
    ['multi-value block by type index', [0x02, 1, 0x41, 0, 0x41, 0, 0x0b, 0x1a, 0x1a], { types: [{ params: [], results: [] }, I32_I32] }],
    ['block parameters', [0x41, 0, 0x02, 1, 0x0b, 0x1a], { types: [{ params: [], results: [] }, { params: ['i32'], results: ['i32'] }] }],
    ['loop branching to its parameters', [0x41, 0, 0x03, 1, 0x0c, 0, 0x0b, 0x1a], { types: [{ params: [], results: [] }, { params: ['i32'], results: ['i32'] }] }],
    ['if/else with results', [0x41, 1, 0x04, 0x7f, 0x41, 2, 0x05, 0x41, 3, 0x0b, 0x1a]],
    ['if without else, [] -> []', [0x41, 1, 0x04, 0x40, 0x0b]],
    ['br_if keeps the label values', [0x02, 0x7f, 0x41, 1, 0x41, 0, 0x0d, 0, 0x0b, 0x1a]],
    ['br_table', [0x02, 0x40, 0x02, 0x40, 0x41, 0, 0x0e, 1, 0, 1, 0x0b, 0x0b]],
    ['unreachable makes the stack polymorphic', [0x00, 0x6a, 0x1a]],
    ['br makes the rest polymorphic', [0x02, 0x7f, 0x41, 0, 0x0c, 0, 0x6a, 0x0b, 0x1a]],
    ['br_table in unreachable code with differing types', [0x02, 0x7d, 0x02, 0x7f, 0x00, 0x0e, 1, 0, 1, 0x0b, 0x1a, 0x43, 0, 0, 0, 0, 0x0b, 0x1a]],
    ['select on numbers', [0x41, 1, 0x41, 2, 0x41, 0, 0x1b, 0x1a]],
    ['select on vectors', [...V128_CONST, ...V128_CONST, 0x41, 0, 0x1b, 0x1a]],
    ['typed select on references', [0xd0, 0x6f, 0xd0, 0x6f, 0x41, 0, 0x1c, 1, 0x6f, 0x1a]],
    ['locals and tee', [0x20, 0, 0x22, 1, 0x21, 0], { locals: ['i32', 'i32'] }],
    ['mutable global', [0x23, 0, 0x24, 0], { globals: [{ type: { valType: 'i32', mutable: true }, init: i32c(0) }] }],
    ['memory ops', [0x41, 0, 0x28, 2, 0, 0x1a, 0x3f, 0, 0x40, 0, 0x1a, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0b, 0], { memory: true }],
    ['table ops', [0x41, 0, 0x25, 0, 0x1a, 0xfc, 0x10, 0, 0x1a, 0xd0, 0x70, 0x41, 1, 0xfc, 0x0f, 0, 0x1a], { table: 'funcref' }],
    ['ref.is_null', [0xd0, 0x70, 0xd1, 0x1a]],
    ['SIMD lanes and shuffle', [...V128_CONST, 0xfd, 0x15, 15, 0x1a, ...V128_CONST, ...V128_CONST, 0xfd, 0x0d, ...new Array<number>(16).fill(31), 0x1a]],
    ['SIMD load lane', [0x41, 0, ...V128_CONST, 0xfd, 0x57, 3, 0, 1, 0x1a], { memory: true }],
    ['saturating truncation', [0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x1a]],
    ['sign extension', [0x41, 0, 0xc0, 0x1a]],
    ['return with a value', [0x41, 0, 0x0f], { types: [TO_I32] }],
  ])('%s', (_name, body, setup) => {
    expect(() => validateModule(withBody(body, setup))).not.toThrow();
  });
});

describe('validateModule: invalid function bodies', () => {
  it.each<[string, number[], string, Setup?]>([
    ['operand of the wrong type', [0x41, 1, 0x43, 0, 0, 0, 0, 0x6a, 0x1a], 'type mismatch'],
    ['missing operand', [0x41, 1, 0x6a, 0x1a], 'type mismatch'],
    ['value left at the end', [0x41, 1], 'type mismatch'],
    ['missing result', [], 'type mismatch', { types: [TO_I32] }],
    ['block result missing', [0x02, 0x7f, 0x0b, 0x1a], 'type mismatch'],
    ['if without else changing types', [0x41, 1, 0x04, 0x7f, 0x41, 1, 0x0b, 0x1a], 'type mismatch'],
    ['if condition missing', [0x04, 0x40, 0x0b], 'type mismatch'],
    ['br_table arities differ', [0x02, 0x7f, 0x02, 0x40, 0x41, 0, 0x41, 0, 0x0e, 1, 0, 1, 0x0b, 0x41, 0, 0x0b, 0x1a], 'type mismatch'],
    ['select on references', [0xd0, 0x70, 0xd0, 0x70, 0x41, 0, 0x1b, 0x1a], 'type mismatch'],
    ['select on mixed types', [0x41, 0, 0x42, 0, 0x41, 0, 0x1b, 0x1a], 'type mismatch'],
    ['typed select with two types', [0x41, 0, 0x41, 0, 0x41, 0, 0x1c, 2, 0x7f, 0x7f, 0x1a], 'invalid result arity'],
    ['ref.is_null on a number', [0x41, 0, 0xd1, 0x1a], 'type mismatch'],
    ['unknown local', [0x20, 2, 0x1a], 'unknown local 2', { locals: ['i32'] }],
    ['unknown global', [0x23, 0, 0x1a], 'unknown global 0'],
    ['immutable global', [0x41, 0, 0x24, 0], 'global is immutable', { globals: [{ type: { valType: 'i32', mutable: false }, init: i32c(0) }] }],
    ['unknown function', [0x10, 7], 'unknown function 7'],
    ['unknown type in a block', [0x02, 5, 0x0b], 'unknown type'],
    ['unknown type in call_indirect', [0x41, 0, 0x11, 5, 0], 'unknown type', { table: 'funcref' }],
    ['call_indirect through an externref table', [0x41, 0, 0x11, 0, 0], 'type mismatch', { table: 'externref' }],
    ['unknown table', [0xfc, 0x10, 0, 0x1a], 'unknown table 0'],
    ['unknown memory', [0x3f, 0, 0x1a], 'unknown memory 0'],
    ['load without memory', [0x41, 0, 0x28, 2, 0, 0x1a], 'unknown memory'],
    ['unknown label', [0x0c, 1], 'unknown label'],
    ['unknown data segment', [0xfc, 0x09, 0], 'unknown data segment 0'],
    ['unknown elem segment', [0xfc, 0x0d, 4], 'unknown elem segment 4'],
    ['over-aligned load', [0x41, 0, 0x28, 3, 0, 0x1a], 'alignment must not be larger than natural', { memory: true }],
    ['over-aligned load8', [0x41, 0, 0x2d, 1, 0, 0x1a], 'alignment must not be larger than natural', { memory: true }],
    ['over-aligned v128.load', [0x41, 0, 0xfd, 0x00, 5, 0, 0x1a], 'alignment must not be larger than natural', { memory: true }],
    ['extract_lane 16 of i8x16', [...V128_CONST, 0xfd, 0x15, 16, 0x1a], 'invalid lane index'],
    ['replace_lane 2 of f64x2', [...V128_CONST, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0xfd, 0x22, 2, 0x1a], 'invalid lane index'],
    ['shuffle lane 32', [...V128_CONST, ...V128_CONST, 0xfd, 0x0d, 32, ...new Array<number>(15).fill(0), 0x1a], 'invalid lane index'],
    ['load64_lane 2', [0x41, 0, ...V128_CONST, 0xfd, 0x57, 3, 0, 2, 0x1a], 'invalid lane index', { memory: true }],
    ['undeclared ref.func', [0xd2, 0, 0x1a], 'undeclared function reference'],
    ['illegal opcode', [0xc5], 'illegal opcode'],
    ['missing end', [0x02, 0x40], 'unexpected end'],
  ])('%s', (_name, body, message, setup) => {
    const e = error(withBody(body, setup));
    expect(e.reason.startsWith(message), e.reason).toBe(true);
  });

  it('reports the offset of the offending instruction', () => {
    const e = error(withBody([0x01, 0x01, 0x20, 9, 0x1a]));
    expect(e.offset).toBe(2);
  });

  it('limits the number of locals', () => {
    const m = withBody([]);
    m.funcs[0] = { ...m.funcs[0]!, locals: [{ count: MAX_FUNCTION_LOCALS + 1, type: 'i32' }] };
    expect(error(m).reason).toMatch(/^too many locals/);
  });
});

// ---- module-level rules -----------------------------------------------------------------------

describe('validateModule: module rules', () => {
  const base = (): Module => withBody([]);

  it.each<[string, (m: Module) => void, string]>([
    ['table min > max', (m) => m.tables.push({ elemType: 'funcref', limits: { min: 2, max: 1 } }), 'size minimum must not be greater than maximum'],
    ['memory min > max', (m) => m.memories.push({ limits: { min: 2, max: 1 } }), 'size minimum must not be greater than maximum'],
    ['memory over 4 GiB', (m) => m.memories.push({ limits: { min: 65537 } }), 'memory size must be at most 65536 pages (4GiB)'],
    ['memory max over 4 GiB', (m) => m.memories.push({ limits: { min: 0, max: 65537 } }), 'memory size must be at most 65536 pages (4GiB)'],
    ['two memories', (m) => m.memories.push({ limits: { min: 0 } }, { limits: { min: 0 } }), 'multiple memories'],
    ['unknown function type', (m) => m.funcs.push({ typeIdx: 3, locals: [], body: code(0x0b) }), 'unknown type'],
    ['imported function of unknown type', (m) => m.imports.push({ module: 'a', name: 'b', desc: { kind: 'func', typeIdx: 9 } }), 'unknown type'],
    ['non-constant initialiser', (m) => m.globals.push({ type: { valType: 'i32', mutable: false }, init: code(0x01, 0x41, 0, 0x0b) }), 'constant expression required'],
    [
      'extended-const initialiser',
      (m) => m.globals.push({ type: { valType: 'i32', mutable: false }, init: code(0x41, 1, 0x41, 2, 0x6a, 0x0b) }),
      'constant expression required (extended constant expressions',
    ],
    ['initialiser of the wrong type', (m) => m.globals.push({ type: { valType: 'i64', mutable: false }, init: i32c(0) }), 'type mismatch'],
    ['empty initialiser', (m) => m.globals.push({ type: { valType: 'i32', mutable: false }, init: code(0x0b) }), 'type mismatch'],
    ['two values in an initialiser', (m) => m.globals.push({ type: { valType: 'i32', mutable: false }, init: code(0x41, 0, 0x41, 0, 0x0b) }), 'type mismatch'],
    [
      'global.get of a defined global',
      (m) => {
        m.globals.push({ type: { valType: 'i32', mutable: false }, init: i32c(0) });
        m.globals.push({ type: { valType: 'i32', mutable: false }, init: code(0x23, 0, 0x0b) });
      },
      'unknown global 0',
    ],
    [
      'global.get of a mutable import',
      (m) => {
        m.imports.push({ module: 'a', name: 'g', desc: { kind: 'global', type: { valType: 'i32', mutable: true } } });
        m.globals.push({ type: { valType: 'i32', mutable: false }, init: code(0x23, 0, 0x0b) });
      },
      'constant expression required',
    ],
    ['ref.func of an unknown function', (m) => m.globals.push({ type: { valType: 'funcref', mutable: false }, init: code(0xd2, 5, 0x0b) }), 'unknown function 5'],
    ['duplicate export', (m) => m.exports.push({ name: 'a', kind: 'func', index: 0 }, { name: 'a', kind: 'func', index: 0 }), 'duplicate export name'],
    ['export of an unknown global', (m) => m.exports.push({ name: 'g', kind: 'global', index: 0 }), 'unknown global 0'],
    ['export of an unknown function', (m) => m.exports.push({ name: 'f', kind: 'func', index: 1 }), 'unknown function 1'],
    ['unknown start function', (m) => (m.start = 4), 'unknown function 4'],
    [
      'start function with a result',
      (m) => {
        m.types.push(TO_I32);
        m.funcs.push({ typeIdx: 1, locals: [], body: i32c(0) });
        m.start = 1;
      },
      'start function',
    ],
    ['element segment for an unknown table', (m) => m.elems.push({ mode: 'active', elemType: 'funcref', table: 0, offset: i32c(0), init: [] }), 'unknown table 0'],
    [
      'element type differs from the table',
      (m) => {
        m.tables.push({ elemType: 'externref', limits: { min: 1 } });
        m.elems.push({ mode: 'active', elemType: 'funcref', table: 0, offset: i32c(0), init: [] });
      },
      'type mismatch',
    ],
    [
      'element expression of the wrong type',
      (m) => m.elems.push({ mode: 'passive', elemType: 'funcref', table: 0, offset: null, init: [code(0xd0, 0x6f, 0x0b)] }),
      'type mismatch',
    ],
    ['data segment for an unknown memory', (m) => m.datas.push({ mode: 'active', memory: 0, offset: i32c(0), bytes: new Uint8Array() }), 'unknown memory 0'],
    [
      'data segment offset of the wrong type',
      (m) => {
        m.memories.push({ limits: { min: 1 } });
        m.datas.push({ mode: 'active', memory: 0, offset: code(0x42, 0, 0x0b), bytes: new Uint8Array() });
      },
      'type mismatch',
    ],
  ])('%s', (_name, edit, message) => {
    const m = base();
    edit(m);
    const e = error(m);
    expect(e.reason.startsWith(message), e.reason).toBe(true);
  });

  it('lets ref.func name functions declared by elements, exports and globals', () => {
    const m = withBody([0xd2, 1, 0x1a, 0xd2, 2, 0x1a, 0xd2, 3, 0x1a]);
    for (let i = 0; i < 3; i++) m.funcs.push({ typeIdx: 0, locals: [], body: code(0x0b) });
    m.elems.push({ mode: 'declarative', elemType: 'funcref', table: 0, offset: null, init: [code(0xd2, 1, 0x0b)] });
    m.exports.push({ name: 'f2', kind: 'func', index: 2 });
    m.globals.push({ type: { valType: 'funcref', mutable: false }, init: code(0xd2, 3, 0x0b) });
    const v = validateModule(m);
    expect([...v.declaredFuncRefs].sort()).toEqual([1, 2, 3]);
  });
});

// ---- the validated module ---------------------------------------------------------------------

describe('validateModule: results', () => {
  it('fills in index spaces and per-function facts', () => {
    const m = emptyModule();
    m.types.push({ params: ['i32'], results: ['i32'] }, { params: [], results: [] });
    m.imports.push(
      { module: 'a', name: 'f', desc: { kind: 'func', typeIdx: 1 } },
      { module: 'a', name: 'g', desc: { kind: 'global', type: { valType: 'f32', mutable: false } } },
      { module: 'a', name: 't', desc: { kind: 'table', type: { elemType: 'externref', limits: { min: 0 } } } },
    );
    m.memories.push({ limits: { min: 1 } });
    // (param i32) (local f64 f64) : local.get 0, block (result i32) (i32.const 1) end, i32.add
    m.funcs.push({
      typeIdx: 0,
      locals: [{ count: 2, type: 'f64' }],
      body: code(0x20, 0, 0x02, 0x7f, 0x41, 1, 0x0b, 0x6a, 0x0b),
    });
    const v = validateModule(m);
    expect(v.module).toBe(m);
    expect(v.numImportedFuncs).toBe(1);
    expect(v.numImportedGlobals).toBe(1);
    expect(v.numImportedTables).toBe(1);
    expect(v.numImportedMemories).toBe(0);
    expect(v.funcTypeIndices).toEqual([1, 0]);
    expect(v.funcTypes[1]).toBe(m.types[0]);
    expect(v.globalTypes).toEqual([{ valType: 'f32', mutable: false }]);
    expect(v.tableTypes.map((t) => t.elemType)).toEqual(['externref']);
    expect(v.memoryTypes).toEqual([{ limits: { min: 1 } }]);
    expect(v.funcInfo).toEqual([{ localTypes: ['i32', 'f64', 'f64'], maxStackHeight: 2, maxControlDepth: 2 }]);
  });
});
