/**
 * The fuzzer's module generator: from a seed, a random *valid* Wasm 2.0 module (numeric code of all
 * types, control flow with multi-value blocks and branches to every depth, calls and recursion,
 * call_indirect, memory and bulk memory, reference types and tables, traps of every kind, optional
 * SIMD) plus the {@link RunPlan} saying how to call it. Bodies are emitted through a typed builder,
 * and every module is decoded and validated before it is returned.
 */

import { KpioError } from '../api/errors.js';
import type { ValType } from '../api/types.js';
import { decodeModule } from '../wasm/binary/decoder.js';
import { encodeModule } from '../wasm/binary/encoder.js';
import type { Export, LocalGroup, Module } from '../wasm/module.js';
import { validateModule } from '../wasm/validate/index.js';
import type { BuilderModuleInfo } from './code-builder.js';
import type { BodyLimits, SigInfo } from './gen-context.js';
import { FuncState, isFloat, randomType } from './gen-context.js';
import { emitFunctionBody } from './gen-control.js';
import { DISPATCH } from './gen-dispatch.js';
import { buildSkeleton, randomNumericValue, type Skeleton } from './gen-module.js';
import { EXTERN_OBJECTS, type PlanCall, type PlanValue, type RunPlan } from './plan.js';
import { Rng } from './rng.js';

/** Options of the generator. */
export interface GenerateOptions {
  /** Also generate SIMD (v128) code. */
  readonly simd?: boolean;
  /** Fuel given to every exported call (bounds calls, recursion depth and loop iterations). */
  readonly fuel?: number;
}

/** A generated module with its bytes and run plan. */
export interface GeneratedModule {
  readonly seed: number;
  readonly module: Module;
  readonly bytes: Uint8Array;
  readonly plan: RunPlan;
}

/** The generator produced a module that does not validate: a bug of the fuzzer. */
export class FuzzGeneratorError extends KpioError {
  override name = 'FuzzGeneratorError';
  constructor(
    message: string,
    readonly seed: number,
    options?: { cause?: unknown },
  ) {
    super(`generator bug (seed ${seed}): ${message}`, options);
  }
}

/** Default fuel per exported call. */
export const DEFAULT_FUEL = 200;

/** Export name of function `idx`. */
export const funcExportName = (idx: number): string => `f${idx}`;
/** Export name of global `idx`. */
export const globalExportName = (idx: number): string => `g${idx}`;
/** Export name of table `idx`. */
export const tableExportName = (idx: number): string => `t${idx}`;
/** Export name of the memory. */
export const MEMORY_EXPORT = 'mem';
/** Export name of the fuel global. */
export const FUEL_EXPORT = 'fuel';
/** Export name of the checksum global. */
export const CHECKSUM_EXPORT = 'checksum';

function randomLimits(rng: Rng): BodyLimits {
  return {
    maxBytes: rng.weighted([
      [3, rng.range(20, 150)],
      [4, rng.range(150, 600)],
      [2, rng.range(600, 1600)],
    ]),
    maxDepth: rng.range(2, 6),
    // Note: now and then a deeply nested body (engines' control stacks, label depth encodings).
    maxLabels: rng.chance(0.1) ? rng.range(10, 24) : rng.range(3, 8),
  };
}

function groupLocals(types: readonly ValType[]): LocalGroup[] {
  const groups: LocalGroup[] = [];
  for (const t of types) {
    const last = groups[groups.length - 1];
    if (last && last.type === t) groups[groups.length - 1] = { count: last.count + 1, type: t };
    else groups.push({ count: 1, type: t });
  }
  return groups;
}

function generateBody(rng: Rng, sk: Skeleton, info: BuilderModuleInfo, funcIndex: number, sig: SigInfo): void {
  const s = new FuncState(rng, sk.env, sig, randomLimits(rng), DISPATCH, info);
  // Note: now and then many locals (register allocation and frame layout of the engines).
  const extra = rng.chance(0.05) ? rng.range(20, 150) : rng.range(0, 6);
  for (let i = 0; i < extra; i++) {
    const t = randomType(s);
    s.newLocal(t, !isFloat(t) || rng.chance(0.5));
  }
  emitFunctionBody(s);
  const bytes = s.b.finish();
  const defIdx = funcIndex - sk.env.funcs.filter((f) => f.host).length;
  const def = sk.module.funcs[defIdx]!;
  sk.module.funcs[defIdx] = {
    typeIdx: def.typeIdx,
    locals: groupLocals(s.localTypes.slice(sig.type.params.length)),
    body: { bytes, start: 0, end: bytes.length },
  };
}

