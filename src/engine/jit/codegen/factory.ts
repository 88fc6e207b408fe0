/**
 * Turns a function compiler's output into a *factory*: a JavaScript function made once per module
 * function with `new Function`, which takes one instance's context (its memory, tables, globals,
 * functions and the runtime helpers) and returns the compiled function bound to it. Instances of
 * the same module share the factory (and V8 shares its code).
 */

import { CompileError } from '../../../api/errors.js';
import type { ValidatedModule } from '../../../wasm/validate/validated-module.js';
import type { CompiledFn } from '../func.js';
import type { AlignPlan } from './align.js';
import { type CompileOptions, FuncCompiler } from './compiler.js';

/** What compiled code reaches of its instance and engine. */
export interface FactoryContext {
  /** The runtime helpers by name. */
  readonly H: Readonly<Record<string, unknown>>;
  /** The engine's store (fuel). */
  readonly S: unknown;
  /** The scratch slot for i64 high words. */
  readonly RET: Int32Array;
  /** The scratch of several results (`ri`, `rf`, `ro`; see rt/scratch.ts). */
  readonly MR: unknown;
  /** Memory 0 (a JitMemory) or null. */
  readonly M: unknown;
  /** The compiled-convention entry of each function of the instance's function space. */
  readonly F: readonly CompiledFn[];
  /** The instance's function objects (for ref.func). */
  readonly FN: readonly unknown[];
  /** The instance's globals, tables, data and element segments. */
  readonly G: readonly unknown[];
  readonly T: readonly unknown[];
  readonly D: unknown[];
  readonly EL: unknown[];
  /** The function being compiled (for backtraces). */
  readonly ME: unknown;
  /** The zero v128. */
  readonly V0: Int32Array;
}

/** Names that come from the context itself (everything else comes from `H`). */
const CONTEXT_NAMES: ReadonlySet<string> = new Set(['S', 'RET', 'MR', 'M', 'F', 'FN', 'G', 'T', 'D', 'EL', 'ME', 'V0']);

/** A factory and the source it was made from. */
export interface Factory {
  readonly make: (ctx: FactoryContext) => CompiledFn;
  readonly source: string;
}

/** Most compiles of one function while its alignment assumptions settle (see align.ts). */
const MAX_ALIGN_TRIES = 8;

/** Runs a compiler over function `funcIdx`: the compiler and the function's source. */
function compileOnce(vm: ValidatedModule, funcIdx: number, opts: CompileOptions): { fc: FuncCompiler; fn: string } {
  const fc = new FuncCompiler(vm, funcIdx, opts);
  try {
    return { fc, fn: fc.run() };
  } catch (e) {
    if (e instanceof CompileError) throw e;
    throw new CompileError(`internal error compiling function ${funcIdx}: ${(e as Error)?.message ?? String(e)}`, fc.reader.opStart);
  }
}

/**
 * Compiles function `funcIdx`. A function that uses memory is compiled with the alignment analysis
 * (align.ts) until its loop assumptions hold, and once more with Int32Array accesses when every one
 * of its accesses is an aligned 32-bit one; otherwise the analysed compile is the result (the
 * analysis does not change the code it emits).
 */
function compile(vm: ValidatedModule, funcIdx: number, opts: CompileOptions): { fc: FuncCompiler; fn: string } {
  if (vm.memoryTypes.length === 0) return compileOnce(vm, funcIdx, opts);
  let plan: AlignPlan = { loops: new Map(), typed: false };
  for (let tries = 0; ; tries++) {
    const r = compileOnce(vm, funcIdx, { ...opts, align: plan });
    const a = r.fc.align!;
    if (!a.accesses || !a.eligible) return r;
    const next = a.next();
    if (next === null) return compileOnce(vm, funcIdx, { ...opts, align: { loops: plan.loops, typed: true } });
    if (tries >= MAX_ALIGN_TRIES) return r;
    plan = next;
  }
}

/** Generates the source of function `funcIdx`'s factory. */
export function factorySource(vm: ValidatedModule, funcIdx: number, opts: CompileOptions): string {
  const { fc, fn } = compile(vm, funcIdx, opts);
  const ctx = [...fc.uses].filter((n) => CONTEXT_NAMES.has(n));
  const helpers = [...fc.uses].filter((n) => !CONTEXT_NAMES.has(n));
  const lines = ['"use strict";'];
  if (ctx.length) lines.push(`const { ${ctx.join(', ')} } = X;`);
  if (helpers.length) lines.push(`const { ${helpers.join(', ')} } = X.H;`);
  lines.push(...fc.preamble, fn);
  return lines.join('\n');
}

/** Compiles function `funcIdx` into a factory (throws CompileError when the host cannot parse it). */
export function buildFactory(vm: ValidatedModule, funcIdx: number, opts: CompileOptions): Factory {
  const source = factorySource(vm, funcIdx, opts);
  let make: (ctx: FactoryContext) => CompiledFn;
  try {
    // Note: the one place that turns generated source into code; browsers need CSP 'unsafe-eval'.
    make = new Function('X', source) as (ctx: FactoryContext) => CompiledFn;
  } catch (e) {
    throw new CompileError(
      `the JIT could not compile function ${funcIdx}: the host rejected the generated code (${(e as Error)?.message ?? String(e)})`,
    );
  }
  return { make, source };
}
