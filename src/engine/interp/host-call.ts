/**
 * Calls from wasm into host functions: arguments are read from the caller's cells in the JS-API
 * convention, results written back where the call expects them. A Promise (any thenable) result
 * suspends an async activation; a synchronous activation fails with a clear trap instead.
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import type { Execution } from './execution.js';
import type { HostFunc } from './func.js';
import { readJs, writeJs } from './value-io.js';

/** True for any thenable (what an async host function returns). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null &&
    (typeof x === 'object' || typeof x === 'function') &&
    typeof (x as { then?: unknown }).then === 'function'
  );
}

/**
 * Calls host function `callee` with the arguments at cell `base` of `ex`'s stack. Returns 0 when
 * the results are written (at `base`), 1 when the activation must suspend on `ex.pending`.
 * Exceptions of the host propagate unchanged.
 */
export function callHost(ex: Execution, callee: HostFunc, base: number): number {
  const params = callee.type.params;
  const offs = callee.paramOffsets;
  const args = new Array<unknown>(params.length);
  for (let i = 0; i < params.length; i++) args[i] = readJs(ex, base + offs[i]!, params[i]!);
  const store = ex.store;
  const saved = store.outerDepth;
  // Note: wasm called back from this host function counts its frames on top of ours.
  store.outerDepth = ex.base + ex.depth;
  let r: unknown;
  try {
    r = callee.fn(...args);
  } finally {
    store.outerDepth = saved;
  }
  if (isThenable(r)) {
    const results = callee.type.results;
    const isExternValue = results.length === 1 && results[0] === 'externref';
    if (ex.async) {
      ex.pending = r;
      ex.pendingFunc = callee;
      ex.pendingBase = base;
      return 1;
    }
    if (!isExternValue) throw syncPromiseTrap(r);
  }
  writeHostResults(ex, callee, base, r);
  return 0;
}

/**
 * The trap for a host function that returned a Promise to a synchronous call (nobody can wait for
 * it): a HostError that says to use `callAsync`.
 */
export function syncPromiseTrap(r: PromiseLike<unknown>): Trap {
  // Note: nobody will await it; keep a rejection from surfacing as an unhandled one.
  Promise.resolve(r).catch(() => undefined);
  return new Trap(
    TrapCode.HostError,
    'a host function returned a Promise, but the wasm call was made through a synchronous entry point: ' +
      'use callAsync (an async entry point) so that the engine can suspend',
  );
}

/**
 * The error for a host Promise that was rejected: kpio errors (ExitError, Trap, ...) keep their
 * class; anything else becomes a HostError trap with the rejection as its cause.
 */
export function rejectionError(err: unknown): unknown {
  if (err instanceof KpioError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new Trap(TrapCode.HostError, `a host function's Promise was rejected: ${msg}`, { cause: err });
}

/** The results of a host function with `n` (at least 2) results: it must return an iterable of `n` values. */
export function hostResultList(r: unknown, n: number): unknown[] {
  if (r === null || typeof r !== 'object' || typeof (r as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new KpioError(`a host function with ${n} results must return an iterable of ${n} values`);
  }
  const arr = [...(r as Iterable<unknown>)];
  if (arr.length !== n) throw new KpioError(`a host function returned ${arr.length} values, expected ${n}`);
  return arr;
}

/** What a failed conversion of host results throws: a KpioError becomes a HostError trap, anything else passes. */
export function hostResultError(e: unknown): unknown {
  if (e instanceof KpioError) return new Trap(TrapCode.HostError, `invalid host function result: ${e.message}`, { cause: e });
  return e;
}

/** Writes what host function `callee` returned as its results at cell `base`. */
export function writeHostResults(ex: Execution, callee: HostFunc, base: number, r: unknown): void {
  const results = callee.type.results;
  try {
    if (results.length === 0) return;
    if (results.length === 1) {
      writeJs(ex, base, results[0]!, r);
      return;
    }
    const arr = hostResultList(r, results.length);
    const offs = callee.resultOffsets;
    for (let i = 0; i < results.length; i++) writeJs(ex, base + offs[i]!, results[i]!, arr[i]);
  } catch (e) {
    throw hostResultError(e);
  }
}
