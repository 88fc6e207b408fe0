import { describe, expect, it } from 'vitest';
import type { FuncType, TableType } from '../api/types.js';
import { Op } from '../wasm/opcodes.js';
import { CodeBuilder, FuzzBuilderError, parseSig } from './code-builder.js';

function makeBuilder(type: FuncType, locals: string[] = [], types: FuncType[] = []) {
  const info = {
    typeIndex: (t: FuncType) => {
      const i = types.findIndex((x) => JSON.stringify(x) === JSON.stringify(t));
      if (i >= 0) return i;
      types.push(t);
      return types.length - 1;
    },
    funcType: (i: number) => [type][i]!,
    globalType: () => ({ valType: 'i32' as const, mutable: false }),
    tableType: (): TableType => ({ elemType: 'funcref', limits: { min: 1 } }),
    elemType: () => 'funcref' as const,
  };
  return { b: new CodeBuilder(info, type, [...type.params, ...locals] as never), types };
}

describe('parseSig', () => {
  it.each([
    ['ii:i', ['i32', 'i32'], ['i32']],
    ['F:I', ['f64'], ['i64']],
    ['vv:v', ['v128', 'v128'], ['v128']],
    [':', [], []],
  ])('%s', (sig, params, results) => {
    expect(parseSig(sig)).toEqual({ params, results });
  });
});

describe('CodeBuilder', () => {
  it('emits the bytes of a simple body', () => {
    const { b } = makeBuilder({ params: ['i32'], results: ['i32'] });
    b.localGet(0);
    b.i32Const(-1);
    b.simple(Op.i32_add);
    b.end();
    expect([...b.finish()]).toEqual([0x20, 0x00, 0x41, 0x7f, 0x6a, 0x0b]);
  });

  it('encodes multi-value and parameterised block types as type indices', () => {
    const { b, types } = makeBuilder({ params: [], results: [] });
    b.i32Const(1);
    b.block({ params: ['i32'], results: ['i32', 'i32'] });
    b.i32Const(2);
    b.end();
    b.drop();
    b.drop();
    b.end();
    expect(types).toEqual([{ params: ['i32'], results: ['i32', 'i32'] }]);
    expect([...b.finish()].slice(0, 4)).toEqual([0x41, 0x01, 0x02, 0x00]);
  });

  it.each<[string, (b: CodeBuilder) => void]>([
    ['a type mismatch', (b) => (b.f32Const(0), b.simple(Op.i32_eqz))],
    ['an underflow', (b) => b.simple(Op.i32_add)],
    ['extra values at end', (b) => (b.i32Const(1), b.i32Const(2), b.end())],
    ['missing results at end', (b) => b.end()],
    ['else without if', (b) => b.else()],
    ['an if without else whose params and results differ', (b) => (b.i32Const(1), b.if({ params: [], results: ['i32'] }), b.i32Const(1), b.end())],
    ['untyped select of references', (b) => (b.refNull('funcref'), b.refNull('funcref'), b.i32Const(1), b.select())],
    ['a store with too large an alignment', (b) => (b.i32Const(0), b.i32Const(0), b.memory(Op.i32_store8, 1, 0))],
    ['a branch to a closed frame', (b) => {
      const f = b.block({ params: [], results: [] });
      b.end();
      b.br(f);
    }],
    ['finishing an open body', (b) => b.finish()],
  ])('rejects %s', (_name, act) => {
    const { b } = makeBuilder({ params: [], results: ['i32'] }, ['i32']);
    expect(() => act(b)).toThrow(FuzzBuilderError);
  });

  it('accepts dead code after a branch (polymorphic stack)', () => {
    const { b } = makeBuilder({ params: [], results: ['i64'] });
    const f = b.block({ params: [], results: ['i32'] });
    b.i32Const(7);
    b.br(f);
    b.simple(Op.i32_add); // pops two unknowns
    b.end();
    b.drop();
    b.unreachable();
    b.simple(Op.i64_eqz); // dead: operand from the polymorphic bottom
    b.simple(Op.i64_extend_i32_u);
    b.end();
    expect(b.finish().length).toBeGreaterThan(0);
  });

  it('keeps br_if values and computes label depths', () => {
    const { b } = makeBuilder({ params: [], results: [] });
    const outer = b.block({ params: [], results: ['i32'] });
    b.loop({ params: [], results: [] });
    b.i32Const(5);
    b.i32Const(1);
    b.brIf(outer);
    expect(b.operandTypes).toEqual(['i32']);
    expect(b.depthOf(outer)).toBe(1);
    b.drop();
    b.end();
    b.i32Const(0);
    b.end();
    b.drop();
    b.end();
    expect([...b.finish()]).toContain(Op.br_if);
  });

  it('rejects br_table targets of different types', () => {
    const { b } = makeBuilder({ params: [], results: [] });
    const a = b.block({ params: [], results: [] });
    const c = b.block({ params: [], results: ['i32'] });
    b.i32Const(0);
    expect(() => b.brTable([a], c)).toThrow(FuzzBuilderError);
  });
});
