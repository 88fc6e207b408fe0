/** The translator's model: operand-stack entries, control frames and options. */

import type { FuncType, ValType } from '../../api/types.js';

/** Entry kinds of the translator's operand stack. */
export const TEMP = 0;
/** A value still in a local's cell. */
export const LOCAL = 1;
/** A constant known at translation time. */
export const CONST = 2;

/** One value on the translator's operand stack. */
export interface Entry {
  kind: 0 | 1 | 2;
  type: ValType;
  /** The home cell of this stack position. */
  readonly home: number;
  /** LOCAL: the local's cell. */
  src: number;
  /** CONST: the value's words (`c0` only for 32-bit values, `c0..c3` for v128). */
  c0: number;
  c1: number;
  c2: number;
  c3: number;
}

/** A control frame (block, loop, if, or the function itself). */
export interface Ctrl {
  readonly kind: 'block' | 'loop' | 'if' | 'func';
  readonly type: FuncType;
  /** Stack entries below this frame's parameters. */
  readonly height: number;
  /** Home cell of the first parameter / result. */
  readonly homeCell: number;
  /** Code positions of branch targets to patch with the end address. */
  readonly patches: number[];
  /** Loop header address. */
  loopPc: number;
  /** `if`: position of the jump-to-else target, -1 once bound. */
  elsePatch: number;
  /** `if`: the parameter entries, restored at `else`. */
  paramEntries: Entry[];
  /** The rest of this frame is unreachable. */
  unreachable: boolean;
  /** Some path reaches this frame's end (branch, fallthrough or a missing else). */
  reachedEnd: boolean;
}

/** What a branch condition compiled from, for compare+branch fusion. */
export interface CondInfo {
  readonly entry: Entry;
  /** Code position of the compare instruction. */
  readonly start: number;
  readonly end: number;
}

/** Cells a value of type `t` takes. */
export function cellsOf(t: ValType): number {
  return t === 'v128' ? 4 : 2;
}

/** Options of a translation. */
export interface TranslateOptions {
  /** Emit FUEL instructions (fuel metering). */
  readonly metering: boolean;
  /** Interned type ids of the module's types (for call_indirect). */
  readonly typeIds: readonly number[];
  /**
   * Loops that get a LOOP_PROBE at their header (the JIT's back-edge counting and on-stack
   * replacement): the byte offset of the `loop` instruction -> the probe's number, which the probe
   * passes to `store.onHotLoop`.
   */
  readonly loopProbe?: ReadonlyMap<number, number>;
}
