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

import { CompileError, Trap } from '../../api/errors.js';
import type { ValType } from '../../api/types.js';
import { pairToBigInt } from '../interp/value-words.js';
import { buildFactory, type FactoryContext } from './codegen/factory.js';
import { bytesToV128, compiledReturn, exactFromFlat, flatResults, pushFromExact, v128ToBytes } from './convert.js';
import type { CompiledFn, JitFunc } from './func.js';
import type { JitCompiled, JitInstance } from './instance.js';
import { f32FromBitsWith, f32ToBitsWith } from './rt/float.js';
import { V128_ZERO } from './rt/simd-scratch.js';
import type { JitStore } from './store.js';

/** Default hotness at which a function is compiled. */
export const DEFAULT_TIER_UP_THRESHOLD = 200;

/** The tiering state and crossings of one engine. */
export class Tiering {
  /** Functions compiled so far. */
  compiledCount = 0;

  constructor(
    private readonly store: JitStore,
    /** Hotness at which a function is compiled (at least 1). */
    readonly threshold: number,
  ) {}

  /** The entry stub's question: run `f` compiled (1) or interpreted (0)? Counts the call. */
  check(f: JitFunc): number {
    const store = this.store;
    if (f.compiled === null) {
      const c = f.instance.compiled as JitCompiled;
      f.hotness += c.hasLoop(f.index) ? Math.ceil(this.threshold / 2) : 1;
      if (f.hotness < this.threshold || store.asyncDepth > 0) return 0;
      if (this.compile(f) === null) return 0;
    }
    // Note: async entry points run in the interpreter, which can suspend (README.md, "Async").
    return store.asyncDepth === 0 ? 1 : 0;
  }

  /**
   * Compiles `f` (once) and makes every caller see the compiled code. Returns null when the host
   * cannot compile it (recorded in `store.compileFailures`; the function stays interpreted).
   */
  compile(f: JitFunc): CompiledFn | null {
    if (f.compiled !== null) return f.compiled;
    const store = this.store;
    const inst = f.instance as JitInstance;
    const c = inst.jitCompiled;
    const i = f.index - c.validated.numImportedFuncs;
    let fn: CompiledFn;
    try {
      let fac = c.factories[i];
      if (fac === undefined) {
        fac = buildFactory(c.validated, f.index, { maxDepth: store.maxCallDepth, metering: store.metering, typeIds: c.typeIds });
        c.factories[i] = fac;
      }
      const ctx: FactoryContext = {
        H: store.runtime.helpers,
        S: store,
        RET: store.runtime.scratch.ret,
        M: inst.memory0,
        F: inst.entries,
        FN: inst.funcs,
        G: inst.globals,
        T: inst.tables,
        D: inst.datas,
        EL: inst.elems,
        ME: f,
        V0: V128_ZERO,
      };
      fn = fac.make(ctx);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      store.compileFailures.push(`function ${f.index}: ${e.message}`);
      f.hotness = -Infinity;
      return null;
    }
    f.compiled = fn;
    f.jcall = fn;
    this.compiledCount++;
    inst.entries[f.index] = fn;
    for (const [arr, k] of f.sites) arr[k] = fn;
    return fn;
  }

  /** Compiles every defined function of `inst` (eager mode). */
  compileAll(inst: JitInstance): void {
    const vm = inst.jitCompiled.validated;
    for (let i = vm.numImportedFuncs; i < vm.funcTypes.length; i++) this.compile(inst.funcs[i] as JitFunc);
  }

  /**
   * Compiled code calling a function that is not compiled: runs it through the interpreter (whose
   * entry stub counts the call and may compile it) with exact values.
   */
  callCold(f: JitFunc, d: number, flat: unknown[]): unknown {
    if (f.compiled !== null) return f.compiled(d, ...flat);
    const store = this.store;
    const s = store.runtime.scratch;
    const params = f.type.params;
    const args = [];
    let k = 0;
    for (const t of params) {
      const x = flat[k++];
      args.push(exactArg(t, x, t === 'i64' ? (flat[k++] as number) : 0, s));
    }
    const saved = store.outerDepth;
    // Note: the interpreter's activation counts its frames on top of the caller's depth.
    store.outerDepth = d - 1;
    let results;
    try {
      results = store.callExact(f, args);
    } finally {
      store.outerDepth = saved;
    }
    const out: unknown[] = [];
    results.forEach((v, i) => pushFromExact(store, s, out, f.type.results[i]!, v));
    return compiledReturn(f.type.results, out, s);
  }

  /**
   * The trampoline: interpreted code (through the entry stub) calls compiled function
   * `inst.funcs[idx]`; `args` are its parameters in the trampoline's convention (f32 as bits, i64 as
   * bigint, v128 as bytes), then `idx`.
   */
  enter(inst: JitInstance, args: unknown[]): unknown {
    const store = this.store;
    const s = store.runtime.scratch;
    const f = inst.funcs[args[args.length - 1] as number] as JitFunc;
    const fn = f.compiled!;
    const flat: unknown[] = [];
    const params = f.type.params;
    for (let i = 0; i < params.length; i++) {
      const x = args[i];
      switch (params[i]) {
        case 'i64': {
          const v = x as bigint;
          flat.push(Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n)));
          break;
        }
        case 'f32':
          flat.push(f32FromBitsWith(s, x as number));
          break;
        case 'v128':
          flat.push(bytesToV128(x as Uint8Array));
          break;
        default:
          flat.push(x);
      }
    }
    let r: unknown;
    try {
      // Note: the interpreter counted the stub's frame, which is this function's.
      r = fn(store.outerDepth, ...flat);
    } catch (e) {
      if (e instanceof Trap) {
        // The interpreter adds this function's frame (the stub's) itself.
        const last = e.frames[e.frames.length - 1];
        if (last !== undefined && last.funcIndex === f.index) e.frames.pop();
      }
      throw e;
    }
    const results = f.type.results;
    const vals = flatResults(results, r, s);
    const out: unknown[] = [];
    let k = 0;
    for (const t of results) {
      const x = vals[k++];
      switch (t) {
        case 'i64':
          out.push(pairToBigInt(x as number, vals[k++] as number));
          break;
        case 'f32':
          out.push(f32ToBitsWith(s, x as number));
          break;
        case 'v128':
          out.push(v128ToBytes(x as Int32Array));
          break;
        default:
          out.push(x);
      }
    }
    return results.length === 0 ? undefined : results.length === 1 ? out[0] : out;
  }
}

/** The exact value of one compiled-convention argument (`hi` is an i64's high word). */
function exactArg(t: ValType, x: unknown, hi: number, s: JitStore['runtime']['scratch']) {
  return exactFromFlat([t], t === 'i64' ? [x, hi] : [x], s)[0]!;
}
