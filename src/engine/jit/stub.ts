/**
 * The tier-up hook inside the interpreter's code. A JIT function's interpreter body is the
 * interpreter's translated body plus an *entry stub* appended after it (so the body's own branch
 * targets are untouched); the stub asks the tiering policy, through a host call, whether the
 * function is compiled, and then either continues at the body's entry or calls the compiled code
 * through a trampoline host function and returns its results:
 *
 * ```
 * entry: CONST32 C, idx          ; the function's index, as the check's argument
 *        CALL    check, C        ; check(idx) -> 1 (run compiled) or 0 (interpret), into cell C
 *        BR_IF   C, tramp
 *        BR      body.entry      ; interpret
 * tramp: CONST32 P, idx          ; after the parameters: which function to enter
 *        CALL    trampoline, 0   ; arguments are the frame's parameters; results land at cell 0
 *        RETURN
 * ```
 *
 * `C` is a cell above the frame and `P` the first cell after the parameters. So interpreted
 * callers reach compiled code without a hook in the interpreter, and every call (from the
 * interpreter, from compiled code, from the host) is counted.
 *
 * Note: this relies on the interpreter's documented op encoding (ops.ts): CONST32 `d imm`,
 * CALL `f base` (a host callee reads its arguments at `base` and writes its results there), BR_IF
 * `c t`, BR `t`, RETURN with results already at cell 0. The trampoline passes f32 values as i32 bits
 * (its type says i32), so no NaN payload is lost between the tiers.
 */

import type { FuncType, ValType } from '../../api/types.js';
import { type FuncBody, IOp } from '../interp/index.js';

/** The interpreter body with the entry stub for function `idx`; `check` and `tramp` are function indices. */
export function stubBody(body: FuncBody, idx: number, check: number, tramp: number): FuncBody {
  const orig = body.code;
  const p = orig.length;
  const c = body.frameCells;
  let resultCells = 0;
  for (const t of body.type.results) resultCells += t === 'v128' ? 4 : 2;
  const code = new Int32Array(p + 18);
  code.set(orig);
  code.set(
    [
      IOp.CONST32, c, idx,
      IOp.CALL, check, c,
      IOp.BR_IF, c, p + 11,
      IOp.BR, body.entry,
      IOp.CONST32, body.paramCells, idx,
      IOp.CALL, tramp, 0,
      IOp.RETURN,
    ],
    p,
  );
  return {
    code,
    entry: p,
    type: body.type,
    paramCells: body.paramCells,
    localCells: body.localCells,
    frameCells: Math.max(c + 2, body.paramCells + 2, resultCells),
    refLocals: body.refLocals,
    hasRefs: body.hasRefs,
    // The stub maps to no wasm instruction (offset -1: unknown).
    offsetPcs: append(body.offsetPcs, p),
    offsets: append(body.offsets, -1),
  };
}

/** A copy of `a` with `x` appended. */
function append(a: Int32Array, x: number): Int32Array {
  const r = new Int32Array(a.length + 1);
  r.set(a);
  r[a.length] = x;
  return r;
}

/** The type of the check host function: (function index) -> run compiled (1) or not (0). */
export const CHECK_TYPE: FuncType = { params: ['i32'], results: ['i32'] };

/**
 * The trampoline's type for functions of `t`: f32 passed as its bits (i32), f64 as its bits (i64),
 * plus the function index last.
 */
export function trampolineType(t: FuncType): FuncType {
  const bits = (x: ValType): ValType => (x === 'f32' ? 'i32' : x === 'f64' ? 'i64' : x);
  return { params: [...t.params.map(bits), 'i32'], results: t.results.map(bits) };
}

/** The key of a function type (equal types, equal keys). */
export function typeKey(t: FuncType): string {
  return `${t.params.join(',')}>${t.results.join(',')}`;
}

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
