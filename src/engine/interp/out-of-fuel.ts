/**
 * The trap thrown when fuel runs out, which can resume the suspended call.
 *
 * Usage:
 * ```ts
 * const engine = createInterpEngine({ fuel: 10_000 });
 * // ... instantiate, then:
 * try {
 *   result = fn.call(...args);
 * } catch (e) {
 *   if (!(e instanceof OutOfFuelTrap)) throw e;
 *   engine.setFuel(10_000);      // add fuel, then continue exactly where the guest stopped
 *   result = e.resume();         // the call's results, as the original call would have returned
 * }
 * ```
 * A call made with `callAsync` continues with `resumeAsync()`. Each trap resumes at most once; if
 * fuel runs out again, the resumed call throws a new OutOfFuelTrap. When fuel runs out in wasm
 * that a host function called back into, the trap resumes only that inner call (the outer
 * activation has already seen the exception).
 */

import { KpioError, Trap, TrapCode } from '../../api/errors.js';
import type { Execution } from './execution.js';

/** How a suspended call continues (set by the entry point that started it). */
export interface FuelResumer {
  resume(): unknown;
  resumeAsync(): Promise<unknown>;
}

/** A "all fuel consumed" trap whose call can continue after the embedder adds fuel. */
export class OutOfFuelTrap extends Trap {
  override name = 'OutOfFuelTrap';
  private resumer: FuelResumer | null = null;
  private used = false;

  /** Created by the executor; `execution` is the suspended activation (internal). */
  constructor(readonly execution: Execution) {
    super(TrapCode.OutOfFuel);
  }

  /** Connects the trap to its entry point (internal). */
  bind(resumer: FuelResumer): void {
    this.resumer = resumer;
  }

  /** Continues the suspended call synchronously; returns its results like the original call. */
  resume(): unknown {
    return this.take().resume();
  }

  /** Continues the suspended call through the async entry point (host Promises may suspend it). */
  resumeAsync(): Promise<unknown> {
    try {
      return this.take().resumeAsync();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private take(): FuelResumer {
    if (this.resumer === null) throw new KpioError('this out-of-fuel trap cannot be resumed');
    if (this.used) throw new KpioError('this out-of-fuel trap was already resumed');
    this.used = true;
    return this.resumer;
  }
}
