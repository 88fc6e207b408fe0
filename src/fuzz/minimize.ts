/**
 * Cheap test-case reduction for divergences: drops planned calls, replaces function bodies by
 * `unreachable`, drops the start function, empties segments and drops exports, keeping each step
 * only while the same kind of divergence persists.
 */

import type { EngineKind } from '../runtime/engine.js';
import { encodeModule } from '../wasm/binary/encoder.js';
import type { Module } from '../wasm/module.js';
import { validateModule } from '../wasm/validate/index.js';
import { defaultEngineFactory, type Divergence, type EngineFactory, runDifferential } from './differential.js';
import type { RunPlan } from './plan.js';

/** A module with its plan (what the reducer shrinks). */
export interface FuzzCase {
  readonly module: Module;
  readonly plan: RunPlan;
}

/** The reduced case, its bytes and divergences, and how many reductions were kept. */
export interface MinimizedCase extends FuzzCase {
  readonly bytes: Uint8Array;
  readonly divergences: readonly Divergence[];
  readonly steps: number;
}

const UNREACHABLE_BODY = new Uint8Array([0x00, 0x0b]);

/** True when `ds` still shows a divergence like `target` (same kind, same engines). */
function sameDivergence(ds: readonly Divergence[], target: Divergence): boolean {
  return ds.some((d) => d.kind === target.kind && d.engines.join() === target.engines.join());
}

/** Options of {@link minimizeCase}. */
export interface MinimizeOptions {
  /** Bound on the differential runs spent (default 150). */
  readonly maxRuns?: number;
  readonly makeEngine?: EngineFactory;
}

/**
 * Reduces a diverging case. The result always still diverges like `target` (same kind, same
 * engines).
 */
export function minimizeCase(
  start: FuzzCase,
  engines: readonly EngineKind[],
  target: Divergence,
  options: MinimizeOptions = {},
): MinimizedCase {
  const maxRuns = options.maxRuns ?? 150;
  const makeEngine = options.makeEngine ?? defaultEngineFactory;
  let best = start;
  let bestBytes = encodeModule(start.module);
  let bestDivs = runDifferential(bestBytes, start.plan, engines, makeEngine).divergences;
  let runs = 1;
  let steps = 0;

  const attempt = (candidate: FuzzCase): boolean => {
    if (runs >= maxRuns) return false;
    let bytes: Uint8Array;
    try {
      bytes = encodeModule(candidate.module);
      validateModule(candidate.module);
    } catch {
      return false;
    }
    runs++;
    const divs = runDifferential(bytes, candidate.plan, engines, makeEngine).divergences;
    if (!sameDivergence(divs, target)) return false;
    best = candidate;
    bestBytes = bytes;
    bestDivs = divs;
    steps++;
    return true;
  };

  // 1. Calls: cut everything after the diverging call, then drop calls one by one.
  if (target.callIndex !== null && target.callIndex + 1 < best.plan.calls.length) {
    attempt({ ...best, plan: { ...best.plan, calls: best.plan.calls.slice(0, target.callIndex + 1) } });
  }
  for (let i = best.plan.calls.length - 1; i >= 0; i--) {
    const calls = best.plan.calls.filter((_c, k) => k !== i);
    attempt({ ...best, plan: { ...best.plan, calls } });
  }
  // 2. The start function.
  if (best.module.start !== null) attempt({ ...best, module: { ...best.module, start: null } });
  // 3. Function bodies.
  for (let i = 0; i < best.module.funcs.length; i++) {
    const f = best.module.funcs[i]!;
    if (f.body.end - f.body.start <= 2) continue;
    const funcs = best.module.funcs.map((g, k) =>
      k === i ? { typeIdx: g.typeIdx, locals: [], body: { bytes: UNREACHABLE_BODY, start: 0, end: 2 } } : g,
    );
    attempt({ ...best, module: { ...best.module, funcs } });
  }
  // 4. Segment contents.
  for (let i = 0; i < best.module.datas.length; i++) {
    if (best.module.datas[i]!.bytes.length === 0) continue;
    const datas = best.module.datas.map((d, k) => (k === i ? { ...d, bytes: new Uint8Array(0) } : d));
    attempt({ ...best, module: { ...best.module, datas } });
  }
  for (let i = 0; i < best.module.elems.length; i++) {
    if (best.module.elems[i]!.init.length === 0) continue;
    const elems = best.module.elems.map((e, k) => (k === i ? { ...e, init: [] } : e));
    attempt({ ...best, module: { ...best.module, elems } });
  }
  // 5. Exports nobody calls.
  const called = new Set(best.plan.calls.map((c) => c.export));
  called.add(best.plan.fuelExport);
  for (const c of best.plan.calls) for (const a of c.args) if (a.type === 'funcref' && a.func !== null) called.add(a.func);
  const exports = best.module.exports.filter((e) => called.has(e.name));
  if (exports.length < best.module.exports.length) attempt({ ...best, module: { ...best.module, exports } });

  return { ...best, bytes: bestBytes, divergences: bestDivs, steps };
}
