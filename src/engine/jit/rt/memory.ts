/**
 * Memory helpers of compiled code: the f32 accesses that must go through the value's bits (a NaN
 * keeps its payload), and the bulk memory instructions (the interpreter's own, see interp/bulk.ts).
 * Plain loads and stores are inlined DataView accesses (codegen/emit-memory.ts).
 */

import type { InterpMemory } from '../../interp/index.js';
import { f32FromBitsWith, f32ToBitsWith } from './float.js';
import type { Scratch } from './scratch.js';
import { trapMemory } from './traps.js';

export { dataDrop, memoryCopy, memoryFill, memoryInit } from '../../interp/bulk.js';

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
