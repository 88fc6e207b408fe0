/**
 * Turns a function compiler's output into a *factory*: a JavaScript function made once per module
 * function with `new Function`, which takes one instance's context (its memory, tables, globals,
 * functions and the runtime helpers) and returns the compiled function bound to it. Instances of
 * the same module share the factory (and V8 shares its code).
 */

import { CompileError } from '../../../api/errors.js';
import type { ValidatedModule } from '../../../wasm/validate/validated-module.js';
import type { CompiledFn } from '../func.js';
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

/** Generates the source of function `funcIdx`'s factory. */
export function factorySource(vm: ValidatedModule, funcIdx: number, opts: CompileOptions): string {
  const fc = new FuncCompiler(vm, funcIdx, opts);
  let fn: string;
  try {
    fn = fc.run();
  } catch (e) {
    if (e instanceof CompileError) throw e;
    throw new CompileError(`internal error compiling function ${funcIdx}: ${(e as Error)?.message ?? String(e)}`, fc.reader.opStart);
  }
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