function addExports(sk: Skeleton): void {
  const exports: Export[] = sk.module.exports;
  for (const f of sk.env.funcs) exports.push({ name: funcExportName(f.index), kind: 'func', index: f.index });
  for (const g of sk.env.globals) {
    const name =
      g.index === sk.env.fuelGlobal ? FUEL_EXPORT : g.index === sk.env.checksumGlobal ? CHECKSUM_EXPORT : globalExportName(g.index);
    exports.push({ name, kind: 'global', index: g.index });
  }
  for (const t of sk.env.tables) exports.push({ name: tableExportName(t.index), kind: 'table', index: t.index });
  if (sk.env.memory) exports.push({ name: MEMORY_EXPORT, kind: 'memory', index: 0 });
}

function randomArg(rng: Rng, sk: Skeleton, t: ValType): PlanValue {
  if (t === 'funcref') {
    return { type: 'funcref', func: rng.chance(0.25) ? null : funcExportName(rng.pick(sk.env.funcs).index) };
  }
  if (t === 'externref') return { type: 'externref', extern: rng.chance(0.25) ? null : rng.below(EXTERN_OBJECTS) };
  return randomNumericValue(rng, t);
}

function makePlan(rng: Rng, sk: Skeleton, fuel: number): RunPlan {
  const calls: PlanCall[] = [];
  const callable = sk.env.funcs.filter((f) => !f.host || rng.chance(0.1));
  for (const f of rng.shuffled(callable)) {
    const n = rng.range(1, 3);
    for (let i = 0; i < n; i++) {
      calls.push({ export: funcExportName(f.index), args: f.sig.type.params.map((t) => randomArg(rng, sk, t)) });
    }
  }
  const inexactResults: Record<string, number[]> = {};
  for (const f of sk.env.funcs) {
    const positions = f.sig.type.results.flatMap((t, i) => (isFloat(t) && !f.sig.resultExact[i] ? [i] : []));
    if (positions.length) inexactResults[funcExportName(f.index)] = positions;
  }
  return {
    fuelExport: FUEL_EXPORT,
    fuel,
    importValues: sk.importValues,
    calls: rng.shuffled(calls).slice(0, 14),
    inexactResults,
    inexactGlobals: sk.env.globals.filter((g) => isFloat(g.type.valType) && !g.exact).map((g) => globalExportName(g.index)),
  };
}

/**
 * Generates the module of `seed`: the same seed and options always give the same bytes. Throws
 * {@link FuzzGeneratorError} if the result fails kpio's decoder or validator (a fuzzer bug).
 */
export function generateModule(seed: number, options: GenerateOptions = {}): GeneratedModule {
  const rng = new Rng(seed);
  const fuel = options.fuel ?? DEFAULT_FUEL;
  const sk = buildSkeleton(rng, options.simd ?? false, fuel);
  const { env } = sk;
  const info: BuilderModuleInfo = {
    typeIndex: sk.typeIndex,
    funcType: (i) => {
      const f = env.funcs[i];
      if (!f) throw new FuzzGeneratorError(`no function ${i}`, seed);
      return f.sig.type;
    },
    globalType: (i) => {
      const g = env.globals[i];
      if (!g) throw new FuzzGeneratorError(`no global ${i}`, seed);
      return g.type;
    },
    tableType: (i) => {
      const t = env.tables[i];
      if (!t) throw new FuzzGeneratorError(`no table ${i}`, seed);
      return t.type;
    },
    elemType: (i) => {
      const e = env.elems[i];
      if (!e) throw new FuzzGeneratorError(`no element segment ${i}`, seed);
      return e.type;
    },
  };
  try {
    for (const { index, sig } of sk.pending) generateBody(rng, sk, info, index, sig);
  } catch (e) {
    throw new FuzzGeneratorError((e as Error).message, seed, { cause: e });
  }
  addExports(sk);
  const plan = makePlan(rng, sk, fuel);
  const bytes = encodeModule(sk.module);
  try {
    validateModule(decodeModule(bytes));
  } catch (e) {
    throw new FuzzGeneratorError(`the module does not validate: ${(e as Error).message}`, seed, { cause: e });
  }
  return { seed, module: sk.module, bytes, plan };
}
