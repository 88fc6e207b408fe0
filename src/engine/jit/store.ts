/**
 * The engine-wide state of one JIT engine: the interpreter's store (limits, fuel, type ids,
 * activations) plus the JIT's runtime, tiering policy and options, and the factories and hooks
 * through which the interpreter's instantiation and executor reach compiled code.
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import type { FuncType } from '../../api/types.js';
import type { HostFunction, Value } from '../../api/values.js';
import type { EngineOptions } from '../../runtime/engine.js';
import { checkExactArgs } from '../interp/value-io.js';
import { type DefinedFunc, type InterpFunc, type InterpInstance, InterpStore } from '../interp/index.js';
import type { Execution } from '../interp/execution.js';
import { type CompiledFn, JitFunc, JitHostFunc } from './func.js';
import type { JitInstance } from './instance.js';
import { isStackOverflow } from './rt/traps.js';
import { ResumableCalls } from './resumable.js';
import { JitRuntime } from './runtime.js';
import { DEFAULT_TIER_UP_THRESHOLD, Tiering } from './tier.js';

/** Options of the JIT engine: the engine options plus tuning that only the JIT has. */
export interface JitEngineOptions extends EngineOptions {
  /**
   * Hotness at which a function is compiled (default 200): each call adds 1, or half the
   * threshold for a function with a loop. 1 compiles every function on its first call.
   */
  readonly tierUpThreshold?: number;
}

/**
 * How much deeper than a measured minimal recursion compiled wasm could possibly go: compiled
 * frames are never smaller than the probe's, so with this margin the host stack overflows first.
 */
const STACK_SAFETY = 4;

/**
 * About how many minimal JS frames the host stack holds from here: a recursion until the host
 * throws its stack-overflow RangeError.
 *
 * Note: compiled code runs on the JS stack. When `maxCallDepth` is far above what the stack holds,
 * counting depth in compiled code (an extra argument and a check per call, about 15% of a
 * call-heavy function's time) could never trap before the host's stack overflow does, which is
 * mapped to the same "call stack exhausted" trap; so compiled code counts depth only below that.
 */
function hostStackFrames(): number {
  let n = 0;
  const probe = (): void => {
    n++;
    probe();
  };
  try {
    probe();
  } catch {
    // the host's stack overflow: n frames fit
  }
  return n;
}

/** Starts compiled code from JS-API or exact arguments (see adapters.ts, jentry/xentry). */
type Enter = (g: CompiledFn, d: number, args: readonly unknown[]) => unknown;

/** State shared by everything one JIT engine creates. */
export class JitStore extends InterpStore {
  readonly runtime: JitRuntime;
  readonly tier: Tiering;
  /** Compile every function at instantiation. */
  readonly jitEager: boolean;
  /** Functions the host could not compile (they stay interpreted), with the reason. */
  readonly compileFailures: string[] = [];
  /** The resumable entry points (fuel metering and async calls; see resumable.ts). */
  readonly resumable: ResumableCalls;
  /** The active resumable functions of the running resumable call (its driver installs it). */
  fs: unknown[] = [];

  constructor(options: JitEngineOptions) {
    super(options);
    this.runtime = new JitRuntime(this, this.maxCallDepth < hostStackFrames() * STACK_SAFETY);
    this.jitEager = options.jitEager === true;
    this.tier = new Tiering(this, Math.max(1, Math.floor(options.tierUpThreshold ?? DEFAULT_TIER_UP_THRESHOLD)));
    this.probeThreshold = this.tier.threshold;
    this.resumable = new ResumableCalls(this);
  }

  override createDefinedFunc(type: FuncType, typeId: number, instance: InterpInstance, index: number): JitFunc {
    return new JitFunc(this, type, typeId, instance, index);
  }

  override createHostFunc(type: FuncType, fn: HostFunction): JitHostFunc {
    return new JitHostFunc(this, type, this.typeIdOf(type), fn);
  }

  /** Compiled code's entry arrays, then (eager mode) every function compiled before the start function. */
  override instantiated(inst: InterpInstance): void {
    const ji = inst as JitInstance;
    ji.linkEntries();
    if (this.jitEager) this.tier.compileAll(ji);
  }

  override onHotLoop(ex: Execution, func: DefinedFunc, loop: number, fp: number, depth: number): boolean {
    return func instanceof JitFunc && this.tier.hotLoop(func, loop, ex, fp, depth);
  }

  // Note: with fuel metering, calls run resumable compiled code so that an out-of-fuel trap can
  // resume; async calls always do, so that a host Promise can suspend compiled code. Plain
  // synchronous calls count toward tier-up and run compiled code once there is some.

  override callJs(f: InterpFunc, args: readonly unknown[]): unknown {
    if (!(f instanceof JitFunc)) return super.callJs(f, args);
    if (this.metering) return this.resumable.callJs(f, args);
    const g = this.tier.count(f);
    if (g === null) return super.callJs(f, args);
    const rt = this.runtime;
    const r = this.enterCompiled(g, rt.adapter('jentry', f.type) as Enter, args);
    return (rt.adapter('jresult', f.type) as (r: unknown) => unknown)(r);
  }

  override callExact(f: InterpFunc, args: readonly Value[]): Value[] {
    if (!(f instanceof JitFunc)) return super.callExact(f, args);
    if (this.metering) return this.resumable.callExact(f, args);
    checkExactArgs(f.type.params, args);
    const g = this.tier.count(f);
    if (g === null) return super.callExact(f, args);
    const rt = this.runtime;
    const r = this.enterCompiled(g, rt.adapter('xentry', f.type) as Enter, args);
    return (rt.adapter('xresult', f.type) as (r: unknown) => Value[])(r);
  }

  override callAsync(f: InterpFunc, args: readonly unknown[]): Promise<unknown> {
    return f instanceof JitFunc ? this.resumable.callAsync(f, args) : super.callAsync(f, args);
  }

  /**
   * Runs compiled function `g` from the host with arguments converted by `enter`: one frame on top
   * of the activations that are waiting in host functions (the interpreter's entry does the same).
   */
  private enterCompiled(g: CompiledFn, enter: Enter, args: readonly unknown[]): unknown {
    const saved = this.outerDepth;
    if (saved >= this.maxCallDepth) throw new Trap(TrapCode.CallStackExhausted);
    this.outerDepth = saved + 1;
    try {
      return enter(g, saved + 1, args);
    } catch (e) {
      // Note: compiled code maps its own stack overflows; this one hit the adapter itself.
      if (isStackOverflow(e)) throw new Trap(TrapCode.CallStackExhausted, TrapCode.CallStackExhausted, { cause: e });
      throw e;
    } finally {
      this.outerDepth = saved;
    }
  }
}

/** Checks the JIT-only options (throws KpioError); returns them. */
export function checkJitOptions(options: JitEngineOptions): JitEngineOptions {
  const th = options.tierUpThreshold;
  if (th !== undefined && !(Number.isFinite(th) && th >= 1)) {
    throw new KpioError(`tierUpThreshold must be a number of at least 1, got ${th}`);
  }
  return options;
}
