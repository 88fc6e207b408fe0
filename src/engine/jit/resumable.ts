/**
 * Resumable calls: how compiled code runs when it must be able to stop and continue, that is with
 * fuel metering (an out-of-fuel trap can `resume()`) and through `callAsync` (a host function's
 * Promise suspends the guest until it settles).
 *
 * Compiled code cannot be suspended by a throw: the throw unwinds its JS frames. So these calls run
 * the *resumable* form of every function: a generator (`function*`) in which calls are `yield*`
 * delegations, fuel checks `while (S.fuel < n) yield 0`, and host calls yield a Promise they get.
 * A driver ({@link Run}) steps the outermost generator: a yielded 0 becomes an
 * {@link OutOfFuelTrap} bound to the driver (so `resume()` continues exactly where the guest
 * stopped), a yielded Promise is awaited (async) or thrown back into the guest as a trap (sync).
 */

import { Trap, TrapCode } from '../../api/errors.js';
import type { TrapFrame } from '../../api/errors.js';
import type { Value } from '../../api/values.js';
import { frameOf, MAX_TRACE_FRAMES } from '../interp/execution.js';
import { rejectionError, syncPromiseTrap } from '../interp/host-call.js';
import { checkExactArgs } from '../interp/value-io.js';
import { OutOfFuelTrap } from '../interp/index.js';
import type { CompiledFn, JitFunc } from './func.js';
import { isStackOverflow } from './rt/traps.js';
import type { JitStore } from './store.js';

/** Marks "nothing to throw into the generator". */
const NONE: unique symbol = Symbol('none');

/** Converts a finished run's return value (and the result scratch) to the entry point's results. */
type ResultConverter = (r: unknown) => unknown;

/** One resumable call in progress: the outermost generator and what it waits for. */
class Run {
  /** The active resumable functions, outermost first (kept by compiled code, see compiler.ts). */
  readonly fs: JitFunc[] = [];
  private input: unknown = undefined;
  private throwIn: unknown = NONE;

  constructor(
    private readonly store: JitStore,
    private readonly gen: Generator<unknown, unknown, unknown>,
    private readonly convert: ResultConverter,
  ) {}

  /** Runs to completion synchronously: a Promise from a host function is a trap. */
  sync(): unknown {
    for (;;) {
      const step = this.step();
      if (step.done) return this.convert(step.value);
      const y = step.value;
      if (y === 0) throw this.outOfFuel();
      // Thrown into the guest at the call, so that its frames get the trap's backtrace.
      this.throwIn = syncPromiseTrap(y as PromiseLike<unknown>);
    }
  }

  /** Runs to completion, awaiting the Promises host functions return. */
  async async(): Promise<unknown> {
    for (;;) {
      const step = this.step();
      if (step.done) return this.convert(step.value);
      const y = step.value;
      if (y === 0) throw this.outOfFuel();
      try {
        this.input = await (y as PromiseLike<unknown>);
      } catch (err) {
        this.throwIn = rejectionError(err);
      }
    }
  }

  /** Steps the generator once (with this run's frame list installed). */
  private step(): IteratorResult<unknown, unknown> {
    const store = this.store;
    const saved = store.fs;
    store.fs = this.fs;
    try {
      if (this.throwIn !== NONE) {
        const e = this.throwIn;
        this.throwIn = NONE;
        return this.gen.throw(e);
      }
      const v = this.input;
      this.input = undefined;
      return this.gen.next(v);
    } catch (e) {
      if (isStackOverflow(e)) throw new Trap(TrapCode.CallStackExhausted, TrapCode.CallStackExhausted, { cause: e });
      throw e;
    } finally {
      store.fs = saved;
    }
  }

  /** The out-of-fuel trap of a suspension: it resumes this run (once). */
  private outOfFuel(): OutOfFuelTrap {
    // Note: the trap's `execution` is the interpreter's; compiled code has none.
    const t = new OutOfFuelTrap(null as never);
    const frames: TrapFrame[] = [];
    for (let i = this.fs.length - 1; i >= 0 && frames.length < MAX_TRACE_FRAMES; i--) frames.push(frameOf(this.fs[i]!, -1));
    t.frames = frames;
    t.bind({ resume: () => this.sync(), resumeAsync: () => this.async() });
    return t;
  }
}

/** The resumable entry points of one engine (used by its store, see store.ts). */
export class ResumableCalls {
  constructor(private readonly store: JitStore) {}

  /** `WasmFunc.call`: JS-API arguments and results. */
  callJs(f: JitFunc, args: readonly unknown[]): unknown {
    return this.start(f, 'jentry', 'jresult', args).sync();
  }

  /** `WasmFunc.callExact`: exact arguments and results. */
  callExact(f: JitFunc, args: readonly Value[]): Value[] {
    checkExactArgs(f.type.params, args);
    return this.start(f, 'xentry', 'xresult', args).sync() as Value[];
  }

  /** `WasmFunc.callAsync`: JS-API values; host Promises suspend the guest. */
  callAsync(f: JitFunc, args: readonly unknown[]): Promise<unknown> {
    try {
      return this.start(f, 'jentry', 'jresult', args).async();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Prepares a run of `f`'s resumable form with the arguments converted by adapter `entry`. */
  private start(f: JitFunc, entry: 'jentry' | 'xentry', result: 'jresult' | 'xresult', args: readonly unknown[]): Run {
    const store = this.store;
    const rt = store.runtime;
    const g = store.tier.resumable(f);
    const enter = rt.adapter(entry, f.type) as (g: CompiledFn, d: number, a: readonly unknown[]) => Generator<unknown, unknown, unknown>;
    const convert = rt.adapter(result, f.type) as ResultConverter;
    const gen = enter(g, store.outerDepth + 1, args);
    return new Run(store, gen, convert);
  }
}
