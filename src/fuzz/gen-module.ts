/**
 * The module skeleton of a generated module: signatures (with exactness flags), imports of the
 * runner's host functions, memory, table and globals, defined tables, memory and globals, data and
 * element segments (active, passive and declarative, occasionally out of bounds so instantiation
 * traps), and the fuel global. Function bodies are generated afterwards against this skeleton.
 */

import type { FuncType, GlobalType, RefType, TableType, ValType } from '../api/types.js';
import { PAGE_SIZE } from '../api/types.js';
import { ByteWriter } from '../util/byte-writer.js';
import type { Code, ElemSegment, Module } from '../wasm/module.js';
import { VALTYPE_CODES } from '../wasm/module.js';
import { Op } from '../wasm/opcodes.js';
import type { DataEntry, ElemEntry, FuncEntry, GlobalEntry, HostFuncName, MemoryEntry, ModuleEnv, SigInfo, TableEntry } from './gen-context.js';
import { isFloat } from './gen-context.js';
import { randomF32Bits, randomF64Bits, randomI32, randomI64, randomV128 } from './interesting-values.js';
import type { PlanValue } from './plan.js';
import type { Rng } from './rng.js';

/** Signatures of the runner's host functions (module `env`). */
export const HOST_FUNC_TYPES: Readonly<Record<HostFuncName, FuncType>> = {
  log: { params: ['i32'], results: [] },
  mix: { params: ['i64', 'i32'], results: ['i64'] },
};

/** The skeleton being built: the module AST plus what generators need to know about it. */
export interface Skeleton {
  readonly module: Module;
  readonly env: ModuleEnv;
  /** Defined functions still to generate: function index and signature. */
  readonly pending: readonly { readonly index: number; readonly sig: SigInfo }[];
  /** Values of imported globals, by `module.name`. */
  readonly importValues: Record<string, PlanValue>;
  /** The type index of a function type (interned). */
  typeIndex(type: FuncType): number;
}

/** Key of a function type. */
export function typeKey(t: FuncType): string {
  return `${t.params.join(',')}->${t.results.join(',')}`;
}

function code(build: (w: ByteWriter) => void): Code {
  const w = new ByteWriter();
  build(w);
  w.u8(Op.end);
  const bytes = w.finish();
  return { bytes, start: 0, end: bytes.length };
}

/** A constant expression `t.const v` / `ref.null t` for a value. */
function constCode(v: PlanValue): Code {
  return code((w) => {
    switch (v.type) {
      case 'i32':
        w.u8(Op.i32_const).s32(v.value);
        return;
      case 'i64':
        w.u8(Op.i64_const).s64(v.value);
        return;
      case 'f32':
        w.u8(Op.f32_const).u32Fixed(v.bits);
        return;
      case 'f64':
        w.u8(Op.f64_const).u64Fixed(v.bits);
        return;
      case 'v128':
        w.u8(0xfd).u32(Op.v128_const & 0xff).bytes(v.bytes);
        return;
      case 'funcref':
      case 'externref':
        w.u8(Op.ref_null).u8(VALTYPE_CODES[v.type]);
    }
  });
}

/** A random plan value of a numeric or vector type (references are null). */
export function randomNumericValue(rng: Rng, t: ValType): PlanValue {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: randomI32(rng) };
    case 'i64':
      return { type: 'i64', value: randomI64(rng) };
    case 'f32':
      return { type: 'f32', bits: randomF32Bits(rng) };
    case 'f64':
      return { type: 'f64', bits: randomF64Bits(rng) };
    case 'v128':
      return { type: 'v128', bytes: randomV128(rng) };
    case 'funcref':
      return { type: 'funcref', func: null };
    case 'externref':
      return { type: 'externref', extern: null };
  }
}

