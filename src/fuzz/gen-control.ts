/**
 * Control-flow and variable generators: blocks, loops and ifs with parameters and (multi-value)
 * results, br/br_if/br_table to labels at every depth (back edges guarded so loops terminate),
 * return, unreachable, select (typed and untyped), locals and globals.
 */

import type { ValType } from '../api/types.js';
import { sameTypes } from './code-builder.js';
import type { FuncState, Label, LoopGuard, StmtProducer, ValueProducer } from './gen-context.js';
import { isFloat, isRef, randomType } from './gen-context.js';
import { emitFoldLocals } from './gen-observe.js';
import { writableLocals } from './gen-leaf.js';
import { emitLoopGuard } from './guards.js';

/** `n` random types with random exactness flags. */
function randomTypes(s: FuncState, max: number): { types: ValType[]; exact: boolean[] } {
  const n = s.rng.weighted([
    [5, 0],
    [4, 1],
    [2, 2],
    [1, Math.min(3, max)],
  ]);
  const types: ValType[] = [];
  const exact: boolean[] = [];
  for (let i = 0; i < Math.min(n, max); i++) {
    types.push(randomType(s));
    exact.push(s.rng.chance(0.5));
  }
  return { types, exact };
}

/** True when a value of exactness `from` may flow where `to` is required, for every position. */
function exactFlows(types: readonly ValType[], from: readonly boolean[], to: readonly boolean[]): boolean {
  return types.every((t, i) => !isFloat(t) || from[i] || !to[i]);
}

type BlockKind = 'block' | 'loop' | 'if';

/**
 * Emits a structured instruction: evaluates its parameters (and the condition of an `if`), then
 * the body (and an else arm), leaving `results` on the stack.
 */
export function emitStructured(
  s: FuncState,
  kind: BlockKind,
  params: readonly ValType[],
  pExact: readonly boolean[],
  results: readonly ValType[],
  rExact: readonly boolean[],
): void {
  let guard: LoopGuard | null = null;
  if (kind === 'loop') {
    const counter = s.newLocal('i32', true, true);
    s.b.i32Const(s.rng.range(0, 5));
    s.b.localSet(counter);
    guard = { counter };
  }
  s.values(params, pExact);
  const type = { params, results };
  let frame;
  if (kind === 'if') {
    s.value('i32');
    frame = s.b.if(type);
  } else {
    frame = kind === 'loop' ? s.b.loop(type) : s.b.block(type);
  }
  const label: Label =
    kind === 'loop'
      ? { frame, types: params, exact: pExact, loop: guard }
      : { frame, types: results, exact: rExact, loop: null };
  s.labels.push(label);
  emitBody(s, label, params, pExact, results, rExact);
  if (kind === 'if') {
    const mayOmitElse = sameTypes(params, results) && exactFlows(params, pExact, rExact);
    if (!mayOmitElse || s.rng.chance(0.6)) {
      s.b.else();
      emitBody(s, label, params, pExact, results, rExact);
    }
  }
  s.labels.pop();
  s.b.end();
}

/** Emits the body of a block whose parameters are on the stack, ending with its results. */
function emitBody(
  s: FuncState,
  label: Label,
  params: readonly ValType[],
  pExact: readonly boolean[],
  results: readonly ValType[],
  rExact: readonly boolean[],
): void {
  const { rng } = s;
  const passThrough =
    params.length > 0 && sameTypes(params, results) && exactFlows(params, pExact, rExact) && rng.chance(0.35);
  if (!passThrough) {
    // Note: parameters land in fresh locals, so later code reads them like any other local.
    for (let i = params.length - 1; i >= 0; i--) s.b.localSet(s.newLocal(params[i]!, pExact[i]!));
  }
  s.stmts(rng.range(0, s.exhausted ? 0 : 4));
  if (label.loop && rng.chance(0.85)) emitBackEdge(s, label);
  if (passThrough) return;
  if (rng.chance(0.06)) emitJump(s);
  // Note: a jump that may go back to a loop is guarded, so the code after it can still be live.
  if (!s.b.top.unreachable) s.values(results, rExact);
}

/** Emits a guarded conditional branch back to the start of loop `label`. */
function emitBackEdge(s: FuncState, label: Label): void {
  s.values(label.types, label.exact);
  emitLoopGuard(s, [label.loop!]);
  if (s.rng.chance(0.3)) {
    s.value('i32');
    s.b.simple(0x71); // i32.and: a random condition can end the loop early
  }
  s.b.brIf(label.frame);
  s.dropN(label.types.length);
}

/** The labels a branch can target, with their depth order kept (outermost first). */
function branchableLabels(s: FuncState): readonly Label[] {
  return s.labels;
}

/**
 * Emits an unconditional transfer (br, br_table, return or unreachable); the code after it is
 * dead but still validated, which engines' translators must handle too.
 */
function emitJump(s: FuncState): void {
  const { rng } = s;
  const labels = branchableLabels(s);
  const choice = rng.weighted<'br' | 'table' | 'return' | 'unreachable'>([
    [5, 'br'],
    [3, 'table'],
    [2, 'return'],
    [0.3, 'unreachable'],
  ]);
  if (choice === 'return') {
    s.values(s.sig.type.results, s.sig.resultExact);
    s.b.return();
    return;
  }
  if (choice === 'unreachable') {
    s.b.unreachable();
    return;
  }
  if (choice === 'table') {
    emitBrTable(s);
    return;
  }
  const target = rng.pick(labels);
  if (target.loop) {
    emitGuardedBranch(s, [target], () => {
      s.values(target.types, target.exact);
      s.b.br(target.frame);
    });
    return;
  }
  s.values(target.types, target.exact);
  s.b.br(target.frame);
}

