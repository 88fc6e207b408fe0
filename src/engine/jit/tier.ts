/**
 * Tiering: when a function is compiled, and the crossings between the interpreter and compiled
 * code.
 *
 * Policy: every call adds to a function's hotness (1, or half the threshold for a function with a
 * loop the probes cannot count, so such a function compiles on its second call), and so does every
 * iteration of a probed loop (osr.ts); at the threshold it is compiled and every later call runs
 * compiled code. Eager mode compiles every function at instantiation. Calls are counted where they
 * happen: in the interpreter's call hook (`DefinedFunc.jit`, calls from interpreted code), at the
 * host entry points (store.ts) and in the cold entry compiled code calls.
 */

import { CompileError } from '../../api/errors.js';
import type { Value } from '../../api/values.js';
import type { CallHook, DefinedFunc } from '../interp/index.js';
import type { Execution } from '../interp/execution.js';
import { funcTypeKey } from '../interp/store.js';
import { buildFactory, type FactoryContext } from './codegen/factory.js';
import type { CompiledFn, JitFunc } from './func.js';
import type { JitInstance } from './instance.js';
import { jsParamCount, MAX_JS_PARAMS } from './js-params.js';
import { markForeign } from './rt/traps.js';
import { V128_ZERO } from './rt/simd-scratch.js';
import type { JitStore } from './store.js';

/** Default hotness at which a function is compiled. */
export const DEFAULT_TIER_UP_THRESHOLD = 200;

/** Runs the OSR entry `g` of `f` on the interpreter's frame at `fp` (see adapters.ts, osr). */
type OsrEnter = (g: CompiledFn, f: JitFunc, ex: Execution, fp: number, depth: number) => boolean;

/** The tiering state and crossings of one engine. */
export class Tiering {
  /** Functions compiled so far. */
  compiledCount = 0;
  /** OSR entries compiled so far. */
  osrCount = 0;
  /**
   * The call hook of a function that is not compiled (`DefinedFunc.jit`): counts the call and, when
   * that makes the function compiled, runs the compiled code instead of the interpreter.
   */
  readonly countCall: CallHook;
  /** The call hook of compiled functions, by signature (see adapters.ts, enter). */
  private readonly enterHooks = new Map<string, CallHook>();

  constructor(
    private readonly store: JitStore,
    /** Hotness at which a function is compiled (at least 1). */
    readonly threshold: number,
  ) {
    const count = (f: JitFunc): CompiledFn | null => this.count(f);
    this.countCall = function (this: DefinedFunc, ex: Execution, base: number, depth: number): boolean {
      return count(this as JitFunc) !== null && this.jit!.call(this, ex, base, depth);
    };
  }

  /** Counts a call of `f`: its compiled function (compiled now if the call made it hot), or null. */
  count(f: JitFunc): CompiledFn | null {
    if (f.compiled !== null) return f.compiled;
    const c = (f.instance as JitInstance).jitCompiled;
    // Note: a function with loops the probes cannot count (see osr.ts) gets half the threshold
    // per call: its first call may have run a long loop.
    f.hotness += c.hasLoop(f.index) && c.osrLoops(f.index).length === 0 ? Math.ceil(this.threshold / 2) : 1;
    return f.hotness < this.threshold ? null : this.compile(f);
  }

  /**
   * A loop probe found `f` hot in probed loop `k` of its interpreted frame at `fp` of `ex` (depth
   * `depth`): compiles `f` if needed and runs the rest of the call in the loop's OSR entry. Returns
   * false (go on interpreting) when either cannot be compiled.
   */
  hotLoop(f: JitFunc, k: number, ex: Execution, fp: number, depth: number): boolean {
    if (this.compile(f) === null) return false;
    let g: CompiledFn;
    try {
      g = this.osrEntry(f, k);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.store.compileFailures.push(`function ${f.index}, OSR entry ${k}: ${e.message}`);
      f.hotness = -Infinity;
      return false;
    }
    const c = (f.instance as JitInstance).jitCompiled;
    const enter = this.store.runtime.adapter('osr', { params: c.validated.funcInfo[f.index - c.validated.numImportedFuncs]!.localTypes, results: f.type.results }, this.store) as OsrEnter;
    return enter(g, f, ex, fp, depth);
  }

  /** The OSR entry of probed loop `k` of `f` (compiled once per instance; see osr.ts). */
  osrEntry(f: JitFunc, k: number): CompiledFn {
    const cached = f.osr[k];
    if (cached !== undefined) return cached;
    const inst = f.instance as JitInstance;
    const c = inst.jitCompiled;
    const key = `${f.index}:${k}`;
    let fac = c.osrFactories.get(key);
    if (fac === undefined) {
      const loop = c.osrLoops(f.index)[k]!;
      fac = buildFactory(c.validated, f.index, {
        maxDepth: this.store.runtime.countDepth ? this.store.maxCallDepth : null,
        metering: false,
        typeIds: c.typeIds,
        osr: { loop: loop.loop, ancestors: loop.ancestors },
      });
      c.osrFactories.set(key, fac);
    }
    const fn = fac.make(this.context(f, false));
    f.osr[k] = fn;
    this.osrCount++;
    return fn;
  }

