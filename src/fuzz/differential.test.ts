import { describe, expect, it } from 'vitest';
import { TrapCode } from '../api/errors.js';
import { createInterpEngine } from '../engine/interp/index.js';
import type { EngineKind } from '../runtime/engine.js';
import { CodeReader } from '../wasm/binary/code-reader.js';
import { encodeModule } from '../wasm/binary/encoder.js';
import type { Code } from '../wasm/module.js';
import { opName } from '../wasm/opcodes.js';
import { parseWat } from '../wasm/text/index.js';
import { compareRuns, type EngineRun, runDifferential } from './differential.js';
import { minimizeCase } from './minimize.js';
import type { StateSnapshot } from './observe.js';
import type { RunPlan } from './plan.js';

function opNames(body: Code): string[] {
  const r = new CodeReader(body);
  const out: string[] = [];
  while (r.pos < body.end) {
    const op = r.op();
    out.push(opName(op));
    r.skipImmediates(op);
  }
  return out;
}

const state = (g = 'i32:00000000'): StateSnapshot => ({ globals: { g0: g }, memory: null, tables: {} });

function run(engine: EngineKind, over: Partial<EngineRun> = {}): EngineRun {
  return {
    engine,
    instantiate: { kind: 'ok', values: [] },
    calls: [{ export: 'f0', outcome: { kind: 'ok', values: ['i32:00000001'] }, state: state() }],
    hostLog: ['log(1)'],
    final: state(),
    ...over,
  };
}

describe('compareRuns', () => {
  it('finds nothing in equal runs', () => {
    expect(compareRuns([run('interp'), run('native')])).toEqual([]);
  });

  it.each<[string, Partial<EngineRun>, string, number | null]>([
    ['instantiation', { instantiate: { kind: 'trap', codes: [TrapCode.Unreachable], message: '' } }, 'instantiate', null],
    ['a result', { calls: [{ export: 'f0', outcome: { kind: 'ok', values: ['i32:00000002'] }, state: state() }] }, 'call', 0],
    ['the state after a call', { calls: [{ export: 'f0', outcome: { kind: 'ok', values: ['i32:00000001'] }, state: state('i32:00000009') }] }, 'state', 0],
    ['the host calls', { hostLog: ['log(2)'] }, 'host-log', null],
    ['the final state', { final: state('i32:00000003') }, 'state', null],
  ])('reports a difference in %s', (_name, over, kind, callIndex) => {
    const ds = compareRuns([run('interp'), run('native', over)]);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ kind, engines: ['interp', 'native'], callIndex });
  });

  it('reports engine errors even when both engines fail alike', () => {
    const err = { calls: [{ export: 'f0', outcome: { kind: 'error' as const, message: 'TypeError: x' }, state: state() }] };
    const ds = compareRuns([run('interp', err), run('native', err)]);
    expect(ds.filter((d) => d.kind === 'engine-error').map((d) => d.engines)).toEqual([['interp'], ['native']]);
  });
});

const WAT = `(module
  (memory (export "mem") 1)
  (global $fuel (export "fuel") (mut i32) (i32.const 0))
  (func (export "f0") (result i32) (i32.const 42))
  (func (export "f1") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "f2") (result i32) (i32.store (i32.const 8) (i32.const 7)) (i32.load (i32.const 8)))
)`;

const plan: RunPlan = {
  fuelExport: 'fuel',
  fuel: 10,
  importValues: {},
  calls: [
    { export: 'f0', args: [] },
    { export: 'f2', args: [] },
    { export: 'f1', args: [{ type: 'i32', value: 2 }] },
    { export: 'f0', args: [] },
  ],
  inexactResults: {},
  inexactGlobals: [],
};

// Two interpreters that differ only in their memory limit stand in for an engine with a bug.
const skewed = (kind: EngineKind) => createInterpEngine({ maxMemoryPages: kind === 'interp' ? 16 : 2 });

describe('runDifferential', () => {
  const bytes = encodeModule(parseWat(WAT));

  it('agrees with itself and records outcomes, state and fuel', () => {
    const r = runDifferential(bytes, plan, ['interp', 'native']);
    expect(r.divergences).toEqual([]);
    expect(r.runs[0]!.calls.map((c) => c.outcome)).toEqual([
      { kind: 'ok', values: ['i32:0000002a'] },
      { kind: 'ok', values: ['i32:00000007'] },
      { kind: 'ok', values: ['i32:00000001'] },
      { kind: 'ok', values: ['i32:0000002a'] },
    ]);
    expect(r.runs[0]!.final.globals.fuel).toBe('i32:0000000a');
    expect(r.runs[0]!.final.memory?.pages).toBe(3);
  });

  it('detects a divergence and minimises it to the diverging call', () => {
    const r = runDifferential(bytes, plan, ['interp', 'native'], skewed);
    expect(r.divergences[0]).toMatchObject({ kind: 'call', callIndex: 2, export: 'f1' });
    const m = minimizeCase({ module: parseWat(WAT), plan }, ['interp', 'native'], r.divergences[0]!, { makeEngine: skewed });
    expect(m.plan.calls.map((c) => c.export)).toEqual(['f1']);
    expect(m.divergences.some((d) => d.kind === 'call')).toBe(true);
    // f0 and f2 are not needed: their bodies became `unreachable`.
    expect([...m.module.funcs[0]!.body.bytes]).toEqual([0x00, 0x0b]);
    expect(m.steps).toBeGreaterThan(2);
  });

  it('cuts a body right after the instruction that diverges', () => {
    const wat = `(module
      (memory (export "mem") 1)
      (func (export "f0") (result i32)
        (i32.store (i32.const 0) (i32.const 1))
        (i32.store (i32.const 4) (i32.const 2))
        (block (result i32)
          (drop (memory.grow (i32.const 2)))
          (i32.store (i32.const 8) (i32.const 3))
          (i32.const 5))
        (i32.store (i32.const 12) (i32.const 4))))`;
    const module = parseWat(wat);
    const p: RunPlan = { ...plan, calls: [{ export: 'f0', args: [] }] };
    const r = runDifferential(encodeModule(module), p, ['interp', 'native'], skewed);
    expect(r.divergences[0]).toMatchObject({ kind: 'state', callIndex: 0 });
    const m = minimizeCase({ module, plan: p }, ['interp', 'native'], r.divergences[0]!, { makeEngine: skewed });
    const before = opNames(module.funcs[0]!.body);
    const after = opNames(m.module.funcs[0]!.body);
    expect(after.length).toBeLessThan(before.length);
    const grow = after.indexOf('memory.grow');
    expect(grow).toBeGreaterThan(0);
    // Nothing of the code after memory.grow is left but the closing `unreachable`/`end`s.
    expect(after.slice(grow + 1).filter((n) => n !== 'unreachable' && n !== 'end' && n !== 'drop')).toEqual([]);
  });
});
