/**
 * The errors the canonical ABI raises. A guest that breaks an ABI rule gets a
 * {@link Trap} with code `Component` and a specific message; a host that hands the ABI a JS value
 * that does not fit the component type gets a {@link ComponentValueError} naming where in the value
 * the problem is; a malformed type or missing canonical option is a {@link LinkError}.
 */

import { KpioError, LinkError, Trap, TrapCode } from '../../api/errors.js';

/**
 * Creates the trap the canonical ABI raises when a guest breaks one of its rules.
 *
 * Note: the messages start with the phrase wasmtime uses for the same condition (e.g. "unknown
 * handle index 3", "invalid variant discriminant") so component `.wast` expectations, which are
 * matched as substrings, compare directly.
 */
export function componentTrap(message: string): Trap {
  return new Trap(TrapCode.Component, message);
}

/**
 * A JS value given to the canonical ABI by the host (an argument of an export call, or the result
 * of a host import) that does not match its component type. `path` says where inside the value the
 * mismatch is, e.g. `param "opts" -> field "mode" -> case "some"`.
 */
export class ComponentValueError extends KpioError {
  override name = 'ComponentValueError';
  /** Where in the value the problem is, outermost first. */
  readonly path: string[];
  /** The problem without the path. */
  readonly reason: string;
  constructor(reason: string, path: string[] = []) {
    super(path.length ? `${reason} (at ${path.join(' -> ')})` : reason);
    this.reason = reason;
    this.path = path;
  }

  /** A copy of this error with `segment` in front of the path (used while unwinding a nested value). */
  within(segment: string): ComponentValueError {
    return new ComponentValueError(this.reason, [segment, ...this.path]);
  }
}

/** Re-throws `e` with `segment` prepended to its path when it is a {@link ComponentValueError}. */
export function rethrowWithin(e: unknown, segment: string): never {
  if (e instanceof ComponentValueError) throw e.within(segment);
  throw e;
}

/** The error for a value type the canonical ABI cannot lay out (empty record, flags, variant ...). */
export function invalidType(message: string): LinkError {
  return new LinkError(`invalid component type: ${message}`);
}

/** Renders a number as `0x...` for trap messages. */
export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** A short description of a JS value's kind for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  const t = typeof v;
  if (t === 'object') return 'an object';
  if (t === 'string') return `the string ${JSON.stringify(String(v).length > 20 ? String(v).slice(0, 20) + '...' : v)}`;
  if (t === 'number' || t === 'bigint' || t === 'boolean') return `${t} ${String(v)}`;
  return t;
}
