/**
 * Tiering: when a function is compiled, and the crossings between the interpreter and compiled
 * code.
 *
 * Policy: every call adds to a function's hotness (1, or half the threshold for a function that
 * contains a loop, so such a function compiles on its second call); at the threshold it is
 * compiled and every later call runs compiled code. Eager mode compiles every function at
 * instantiation. Calls are counted where they happen: in the interpreter's entry stub (calls from
 * interpreted code and from the host, see stub.ts) and in the cold entry compiled code calls.
 */

import { CompileError } from '../../api/errors.js';
import type { Value } from '../../api/values.js';
import { buildFactory, type FactoryContext } from './codegen/factory.js';
import type { CompiledFn, JitFunc } from './func.js';
import type { JitCompiled, JitInstance } from './instance.js';
import { V128_ZERO } from './rt/simd-scratch.js';
import { jsParamCount, MAX_JS_PARAMS } from './stub.js';
import { markForeign } from './rt/traps.js';
import type { JitStore } from './store.js';

/** Default hotness at which a function is compiled. */
export const DEFAULT_TIER_UP_THRESHOLD = 200;

/** The tiering state and crossings of one engine. */
export class Tiering {
  /** Functions compiled so far. */
  compiledCount = 0;
  /** OSR entries compiled so far. */
  osrCount = 0;

  constructor(
    private readonly store: JitStore,
    /** Hotness at which a function is compiled (at least 1). */
    readonly threshold: number,
  ) {}

  /** The entry stub's question: run `f` compiled (1) or interpreted (0)? Counts the call. */
  check(f: JitFunc): number {
    if (f.compiled === null) {
      const c = f.instance.compiled as JitCompiled;
      // Note: a function with loops the OSR probes cannot count (see osr.ts) gets half the
      // threshold per call: its first call may have run a long loop.
      f.hotness += c.hasLoop(f.index) && c.osrLoops(f.index).length === 0 ? Math.ceil(this.threshold / 2) : 1;
      if (f.hotness < this.threshold) return 0;
      if (this.compile(f) === null) return 0;
    }
    return 1;
  }

  /**
   * An OSR probe's question: an iteration of loop `k` of `f` runs in the interpreter; continue it
   * in compiled code (1)? Back edges count toward the function's hotness like calls.
   */
  osrCheck(f: JitFunc, k: number): number {
    if (f.hotness === -Infinity) return 0;
    f.hotness++;
    if (f.hotness < this.threshold && f.compiled === null) return 0;
    if (this.compile(f) === null) return 0;
    try {
      this.osrEntry(f, k);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.store.compileFailures.push(`function ${f.index}, OSR entry ${k}: ${e.message}`);
      f.hotness = -Infinity;
      return 0;
    }
    return 1;
  }

  /** The OSR entry of loop `k` of `f` (compiled once per instance; see osr.ts). */
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
    let fn: CompiledFn;
    try {
      fn = this.make(f, false);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.store.compileFailures.push(`function ${f.index}: ${e.message}`);
      f.hotness = -Infinity;
      return null;
    }
    const inst = f.instance as JitInstance;
    f.compiled = fn;
    f.jcall = fn;
    this.compiledCount++;
    inst.entries[f.index] = fn;
    for (const [arr, k] of f.sites) arr[k] = fn;
    return fn;
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
   * adapters.ts): runs it in the interpreter, whose entry stub counts the call and may compile it.
   */
  runCold(f: JitFunc, d: number, args: readonly Value[]): Value[] {
    const store = this.store;
    const saved = store.outerDepth;
    // Note: the interpreter's activation counts its frames on top of the caller's depth (when
    // compiled code counts depth; else on top of the depth where compiled code was entered).
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
