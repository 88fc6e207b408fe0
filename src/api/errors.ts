/**
 * The error model of kpio (DESIGN.md section 6).
 *
 * - {@link Trap}: a WebAssembly trap with a closed `code` and the spec's own message.
 * - {@link CompileError}: malformed or invalid module bytes, with the byte offset.
 * - {@link LinkError}: a missing or mismatched import.
 * - {@link ExitError}: a command ended with an exit code (WASI `proc_exit`, `wasi:cli/exit`).
 *
 * Every error a guest can cause is one of these (or {@link KpioError} for user-facing
 * configuration errors), never a bare host exception.
 */

/** The closed set of trap codes, each with the spec's message. */
export const TrapCode = {
  Unreachable: 'unreachable',
  IntegerDivideByZero: 'integer divide by zero',
  IntegerOverflow: 'integer overflow',
  InvalidConversionToInteger: 'invalid conversion to integer',
  OutOfBoundsMemoryAccess: 'out of bounds memory access',
  OutOfBoundsTableAccess: 'out of bounds table access',
  UndefinedElement: 'undefined element',
  UninitializedElement: 'uninitialized element',
  IndirectCallTypeMismatch: 'indirect call type mismatch',
  NullFunctionReference: 'null function reference',
  CallStackExhausted: 'call stack exhausted',
  OutOfFuel: 'all fuel consumed',
  MemoryLimitExceeded: 'memory limit exceeded',
  Timeout: 'wall-clock timeout',
  Interrupted: 'interrupted',
  HostError: 'host error',
  /** A canonical-ABI or component-level trap; the message says which. */
  Component: 'component trap',
} as const;

/** One of the trap code strings. */
export type TrapCode = (typeof TrapCode)[keyof typeof TrapCode];

/** A frame of a wasm backtrace. */
export interface TrapFrame {
  /** Function index in its module. */
  readonly funcIndex: number;
  /** Function name from the `name` section, when present. */
  readonly funcName?: string | undefined;
  /** Module name from the `name` section, when present. */
  readonly moduleName?: string | undefined;
  /** Byte offset of the trapping instruction within the module, when known. */
  readonly offset?: number | undefined;
}

/** Base class of every kpio error. */
export class KpioError extends Error {
  override name = 'KpioError';
}

/** A WebAssembly trap. `message` is the spec's text for `code` unless a more specific one is given. */
export class Trap extends KpioError {
  override name = 'Trap';
  /** The wasm frames active when the trap happened, innermost first. */
  frames: TrapFrame[] = [];
  /**
   * Other codes this trap may stand for, when the engine cannot tell them apart (the native engine's
   * host reports one message for several spec traps). Empty when `code` is exact.
   */
  alternatives: readonly TrapCode[] = [];
  constructor(
    readonly code: TrapCode,
    message: string = code,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when this trap is, or may be (see {@link alternatives}), of the given code. */
  is(code: TrapCode): boolean {
    return this.code === code || this.alternatives.includes(code);
  }
}

/** Malformed or invalid module bytes. `offset` is the byte offset of the problem. */
export class CompileError extends KpioError {
  override name = 'CompileError';
  constructor(
    message: string,
    readonly offset: number = -1,
  ) {
    super(offset >= 0 ? `${message} (at byte offset 0x${offset.toString(16)})` : message);
    this.reason = message;
  }
  /** The spec-style message without the offset suffix ("unexpected end", "type mismatch", ...). */
  readonly reason: string;
}

/** An import that is missing or does not match what the module expects. */
export class LinkError extends KpioError {
  override name = 'LinkError';
}

/** A command finished with an exit code. Thrown through wasm frames to unwind the guest. */
export class ExitError extends KpioError {
  override name = 'ExitError';
  constructor(readonly code: number) {
    super(`exit with code ${code}`);
  }
}
