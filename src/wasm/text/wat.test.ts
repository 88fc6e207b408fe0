import { describe, expect, it } from 'vitest';
import { encodeModule } from '../binary/encoder.js';
import type { Module } from '../module.js';
import { WatParseError } from './errors.js';
import { parseWat } from './wat.js';

/** The encoding of a text module without its name section. */
function bin(text: string): number[] {
  const m = parseWat(text);
  m.names = null;
  return [...encodeModule(m)];
}

/** The body bytes of function `i` (without the final `end`). */
function body(m: Module, i = 0): number[] {
  const b = m.funcs[i]!.body;
  return [...b.bytes.subarray(b.start, b.end - 1)];
}

function parseError(text: string | Uint8Array): WatParseError {
  try {
    parseWat(text, 'test.wat');
  } catch (e) {
    if (e instanceof WatParseError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('parseWat encodes', () => {
  it('a small module byte for byte', () => {
    const text = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))';
    expect(bin(text)).toEqual([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
      0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a,
      0x0b,
    ]);
  });

  it.each([
    ['i32.const -1', [0x41, 0x7f]],
    ['i64.const 0x8000_0000_0000_0000', [0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]],
    ['f32.const -nan:0x1', [0x43, 0x01, 0x00, 0x80, 0xff]],
    ['f64.const 1', [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]],
    ['v128.const i16x8 1 2 3 4 5 6 7 -1', [0xfd, 0x0c, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0xff, 0xff]],
    ['v128.const f32x4 1 0 0 -0', [0xfd, 0x0c, 0, 0, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80]],
    ['i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31', [0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31]],
    ['i32x4.extract_lane 3', [0xfd, 0x1b, 3]],
    ['v128.load8_lane offset=4 15', [0xfd, 0x54, 0x00, 0x04, 15]],
    ['i32.load', [0x28, 0x02, 0x00]],
    ['i64.load offset=0x10 align=2', [0x29, 0x01, 0x10]],
    ['v128.load', [0xfd, 0x00, 0x04, 0x00]],
    ['v128.load8x8_s', [0xfd, 0x01, 0x03, 0x00]],
    ['v128.load32_zero', [0xfd, 0x5c, 0x02, 0x00]],
    ['i64.store32 align=1', [0x3e, 0x00, 0x00]],
    ['select', [0x1b]],
    ['select (result i32) (result f64)', [0x1c, 0x02, 0x7f, 0x7c]],
    ['ref.null extern', [0xd0, 0x6f]],
    ['memory.size memory.grow memory.fill memory.copy', [0x3f, 0x00, 0x40, 0x00, 0xfc, 0x0b, 0x00, 0xfc, 0x0a, 0x00, 0x00]],
    ['table.get table.size 0 table.copy table.copy 0 0', [0x25, 0x00, 0xfc, 0x10, 0x00, 0xfc, 0x0e, 0x00, 0x00, 0xfc, 0x0e, 0x00, 0x00]],
    ['table.init 0 table.init 0 0 elem.drop 0', [0xfc, 0x0c, 0x00, 0x00, 0xfc, 0x0c, 0x00, 0x00, 0xfc, 0x0d, 0x00]],
    ['i32.trunc_sat_f32_s', [0xfc, 0x00]],
    ['br_table 0 0 0', [0x0e, 0x02, 0x00, 0x00, 0x00]],
    ['block (result i32) unreachable end', [0x02, 0x7f, 0x00, 0x0b]],
    ['loop end', [0x03, 0x40, 0x0b]],
    ['if else end', [0x04, 0x40, 0x0b]],
    ['if else nop end', [0x04, 0x40, 0x05, 0x01, 0x0b]],
  ])('%s', (instrs, bytes) => {
    const m = parseWat(`(module (memory 1) (table 1 funcref) (elem funcref) (func ${instrs}))`);
    expect(body(m)).toEqual(bytes);
  });

  it('folded instructions in operand order, with immediates first', () => {
    const m = parseWat('(func (i32.store offset=8 (i32.const 1) (i32.add (i32.const 2) (i32.const 3))))');
    expect(body(m)).toEqual([0x41, 1, 0x41, 2, 0x41, 3, 0x6a, 0x36, 0x02, 0x08]);
  });

  it('folded if with conditions, then and else', () => {
    const m = parseWat('(func (param i32) (result i32) (if $l (result i32) (local.get 0) (then (i32.const 1)) (else (br $l (i32.const 2)))))');
    expect(body(m)).toEqual([0x20, 0, 0x04, 0x7f, 0x41, 1, 0x05, 0x41, 2, 0x0c, 0, 0x0b]);
    expect(body(parseWat('(func (if (i32.const 0) (then) (else)))'))).toEqual([0x41, 0, 0x04, 0x40, 0x0b]);
  });
});

describe('abbreviations expand to the same module', () => {
  it.each([
    ['(func (export "f"))', '(func $f) (export "f" (func $f))'],
    ['(func $f (import "m" "n") (param i32))', '(import "m" "n" (func $f (param i32)))'],
    ['(global (import "m" "g") (mut i32))', '(import "m" "g" (global (mut i32)))'],
    ['(table (export "t") (import "m" "t") 1 funcref)', '(import "m" "t" (table $t 1 funcref)) (export "t" (table $t))'],
    ['(memory (import "m" "mem") 1 2)', '(import "m" "mem" (memory 1 2))'],
    ['(table $t funcref (elem $f $g)) (func $f) (func $g)', '(table $t 2 2 funcref) (elem (table $t) (i32.const 0) func $f $g) (func $f) (func $g)'],
    ['(table externref (elem (ref.null extern)))', '(table 1 1 externref) (elem (table 0) (offset i32.const 0) externref (item ref.null extern))'],
    ['(memory (data "ab" "c"))', '(memory 1 1) (data (memory 0) (i32.const 0) "abc")'],
    ['(memory 1) (data (i32.const 1) "x")', '(memory 1) (data (memory 0) (offset (i32.const 1)) "x")'],
    ['(table 1 funcref) (elem (i32.const 0) $f) (func $f)', '(table 1 funcref) (elem (table 0) (offset i32.const 0) func $f) (func $f)'],
    ['(elem funcref (ref.func $f) (ref.null func)) (func $f)', '(elem funcref (item ref.func $f) (item ref.null func)) (func $f)'],
    ['(func (param i32))', '(type (func (param i32))) (func (type 0))'],
    ['(func (param $a i32) (param f32 f64) (result i32) (unreachable))', '(type (func (param i32 f32 f64) (result i32))) (func (type 0) (param i32) (param f32) (param f64) (result i32) unreachable)'],
    ['(func (local i32 i32) (local $x i64))', '(func (local i32) (local i32) (local i64))'],
    ['(func (i32.add (i32.const 1) (i32.const 2)) drop)', '(func i32.const 1 i32.const 2 i32.add drop)'],
    ['(func (block $a (block $b (br $a))))', '(func block block br 1 end end)'],
    ['(func (block $a (block $a (br $a))))', '(func block block br 0 end end)'],
    ['(func $f (loop $l (br_if $l (i32.const 0)) (call $f)))', '(func loop i32.const 0 br_if 0 call 0 end)'],
    ['(func (result i32) (block (result i32 i32) (unreachable)) drop)', '(type (func (result i32))) (type (func (result i32 i32))) (func (type 0) block (type 1) unreachable end drop)'],
    ['(table 1 funcref) (func (call_indirect (param i32) (i32.const 0) (i32.const 1)))', '(type (func)) (type (func (param i32))) (table 1 funcref) (func (type 0) i32.const 0 i32.const 1 call_indirect 0 (type 1))'],
    ['(func $f (param $x i32) (local $y i32) (local.set $y (local.get $x)))', '(func (param i32) (local i32) local.get 0 local.set 1)'],
    ['(global $g (mut i32) (i32.const 0)) (func (global.set $g (global.get $g)))', '(global (mut i32) i32.const 0) (func global.get 0 global.set 0)'],
    ['(memory $m 1) (data $d "x") (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d))', '(memory 1) (data "x") (func i32.const 0 i32.const 0 i32.const 1 memory.init 0 data.drop 0)'],
    ['(table $a 1 funcref) (table $b 1 funcref) (elem $e func) (func (table.init $b $e (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop $e) (table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0)))', '(table 1 funcref) (table 1 funcref) (elem func) (func i32.const 0 i32.const 0 i32.const 0 table.init 1 0 elem.drop 0 i32.const 0 i32.const 0 i32.const 0 table.copy 0 1)'],
    ['(type $t (func)) (func (type $t)) (start 0) (export "s" (func 0))', '(type (func)) (func (type 0)) (start 0) (export "s" (func 0))'],
    ['(func (i32.load (i32.const 0)) drop) (memory 1)', '(func i32.const 0 i32.load offset=0 align=4 drop) (memory 1)'],
    ['(func (v128.const i32x4 0x04030201 0 0 -1) drop)', '(func v128.const i8x16 1 2 3 4 0 0 0 0 0 0 0 0 255 255 255 255 drop)'],
    ['(func)', '(module (func))'],
    ['(elem declare func $f) (func $f (drop (ref.func $f)))', '(elem declare func 0) (func ref.func 0 drop)'],
  ])('%s', (short, long) => expect(bin(short)).toEqual(bin(long)));
});

describe('module structure', () => {
  it('puts implicit types after all explicit ones, in order of use, reusing equal ones', () => {
    const m = parseWat(`(module
      (func $a (param i32))
      (type $t (func))
      (func $b (type $t))
      (func $c (result i32) (i32.const 0))
      (func $d (param i32) (block (param i32) (result i64 i64) unreachable) unreachable)
      (type $u (func (param i32))))`);
    expect(m.types).toEqual([
      { params: [], results: [] },
      { params: ['i32'], results: [] },
      { params: [], results: ['i32'] },
      { params: ['i32'], results: ['i64', 'i64'] },
    ]);
    expect(m.funcs.map((f) => f.typeIdx)).toEqual([1, 0, 2, 1]);
  });

  it('numbers imports before definitions in every index space', () => {
    const m = parseWat(`(module
      (import "m" "f" (func $imp))
      (global $gi (import "m" "g") i32)
      (func $def (call $imp) (call $def) (drop (global.get $gd)))
      (global $gd i32 (global.get $gi)))`);
    expect(body(m)).toEqual([0x10, 0, 0x10, 1, 0x23, 1, 0x1a]);
    expect(m.imports.map((i) => i.desc.kind)).toEqual(['func', 'global']);
  });

  it('collects module, function and local names', () => {
    const m = parseWat('(module $mod (import "a" "b" (func $imp)) (func $f (param $p i32) (local i64) (local $l f32)) (func))');
    expect(m.names?.module).toBe('mod');
    expect([...m.names!.funcs]).toEqual([
      [0, 'imp'],
      [1, 'f'],
    ]);
    expect([...m.names!.locals.get(1)!]).toEqual([
      [0, 'p'],
      [2, 'l'],
    ]);
    expect(parseWat('(module (func))').names).toBeNull();
  });

  it('sets the data count only when code names a data segment', () => {
    expect(parseWat('(memory 1) (data "a") (data "b")').dataCount).toBeNull();
    expect(parseWat('(memory 1) (data "a") (data "b") (func (data.drop 1))').dataCount).toBe(2);
  });

  it('reads every element and data segment form', () => {
    const m = parseWat(`(module (table $t 2 funcref) (table $u 1 externref) (memory $m 1) (func $f)
      (elem func $f) (elem declare func $f) (elem (table $u) (i32.const 0) externref (ref.null extern))
      (elem $e (i32.const 1) $f $f)
      (data "p") (data (memory $m) (offset (i32.const 8)) "a" "\\62c"))`);
    expect(m.elems.map((e) => [e.mode, e.elemType, e.table, e.init.length])).toEqual([
      ['passive', 'funcref', 0, 1],
      ['declarative', 'funcref', 0, 1],
      ['active', 'externref', 1, 1],
      ['active', 'funcref', 0, 2],
    ]);
    expect(m.datas.map((d) => [d.mode, d.memory, new TextDecoder().decode(d.bytes)])).toEqual([
      ['passive', 0, 'p'],
      ['active', 0, 'abc'],
    ]);
  });

  it('keeps raw bytes in data strings but requires UTF-8 in names', () => {
    const m = parseWat('(memory 1) (data (i32.const 0) "\\ff\\00")');
    expect([...m.datas[0]!.bytes]).toEqual([0xff, 0x00]);
    expect(parseWat('(func (export "\\u{1F600}"))').exports[0]!.name).toBe('\u{1F600}');
  });

  it('leaves out-of-range numeric indices to the validator', () => {
    const m = parseWat('(func (call 7) (br 9) (local.get 3)) (export "x" (func 99))');
    expect(body(m)).toEqual([0x10, 7, 0x0c, 9, 0x20, 3]);
    expect(m.exports[0]!.index).toBe(99);
  });

  it('parses deeply nested blocks and folded expressions without running out of stack', () => {
    const n = 50000;
    const flat = parseWat(`(func ${'block '.repeat(n)}${'end '.repeat(n)})`);
    expect(body(flat).length).toBe(3 * n);
    const folded = parseWat(`(func (result i32) ${'(i32.eqz '.repeat(n)}(i32.const 0)${')'.repeat(n)})`);
    expect(body(folded).length).toBe(2 + n);
    const ifs = parseWat(`(func ${'(if (i32.const 1) (then '.repeat(n)}${')) '.repeat(n)})`);
    expect(body(ifs).length).toBe(5 * n);
  });

  it('parses a large module quickly enough to be linear', () => {
    const fn = '(func (param $a i32) (result i32) (block $b (br_if $b (local.get $a))) (i32.add (local.get $a) (i32.const 1)))';
    const m = parseWat(`(module ${fn.repeat(20000)})`);
    expect(m.funcs.length).toBe(20000);
  });
});

describe('malformed text', () => {
  it.each([
    ['(module (func (i32.const)))', 'unexpected token', 1, 25],
    ['(func (foo))', 'unknown operator foo', 1, 8],
    ['(func (nop) (local i32))', 'unexpected token', 1, 14],
    ['(func (result i32) (param i32))', 'unexpected token', 1, 21],
    ['(func (block (param $x i32)))', 'unexpected token', 1, 21],
    ['(func (block $l) br $nope)', 'unknown label $nope', 1, 21],
    ['(func (drop (i32.load align=3 (i32.const 0))))', 'alignment must be a power of two', 1, 23],
    ['(func (drop (i32.load offset=4294967296 (i32.const 0))))', 'i32 constant out of range', 1, 23],
    ['(func (drop (i32.const 4294967296)))', 'constant out of range', 1, 24],
    ['(func (drop (f32.const 1e39)))', 'constant out of range', 1, 24],
    ['(func $f) (func $f)', 'duplicate function $f', 1, 17],
    ['(global $g i32 (i32.const 0)) (import "a" "b" (global $g i32))', 'duplicate global $g', 1, 55],
    ['(func (param $x i32) (local $x i32))', 'duplicate local $x', 1, 29],
    ['(func block $a end $b)', 'mismatching label', 1, 20],
    ['(func block end $b)', 'mismatching label', 1, 17],
    ['(type $t (func)) (func (type $t) (param i32))', 'inline function type does not match explicit type', 1, 30],
    ['(func (type 3) (param i32))', 'unknown type 3', 1, 13],
    ['(func (type $t))', 'unknown type $t', 1, 13],
    ['(func) (import "a" "b" (func))', 'import after function definition', 1, 8],
    ['(memory 0) (import "a" "b" (global i32))', 'import after memory definition', 1, 12],
    ['(func) (start 0) (start 0)', 'multiple start sections', 1, 18],
    ['(func (export "\\ff"))', 'malformed UTF-8 encoding', 1, 15],
    ['(func (local.get $x))', 'unknown local $x', 1, 18],
    ['(func (call $g))', 'unknown function $g', 1, 13],
    ['(memory 4294967296)', 'i32 constant out of range', 1, 9],
    ['(func (v128.const i32x4 1 2 3) drop)', 'wrong number of lane literals', 1, 19],
    ['(func (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) drop)', 'constant out of range', 1, 19],
    ['(func (i8x16.shuffle 1 2))', 'invalid lane length', 1, 22],
    ['(func (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))', 'malformed lane index', 1, 29],
    ['(func (i32x4.extract_lane -1 (v128.const i64x2 0 0)))', 'unexpected token', 1, 27],
    ['(func) )', 'unexpected token', 1, 8],
    ['(func', 'unexpected token', 1, 6],
    ['(module (func)) (func)', 'unexpected token', 1, 17],
    ['(func (i32.const 0x))', 'unknown operator 0x', 1, 18],
    ['(func "unterminated)', 'unclosed string literal', 1, 7],
    ['(func (; open', 'unclosed comment', 1, 7],
    ['(func (i32.wrap/i64 (i64.const 0)))', 'unknown operator i32.wrap/i64', 1, 8],
    ['(func (invoke))', 'unexpected token', 1, 8],
    ['(elem (table 0) (i32.const 0) 0)', 'unexpected token', 1, 31],
    ['(table 0 anyfunc)', 'unknown operator anyfunc', 1, 10],
  ])('%s: %s at %d:%d', (text, reason, line, column) => {
    const e = parseError(text);
    expect(e.reason).toBe(reason);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message).toBe(`test.wat:${line}:${column}: ${reason}`);
  });

  it('reports a syntax error anywhere before a semantic error earlier in the text', () => {
    expect(parseError('(func (call $nope)) (func (i32.const))').reason).toBe('unexpected token');
    expect(parseError('(func (call $nope)) (func (i32.const 0))').reason).toBe('unknown function $nope');
  });

  it('reports positions on later lines and relative to an origin', () => {
    const e = parseError('(module\n  (func\n    (i32.const)))');
    expect([e.line, e.column]).toEqual([3, 15]);
    try {
      parseWat('(module\n (foo))', 'script.wast', { origin: { line: 10, column: 3 } });
    } catch (err) {
      expect((err as WatParseError).message).toBe('script.wast:11:3: unknown operator foo');
    }
    try {
      parseWat('(foo)', 'script.wast', { origin: { line: 10, column: 3 } });
    } catch (err) {
      expect([(err as WatParseError).line, (err as WatParseError).column]).toEqual([10, 4]);
    }
  });

  it('rejects bytes that are not UTF-8 at their position', () => {
    const e = parseError(Uint8Array.from([0x28, 0x66, 0x75, 0x6e, 0x63, 0x0a, 0x20, 0xff, 0x29]));
    expect(e.reason).toBe('malformed UTF-8 encoding');
    expect([e.line, e.column]).toEqual([2, 2]);
    expect(parseWat(new TextEncoder().encode('(func (export "é"))')).exports[0]!.name).toBe('é');
  });

  it('accepts empty text as an empty module', () => {
    const m = parseWat(';; nothing here\n');
    expect(m.funcs.length + m.types.length + m.imports.length).toBe(0);
  });
});
