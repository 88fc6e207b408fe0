/**
 * The runtime of one JIT engine: scratch space and the helper functions generated code calls
 * (passed to each compiled function's factory, never pasted into its source).
 */

import { OutOfFuelTrap } from '../interp/index.js';
import type { InterpFunc } from '../interp/index.js';
import type { CompiledFn } from './func.js';
import * as float from './rt/float.js';
import * as int64 from './rt/int64.js';
import * as memory from './rt/memory.js';
import { Scratch } from './rt/scratch.js';
import { simdFloatHelpers } from './rt/simd-float.js';
import { simdIntHelpers } from './rt/simd-int.js';
import { simdMiscHelpers } from './rt/simd-misc.js';
import { simdScratch } from './rt/simd-scratch.js';
import * as table from './rt/table.js';
import * as traps from './rt/traps.js';

/** The function object `call_indirect` calls: any function of the engine has `jcall` and `typeId`. */
interface Callable {
  readonly typeId: number;
  readonly jcall: CompiledFn;
}

/** `call_indirect`'s checks: the table entry at `i`, which must be a function of type `typeId`. */
export function callTarget(elements: readonly unknown[], i: number, typeId: number): Callable {
  i >>>= 0;
  if (i >= elements.length) traps.trapUndefinedElement();
  const f = elements[i] as (InterpFunc & Callable) | null;
  if (f === null) traps.trapUninitializedElement();
  if (f.typeId !== typeId) traps.trapIndirectType();
  return f;
}

/** Scratch space and helpers of one engine. */
export class JitRuntime {
  readonly scratch = new Scratch();
  /** Every helper by the name generated code uses. */
  readonly helpers: Readonly<Record<string, unknown>>;

  constructor() {
    const s = this.scratch;
    const sc = simdScratch();
    const pure: Record<string, unknown> = {};
    for (const mod of [float, int64, memory, table, traps] as Record<string, unknown>[]) {
      for (const [k, v] of Object.entries(mod)) if (typeof v === 'function') pure[k] = v;
    }
    this.helpers = Object.freeze({
      ...pure,
      ...float.floatHelpers(s),
      ...int64.int64Helpers(s),
      ...memory.memoryHelpers(s),
      ...simdIntHelpers(sc),
      ...simdFloatHelpers(sc),
      ...simdMiscHelpers(s, sc),
      callTarget,
      outOfFuel,
    });
  }
}

/**
 * Fuel ran out in compiled code.
 * Note: compiled code runs on the JS stack, which a throw unwinds, so this trap cannot resume
 * (its `resume()` fails with a clear error); see README.md, "Fuel".
 */
function outOfFuel(): never {
  throw new OutOfFuelTrap(null as never);
}
