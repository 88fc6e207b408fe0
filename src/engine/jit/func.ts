/**
 * The JIT's function objects. They are the interpreter's (so interpreted code, tables and the
 * entry points treat them as usual) with one more entry point, `jcall`, in compiled code's calling
 * convention (see convert.ts): compiled code calls every function through it.
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import type { FuncType } from '../../api/types.js';
import type { HostFunction } from '../../api/values.js';
import { DefinedFunc, HostFunc, type InterpInstance, type InterpStore } from '../interp/index.js';
import { compiledReturn, jsFromFlat, pushFromJs } from './convert.js';
import type { JitRuntime } from './runtime.js';

/** A function in compiled code's calling convention: `(depth, ...args) => result`. */
export type CompiledFn = (d: number, ...args: any[]) => unknown;

/** A function defined by a module instance, interpreted until it is compiled. */
export class JitFunc extends DefinedFunc {
  /**
   * The entry in compiled code's convention: the compiled function once compiled, before that a
   * stub that counts the call and runs the interpreter (or compiles and calls).
   */
  jcall: CompiledFn;
  /** The compiled function, or null while interpreted. */
  compiled: CompiledFn | null = null;
  /** Hotness: calls so far, weighted (see tier.ts). */
  hotness = 0;
  /** Arrays of other instances' compiled code that hold this function's `jcall` (imports). */
  readonly sites: [CompiledFn[], number][] = [];

  constructor(store: InterpStore, type: FuncType, typeId: number, instance: InterpInstance, index: number, cold: CompiledFn) {
    super(store, type, typeId, instance, index);
    this.jcall = cold;
  }
}

/** A host function, callable from compiled code through {@link jcall}. */
export class JitHostFunc extends HostFunc {
  /** The entry in compiled code's convention (converts to and from the JS-API convention). */
  readonly jcall: CompiledFn;

  constructor(store: InterpStore, type: FuncType, typeId: number, fn: HostFunction, rt: JitRuntime) {
    super(store, type, typeId, fn);
    const params = type.params;
    const results = type.results;
    const s = rt.scratch;
    this.jcall = (d: number, ...flat: unknown[]): unknown => {
      const args = jsFromFlat(params, flat);
      const saved = store.outerDepth;
      // Note: wasm that this host function calls back counts its frames on top of the caller's.
      store.outerDepth = d - 1;
      let r: unknown;
      try {
        r = fn(...args);
      } finally {
        store.outerDepth = saved;
      }
      if (isThenable(r) && !(results.length === 1 && results[0] === 'externref')) {
        // Note: nobody will await it; keep a rejection from surfacing as an unhandled one.
        Promise.resolve(r).catch(() => undefined);
        throw new Trap(
          TrapCode.HostError,
          'a host function returned a Promise, but the wasm call was made through a synchronous entry point: ' +
            'use callAsync (an async entry point) so that the engine can suspend',
        );
      }
      try {
        if (results.length === 0) return undefined;
        const out: unknown[] = [];
        if (results.length === 1) {
          pushFromJs(store, s, out, results[0], r);
        } else {
          if (r === null || typeof r !== 'object' || typeof (r as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
            throw new KpioError(`a host function with ${results.length} results must return an iterable of ${results.length} values`);
          }
          const arr = [...(r as Iterable<unknown>)];
          if (arr.length !== results.length) {
            throw new KpioError(`a host function returned ${arr.length} values, expected ${results.length}`);
          }
          results.forEach((t, i) => pushFromJs(store, s, out, t, arr[i]));
        }
        return compiledReturn(results, out, s);
      } catch (e) {
        if (e instanceof KpioError) throw new Trap(TrapCode.HostError, `invalid host function result: ${e.message}`, { cause: e });
        throw e;
      }
    };
  }
}

/** True for any thenable. */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}
