/**
 * The error the text front end throws for malformed `.wat` / `.wast` text.
 */

import { KpioError } from '../../api/errors.js';

/**
 * A syntax error in WebAssembly text, with its position.
 *
 * `reason` is the bare message, worded like the reference interpreter's ("unexpected token",
 * "unknown operator i32.foo", "constant out of range", ...), so that a spec script's
 * `assert_malformed (module quote ...) "..."` can compare it as a prefix. `message` adds the
 * position: `file:line:column: reason`.
 */
export class WatParseError extends KpioError {
  override name = 'WatParseError';
  constructor(
    /** The message without position, worded like the reference interpreter's. */
    readonly reason: string,
    /** 1-based line of the offending token. */
    readonly line: number,
    /** 1-based column (in UTF-16 code units) of the offending token. */
    readonly column: number,
    /** The file name given to the parser, or `<input>`. */
    readonly filename = '<input>',
  ) {
    super(`${filename}:${line}:${column}: ${reason}`);
  }
}
