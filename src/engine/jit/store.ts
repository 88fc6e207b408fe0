/**
 * The engine-wide state of one JIT engine: the interpreter's store (limits, fuel, type ids,
 * activations) plus the JIT's runtime, tiering policy and options.
 */

import type { Value } from '../../api/values.js';
import type { EngineOptions } from '../../runtime/engine.js';
import { type InterpFunc, InterpStore } from '../interp/index.js';
import { JitFunc } from './func.js';
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
    this.resumable = new ResumableCalls(this);
  }

  // Note: with fuel metering, calls run resumable compiled code so that an out-of-fuel trap can
  // resume; async calls always do, so that a host Promise can suspend compiled code. Plain
  // synchronous calls start in the interpreter and tier up.

  override callJs(f: InterpFunc, args: readonly unknown[]): unknown {
    return this.metering && f instanceof JitFunc ? this.resumable.callJs(f, args) : super.callJs(f, args);
  }

  override callExact(f: InterpFunc, args: readonly Value[]): Value[] {
    return this.metering && f instanceof JitFunc ? this.resumable.callExact(f, args) : super.callExact(f, args);
  }

  override callAsync(f: InterpFunc, args: readonly unknown[]): Promise<unknown> {
    return f instanceof JitFunc ? this.resumable.callAsync(f, args) : super.callAsync(f, args);
  }
}
