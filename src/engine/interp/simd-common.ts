/** Helpers shared by the SIMD executors: bounds-checked memory views and the scratch v128. */

import { Trap, TrapCode } from '../../api/errors.js';
import type { Execution } from './execution.js';
import type { InterpInstance } from './instance.js';

/** The memory view for an access of `size` bytes at `addr + off`, trapping when out of bounds. */
export function memView(inst: InterpInstance, addr: number, off: number, size: number): DataView {
  const m = inst.memory0!;
  if ((addr >>> 0) + (off >>> 0) + size > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
  return m.view;
}

/** Copies the scratch v128 to cell `d`; returns `next`. */
export function storeScratch(ex: Execution, d: number, next: number): number {
  const s = ex.sI32;
  const I = ex.i32;
  I[d] = s[0];
  I[d + 1] = s[1];
  I[d + 2] = s[2];
  I[d + 3] = s[3];
  return next;
}
