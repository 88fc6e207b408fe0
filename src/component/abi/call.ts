/**
 * Calls across the canonical ABI (CanonicalABI.md `canon lift` and `canon lower`, synchronous):
 *
 * - {@link liftFunction}: a core function of a component instance, lifted to a component function.
 * - {@link hostFunction}: a JS function of the host as a component function.
 * - {@link lowerFunction}: any component function, lowered to a core host function (JS-API
 *   convention) that a core instance of the caller imports.
 * - {@link callLifted} / {@link callFunction}: the host calling a component function with JS values.
 * - {@link makeLoweredImport}: a host function lowered for a guest, in one step.
 *
 * A component-to-component call is `lowerFunction(ft, liftFunction(ft, core, calleeOptions),
 * callerOptions)`: the caller's core arguments are lifted to JS values, lowered into the callee,
 * and the result comes back the same way, so strings are transcoded between any two encodings.
 */

import { KpioError } from '../../api/errors.js';
import type { HostFunction, WasmFunc } from '../../api/values.js';
import type { ComponentFuncType } from '../types.js';
import { ComponentValueError } from './abi-errors.js';
import { LiftLowerContext } from './context.js';
import { flattenFuncType, paramTypes, resultTypes } from './flatten.js';
import { liftFlatValues, lowerFlatValues } from './flat-values.js';
import type { ComponentInstanceState } from './instance-state.js';
import { CoreValueIter } from './lift-flat.js';
import { toJsApiValues, type FlatValue } from './lower-flat.js';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './limits.js';
import { checkCanonOptions, type CanonOptions } from './options.js';
import { CallScope, LendScope } from './resources.js';
import { TypeInfoCache } from './type-info.js';
import type { ComponentValue } from './values.js';

/** One call of a {@link ComponentFunction}: who calls, how arguments arrive and results leave. */
export interface CallRequest {
  /** The calling component instance, or `null` when the host calls. */
  readonly caller: ComponentInstanceState | null;
  /**
   * True when the caller lowers the result into a component (results may then be lifted as
   * {@link CanonString}s); false when the host receives plain JS values.
   */
  readonly canonStrings: boolean;
  /** Produces the arguments; called exactly once, after the callee has been entered. */
  onStart(): readonly unknown[];
  /**
   * Receives the result (`undefined` for a function without one) while the callee is still
   * entered: before its `post-return` runs, so strings and lists in its memory are still valid.
   */
  onResolve(result: unknown): void;
}

/** A component-level function: a lifted core function or a host function. */
export interface ComponentFunction {
  /** The component function type. */
  readonly type: ComponentFuncType;
  /** True when arguments may be passed as {@link CanonString}s (the callee lowers them into memory). */
  readonly acceptsCanonStrings: boolean;
  /** Runs one call. Throws (a {@link Trap}, usually) when the call fails. */
  invoke(request: CallRequest): void;
}

function paramLabels(ft: ComponentFuncType): string[] {
  return ft.params.map((p) => `param "${p.name}"`);
}

/**
 * `canon lift`: makes the core function `core` of the instance `options.instance` callable as a
 * component function of type `ft`. Checks the options and the core type once, here (LinkError).
 *
 * Each call enters the instance (trapping on re-entrance), lowers the arguments into it (calling
 * its `realloc`), calls `core`, lifts the result, checks that every borrow handle it received was
 * dropped, hands the result to the caller, then calls `post-return` with the core results.
 */
export function liftFunction(ft: ComponentFuncType, core: WasmFunc, options: CanonOptions): ComponentFunction {
  checkCanonOptions(ft, options, 'lift', core);
  const params = paramTypes(ft);
  const results = resultTypes(ft);
  const labels = paramLabels(ft);
  const coreType = flattenFuncType(ft, 'lift');
  const types = new TypeInfoCache();
  return {
    type: ft,
    acceptsCanonStrings: true,
    invoke(request: CallRequest): void {
      const inst = options.instance;
      inst.enter(request.caller);
      const scope = new CallScope();
      const cx = new LiftLowerContext(options, { scope, canonStrings: request.canonStrings, types });
      let flatArgs: FlatValue[];
      try {
        const args = request.onStart();
        flatArgs = lowerFlatValues(cx, MAX_FLAT_PARAMS, args, params, labels);
      } catch (e) {
        // Note: a host's ill-typed argument leaves the instance usable; anything else is a trap.
        if (e instanceof ComponentValueError) inst.leave(request.caller);
        else inst.poison(request.caller);
        throw e;
      }
      try {
        const r = core.call(...toJsApiValues(flatArgs, coreType.params));
        const flatResults = coreType.results.length === 0 ? [] : [r];
        const result = liftFlatValues(cx, MAX_FLAT_RESULTS, new CoreValueIter(flatResults), results);
        scope.checkReturn();
        request.onResolve(result[0]);
        if (options.postReturn !== undefined) {
          inst.mayLeave = false;
          options.postReturn.call(...flatResults);
          inst.mayLeave = true;
        }
      } catch (e) {
        inst.poison(request.caller);
        throw e;
      }
      inst.leave(request.caller);
    },
  };
}

