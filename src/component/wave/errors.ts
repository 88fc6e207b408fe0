/** The error of malformed or ill-typed WAVE text. */

import { KpioError } from '../../api/errors.js';

/** Malformed WAVE text, or a WAVE value that does not fit its type; `start..end` locate it in the source. */
export class WaveError extends KpioError {
  override name = 'WaveError';
  /** The problem without the location. */
  readonly reason: string;

  constructor(
    reason: string,
    /** Offset of the first offending character. */
    readonly start: number,
    /** Offset just past the offending text. */
    readonly end: number = start,
  ) {
    super(`${reason} at ${start}..${end}`);
    this.reason = reason;
  }
}
