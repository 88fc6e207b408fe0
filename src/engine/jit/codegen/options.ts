/** The options of one function's compilation, and the OSR entry points the compiler finds. */

import type { AlignPlan } from './align.js';

/** Options of one function's compilation. */
export interface CompileOptions {
  /**
   * The engine's call-depth limit (compiled in as a constant), or null when compiled code does not
   * count depth (the host's stack is then the tighter limit; see store.ts).
   */
  readonly maxDepth: number | null;
  /** Charge fuel per straight-line region, exactly like the interpreter. */
  readonly metering: boolean;
  /**
   * Compile a *resumable* function: a generator (`function*`) that calls through `yield*` and
   * yields to its driver when fuel runs out or a host function returns a Promise (store.ts).
   */
  readonly resumable?: boolean;
  /** The engine's interned type id of each of the module's types (for call_indirect). */
  readonly typeIds: readonly number[];
  /** Compile an on-stack-replacement entry that starts at this loop (see osr.ts). */
  readonly osr?: OsrTarget;
  /** Track the alignment of i32 values with these loop assumptions (see align.ts). */
  readonly align?: AlignPlan;
}

/** Where an OSR entry starts: a loop, and the constructs that contain it. */
export interface OsrTarget {
  /** Byte offset of the `loop` instruction. */
  readonly loop: number;
  /** Byte offsets of the enclosing block/loop/if instructions, with the arm of an `if`. */
  readonly ancestors: ReadonlyMap<number, OsrArm>;
}

/** The part of an enclosing construct that contains an OSR loop. */
export type OsrArm = 'body' | 'then' | 'else';

/** A loop where compiled code can take over from the interpreter (an empty operand stack, no params). */
export type OsrLoop = OsrTarget;