function randomValType(rng: Rng, simd: boolean): ValType {
  return rng.weighted<ValType>([
    [4, 'i32'],
    [3, 'i64'],
    [2.5, 'f32'],
    [2.5, 'f64'],
    [1, 'funcref'],
    [0.7, 'externref'],
    [simd ? 3.5 : 0, 'v128'],
  ]);
}

function randomSig(rng: Rng, simd: boolean): SigInfo {
  const params = Array.from({ length: rng.weighted([[2, 0], [3, 1], [3, 2], [2, 3], [1, 4]]) }, () => randomValType(rng, simd));
  const results = Array.from({ length: rng.weighted([[2, 0], [5, 1], [2, 2], [1, 3]]) }, () => randomValType(rng, simd));
  return {
    type: { params, results },
    paramExact: params.map((t) => !isFloat(t) || rng.chance(0.5)),
    resultExact: results.map((t) => !isFloat(t) || rng.chance(0.5)),
  };
}

const noFlags = (ts: readonly ValType[]): boolean[] => ts.map(() => true);

/** Builds a random module skeleton. */
export function buildSkeleton(rng: Rng, simd: boolean, fuel: number): Skeleton {
  const module: Module = {
    types: [],
    imports: [],
    funcs: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    start: null,
    elems: [],
    datas: [],
    dataCount: null,
    customs: [],
    names: null,
  };
  const typeIdx = new Map<string, number>();
  const typeIndex = (t: FuncType): number => {
    const key = typeKey(t);
    let i = typeIdx.get(key);
    if (i === undefined) {
      i = module.types.length;
      module.types.push({ params: [...t.params], results: [...t.results] });
      typeIdx.set(key, i);
    }
    return i;
  };

  // Signatures: unique by structure, so exactness flags are a property of the function type
  // (call_indirect matches types structurally).
  const sigByKey = new Map<string, SigInfo>();
  const addSig = (sig: SigInfo): SigInfo => {
    const known = sigByKey.get(typeKey(sig.type));
    if (known) return known;
    sigByKey.set(typeKey(sig.type), sig);
    return sig;
  };
  const unit = addSig({ type: { params: [], results: [] }, paramExact: [], resultExact: [] });
  const pool: SigInfo[] = [unit];
  const nSigs = rng.range(1, 5);
  for (let i = 0; i < nSigs; i++) pool.push(addSig(randomSig(rng, simd)));

  const funcs: FuncEntry[] = [];
  const globals: GlobalEntry[] = [];
  const tables: TableEntry[] = [];
  const importValues: Record<string, PlanValue> = {};
  let memory: MemoryEntry | null = null;

  // Imports: host functions, then a table, a memory and globals.
  for (const host of ['log', 'mix'] as const) {
    if (!rng.chance(host === 'log' ? 0.6 : 0.4)) continue;
    const t = HOST_FUNC_TYPES[host];
    const sig = addSig({ type: t, paramExact: noFlags(t.params), resultExact: noFlags(t.results) });
    module.imports.push({ module: 'env', name: host, desc: { kind: 'func', typeIdx: typeIndex(t) } });
    funcs.push({ index: funcs.length, sig, host });
  }
  if (rng.chance(0.15)) {
    const type: TableType = { elemType: 'funcref', limits: { min: rng.range(1, 6), max: rng.chance(0.5) ? 12 : undefined } };
    module.imports.push({ module: 'env', name: 'table', desc: { kind: 'table', type } });
    tables.push({ index: 0, type, filled: [] });
  }
  if (rng.chance(0.25)) {
    const min = rng.range(1, 2);
    memory = { minPages: min, maxPages: rng.chance(0.5) ? min + rng.range(0, 3) : undefined };
    module.imports.push({
      module: 'env',
      name: 'memory',
      desc: { kind: 'memory', type: { limits: { min, max: memory.maxPages } } },
    });
  }
  const importedGlobalTypes: GlobalType[] = [];
  for (const [name, type] of [
    ['g_i32', { valType: 'i32', mutable: false }],
    ['g_f64', { valType: 'f64', mutable: true }],
    ['g_ext', { valType: 'externref', mutable: true }],
  ] as const) {
    if (!rng.chance(0.25)) continue;
    module.imports.push({ module: 'env', name, desc: { kind: 'global', type } });
    globals.push({ index: globals.length, type, exact: rng.chance(0.5), writable: type.mutable });
    importedGlobalTypes.push(type);
    importValues[`env.${name}`] =
      type.valType === 'externref' ? { type: 'externref', extern: rng.below(2) } : randomNumericValue(rng, type.valType);
  }

  // Defined functions (signatures from the pool), and maybe a start function.
  const pending: { index: number; sig: SigInfo }[] = [];
  const nFuncs = rng.range(1, 6);
  for (let i = 0; i < nFuncs; i++) {
    const sig = rng.pick(pool);
    const index = funcs.length;
    funcs.push({ index, sig, host: null });
    pending.push({ index, sig });
    module.funcs.push({ typeIdx: typeIndex(sig.type), locals: [], body: code(() => {}) });
  }
  if (rng.chance(0.12)) {
    const index = funcs.length;
    funcs.push({ index, sig: unit, host: null });
    pending.push({ index, sig: unit });
    module.funcs.push({ typeIdx: typeIndex(unit.type), locals: [], body: code(() => {}) });
    module.start = index;
  }

  // Tables.
  if (tables.length === 0 && rng.chance(0.85)) {
    const min = rng.weighted([[0.3, 0], [6, rng.range(1, 8)]]);
    const type: TableType = { elemType: 'funcref', limits: { min, max: rng.chance(0.5) ? min + rng.range(0, 8) : undefined } };
    module.tables.push(type);
    tables.push({ index: tables.length, type, filled: [] });
  }
  if (rng.chance(0.3)) {
    const elemType: RefType = rng.chance(0.6) ? 'externref' : 'funcref';
    const min = rng.weighted([[0.3, 0], [6, rng.range(1, 4)]]);
    const type: TableType = { elemType, limits: { min, max: rng.chance(0.4) ? min + 4 : undefined } };
    module.tables.push(type);
    tables.push({ index: tables.length, type, filled: [] });
  }

  // Memory.
  if (memory === null && rng.chance(0.85)) {
    const min = rng.weighted([[0.5, 0], [6, 1], [2, 2]]);
    memory = { minPages: min, maxPages: rng.chance(0.6) ? min + rng.range(0, 3) : undefined };
    module.memories.push({ limits: { min, max: memory.maxPages } });
  }

  // Globals: the fuel counter and the checksum first, then random ones.
  const fuelGlobal = globals.length;
  module.globals.push({ type: { valType: 'i32', mutable: true }, init: constCode({ type: 'i32', value: fuel }) });
  globals.push({ index: fuelGlobal, type: { valType: 'i32', mutable: true }, exact: true, writable: false });
  const checksumGlobal = globals.length;
  module.globals.push({ type: { valType: 'i64', mutable: true }, init: constCode({ type: 'i64', value: 0n }) });
  globals.push({ index: checksumGlobal, type: { valType: 'i64', mutable: true }, exact: true, writable: false });
  const nGlobals = rng.range(0, 5);
  for (let i = 0; i < nGlobals; i++) {
    const valType = randomValType(rng, simd);
    const type: GlobalType = { valType, mutable: rng.chance(0.7) };
    let init: Code;
    const importedSame = importedGlobalTypes.findIndex((g) => g.valType === valType && !g.mutable);
    if (importedSame >= 0 && rng.chance(0.3)) {
      // Note: only imported globals may appear in constant expressions of Wasm 2.0.
      const idx = globals.findIndex((g) => g.type === importedGlobalTypes[importedSame]);
      init = code((w) => w.u8(Op.global_get).u32(idx));
    } else if (valType === 'funcref' && rng.chance(0.6)) {
      const f = rng.pick(funcs).index;
      init = code((w) => w.u8(Op.ref_func).u32(f));
    } else {
      init = constCode(randomNumericValue(rng, valType));
    }
    module.globals.push({ type, init });
    globals.push({ index: globals.length, type, exact: !isFloat(valType) || rng.chance(0.5), writable: type.mutable });
  }

  // Data segments.
  const datas: DataEntry[] = [];
  const nDatas = rng.weighted([[3, 0], [4, 1], [2, 2], [1, 3]]);
  const memBytes = (memory?.minPages ?? 0) * PAGE_SIZE;
  for (let i = 0; i < nDatas; i++) {
    const bytes = rng.bytes(rng.range(0, 24));
    const fits = memory !== null && memBytes >= bytes.length;
    if (fits && rng.chance(0.6)) {
      const outOfBounds = rng.chance(0.03);
      const offset = outOfBounds ? memBytes - bytes.length + rng.range(1, 8) : rng.below(Math.min(memBytes - bytes.length + 1, 200));
      module.datas.push({ mode: 'active', memory: 0, offset: constCode({ type: 'i32', value: offset }), bytes });
    } else {
      module.datas.push({ mode: 'passive', memory: 0, offset: null, bytes });
    }
    datas.push({ index: i, length: bytes.length });
  }
  if (nDatas > 0) module.dataCount = nDatas;

  // Element segments.
  const elems: ElemEntry[] = [];
  const funcItem = (items: (number | null)[]): Code => {
    if (rng.chance(0.1)) {
      items.push(null);
      return code((w) => w.u8(Op.ref_null).u8(VALTYPE_CODES.funcref));
    }
    const f = rng.pick(funcs).index;
    items.push(f);
    return code((w) => w.u8(Op.ref_func).u32(f));
  };
  const nElems = rng.weighted([[2, 0], [4, 1], [3, 2], [1, 3]]);
  for (let i = 0; i < nElems; i++) {
    const table = tables.length ? rng.pick(tables) : null;
    const elemType: RefType = table?.type.elemType ?? 'funcref';
    const min0 = table?.type.limits.min ?? 0;
    // Note: the first segment often fills the whole table, so call_indirect finds functions.
    const len = i === 0 && table && min0 <= 8 && rng.chance(0.6) ? min0 : rng.range(0, 6);
    const items: (number | null)[] = [];
    const init = Array.from({ length: len }, () =>
      elemType === 'funcref' ? funcItem(items) : code((w) => w.u8(Op.ref_null).u8(VALTYPE_CODES.externref)),
    );
    const min = table?.type.limits.min ?? 0;
    let seg: ElemSegment;
    const mode = rng.weighted<'active' | 'passive' | 'declarative'>([
      [table && min >= len ? 5 : 0, 'active'],
      [4, 'passive'],
      [1, 'declarative'],
    ]);
    if (mode === 'active') {
      const outOfBounds = rng.chance(0.03);
      const offset = outOfBounds ? min - len + rng.range(1, 3) : len === min ? 0 : rng.range(0, min - len);
      seg = { mode, elemType, table: table!.index, offset: constCode({ type: 'i32', value: offset }), init };
      if (!outOfBounds) {
        items.forEach((func, k) => {
          if (func === null) return;
          const filled = table!.filled;
          const at = filled.findIndex((x) => x.slot === offset + k);
          if (at >= 0) filled.splice(at, 1);
          filled.push({ slot: offset + k, func });
        });
      }
    } else {
      seg = { mode, elemType, table: 0, offset: null, init };
    }
    module.elems.push(seg);
    elems.push({ index: i, type: elemType, length: len });
  }

  const env: ModuleEnv = {
    simd,
    sigs: [...sigByKey.values()],
    funcs,
    globals,
    fuelGlobal,
    checksumGlobal,
    tables,
    memory,
    datas,
    elems,
    sigOf: (t) => sigByKey.get(typeKey(t)),
  };
  return { module, env, pending, importValues, typeIndex };
}