  /**
   * Compiles `f` (once) and makes every caller see the compiled code. Returns null when the host
   * cannot compile it (recorded in `store.compileFailures`; the function stays interpreted).
   */
  compile(f: JitFunc): CompiledFn | null {
    if (f.compiled !== null) return f.compiled;
    if (f.hotness === -Infinity) return null;
    let fn: CompiledFn;
    try {
      fn = this.make(f, false);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.store.compileFailures.push(`function ${f.index}: ${e.message}`);
      f.hotness = -Infinity;
      f.jit = null;
      return null;
    }
    const inst = f.instance as JitInstance;
    f.compiled = fn;
    f.jcall = fn;
    f.jit = this.enterHook(f);
    this.compiledCount++;
    inst.entries[f.index] = fn;
    for (const [arr, k] of f.sites) arr[k] = fn;
    return fn;
  }

  /** The call hook that runs `f`'s compiled code on the interpreter's cells (one per signature). */
  private enterHook(f: JitFunc): CallHook {
    const key = funcTypeKey(f.type);
    let h = this.enterHooks.get(key);
    if (h === undefined) {
      h = this.store.runtime.adapter('enter', f.type, this.store) as CallHook;
      this.enterHooks.set(key, h);
    }
    return h;
  }

  /**
   * The resumable (generator) form of `f`, compiled on first use: what fuel metering and async
   * calls run (see resumable.ts). Throws CompileError when the host cannot compile it.
   */
  resumable(f: JitFunc): CompiledFn {
    if (f.gcompiled !== null) return f.gcompiled;
    const fn = this.make(f, true);
    const inst = f.instance as JitInstance;
    f.gcompiled = fn;
    f.gcall = fn;
    this.compiledCount++;
    inst.gentries[f.index] = fn;
    for (const [arr, k] of f.gsites) arr[k] = fn;
    return fn;
  }

  /** Makes `f`'s compiled function (plain or resumable) from its factory, building that once. */
  private make(f: JitFunc, resumable: boolean): CompiledFn {
    const store = this.store;
    const inst = f.instance as JitInstance;
    const c = inst.jitCompiled;
    const i = f.index - c.validated.numImportedFuncs;
    const cache = resumable ? c.genFactories : c.factories;
    let fac = cache[i];
    if (fac === undefined) {
      if (jsParamCount(f.type.params) > MAX_JS_PARAMS) {
        throw new CompileError(`function ${f.index} has too many parameters for a JavaScript function`);
      }
      fac = buildFactory(c.validated, f.index, {
        maxDepth: store.runtime.countDepth ? store.maxCallDepth : null,
        metering: store.metering,
        typeIds: c.typeIds,
        resumable,
      });
      cache[i] = fac;
    }
    return fac.make(this.context(f, resumable));
  }

  /** What `f`'s compiled code reaches (see codegen/factory.ts). */
  private context(f: JitFunc, resumable: boolean): FactoryContext {
    const store = this.store;
    const inst = f.instance as JitInstance;
    return {
      H: store.runtime.helpers,
      S: store,
      RET: store.runtime.scratch.ret,
      MR: store.runtime.scratch,
      M: inst.memory0,
      F: resumable ? inst.gentries : inst.entries,
      FN: inst.funcs,
      G: inst.globals,
      T: inst.tables,
      D: inst.datas,
      EL: inst.elems,
      ME: f,
      V0: V128_ZERO,
    };
  }

  /** Compiles every defined function of `inst` (eager mode). */
  compileAll(inst: JitInstance): void {
    const vm = inst.jitCompiled.validated;
    for (let i = vm.numImportedFuncs; i < vm.funcTypes.length; i++) this.compile(inst.funcs[i] as JitFunc);
  }

  /**
   * Compiled code calling a function that is not compiled (through its cold entry, see
   * adapters.ts): runs it through the store's exact entry point, which counts the call and runs the
   * interpreter (or the compiled code, when that call made it hot).
   */
  runCold(f: JitFunc, d: number, args: readonly Value[]): Value[] {
    const store = this.store;
    const saved = store.outerDepth;
    // Note: the callee's frames count on top of the caller's depth (when compiled code counts
    // depth; else on top of the depth where compiled code was entered).
    if (d >= 0) store.outerDepth = d - 1;
    try {
      return store.callExact(f, args);
    } catch (e) {
      throw markForeign(store.runtime.foreign, e);
    } finally {
      store.outerDepth = saved;
    }
  }
}
