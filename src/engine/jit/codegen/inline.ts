/**
 * Inlining of direct self-recursion: a recursive call site of a small function gets one copy of the
 * function's body in place of the JS call, so that every other wasm call of the recursion costs no
 * JS call (V8 does not inline recursive calls itself). Recursive fib runs about 30% faster.
 *
 * The copy is compiled by a second {@link FuncCompiler} over the same body whose variables carry a
 * prefix (`i1_l0`, `i1_a3`) and whose returns assign the call's result and leave the copy's block:
 *
 * ```
 * i1_l0 = arg; i1_l1 = 0; ...                       ;; parameters, other locals zeroed
 * try { R1: { ...the body...; a3 = x; break R1; } }  ;; a `return x`
 * catch (e) { throw unwind(e, ME); }                 ;; the callee's frame in a trap's backtrace
 * ```
 *
 * So traps keep exactly the frames of the real call (the copy's catch adds the callee's frame
 * before the caller's), call depth is checked and passed as for the real call, and calls inside the
 * copy (its own recursive ones included) are ordinary calls. Resumable code (generators), fuel
 * metering and OSR entries are never inlined into.
 */

import type { FuncType } from '../../../api/types.js';
import { entryAlign } from './align.js';
import type { FuncCompiler } from './compiler.js';
import { Kind, zeroOf } from './values.js';

/** Where an inlined copy sits in the compilation it is inlined into. */
export interface InlineSite {
  /** The compiler of the function the copy is part of. */
  readonly root: FuncCompiler;
  /** Prefix of the copy's variable names. */
  readonly ns: string;
  /** The label the copy's returns break out of. */
  readonly label: string;
  /** The root's variable that receives the result (the low word of an i64), or '' for none. */
  readonly result: string;
  /** The root's variable that receives the high word of an i64 result. */
  readonly resultHi: string;
}

/** Largest body (bytes of code) that is inlined. */
const MAX_INLINE_BYTES = 400;
/** Most inlined copies in one function. */
const MAX_COPIES = 2;

/** The statements of a `return` inside inlined copy `fc`: the result to the site's variables, then leave. */
export function inlineReturn(fc: FuncCompiler, site: InlineSite): string {
  if (fc.type.results.length === 0) return `break ${site.label};`;
  const v = fc.top();
  const e = v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
  const hi = v.t === 'i64' ? ` ${site.resultHi} = ${v.h};` : '';
  return `${site.result} = ${e};${hi} break ${site.label};`;
}

/**
 * Emits a call of the function being compiled to itself, with arguments `args` (compiled
 * convention, the depth argument excluded), as an inlined copy when that is possible; returns false
 * (nothing emitted) when the call must be a real one.
 */
export function inlineSelfCall(fc: FuncCompiler, type: FuncType, args: readonly string[], copies: { n: number }): boolean {
  const opts = fc.opts;
  if (fc.site !== null || opts.resumable || opts.metering || opts.osr !== undefined) return false;
  if (copies.n >= MAX_COPIES || type.results.length > 1) return false;
  const body = fc.vm.module.funcs[fc.funcIdx - fc.vm.numImportedFuncs]!.body;
  if (body.end - body.start > MAX_INLINE_BYTES) return false;
  copies.n++;
  const t = type.results[0];
  const site: InlineSite = {
    root: fc,
    ns: `i${copies.n}_`,
    label: fc.newLabel(),
    result: t === undefined ? '' : fc.resultHome(t),
    resultHi: t === 'i64' ? fc.homeHi(fc.stack.length) : '',
  };
  const copy = new (fc.constructor as typeof FuncCompiler)(fc.vm, fc.funcIdx, opts, site);
  // Note: the copy's alignment facts (align.ts) start from its own entry and do not touch the caller's.
  const align = fc.align;
  const saved = align?.cur;
  if (align) align.cur = entryAlign(copy.localTypes.length, type.params.length);
  const lines = copy.inlineBody();
  if (align) align.cur = saved!;
  // Parameters get the arguments, the other locals their zero values (the site may run many times).
  const init: string[] = [];
  let a = 0;
  copy.localTypes.forEach((lt, i) => {
    const lo = copy.localVar(i);
    const hi = copy.localHiVar(i);
    const bool = copy.boolLocals.has(i);
    fc.homes.set(lo, bool ? 'false' : zeroOf(lt));
    if (lt === 'i64') fc.homes.set(hi, '0');
    if (lt === 'v128') fc.use('V0');
    if (i < type.params.length) {
      init.push(`${lo} = ${args[a++]};`);
      if (lt === 'i64') init.push(`${hi} = ${args[a++]};`);
    } else {
      init.push(`${lo} = ${bool ? 'false' : zeroOf(lt)};`);
      if (lt === 'i64') init.push(`${hi} = 0;`);
    }
  });
  fc.use('unwind');
  fc.use('ME');
  // Note: the callee's depth check, as at the entry of the real call.
  const check = opts.maxDepth === null ? [] : [`if (d >= ${opts.maxDepth}) ${fc.use('trapExhausted')}();`];
  fc.emit(init.join(' '));
  fc.out.push(`try { ${site.label}: {`, ...check, ...lines, `} } catch (e) { throw unwind(e, ME); }`);
  if (t !== undefined) fc.pushTemp(t);
  return true;
}
