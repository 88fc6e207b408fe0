/**
 * Entry points into the interpreter: `call` (JS-API values), `callExact` (exact values) and
 * `callAsync` (host Promises suspend the guest), plus the continuation of calls suspended by an
 * async host function or by running out of fuel.
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import type { Value } from '../../api/values.js';
import { fromJsValue, resultsFromJs, resultsToJs, toJsValue } from '../../util/js-values.js';
import type { Execution } from './execution.js';
import { DONE, execute, withBacktrace } from './executor.js';
import type { DefinedFunc, HostFunc, InterpFunc } from './func.js';
import { rejectionError, writeHostResults } from './host-call.js';
import { OutOfFuelTrap } from './out-of-fuel.js';
import type { InterpStore } from './store.js';
import { checkExactArgs, readExact, readJs, writeExact, writeJs } from './value-io.js';

/** How a call's results are returned. */
type Mode = 'js' | 'exact';

/** `WasmFunc.call`: JS-API arguments and results. */
export function callJs(store: InterpStore, f: InterpFunc, args: readonly unknown[]): unknown {
  if (f.isHost) return callHostFromJs(f as HostFunc, args);
  const df = f as DefinedFunc;
  const ex = begin(store, df, false);
  try {
    const params = df.type.params;
    const offs = df.paramOffsets;
    for (let i = 0; i < params.length; i++) writeJs(ex, offs[i]!, params[i]!, args[i]);
  } catch (e) {
    store.release(ex);
    throw e;
  }
  return runSync(ex, df, 'js');
}

/** `WasmFunc.callExact`: exact arguments and results. */
export function callExact(store: InterpStore, f: InterpFunc, args: readonly Value[]): Value[] {
  const params = f.type.params;
  checkExactArgs(params, args);
  if (f.isHost) {
    const h = f as HostFunc;
    return resultsFromJs(h.type.results, h.fn(...args.map(toJsValue)));
  }
  const df = f as DefinedFunc;
  const ex = begin(store, df, false);
  try {
    const offs = df.paramOffsets;
    for (let i = 0; i < params.length; i++) writeExact(ex, offs[i]!, params[i]!, args[i]!);
  } catch (e) {
    store.release(ex);
    throw e;
  }
  return runSync(ex, df, 'exact') as Value[];
}

/** `WasmFunc.callAsync`: like `call`, but host functions may return Promises. */
export async function callAsync(store: InterpStore, f: InterpFunc, args: readonly unknown[]): Promise<unknown> {
  if (f.isHost) {
    const h = f as HostFunc;
    const r = await h.fn(...normalizeArgs(h, args));
    return resultsToJs(resultsFromJs(h.type.results, r));
  }
  const df = f as DefinedFunc;
  const ex = begin(store, df, true);
  try {
    const params = df.type.params;
    const offs = df.paramOffsets;
    for (let i = 0; i < params.length; i++) writeJs(ex, offs[i]!, params[i]!, args[i]);
  } catch (e) {
    store.release(ex);
    throw e;
  }
  return runAsync(ex, df, 'js');
}

/** Calls a host function from JS with the JS-API conversions applied both ways. */
function callHostFromJs(h: HostFunc, args: readonly unknown[]): unknown {
  return resultsToJs(resultsFromJs(h.type.results, h.fn(...normalizeArgs(h, args))));
}

function normalizeArgs(h: HostFunc, args: readonly unknown[]): unknown[] {
  return h.type.params.map((t, i) => toJsValue(fromJsValue(t, args[i])));
}

/** Takes an activation for a call of `f` and sets up its entry frame (arguments not yet written). */
function begin(store: InterpStore, f: DefinedFunc, async: boolean): Execution {
  const body = f.body ?? f.compile();
  const ex = store.acquire();
  try {
    if (ex.limit < 1) throw new Trap(TrapCode.CallStackExhausted);
    if (body.frameCells > ex.i32.length) ex.growStack(body.frameCells);
    if (body.hasRefs) ex.growRefs(body.frameCells);
  } catch (e) {
    store.release(ex);
    throw e;
  }
  ex.async = async;
  const I = ex.i32;
  I.fill(0, body.paramCells, body.localCells);
  const rl = body.refLocals;
  if (rl !== null) for (let i = 0; i < rl.length; i++) ex.refs[rl[i]!] = null;
  ex.func = f;
  ex.pc = body.entry;
  ex.fp = 0;
  ex.depth = 1;
  return ex;
}

/** The results of a finished call of `f` (in cells 0..). */
function results(ex: Execution, f: DefinedFunc, mode: Mode): unknown {
  const types = f.type.results;
  const offs = f.resultOffsets;
  if (mode === 'exact') return types.map((t, i) => readExact(ex, offs[i]!, t));
  if (types.length === 0) return undefined;
  if (types.length === 1) return readJs(ex, 0, types[0]!);
  return types.map((t, i) => readJs(ex, offs[i]!, t));
}

/** Runs a prepared activation to completion synchronously. */
function runSync(ex: Execution, f: DefinedFunc, mode: Mode): unknown {
  const store = ex.store;
  let st: number;
  try {
    st = execute(ex);
  } catch (e) {
    throw settleError(ex, f, mode, e);
  }
  if (st !== DONE) {
    // Note: unreachable (a synchronous activation never suspends); kept as a clear failure.
    store.release(ex);
    throw new KpioError('internal: a synchronous call was suspended');
  }
  const r = results(ex, f, mode);
  store.release(ex);
  return r;
}

/** Runs a prepared activation, awaiting the Promises its host functions return. */
async function runAsync(ex: Execution, f: DefinedFunc, mode: Mode): Promise<unknown> {
  const store = ex.store;
  for (;;) {
    let st: number;
    try {
      st = execute(ex);
    } catch (e) {
      throw settleError(ex, f, mode, e);
    }
    if (st === DONE) {
      const r = results(ex, f, mode);
      store.release(ex);
      return r;
    }
    const pending = ex.pending!;
    const callee = ex.pendingFunc!;
    let value: unknown;
    try {
      value = await pending;
    } catch (err) {
      const e = rejection(ex, err);
      store.release(ex);
      throw e;
    }
    ex.pending = null;
    ex.pendingFunc = null;
    try {
      writeHostResults(ex, callee, ex.pendingBase, value);
    } catch (e) {
      const err = withBacktrace(e, ex);
      store.release(ex);
      throw err;
    }
  }
}

/**
 * What a failed run throws: an out-of-fuel trap of this activation keeps it alive and learns how to
 * resume; anything else releases it.
 */
function settleError(ex: Execution, f: DefinedFunc, mode: Mode, e: unknown): unknown {
  const store = ex.store;
  if (e instanceof OutOfFuelTrap && e.execution === ex) {
    e.bind({
      resume: () => {
        rebase(ex);
        ex.async = false;
        return runSync(ex, f, mode);
      },
      resumeAsync: () => {
        rebase(ex);
        ex.async = true;
        return runAsync(ex, f, mode);
      },
    });
    return e;
  }
  store.release(ex);
  return e;
}

/** A resumed activation counts its frames on top of whatever is active when it resumes. */
function rebase(ex: Execution): void {
  const store = ex.store;
  ex.base = store.outerDepth;
  ex.limit = Math.max(store.maxCallDepth - ex.base, ex.depth);
}

/** The error for a rejected host Promise (see host-call.ts), with the activation's backtrace. */
function rejection(ex: Execution, err: unknown): unknown {
  const e = rejectionError(err);
  if (e === err) return withBacktrace(err, ex);
  (e as Trap).frames = ex.backtrace();
  return e;
}
