/**
 * Memory generators: loads and stores of every width with in-bounds, boundary and out-of-bounds
 * addresses and offsets (including effective addresses past 2^32), memory.size/grow, and the bulk
 * instructions memory.fill/copy/init and data.drop.
 */

import { PAGE_SIZE } from '../api/types.js';
import { Op } from '../wasm/opcodes.js';
import type { FuncState, StmtProducer, ValueProducer } from './gen-context.js';
import { SCALAR_LOADS, SCALAR_STORES, maxAlignLog2 } from './memory-ops.js';

/** Emits an i32 address for an access of `bytes` bytes. */
export function emitAddress(s: FuncState, bytes: number): void {
  const { rng, b } = s;
  const minBytes = (s.env.memory?.minPages ?? 0) * PAGE_SIZE;
  switch (
    rng.weighted<'const' | 'masked' | 'end' | 'edge' | 'any'>([
      [minBytes >= bytes ? 10 : 0, 'const'],
      [minBytes >= 256 ? 6 : 0, 'masked'],
      [0.3, 'end'],
      [0.05, 'edge'],
      [0.05, 'any'],
    ])
  ) {
    case 'const':
      // Note: low addresses collide often, so stores and loads meet.
      b.i32Const(rng.chance(0.7) ? rng.below(Math.min(minBytes - bytes + 1, 128)) : rng.below(minBytes - bytes + 1));
      return;
    case 'masked':
      s.value('i32');
      b.i32Const(rng.pick([0x3f, 0x7f, 0xff]));
      b.simple(Op.i32_and);
      return;
    case 'end':
      // memory.size * 64Ki - k: straddles the end of memory whatever its current size.
      b.memorySize();
      b.i32Const(16);
      b.simple(Op.i32_shl);
      b.i32Const(rng.range(0, 2 * bytes + 4));
      b.simple(Op.i32_sub);
      return;
    case 'edge':
      b.i32Const(rng.pick([-1, -0x80000000, 0x7fffffff, PAGE_SIZE, PAGE_SIZE - 1, -bytes]));
      return;
    default:
      s.value('i32');
  }
}

/** A random memarg offset: mostly 0 or small, sometimes crossing a page or the 4 GiB boundary. */
export function randomOffset(s: FuncState): number {
  const { rng } = s;
  return rng.weighted<() => number>([
    [20, () => 0],
    [5, () => rng.range(1, 40)],
    [0.1, () => PAGE_SIZE - rng.range(0, 8)],
    [0.1, () => rng.pick([0xffffffff, 0xfffffff8, 0x80000000])],
  ])();
}

/** A random alignment exponent up to the natural one. */
export function randomAlign(s: FuncState, code: number): number {
  const max = maxAlignLog2(code);
  return s.rng.chance(0.7) ? max : s.rng.range(0, max);
}

/** Emits a byte count for the bulk instructions. */
function emitBulkCount(s: FuncState): void {
  const { rng, b } = s;
  switch (rng.weighted<'small' | 'masked' | 'page' | 'huge' | 'any'>([
    [8, 'small'],
    [2, 'masked'],
    [0.4, 'page'],
    [0.3, 'huge'],
    [0.2, 'any'],
  ])) {
    case 'small':
      b.i32Const(rng.range(0, 40));
      return;
    case 'masked':
      s.value('i32');
      b.i32Const(0xff);
      b.simple(Op.i32_and);
      return;
    case 'page':
      b.i32Const(rng.pick([PAGE_SIZE, PAGE_SIZE - 1, PAGE_SIZE + 1]));
      return;
    case 'huge':
      b.i32Const(rng.pick([-1, 0x7fffffff, -0x80000000]));
      return;
    default:
      s.value('i32');
  }
}

/** Emits a memory.grow delta in pages (small, or beyond any limit). */
function emitGrowDelta(s: FuncState): void {
  const { rng, b } = s;
  if (rng.chance(0.75)) b.i32Const(rng.pick([0, 1, 1, 2, 3]));
  else if (rng.chance(0.6)) b.i32Const(rng.pick([-1, 0x10000, 0x8000, 100]));
  else {
    s.value('i32');
    b.i32Const(3);
    b.simple(Op.i32_and);
  }
}

const hasMemory = (s: FuncState): boolean => s.env.memory !== null;

/** Memory value producers. */
export const MEMORY_PRODUCERS: readonly ValueProducer[] = [
  {
    name: 'load',
    weight: 3,
    applies: (s, t) => hasMemory(s) && (t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64'),
    emit(s, t) {
      const op = s.rng.pick(SCALAR_LOADS.filter((o) => o.type === t));
      emitAddress(s, op.bytes);
      s.b.memory(op.code, randomAlign(s, op.code), randomOffset(s));
      return true;
    },
  },
  {
    name: 'memory.size',
    weight: 0.4,
    applies: (s, t) => hasMemory(s) && t === 'i32',
    emit(s) {
      s.b.memorySize();
      return true;
    },
  },
  {
    name: 'memory.grow',
    weight: 0.4,
    applies: (s, t) => hasMemory(s) && t === 'i32',
    emit(s) {
      emitGrowDelta(s);
      s.b.memoryGrow();
      return true;
    },
  },
];

/** Memory statements. */
export const MEMORY_STATEMENTS: readonly StmtProducer[] = [
  {
    name: 'store',
    weight: 5,
    applies: hasMemory,
    emit(s) {
      const op = s.rng.pick(SCALAR_STORES);
      emitAddress(s, op.bytes);
      // Note: stored bits are observable (loads, the final memory), so floats must be exact.
      s.value(op.type, true);
      s.b.memory(op.code, randomAlign(s, op.code), randomOffset(s));
    },
  },
  {
    name: 'memory.fill',
    weight: 1,
    applies: hasMemory,
    emit(s) {
      emitAddress(s, 16);
      s.value('i32');
      emitBulkCount(s);
      s.b.memoryFill();
    },
  },
  {
    name: 'memory.copy',
    weight: 1,
    applies: hasMemory,
    emit(s) {
      emitAddress(s, 16);
      emitAddress(s, 16);
      emitBulkCount(s);
      s.b.memoryCopy();
    },
  },
  {
    name: 'memory.init',
    weight: 1,
    applies: (s) => hasMemory(s) && s.env.datas.length > 0,
    emit(s) {
      const d = s.rng.pick(s.env.datas);
      emitAddress(s, 16);
      s.b.i32Const(s.rng.chance(0.85) ? s.rng.range(0, d.length) : s.rng.pick([d.length + 1, -1]));
      if (s.rng.chance(0.8)) s.b.i32Const(s.rng.range(0, Math.max(0, d.length - 1)));
      else emitBulkCount(s);
      s.b.memoryInit(d.index);
    },
  },
  {
    name: 'data.drop',
    weight: 0.3,
    applies: (s) => s.env.datas.length > 0,
    emit(s) {
      s.b.dataDrop(s.rng.pick(s.env.datas).index);
    },
  },
  {
    name: 'memory.grow',
    weight: 0.3,
    applies: hasMemory,
    emit(s) {
      emitGrowDelta(s);
      s.b.memoryGrow();
      s.b.drop();
    },
  },
];