/** Emits `guard; if { branch }` for branches that may go back to loops. */
function emitGuardedBranch(s: FuncState, loops: readonly Label[], branch: () => void): void {
  emitLoopGuard(
    s,
    loops.map((l) => l.loop!),
  );
  s.b.if({ params: [], results: [] });
  branch();
  s.b.end();
}

/** Emits a `br_table` over labels of one type list (guarded when any target is a loop). */
function emitBrTable(s: FuncState): void {
  const { rng } = s;
  const labels = branchableLabels(s);
  const base = rng.pick(labels);
  const candidates = labels.filter((l) => sameTypes(l.types, base.types));
  const n = rng.chance(0.1) ? rng.range(16, 70) : rng.range(0, 5);
  const targets: Label[] = [];
  for (let i = 0; i < n; i++) targets.push(rng.pick(candidates));
  const def = rng.pick(candidates);
  const all = [...targets, def];
  const exact = base.types.map((_t, i) => all.some((l) => l.exact[i]));
  const loops = [...new Set(all.filter((l) => l.loop))];
  const emit = (): void => {
    s.values(base.types, exact);
    if (rng.chance(0.5)) s.b.i32Const(rng.chance(0.9) ? rng.range(0, n + 1) : rng.pick([-1, 0x7fffffff, n + 100]));
    else s.value('i32');
    s.b.brTable(
      targets.map((l) => l.frame),
      def.frame,
    );
  };
  if (loops.length) emitGuardedBranch(s, loops, emit);
  else emit();
}

/** Emits a `br_if` to a random label (guarded for loops) and drops the values it leaves. */
function emitBrIf(s: FuncState): void {
  const target = s.rng.pick(branchableLabels(s));
  s.values(target.types, target.exact);
  if (target.loop) {
    emitLoopGuard(s, [target.loop]);
    if (s.rng.chance(0.5)) {
      s.value('i32');
      s.b.simple(0x71); // i32.and
    }
  } else {
    s.value('i32');
  }
  s.b.brIf(target.frame);
  s.dropN(target.types.length);
}

function randomBlockKind(s: FuncState): BlockKind {
  return s.rng.weighted<BlockKind>([
    [4, 'block'],
    [3, 'loop'],
    [4, 'if'],
  ]);
}

/** Control-flow and variable value producers. */
export const CONTROL_PRODUCERS: readonly ValueProducer[] = [
  {
    name: 'structured',
    weight: 2,
    applies: (s) => s.labels.length < s.limits.maxLabels && !s.exhausted,
    emit(s, t, exact) {
      const { types: params, exact: pExact } = randomTypes(s, 2);
      emitStructured(s, randomBlockKind(s), params, pExact, [t], [exact]);
      return exact;
    },
  },
  {
    name: 'select',
    weight: 2,
    applies: () => true,
    emit(s, t, exact) {
      s.value(t, exact);
      s.value(t, exact);
      s.value('i32');
      if (isRef(t) || s.rng.chance(0.2)) s.b.selectTyped(t);
      else s.b.select();
      return exact;
    },
  },
  {
    name: 'local.tee',
    weight: 2,
    applies: (s, t) => writableLocals(s).some((i) => s.locals[i]!.type === t),
    emit(s, t, exact) {
      const idx = s.rng.pick(writableLocals(s).filter((i) => s.locals[i]!.type === t));
      const tee = exact || s.locals[idx]!.exact;
      s.value(t, tee);
      s.b.localTee(idx);
      return tee;
    },
  },
];

/** Control-flow and variable statements. */
export const CONTROL_STATEMENTS: readonly StmtProducer[] = [
  {
    name: 'local.set',
    weight: 6,
    applies: (s) => writableLocals(s).length > 0,
    emit(s) {
      const idx = s.rng.pick(writableLocals(s));
      const l = s.locals[idx]!;
      s.value(l.type, l.exact);
      s.b.localSet(idx);
    },
  },
  {
    name: 'global.set',
    weight: 3,
    applies: (s) => s.env.globals.some((g) => g.writable),
    emit(s) {
      const g = s.rng.pick(s.env.globals.filter((x) => x.writable));
      s.value(g.type.valType, g.exact);
      s.b.globalSet(g.index);
    },
  },
  {
    name: 'drop',
    weight: 3,
    applies: () => true,
    emit(s) {
      s.value(randomType(s));
      s.b.drop();
    },
  },
  {
    name: 'structured',
    weight: 5,
    applies: (s) => s.labels.length < s.limits.maxLabels,
    emit(s) {
      const { types: params, exact: pExact } = randomTypes(s, 2);
      const { types: results, exact: rExact } = randomTypes(s, 3);
      emitStructured(s, randomBlockKind(s), params, pExact, results, rExact);
      s.dropN(results.length);
    },
  },
  { name: 'br_if', weight: 4, applies: () => true, emit: emitBrIf },
  { name: 'jump', weight: 0.6, applies: () => true, emit: emitJump },
  { name: 'nop', weight: 0.3, applies: () => true, emit: (s) => s.b.nop() },
];

/**
 * Emits a whole function body: statements, then (usually) a fold of the locals into the checksum,
 * then the results (or a final jump), then `end`.
 */
export function emitFunctionBody(s: FuncState): void {
  s.stmts(s.rng.range(1, 8));
  if (s.rng.chance(0.7)) emitFoldLocals(s);
  if (s.rng.chance(0.05)) emitJump(s);
  if (!s.b.top.unreachable) s.values(s.sig.type.results, s.sig.resultExact);
  s.b.end();
}
