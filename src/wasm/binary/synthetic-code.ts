/**
 * Constant expressions that the binary does not spell out. Element segments of the function-index
 * encodings list bare indices; the decoder turns each into the expression `ref.func x` so that
 * every consumer sees one shape, and remembers where the index was in the module for errors.
 */

import type { Code } from '../module.js';

/** A {@link Code} built by the decoder. `origin` is the module offset its content came from. */
export interface SyntheticCode extends Code {
  readonly origin: number;
}

/**
 * The module offset to report for an error at `pos` inside `code`: `pos` itself for code that is
 * part of the module's bytes, the origin for synthesized code.
 */
export function codeErrorOffset(code: Code, pos: number): number {
  return 'origin' in code && typeof code.origin === 'number' ? code.origin : pos;
}
