import { describe, expect, it } from 'vitest';
import { TrapCode } from '../api/errors.js';
import { createInterpEngine } from '../engine/interp/index.js';
import { CodeReader } from '../wasm/binary/code-reader.js';
import { decodeModule } from '../wasm/binary/decoder.js';
import type { Module } from '../wasm/module.js';
import { Op, OP_INFO } from '../wasm/opcodes.js';
import { validateModule } from '../wasm/validate/index.js';
import { runOnEngine } from './differential.js';
import { generateModule } from './generate.js';

function opcodesOf(m: Module): Map<number, number> {
  const seen = new Map<number, number>();
  for (const f of m.funcs) {
    const r = new CodeReader(f.body);
    while (r.pos < f.body.end) {
      const op = r.op();
      seen.set(op, (seen.get(op) ?? 0) + 1);
      if (op === Op.block || op === Op.loop || op === Op.if) {
        const bt = r.blockType();
        if (bt >= 0) seen.set(-1, (seen.get(-1) ?? 0) + 1); // a block type given by type index
      } else {
        r.skipImmediates(op);
      }
    }
  }
  return seen;
}

function merge(into: Map<number, number>, from: Map<number, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

describe('generateModule', () => {
  it('is deterministic per seed', () => {
    const a = generateModule(123);
    const b = generateModule(123);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(b.plan).toEqual(a.plan);
    expect(Buffer.from(generateModule(124).bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it('makes modules that validate and cover every scalar instruction', () => {
    const seen = new Map<number, number>();
    let starts = 0;
    let imports = 0;
    let passive = 0;
    let declarative = 0;
    for (let seed = 0; seed < 150; seed++) {
      const g = generateModule(seed);
      const decoded = decodeModule(g.bytes);
      expect(() => validateModule(decoded)).not.toThrow();
      merge(seen, opcodesOf(decoded));
      if (decoded.start !== null) starts++;
      imports += decoded.imports.length;
      passive += decoded.elems.filter((e) => e.mode === 'passive').length + decoded.datas.filter((d) => d.mode === 'passive').length;
      declarative += decoded.elems.filter((e) => e.mode === 'declarative').length;
    }
    const missing = [...OP_INFO.values()].filter((i) => i.code < 0xfd00 && !seen.has(i.code)).map((i) => i.name);
    expect(missing).toEqual([]);
    expect(seen.get(-1)).toBeGreaterThan(0);
    expect(starts).toBeGreaterThan(0);
    expect(imports).toBeGreaterThan(0);
    expect(passive).toBeGreaterThan(0);
    expect(declarative).toBeGreaterThan(0);
  });

  it('with simd, covers every SIMD instruction', () => {
    const seen = new Map<number, number>();
    for (let seed = 0; seed < 250; seed++) {
      const g = generateModule(seed, { simd: true });
      merge(seen, opcodesOf(validateModule(decodeModule(g.bytes)).module));
    }
    const missing = [...OP_INFO.values()].filter((i) => i.code >= 0xfd00 && !seen.has(i.code)).map((i) => i.name);
    expect(missing).toEqual([]);
  });

  it('without simd, never uses v128', () => {
    for (let seed = 0; seed < 40; seed++) {
      const m = generateModule(seed).module;
      expect([...opcodesOf(m).keys()].filter((c) => c >= 0xfd00)).toEqual([]);
      expect(JSON.stringify(m.types)).not.toContain('v128');
    }
  });

  it('makes calls that terminate within a small instruction budget', () => {
    // Note: fuel metering on the interpreter counts every executed instruction: generated code
    // must stay far below it thanks to the fuel global and loop counters.
    const makeEngine = () => createInterpEngine({ fuel: 3_000_000, maxMemoryPages: 16 });
    let calls = 0;
    for (let seed = 0; seed < 60; seed++) {
      const g = generateModule(seed * 31 + 7);
      const run = runOnEngine('interp', g.bytes, g.plan, makeEngine);
      for (const c of run.calls) {
        calls++;
        expect(c.outcome.kind === 'trap' && c.outcome.codes.includes(TrapCode.OutOfFuel)).toBe(false);
        expect(c.outcome.kind).not.toBe('error');
      }
    }
    expect(calls).toBeGreaterThan(100);
  });
});
