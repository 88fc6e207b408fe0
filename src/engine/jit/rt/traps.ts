/**
 * Traps thrown by compiled code, and the unwinding step that gives a trap leaving a compiled
 * function its backtrace frame.
 *
 * Note: each throwing helper is a separate tiny function so generated code calls a constant
 * function (which V8 keeps out of the hot path) instead of building a Trap inline.
 */

import { Trap, TrapCode } from '../../../api/errors.js';
import { frameOf, MAX_TRACE_FRAMES } from '../../interp/execution.js';
import type { DefinedFunc } from '../../interp/index.js';

/** `unreachable`. */
export function trapUnreachable(): never {
  throw new Trap(TrapCode.Unreachable);
}

/** Integer division or remainder by zero. */
export function trapDivZero(): never {
  throw new Trap(TrapCode.IntegerDivideByZero);
}

/** Signed division overflow, or a float-to-integer truncation out of range. */
export function trapOverflow(): never {
  throw new Trap(TrapCode.IntegerOverflow);
}

/** A NaN truncated to an integer. */
export function trapInvalidConversion(): never {
  throw new Trap(TrapCode.InvalidConversionToInteger);
}

/** A load, store or bulk memory operation out of bounds. */
export function trapMemory(): never {
  throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
}

/** A table access out of bounds. */
export function trapTable(): never {
  throw new Trap(TrapCode.OutOfBoundsTableAccess);
}

/** `call_indirect` with an index beyond the table. */
export function trapUndefinedElement(): never {
  throw new Trap(TrapCode.UndefinedElement);
}

/** `call_indirect` of a null entry. */
export function trapUninitializedElement(): never {
  throw new Trap(TrapCode.UninitializedElement);
}

/** `call_indirect` whose entry has another type. */
export function trapIndirectType(): never {
  throw new Trap(TrapCode.IndirectCallTypeMismatch);
}

/** The call-depth limit was reached. */
export function trapExhausted(): never {
  throw new Trap(TrapCode.CallStackExhausted);
}

/** True for the RangeError V8 throws when the JS stack overflows. */
export function isStackOverflow(e: unknown): boolean {
  // Note: no regular expression here: this runs when the stack is nearly full.
  return e instanceof RangeError && e.message.indexOf('call stack') >= 0;
}

/**
 * The unwinding step of compiled functions, bound to a set of *foreign* errors (exceptions that
 * came from outside compiled code, see {@link markForeign}): what a compiled function rethrows
 * when an exception leaves it.
 *
 * - A trap gets the function's frame appended (frames accumulate innermost first as it unwinds).
 * - A JS stack overflow becomes the spec's "call stack exhausted" trap.
 * - Any other RangeError that is not foreign was thrown by the function's own DataView access
 *   (compiled code has no other source of them): an out-of-bounds memory access.
 * - Anything else (host exceptions) passes through unchanged, as in the interpreter.
 */
export function makeUnwind(foreign: WeakSet<object>): (e: unknown, f: DefinedFunc) => unknown {
  return (e: unknown, f: DefinedFunc): unknown => {
    if (e instanceof Trap) {
      if (e.frames.length < MAX_TRACE_FRAMES) e.frames.push(frameOf(f, -1));
      return e;
    }
    if (e instanceof RangeError && !foreign.has(e)) {
      const overflow = isStackOverflow(e);
      const t = overflow
        ? new Trap(TrapCode.CallStackExhausted, TrapCode.CallStackExhausted, { cause: e })
        : new Trap(TrapCode.OutOfBoundsMemoryAccess);
      t.frames.push(frameOf(f, -1));
      return t;
    }
    return e;
  };
}

/**
 * Records that `e`, an exception thrown outside compiled code (by a host function or in the
 * interpreter), must pass through compiled frames unchanged; returns it.
 */
export function markForeign(foreign: WeakSet<object>, e: unknown): unknown {
  if (e instanceof RangeError && !isStackOverflow(e)) foreign.add(e);
  return e;
}
