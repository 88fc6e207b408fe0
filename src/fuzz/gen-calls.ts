/**
 * Call generators: direct calls (recursion included) and `call_indirect` through funcref tables,
 * both behind a fuel guard, plus calls of the runner's host functions.
 */

import type { ValType } from '../api/types.js';
import { Op } from '../wasm/opcodes.js';
import type { FuncEntry, FuncState, SigInfo, StmtProducer, ValueProducer } from './gen-context.js';
import { emitFuelGuard } from './guards.js';
import { emitTableIndex } from './gen-refs.js';

/**
 * Leaves only the value at position `k` of the `types` on top of the stack (drops those above it,
 * parks it in a scratch local while dropping those below).
 */
export function keepOne(s: FuncState, types: readonly ValType[], k: number): void {
  for (let j = types.length - 1; j > k; j--) s.b.drop();
  if (k === 0) return;
  const tmp = s.scratchLocal(types[k]!);
  s.b.localSet(tmp);
  s.dropN(k);
  s.b.localGet(tmp);
}

/** Emits `guard; if (result R) { call } else { fallback values } end`. */
function emitGuarded(s: FuncState, sig: SigInfo, call: () => void): void {
  emitFuelGuard(s);
  s.b.if({ params: [], results: sig.type.results });
  call();
  s.b.else();
  s.values(sig.type.results, sig.resultExact);
  s.b.end();
}

/** Emits a call of `f` leaving all its results on the stack. */
function emitCall(s: FuncState, f: FuncEntry): void {
  const direct = (): void => {
    s.values(f.sig.type.params, f.sig.paramExact);
    s.b.call(f.index);
  };
  // Note: host functions never call back into wasm, so they need no fuel.
  if (f.host) direct();
  else emitGuarded(s, f.sig, direct);
}

/**
 * Emits a `call_indirect` of signature `sig` through a random funcref table; `slot` aims at a slot
 * known to hold a function of that signature after instantiation.
 */
function emitCallIndirect(s: FuncState, sig: SigInfo, target?: { table: number; slot: number }): void {
  const table = target?.table ?? s.rng.pick(s.env.tables.filter((t) => t.type.elemType === 'funcref')).index;
  emitGuarded(s, sig, () => {
    s.values(sig.type.params, sig.paramExact);
    if (target) s.b.i32Const(target.slot);
    else emitTableIndex(s, table);
    s.b.callIndirect(sig.type, table);
  });
}

/** Picks a filled table slot (optionally of a function returning `t`), or null. */
function filledSlot(s: FuncState, t?: ValType): { table: number; slot: number; sig: SigInfo } | null {
  const options: { table: number; slot: number; sig: SigInfo }[] = [];
  for (const table of s.env.tables) {
    for (const { slot, func } of table.filled) {
      const sig = s.env.funcs[func]!.sig;
      if (t === undefined || sig.type.results.includes(t)) options.push({ table: table.index, slot, sig });
    }
  }
  return options.length ? s.rng.pick(options) : null;
}

function funcsReturning(s: FuncState, t: ValType): FuncEntry[] {
  return s.env.funcs.filter((f) => f.sig.type.results.includes(t));
}

function pickResult(s: FuncState, sig: SigInfo, t: ValType): number {
  const positions: number[] = [];
  sig.type.results.forEach((r, i) => {
    if (r === t) positions.push(i);
  });
  return s.rng.pick(positions);
}

/**
 * A signature for call_indirect: usually that of some function of the module (so calls can
 * succeed), sometimes any signature (mismatch traps); with `t`, one returning a `t`.
 */
function indirectSig(s: FuncState, t?: ValType): SigInfo {
  const ok = (g: SigInfo): boolean => t === undefined || g.type.results.includes(t);
  const used = s.env.funcs.map((f) => f.sig).filter(ok);
  return used.length && s.rng.chance(0.8) ? s.rng.pick(used) : s.rng.pick(s.env.sigs.filter(ok));
}

const hasFuncTable = (s: FuncState): boolean => s.env.tables.some((t) => t.type.elemType === 'funcref');

/** Call producers. */
export const CALL_PRODUCERS: readonly ValueProducer[] = [
  {
    name: 'call',
    weight: 2,
    applies: (s, t) => funcsReturning(s, t).length > 0,
    emit(s, t) {
      const f = s.rng.pick(funcsReturning(s, t));
      emitCall(s, f);
      const k = pickResult(s, f.sig, t);
      keepOne(s, f.sig.type.results, k);
      return f.sig.resultExact[k] ?? true;
    },
  },
  {
    name: 'call_indirect',
    weight: 0.8,
    applies: (s, t) => hasFuncTable(s) && s.env.sigs.some((g) => g.type.results.includes(t)),
    emit(s, t) {
      const aimed = s.rng.chance(0.75) ? filledSlot(s, t) : null;
      const sig = aimed?.sig ?? indirectSig(s, t);
      emitCallIndirect(s, sig, aimed ?? undefined);
      const k = pickResult(s, sig, t);
      keepOne(s, sig.type.results, k);
      return sig.resultExact[k] ?? true;
    },
  },
];

/** Call statements (results dropped) and host logging. */
export const CALL_STATEMENTS: readonly StmtProducer[] = [
  {
    name: 'call',
    weight: 2.5,
    applies: (s) => s.env.funcs.length > 0,
    emit(s) {
      const f = s.rng.pick(s.env.funcs);
      emitCall(s, f);
      s.dropN(f.sig.type.results.length);
    },
  },
  {
    name: 'call_indirect',
    weight: 1,
    applies: hasFuncTable,
    emit(s) {
      const aimed = s.rng.chance(0.75) ? filledSlot(s) : null;
      const sig = aimed?.sig ?? indirectSig(s);
      emitCallIndirect(s, sig, aimed ?? undefined);
      s.dropN(sig.type.results.length);
    },
  },
  {
    name: 'host.log',
    weight: 1,
    applies: (s) => s.env.funcs.some((f) => f.host === 'log'),
    emit(s) {
      const f = s.env.funcs.find((x) => x.host === 'log')!;
      s.value('i32');
      if (s.rng.chance(0.3)) {
        s.b.i32Const(0xff);
        s.b.simple(Op.i32_and);
      }
      s.b.call(f.index);
    },
  },
];
