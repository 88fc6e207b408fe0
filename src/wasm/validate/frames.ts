/** Control frame kinds of the function validator, shared by its reference and fast paths. */

/** A `block` frame. */
export const FRAME_BLOCK = 0;
/** A `loop` frame: branches to it carry its parameters. */
export const FRAME_LOOP = 1;
/** An `if` frame before its `else`. */
export const FRAME_IF = 2;
/** An `if` frame after its `else`. */
export const FRAME_ELSE = 3;
/** The function body's own frame. */
export const FRAME_FUNC = 4;

/** The empty type list. */
export const EMPTY: Uint8Array = new Uint8Array(0);