/**
 * A host function as a component function of type `ft`: `fn` receives one JS value per parameter
 * and returns the JS value of the result (its return value is ignored when `ft` has no result).
 * Borrowed {@link ResourceRef} arguments expire when `fn` returns.
 */
export function hostFunction(ft: ComponentFuncType, fn: (...args: any[]) => unknown): ComponentFunction {
  return {
    type: ft,
    acceptsCanonStrings: false,
    invoke(request: CallRequest): void {
      const r = fn(...request.onStart());
      if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
        throw new KpioError('a host function of the synchronous canonical ABI returned a Promise (async host functions are not supported)');
      }
      request.onResolve(ft.result === null ? undefined : r);
    },
  };
}

/**
 * `canon lower`: a core host function (JS-API convention, core type `flattenFuncType(ft, 'lower')`)
 * that the instance `options.instance` imports to call `callee`.
 *
 * Each call traps when the instance is inside `realloc` or `post-return`, lifts the core arguments
 * (pinning handles lent for `borrow` arguments), calls `callee`, lowers the result into the
 * caller (through the out-pointer when it spills), then releases the lent handles.
 */
export function lowerFunction(ft: ComponentFuncType, callee: ComponentFunction, options: CanonOptions): HostFunction {
  checkCanonOptions(ft, options, 'lower');
  const params = paramTypes(ft);
  const results = resultTypes(ft);
  const coreType = flattenFuncType(ft, 'lower');
  const types = new TypeInfoCache();
  return (...coreArgs: unknown[]): unknown => {
    const inst = options.instance;
    inst.checkMayLeave();
    const vi = new CoreValueIter(coreArgs);
    const lend = new LendScope();
    const cx = new LiftLowerContext(options, { scope: lend, canonStrings: callee.acceptsCanonStrings, types });
    let flatResults: FlatValue[] | undefined;
    try {
      callee.invoke({
        caller: inst,
        canonStrings: true,
        onStart: () => liftFlatValues(cx, MAX_FLAT_PARAMS, vi, params),
        onResolve: (result) => {
          flatResults = lowerFlatValues(cx, MAX_FLAT_RESULTS, results.length ? [result] : [], results, ['result'], vi);
        },
      });
    } finally {
      lend.release();
    }
    if (flatResults === undefined) throw new KpioError('canonical ABI: the callee returned without a result');
    const js = toJsApiValues(flatResults, coreType.results);
    return js.length === 0 ? undefined : js[0];
  };
}

/** Calls the component function `func` from the host (or from `caller`) with JS values; returns the JS result. */
export function callFunction(
  func: ComponentFunction,
  args: readonly unknown[],
  caller: ComponentInstanceState | null = null,
): ComponentValue | undefined {
  const ft = func.type;
  if (args.length !== ft.params.length) {
    throw new ComponentValueError(`expected ${ft.params.length} argument(s) (${ft.params.map((p) => p.name).join(', ')}), got ${args.length}`);
  }
  let result: unknown;
  func.invoke({
    caller,
    canonStrings: false,
    onStart: () => args,
    onResolve: (r) => {
      result = r;
    },
  });
  return result as ComponentValue | undefined;
}

/**
 * Lift, call and lower in one step: calls the core function `coreFunc` (a component export lifted
 * with `options`) with the JS arguments `jsArgs` and returns the JS result. For repeated calls,
 * make the function once with {@link liftFunction} and use {@link callFunction}.
 */
export function callLifted(
  funcType: ComponentFuncType,
  coreFunc: WasmFunc,
  options: CanonOptions,
  jsArgs: readonly unknown[],
  caller: ComponentInstanceState | null = null,
): ComponentValue | undefined {
  return callFunction(liftFunction(funcType, coreFunc, options), jsArgs, caller);
}

/**
 * The core host function (JS-API convention) that lets a guest instance call the host function
 * `hostFn` imported with type `funcType` and canonical options `options`.
 */
export function makeLoweredImport(funcType: ComponentFuncType, hostFn: (...args: any[]) => unknown, options: CanonOptions): HostFunction {
  return lowerFunction(funcType, hostFunction(funcType, hostFn), options);
}
