/**
 * Memory helpers of compiled code: the f32 accesses that must go through the value's bits (a NaN
 * keeps its payload), and the bulk memory instructions (the interpreter's own, see interp/bulk.ts).
 * Plain loads and stores are inlined DataView accesses (codegen/emit-memory.ts) through the views
 * made here ({@link memViews}).
 */

import type { InterpMemory } from '../../interp/index.js';
import { f32FromBitsWith, f32ToBitsWith } from './float.js';
import type { Scratch } from './scratch.js';
import { trapMemory } from './traps.js';

export { dataDrop, memoryCopy, memoryFill, memoryInit } from '../../interp/bulk.js';

/**
 * The views compiled code reads a memory through, owned by the JIT (one object per memory, shared
 * by every instance that uses it). `buf` is the buffer they view; compiled code compares it with
 * the memory's at entry and after every call and memory.grow, and calls {@link refreshViews} when
 * a growth replaced the buffer.
 *
 * Note: why not the memory's own fields: V8 folds a load of a field that was never reassigned,
 * from an object it knows, to the value itself (and deoptimizes the code if it is reassigned
 * later). The memory's `view` is a class field, defined empty and then set, so never constant;
 * these fields are, until a growth, and a DataView V8 knows is compiled to a plain access against
 * a constant length (matmul4: about 25% faster). Each object gets a prototype of its own, hence a
 * map of its own, so the growth of one memory leaves the others' fields constant.
 */
export interface MemViews {
  buf: ArrayBuffer;
  dv: DataView;
  i32: Int32Array;
  /** The byte length less 4: the last address of a 4-byte access. */
  b4: number;
}

const memViewsOf = new WeakMap<InterpMemory, MemViews>();

/** The views of memory `m` (made on first use). */
export function memViews(m: InterpMemory): MemViews {
  let v = memViewsOf.get(m);
  if (v === undefined) {
    v = Object.create(Object.create(null) as object) as MemViews;
    // Note: every field is set here, in refreshViews's order, and reassigned only by it.
    refreshViews(v, m);
    memViewsOf.set(m, v);
  } else if (v.buf !== m.buffer) {
    refreshViews(v, m);
  }
  return v;
}

/** Makes `v` view the current buffer of `m` (after a growth). */
export function refreshViews(v: MemViews, m: InterpMemory): void {
  v.buf = m.buffer;
  v.dv = m.view;
  v.i32 = m.i32;
  v.b4 = m.byteLength - 4;
}

/** The memory helpers that need scratch space (the f32 accesses through bits). */
export function memoryHelpers(s: Scratch) {
  return {
    /** f32.load of a value whose fast-path read was a NaN: its exact bits. */
    ldf32(m: InterpMemory, ea: number): number {
      if (ea > m.byteLength - 4) trapMemory();
      return f32FromBitsWith(s, m.view.getInt32(ea, true));
    },
    /** f32.store of a NaN (the conversion to single would quiet a signalling one). */
    stf32(m: InterpMemory, ea: number, v: number): void {
      if (ea > m.byteLength - 4) trapMemory();
      m.view.setInt32(ea, f32ToBitsWith(s, v), true);
    },
  };
}
