/**
 * The differential runner: instantiates one module on each engine (a fresh engine per module),
 * makes the planned exported calls through `callExact`, records each outcome and the state after
 * it, and compares the engines' records (see observe.ts for the comparison rules).
 */

import type { Engine, EngineKind, EngineOptions } from '../runtime/engine.js';
import type { Extern, Value, WasmFunc, WasmGlobal, WasmMemory, WasmTable } from '../api/values.js';
import { createEngine } from '../engines.js';
import { loadModule } from '../runtime/compile.js';
import { Linker } from '../runtime/linker.js';
import { encodeUtf8 } from '../util/utf8.js';
import { HOST_FUNC_TYPES } from './gen-module.js';
import type { HostFuncName } from './gen-context.js';
import {
  describeOutcome,
  diffStates,
  hashBytes,
  observeValue,
  type Outcome,
  outcomeOfError,
  outcomesAgree,
  type RefNames,
  type StateSnapshot,
  stateKey,
} from './observe.js';
import { EXTERN_OBJECTS, type PlanValue, type RunPlan } from './plan.js';

/**
 * Engine options every fuzz run uses: the same memory limit everywhere (so memory.grow agrees), and
 * the JIT compiles every function up front (so generated code runs as JIT code, not interpreted
 * until it gets hot; other engines ignore the flag).
 */
export const FUZZ_ENGINE_OPTIONS: EngineOptions = { maxMemoryPages: 16, jitEager: true };

/** Makes the engine of one column; the default is `createEngine(kind, FUZZ_ENGINE_OPTIONS)`. */
export type EngineFactory = (kind: EngineKind) => Engine;

/** The default {@link EngineFactory}. */
export const defaultEngineFactory: EngineFactory = (kind) => createEngine(kind, FUZZ_ENGINE_OPTIONS);

/** One exported call as one engine ran it. */
export interface CallRecord {
  readonly export: string;
  readonly outcome: Outcome;
  /** The instance's state after the call. */
  readonly state: StateSnapshot;
}

/** Everything one engine did with one module. */
export interface EngineRun {
  readonly engine: EngineKind;
  /** Instantiation (decode, validate, compile, link, segments, start function). */
  readonly instantiate: Outcome;
  readonly calls: readonly CallRecord[];
  /** Calls of the host functions, in order, with their arguments. */
  readonly hostLog: readonly string[];
  /** State at the end (of the imports when instantiation failed). */
  readonly final: StateSnapshot;
}

/** A disagreement between engines (or an engine error). */
export interface Divergence {
  readonly kind: 'instantiate' | 'call' | 'state' | 'host-log' | 'engine-error';
  /** The reference engine and the one that disagrees with it (one engine for engine errors). */
  readonly engines: readonly EngineKind[];
  /** Index of the planned call, when the divergence is at a call. */
  readonly callIndex: number | null;
  readonly export: string | null;
  readonly detail: string;
}

/** The result of running one module on several engines. */
export interface DifferentialResult {
  readonly runs: readonly EngineRun[];
  readonly divergences: readonly Divergence[];
}

function hostFunction(name: string, log: string[]): (...args: any[]) => unknown {
  switch (name as HostFuncName) {
    case 'log':
      return (x: number) => {
        log.push(`log(${x | 0})`);
      };
    case 'mix':
      return (a: bigint, b: number) => {
        log.push(`mix(${a}, ${b | 0})`);
        return BigInt.asIntN(64, a * 0x9e3779b97f4a7c15n + BigInt(b | 0) * 0x10001n);
      };
    default:
      throw new Error(`the fuzz runner has no host function "${name}"`);
  }
}

/** Converts a plan value to an exact value of one engine's instance. */
function toValue(v: PlanValue, exports: Readonly<Record<string, Extern>>, hostObjects: readonly object[]): Value {
  switch (v.type) {
    case 'funcref': {
      if (v.func === null) return { type: 'funcref', value: null };
      const f = exports[v.func];
      if (!f || f.kind !== 'func') throw new Error(`the plan names a function "${v.func}" the module does not export`);
      return { type: 'funcref', value: f };
    }
    case 'externref':
      return { type: 'externref', value: v.extern === null ? null : hostObjects[v.extern] };
    default:
      return v;
  }
}

