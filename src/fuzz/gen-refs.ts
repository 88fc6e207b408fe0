/**
 * Reference and table generators: ref.null, ref.is_null, ref.func, table.get/set/size/grow/fill/
 * copy/init and elem.drop, with element indices that are mostly in range, often at the edge and
 * sometimes far out.
 */

import type { RefType } from '../api/types.js';
import { Op } from '../wasm/opcodes.js';
import type { FuncState, StmtProducer, TableEntry, ValueProducer } from './gen-context.js';
import { isRef } from './gen-context.js';

/** Emits an i32 element index for table `table`. */
export function emitTableIndex(s: FuncState, table: number): void {
  const { rng, b } = s;
  const min = s.env.tables[table]!.type.limits.min;
  switch (
    rng.weighted<'const' | 'end' | 'masked' | 'edge' | 'any'>([
      [min > 0 ? 10 : 0, 'const'],
      [0.5, 'end'],
      [1, 'masked'],
      [0.1, 'edge'],
      [0.1, 'any'],
    ])
  ) {
    case 'const':
      b.i32Const(rng.below(min));
      return;
    case 'end':
      b.tableSize(table);
      b.i32Const(rng.range(0, 3));
      b.simple(Op.i32_sub);
      return;
    case 'masked':
      s.value('i32');
      b.i32Const(rng.pick([1, 3, 7]));
      b.simple(Op.i32_and);
      return;
    case 'edge':
      b.i32Const(rng.pick([-1, 0x7fffffff, -0x80000000, 0x10000, 1000]));
      return;
    default:
      s.value('i32');
  }
}

/** Emits an element count for table.fill/copy/init: small, table-sized or huge. */
function emitCount(s: FuncState): void {
  const { rng, b } = s;
  switch (rng.weighted<'small' | 'masked' | 'huge' | 'any'>([
    [8, 'small'],
    [2, 'masked'],
    [0.3, 'huge'],
    [0.2, 'any'],
  ])) {
    case 'small':
      b.i32Const(rng.range(0, 2));
      return;
    case 'masked':
      s.value('i32');
      b.i32Const(7);
      b.simple(Op.i32_and);
      return;
    case 'huge':
      b.i32Const(rng.pick([-1, 0x7fffffff, 0x10000]));
      return;
    default:
      s.value('i32');
  }
}

/** Emits a table.grow delta: small constants mostly, sometimes one no engine can satisfy. */
function emitGrowDelta(s: FuncState): void {
  const { rng, b } = s;
  if (rng.chance(0.8)) b.i32Const(rng.pick([0, 1, 1, 2, 3, 5, 8]));
  else if (rng.chance(0.7)) b.i32Const(rng.pick([-1, 0x7fffffff, 0x10000000]));
  else {
    s.value('i32');
    b.i32Const(3);
    b.simple(Op.i32_and);
  }
}

function tablesOf(s: FuncState, t?: RefType): TableEntry[] {
  return s.env.tables.filter((x) => t === undefined || x.type.elemType === t);
}

/** Reference and table value producers. */
export const REF_PRODUCERS: readonly ValueProducer[] = [
  {
    name: 'table.get',
    weight: 2,
    applies: (s, t) => isRef(t) && tablesOf(s, t).length > 0,
    emit(s, t) {
      const table = s.rng.pick(tablesOf(s, t as RefType));
      emitTableIndex(s, table.index);
      s.b.tableGet(table.index);
      return true;
    },
  },
  {
    name: 'ref.is_null',
    weight: 1,
    applies: (_s, t) => t === 'i32',
    emit(s) {
      s.value(s.rng.chance(0.7) ? 'funcref' : 'externref');
      s.b.refIsNull();
      return true;
    },
  },
  {
    name: 'table.size',
    weight: 0.5,
    applies: (s, t) => t === 'i32' && s.env.tables.length > 0,
    emit(s) {
      s.b.tableSize(s.rng.pick(s.env.tables).index);
      return true;
    },
  },
  {
    name: 'table.grow',
    weight: 0.5,
    applies: (s, t) => t === 'i32' && s.env.tables.length > 0,
    emit(s) {
      const table = s.rng.pick(s.env.tables);
      s.value(table.type.elemType);
      emitGrowDelta(s);
      s.b.tableGrow(table.index);
      return true;
    },
  },
];

/** Table statements. */
export const TABLE_STATEMENTS: readonly StmtProducer[] = [
  {
    name: 'table.set',
    weight: 2,
    applies: (s) => s.env.tables.length > 0,
    emit(s) {
      const table = s.rng.pick(s.env.tables);
      emitTableIndex(s, table.index);
      s.value(table.type.elemType);
      s.b.tableSet(table.index);
    },
  },
  {
    name: 'table.fill',
    weight: 0.7,
    applies: (s) => s.env.tables.length > 0,
    emit(s) {
      const table = s.rng.pick(s.env.tables);
      emitTableIndex(s, table.index);
      s.value(table.type.elemType);
      emitCount(s);
      s.b.tableFill(table.index);
    },
  },
  {
    name: 'table.copy',
    weight: 0.7,
    applies: (s) => s.env.tables.length > 0,
    emit(s) {
      const dst = s.rng.pick(s.env.tables);
      const src = s.rng.pick(tablesOf(s, dst.type.elemType));
      emitTableIndex(s, dst.index);
      emitTableIndex(s, src.index);
      emitCount(s);
      s.b.tableCopy(dst.index, src.index);
    },
  },
  {
    name: 'table.init',
    weight: 0.7,
    applies: (s) => s.env.elems.some((e) => tablesOf(s, e.type).length > 0),
    emit(s) {
      const elem = s.rng.pick(s.env.elems.filter((e) => tablesOf(s, e.type).length > 0));
      const table = s.rng.pick(tablesOf(s, elem.type));
      emitTableIndex(s, table.index);
      s.b.i32Const(s.rng.chance(0.85) ? s.rng.range(0, elem.length) : s.rng.pick([elem.length + 1, -1]));
      emitCount(s);
      s.b.tableInit(elem.index, table.index);
    },
  },
  {
    name: 'elem.drop',
    weight: 0.3,
    applies: (s) => s.env.elems.length > 0,
    emit(s) {
      s.b.elemDrop(s.rng.pick(s.env.elems).index);
    },
  },
  {
    name: 'table.grow',
    weight: 0.4,
    applies: (s) => s.env.tables.length > 0,
    emit(s) {
      const table = s.rng.pick(s.env.tables);
      s.value(table.type.elemType);
      emitGrowDelta(s);
      s.b.tableGrow(table.index);
      s.b.drop();
    },
  },
];
