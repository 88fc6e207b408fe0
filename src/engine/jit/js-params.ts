/** The bound on JavaScript parameters that decides which functions the JIT compiles. */

import type { ValType } from '../../api/types.js';

/**
 * Most JS parameters a compiled function or adapter may have (an i64 counts twice). V8 parses
 * functions with tens of thousands of parameters but calls with that many arguments can overflow
 * the stack; functions beyond this stay interpreted (recorded in the engine's stats).
 */
export const MAX_JS_PARAMS = 10_000;

/** The number of JS parameters `types` take in compiled code (an i64 counts twice). */
export function jsParamCount(types: readonly ValType[]): number {
  let n = 0;
  for (const t of types) n += t === 'i64' ? 2 : 1;
  return n;
}