/** A snapshot of the given externs; an exception while reading them is recorded, not thrown. */
function snapshot(
  externs: readonly (readonly [string, Extern])[],
  inexactGlobals: ReadonlySet<string>,
  names: RefNames,
): StateSnapshot {
  try {
    return readState(externs, inexactGlobals, names);
  } catch (e) {
    const o = outcomeOfError(e);
    return { globals: {}, memory: null, tables: {}, error: o.kind === 'error' ? o.message : describeOutcome(o) };
  }
}

function readState(
  externs: readonly (readonly [string, Extern])[],
  inexactGlobals: ReadonlySet<string>,
  names: RefNames,
): StateSnapshot {
  const globals: Record<string, string> = {};
  const tables: Record<string, { length: number; hash: string }> = {};
  let memory: StateSnapshot['memory'] = null;
  for (const [name, e] of externs) {
    if (e.kind === 'global') {
      globals[name] = observeValue((e as WasmGlobal).getExact(), inexactGlobals.has(name), names);
    } else if (e.kind === 'memory') {
      const buf = new Uint8Array((e as WasmMemory).buffer);
      memory = { pages: buf.length / 65536, hash: hashBytes(buf) };
    } else if (e.kind === 'table') {
      const t = e as WasmTable;
      const items: string[] = [];
      for (let i = 0; i < t.length; i++) {
        const x = t.get(i);
        items.push(x === null || x === undefined ? 'null' : (names.get(x) ?? '?'));
      }
      tables[name] = { length: t.length, hash: hashBytes(encodeUtf8(items.join(','))) };
    }
  }
  return { globals, memory, tables };
}

/** Runs a module with its plan on a fresh engine of one kind. */
export function runOnEngine(
  kind: EngineKind,
  bytes: Uint8Array,
  plan: RunPlan,
  makeEngine: EngineFactory = defaultEngineFactory,
): EngineRun {
  const engine = makeEngine(kind);
  const linker = new Linker(engine);
  const hostLog: string[] = [];
  const hostObjects = Array.from({ length: EXTERN_OBJECTS }, (_x, k) => Object.freeze({ fuzzExtern: k }));
  const names = new Map<unknown, string>(hostObjects.map((o, k) => [o, `#${k}`]));
  const inexactGlobals = new Set(plan.inexactGlobals);
  const imported: [string, Extern][] = [];

  let instantiate: Outcome;
  let exports: Readonly<Record<string, Extern>> | null = null;
  try {
    const validated = loadModule(bytes);
    for (const imp of validated.module.imports) {
      const key = `${imp.module}.${imp.name}`;
      const d = imp.desc;
      if (d.kind === 'func') {
        const type = HOST_FUNC_TYPES[imp.name as HostFuncName];
        if (imp.module !== 'env' || !type) throw new Error(`the fuzz runner has no host function ${key}`);
        linker.defineFunc(imp.module, imp.name, type, hostFunction(imp.name, hostLog));
      } else if (d.kind === 'memory') {
        linker.defineMemory(imp.module, imp.name, d.type);
      } else if (d.kind === 'table') {
        linker.defineTable(imp.module, imp.name, d.type);
      } else {
        const v = plan.importValues[key];
        if (!v) throw new Error(`the plan has no value for the imported global ${key}`);
        linker.defineGlobal(imp.module, imp.name, d.type, toValue(v, {}, hostObjects));
      }
      imported.push([key, linker.get(imp.module, imp.name)!]);
    }
    const instance = linker.instantiate(engine.compile(validated, bytes));
    exports = instance.exports;
    instantiate = { kind: 'ok', values: [] };
  } catch (e) {
    instantiate = outcomeOfError(e);
  }

  const calls: CallRecord[] = [];
  if (exports) {
    for (const [name, e] of Object.entries(exports)) if (e.kind === 'func' && !names.has(e)) names.set(e, name);
    const externs = Object.entries(exports);
    const fuel = exports[plan.fuelExport];
    for (const call of plan.calls) {
      let outcome: Outcome;
      try {
        const f = exports[call.export];
        if (!f || f.kind !== 'func') throw new Error(`the module has no exported function "${call.export}"`);
        if (fuel?.kind === 'global') (fuel as WasmGlobal).setExact({ type: 'i32', value: plan.fuel });
        const args = call.args.map((a) => toValue(a, exports!, hostObjects));
        const results = (f as WasmFunc).callExact(args);
        const inexact = plan.inexactResults[call.export] ?? [];
        outcome = { kind: 'ok', values: results.map((r, i) => observeValue(r, inexact.includes(i), names)) };
      } catch (e) {
        outcome = outcomeOfError(e);
      }
      calls.push({ export: call.export, outcome, state: snapshot(externs, inexactGlobals, names) });
    }
  }
  const final = snapshot(exports ? Object.entries(exports) : imported, inexactGlobals, names);
  return { engine: kind, instantiate, calls, hostLog, final };
}

