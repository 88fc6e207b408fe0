import { describe, expect, it } from 'vitest';
import { WatParseError } from './errors.js';
import { parseWat } from './wat.js';
import { parseWast } from './wast.js';
import type { WastCommand, WastExpected } from './wast-types.js';
import { hostRef, hostRefsEqual, isHostRef } from './wast-values.js';

function only(text: string): WastCommand {
  const s = parseWast(text, 't.wast');
  expect(s.commands.length).toBe(1);
  return s.commands[0]!;
}

function expected(results: string): readonly WastExpected[] {
  const c = only(`(assert_return (invoke "f") ${results})`);
  if (c.kind !== 'assert_return') throw new Error(c.kind);
  return c.expected;
}

describe('parseWast commands', () => {
  it('keeps the exact text and name of text modules, with their position', () => {
    const text = ';; header\n(module $M\n  (func (export "f") (result i32) (i32.const 1)) ;; c\n)\n(invoke "f")';
    const s = parseWast(text, 't.wast');
    expect(s.filename).toBe('t.wast');
    const m = s.commands[0]!;
    expect(m).toMatchObject({ kind: 'module', name: '$M', line: 2, column: 1 });
    if (m.kind !== 'module' || m.source.kind !== 'text') throw new Error('not a text module');
    expect(m.source.text).toBe('(module $M\n  (func (export "f") (result i32) (i32.const 1)) ;; c\n)');
    expect(m.source).toMatchObject({ line: 2, column: 1 });
    expect(parseWat(m.source.text).names?.module).toBe('M');
    expect(s.commands[1]).toMatchObject({ kind: 'action', line: 5, action: { kind: 'invoke', module: null, name: 'f', args: [] } });
  });

  it('concatenates binary and quote strings', () => {
    const [b, q] = parseWast('(module $B binary "\\00asm" "\\01\\00\\00\\00") (module quote "(func" " $f)")').commands;
    expect(b).toMatchObject({ kind: 'module', name: '$B', source: { kind: 'binary' } });
    if (b!.kind !== 'module' || b!.source.kind !== 'binary') throw new Error();
    expect([...b!.source.bytes]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    if (q!.kind !== 'module' || q!.source.kind !== 'quote') throw new Error();
    expect(new TextDecoder().decode(q!.source.bytes)).toBe('(func $f)');
  });

  it('reads register, invoke and get with module names', () => {
    const [r1, r2, inv, get] = parseWast('(register "lib") (register "lib2" $M) (invoke $M "g" (i32.const 1)) (get $M "glob")').commands;
    expect(r1).toMatchObject({ kind: 'register', as: 'lib', module: null });
    expect(r2).toMatchObject({ kind: 'register', as: 'lib2', module: '$M' });
    expect(inv).toMatchObject({ kind: 'action', action: { kind: 'invoke', module: '$M', name: 'g' } });
    expect(get).toMatchObject({ kind: 'action', action: { kind: 'get', module: '$M', name: 'glob' } });
  });

  it('reads every assertion', () => {
    const s = parseWast(`
      (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
      (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
      (assert_exhaustion (invoke "loop") "call stack exhausted")
      (assert_invalid (module (func (result i32))) "type mismatch")
      (assert_malformed (module quote "(func") "unexpected token")
      (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
      (assert_uninstantiable (module binary "") "out of bounds")
      (assert_return (get "g") (i64.const -1))`);
    expect(s.commands.map((c) => [c.kind, c.line, 'message' in c ? c.message : null])).toEqual([
      ['assert_trap', 2, 'integer divide by zero'],
      ['assert_uninstantiable', 3, 'unreachable'],
      ['assert_exhaustion', 4, 'call stack exhausted'],
      ['assert_invalid', 5, 'type mismatch'],
      ['assert_malformed', 6, 'unexpected token'],
      ['assert_unlinkable', 7, 'unknown import'],
      ['assert_uninstantiable', 8, 'out of bounds'],
      ['assert_return', 9, null],
    ]);
    const trap = s.commands[0]!;
    if (trap.kind !== 'assert_trap' || trap.action.kind !== 'invoke') throw new Error();
    expect(trap.action.args).toEqual([
      { kind: 'const', value: { type: 'i32', value: 1 } },
      { kind: 'const', value: { type: 'i32', value: 0 } },
    ]);
  });

  it('treats a script of bare module fields as one module', () => {
    const s = parseWast('(func (export "f")) (memory 1)');
    expect(s.commands).toHaveLength(1);
    expect(s.commands[0]).toMatchObject({ kind: 'module', name: null, source: { kind: 'text', text: '(func (export "f")) (memory 1)' } });
  });
});

describe('parseWast values', () => {
  it('reads argument constants exactly', () => {
    const c = only(
      '(invoke "f" (i32.const 0xffffffff) (i64.const -0x8000000000000000) (f32.const -nan:0x1) (f64.const 0.1) ' +
        '(v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -1) (ref.null func) (ref.null extern) (ref.extern 7))',
    );
    if (c.kind !== 'action' || c.action.kind !== 'invoke') throw new Error();
    const v = c.action.args.map((a) => a.value);
    expect(v.slice(0, 4)).toEqual([
      { type: 'i32', value: -1 },
      { type: 'i64', value: -0x8000000000000000n },
      { type: 'f32', bits: 0xff800001 },
      { type: 'f64', bits: 0x3fb999999999999an },
    ]);
    expect(v[4]).toEqual({ type: 'v128', bytes: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 255]) });
    expect(v.slice(5, 7)).toEqual([
      { type: 'funcref', value: null },
      { type: 'externref', value: null },
    ]);
    expect(v[7]!.type).toBe('externref');
    expect(hostRefsEqual((v[7] as { value: unknown }).value, hostRef(7))).toBe(true);
  });

  it('reads NaN patterns, reference patterns and per-lane v128 patterns', () => {
    expect(expected('(f32.const nan:canonical) (f64.const nan:arithmetic) (ref.func) (ref.extern) (ref.extern 2)')).toEqual([
      { kind: 'nan', type: 'f32', nan: 'canonical' },
      { kind: 'nan', type: 'f64', nan: 'arithmetic' },
      { kind: 'ref', type: 'funcref' },
      { kind: 'ref', type: 'externref' },
      { kind: 'const', value: { type: 'externref', value: { hostRef: 2 } } },
    ]);
    expect(expected('(v128.const f32x4 nan:canonical 1 -0 nan:arithmetic)')).toEqual([
      {
        kind: 'v128',
        shape: 'f32x4',
        lanes: [
          { kind: 'nan', nan: 'canonical' },
          { kind: 'bits', bits: 0x3f800000n },
          { kind: 'bits', bits: 0x80000000n },
          { kind: 'nan', nan: 'arithmetic' },
        ],
      },
    ]);
    expect(expected('(v128.const f64x2 1 nan:canonical)')[0]).toMatchObject({ kind: 'v128', shape: 'f64x2' });
    expect(expected('(v128.const f32x4 1 2 3 nan)')[0]).toMatchObject({ kind: 'const', value: { type: 'v128' } });
  });

  it('host references compare by number', () => {
    expect(isHostRef(hostRef(1))).toBe(true);
    expect(isHostRef({})).toBe(false);
    expect(isHostRef(null)).toBe(false);
    expect(hostRefsEqual(hostRef(1), hostRef(1))).toBe(true);
    expect(hostRefsEqual(hostRef(1), hostRef(2))).toBe(false);
    expect(hostRefsEqual(hostRef(1), 1)).toBe(false);
  });
});

describe('malformed scripts', () => {
  it.each([
    ['(assert_return (invoke "f" (i32.const 4294967296)))', 'constant out of range', 1, 39],
    ['(assert_return (invoke "f") (v128.const i32x4 nan:canonical 0 0 0))', 'invalid vector constant', 1, 30],
    ['(assert_return (invoke "f") (v128.const f64x2 nan:canonical))', 'wrong number of lane literals', 1, 30],
    ['(assert_return (invoke "f") (i32.const nan:canonical))', 'unexpected token', 1, 40],
    ['(frobnicate)', 'unknown operator frobnicate', 1, 2],
    ['(invoke "f" (local.get 0))', 'unexpected token', 1, 14],
    ['(module', 'unexpected token', 1, 8],
    ['(register $M)', 'unexpected token', 1, 11],
    ['(invoke "\\ff")', 'malformed UTF-8 encoding', 1, 9],
  ])('%s: %s', (text, reason, line, column) => {
    let err: unknown;
    try {
      parseWast(text, 't.wast');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WatParseError);
    expect((err as WatParseError).reason).toBe(reason);
    expect([(err as WatParseError).line, (err as WatParseError).column]).toEqual([line, column]);
  });
});
