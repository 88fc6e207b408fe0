/**
 * Cheap test-case reduction for divergences: drops planned calls, replaces function bodies by
 * `unreachable`, cuts the remaining bodies to their shortest diverging prefix, drops the start
 * function, empties segments and drops exports, keeping each step only while the same kind of
 * divergence persists.
 */

import type { EngineKind } from '../runtime/engine.js';
import { encodeModule } from '../wasm/binary/encoder.js';
import type { Code, Module } from '../wasm/module.js';
import { CodeReader } from '../wasm/binary/code-reader.js';
import { Op } from '../wasm/opcodes.js';
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

/** Where each instruction of a body starts, and the control frames open there (innermost last). */
function instructionMap(body: Code): { offsets: number[]; open: ('block' | 'then' | 'else')[][] } {
  const r = new CodeReader(body);
  const offsets: number[] = [];
  const open: ('block' | 'then' | 'else')[][] = [];
  const stack: ('block' | 'then' | 'else')[] = [];
  while (r.pos < body.end) {
    offsets.push(r.pos - body.start);
    open.push([...stack]);
    const op = r.op();
    if (op === Op.block || op === Op.loop || op === Op.if) {
      r.blockType();
      stack.push(op === Op.if ? 'then' : 'block');
    } else if (op === Op.else) {
      stack[stack.length - 1] = 'else';
    } else if (op === Op.end) {
      if (stack.length === 0) break;
      stack.pop();
    } else {
      r.skipImmediates(op);
    }
  }
  return { offsets, open };
}

/**
 * The body cut before instruction `k`: `unreachable` there, then every open frame closed (an `if`
 * still in its then-arm gets an `else unreachable`), so the result always validates.
 */
function truncateBody(body: Code, map: ReturnType<typeof instructionMap>, k: number): Code {
  const out: number[] = [...body.bytes.subarray(body.start, body.start + map.offsets[k]!)];
  const open = map.open[k]!;
  for (let i = open.length - 1; i >= 0; i--) {
    out.push(Op.unreachable);
    if (open[i] === 'then') out.push(Op.else, Op.unreachable);
    out.push(Op.end);
  }
  out.push(Op.unreachable, Op.end);
  const bytes = Uint8Array.from(out);
  return { bytes, start: 0, end: bytes.length };
}

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
  // 4. Shortest prefix of each remaining body (binary search on the cut point).
  for (let i = 0; i < best.module.funcs.length; i++) {
    const body = best.module.funcs[i]!.body;
    if (body.end - body.start <= 2) continue;
    const map = instructionMap(body);
    let lo = 0;
    let hi = map.offsets.length - 1; // cutting before the final `end` keeps the whole body
    while (lo < hi && runs < maxRuns) {
      const mid = (lo + hi) >> 1;
      const f = best.module.funcs[i]!;
      const funcs = best.module.funcs.map((g, k) => (k === i ? { ...f, body: truncateBody(body, map, mid) } : g));
      if (attempt({ ...best, module: { ...best.module, funcs } })) hi = mid;
      else lo = mid + 1;
    }
  }
  // 5. Segment contents.
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
  // 6. Exports nobody calls.
  const called = new Set(best.plan.calls.map((c) => c.export));
  called.add(best.plan.fuelExport);
  for (const c of best.plan.calls) for (const a of c.args) if (a.type === 'funcref' && a.func !== null) called.add(a.func);
  const exports = best.module.exports.filter((e) => called.has(e.name));
  if (exports.length < best.module.exports.length) attempt({ ...best, module: { ...best.module, exports } });

  return { ...best, bytes: bestBytes, divergences: bestDivs, steps };
}
