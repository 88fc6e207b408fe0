/**
 * The runtime of one JIT engine: scratch space and the helper functions generated code calls
 * (passed to each compiled function's factory, never pasted into its source).
 */

import { Trap } from '../../api/errors.js';
import type { FuncType } from '../../api/types.js';
import { type InterpFunc, type InterpStore, OutOfFuelTrap } from '../interp/index.js';
import { funcTypeKey } from '../interp/store.js';
import type { CompiledFn } from './func.js';
import { ADAPTER_PARAMS, type AdapterKind, adapterSource } from './adapters.js';
import * as boundary from './rt/boundary.js';
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
  /** RangeErrors thrown outside compiled code (they pass through compiled frames unchanged). */
  readonly foreign = new WeakSet<object>();
  /** Every helper by the name generated code uses. */
  readonly helpers: Readonly<Record<string, unknown>>;
  private readonly adapters = new Map<string, (...args: unknown[]) => unknown>();

  constructor(
    store: InterpStore,
    /** Compiled code passes and checks call depth (see store.ts). */
    readonly countDepth: boolean,
  ) {
    const s = this.scratch;
    const sc = simdScratch();
    const pure: Record<string, unknown> = {};
    for (const mod of [boundary, float, int64, memory, table, traps] as Record<string, unknown>[]) {
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
      ...boundary.boundaryHelpers(store, this.foreign),
      callTarget,
      outOfFuel,
      entryFailed,
      unwind: traps.makeUnwind(this.foreign),
    });
  }

  /**
   * The adapter of `kind` for functions of type `t` (see adapters.ts), bound to this engine and to
   * `extra` (the store for the interpreter's entries and host adapters, the tiering for a cold
   * entry). Factories are made once per signature.
   */
  adapter(kind: AdapterKind, t: FuncType, ...extra: unknown[]): unknown {
    const key = `${kind}:${funcTypeKey(t)}`;
    let make = this.adapters.get(key);
    if (make === undefined) {
      // Note: the adapters' source is generated from the signature only; see codegen/factory.ts on CSP.
      make = new Function(...ADAPTER_PARAMS[kind], adapterSource(kind, t, this.countDepth)) as (...args: unknown[]) => unknown;
      this.adapters.set(key, make);
    }
    return make(this.helpers, this.scratch, this.scratch.ret, ...extra);
  }
}

/**
 * A trap leaving an OSR entry: the interpreter's frame of the same function (which the OSR entry
 * continues) is in the backtrace with its byte offset, so the compiled frame of that function is
 * dropped.
 */
function entryFailed(e: unknown, f: { readonly index: number }): unknown {
  if (e instanceof Trap) {
    const last = e.frames[e.frames.length - 1];
    if (last !== undefined && last.funcIndex === f.index) e.frames.pop();
  }
  return e;
}

/**
 * Fuel ran out in compiled code.
 * Note: compiled code runs on the JS stack, which a throw unwinds, so this trap cannot resume
 * (its `resume()` fails with a clear error); see README.md, "Fuel".
 */
function outOfFuel(): never {
  throw new OutOfFuelTrap(null as never);
}