function firstLogDifference(a: readonly string[], b: readonly string[]): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `host call ${i}: ${a[i] ?? '(none)'} vs ${b[i] ?? '(none)'}`;
  }
  return null;
}

/** Compares one engine's run against the reference run; returns the first disagreement. */
function compareTwo(ref: EngineRun, other: EngineRun): Divergence | null {
  const engines = [ref.engine, other.engine];
  if (!outcomesAgree(ref.instantiate, other.instantiate)) {
    return {
      kind: 'instantiate',
      engines,
      callIndex: null,
      export: null,
      detail: `instantiation: ${ref.engine} ${describeOutcome(ref.instantiate)}, ${other.engine} ${describeOutcome(other.instantiate)}`,
    };
  }
  const n = Math.min(ref.calls.length, other.calls.length);
  for (let i = 0; i < n; i++) {
    const a = ref.calls[i]!;
    const b = other.calls[i]!;
    if (!outcomesAgree(a.outcome, b.outcome)) {
      return {
        kind: 'call',
        engines,
        callIndex: i,
        export: a.export,
        detail: `call ${i} ${a.export}: ${ref.engine} ${describeOutcome(a.outcome)}, ${other.engine} ${describeOutcome(b.outcome)}`,
      };
    }
    if (stateKey(a.state) !== stateKey(b.state)) {
      return {
        kind: 'state',
        engines,
        callIndex: i,
        export: a.export,
        detail: `state after call ${i} ${a.export} (${ref.engine} vs ${other.engine}): ${diffStates(a.state, b.state)}`,
      };
    }
  }
  const log = firstLogDifference(ref.hostLog, other.hostLog);
  if (log) return { kind: 'host-log', engines, callIndex: null, export: null, detail: `${ref.engine} vs ${other.engine}: ${log}` };
  if (stateKey(ref.final) !== stateKey(other.final)) {
    return {
      kind: 'state',
      engines,
      callIndex: null,
      export: null,
      detail: `final state (${ref.engine} vs ${other.engine}): ${diffStates(ref.final, other.final)}`,
    };
  }
  return null;
}

/** Engine errors (exceptions that are not traps) of one run. */
function engineErrors(run: EngineRun): Divergence[] {
  const out: Divergence[] = [];
  if (run.instantiate.kind === 'error') {
    out.push({ kind: 'engine-error', engines: [run.engine], callIndex: null, export: null, detail: `instantiation: ${run.instantiate.message}` });
  }
  const i = run.calls.findIndex((c) => c.outcome.kind === 'error');
  if (i >= 0) {
    const c = run.calls[i]!;
    out.push({ kind: 'engine-error', engines: [run.engine], callIndex: i, export: c.export, detail: `call ${i} ${c.export}: ${describeOutcome(c.outcome)}` });
  }
  return out;
}

/** Compares runs of one module: engine errors, then each engine against the first. */
export function compareRuns(runs: readonly EngineRun[]): Divergence[] {
  const out: Divergence[] = runs.flatMap(engineErrors);
  const [ref, ...others] = runs;
  if (ref) {
    for (const other of others) {
      const d = compareTwo(ref, other);
      if (d) out.push(d);
    }
  }
  return out;
}

/** Runs a module on every given engine and compares the runs. */
export function runDifferential(
  bytes: Uint8Array,
  plan: RunPlan,
  engines: readonly EngineKind[],
  makeEngine: EngineFactory = defaultEngineFactory,
): DifferentialResult {
  const runs = engines.map((k) => runOnEngine(k, bytes, plan, makeEngine));
  return { runs, divergences: compareRuns(runs) };
}
