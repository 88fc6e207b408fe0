import { describe, expect, it } from 'vitest';
import type { ValueType } from '../types.js';
import { prim } from '../types.js';
import { parseWaveCall, waveCallArgs } from './call.js';
import { WaveError } from './errors.js';
import { parseWaveNode } from './parser.js';
import { formatWaveFloat, printWave } from './printer.js';
import { parseWave } from './typed.js';
import { thrown } from '../../../test/support/thrown.js';

const u8 = prim('u8');
const s32 = prim('s32');
const u64 = prim('u64');
const s64 = prim('s64');
const f32 = prim('f32');
const f64 = prim('f64');
const str = prim('string');
const char = prim('char');
const bool = prim('bool');
const list = (elem: ValueType): ValueType => ({ kind: 'list', elem });
const option = (type: ValueType): ValueType => ({ kind: 'option', type });
const result = (ok: ValueType | null, err: ValueType | null): ValueType => ({ kind: 'result', ok, err });
const record = (...fields: [string, ValueType][]): ValueType => ({ kind: 'record', fields: fields.map(([name, type]) => ({ name, type })) });
const tuple = (...types: ValueType[]): ValueType => ({ kind: 'tuple', types });
const variant = (...cases: [string, ValueType | null][]): ValueType => ({ kind: 'variant', cases: cases.map(([name, type]) => ({ name, type })) });
const enumT = (...names: string[]): ValueType => ({ kind: 'enum', names });
const flags = (...names: string[]): ValueType => ({ kind: 'flags', names });

const basic = record(['required', u8], ['optional', option(u8)]);
const response = variant(['empty', null], ['body', list(u8)], ['err', str]);

const waveError = (f: () => unknown): WaveError => thrown(f, WaveError);

describe('parseWave', () => {
  const accept: [string, ValueType, unknown][] = [
    ['true', bool, true],
    ['false', bool, false],
    ['0', u8, 0],
    ['255', u8, 255],
    ['-2147483648', s32, -2147483648],
    ['18446744073709551615', u64, 18446744073709551615n],
    ['-9223372036854775808', s64, -9223372036854775808n],
    ['-0', s32, 0],
    ['1', f64, 1],
    ['3.14', f64, 3.14],
    ['6.022e+23', f64, 6.022e23],
    ['-1E-3', f64, -0.001],
    ['0.1', f32, Math.fround(0.1)],
    ['inf', f64, Infinity],
    ['-inf', f32, -Infinity],
    ["'x'", char, 'x'],
    ["'☃'", char, '☃'],
    ["'\\''", char, "'"],
    ["'\\u{0}'", char, '\0'],
    ["'\\u{1F600}'", char, '😀'],
    ['"abc\\t123"', str, 'abc\t123'],
    ['"q\\"uote\\\\ \\n\\r\'"', str, 'q"uote\\ \n\r\''],
    ['""', str, ''],
    ['"""\nA single line\n"""', str, 'A single line'],
    ['"""\n    Indentation determined\n      by ending delimiter\n  """', str, '  Indentation determined\n    by ending delimiter'],
    ['"""\r\n  a "quoted" \\u{41}\r\n  """', str, 'a "quoted" A'],
    ['("abc", 123)', tuple(str, u8), ['abc', 123]],
    ['(1,)', tuple(u8), [1]],
    ['[]', list(char), []],
    ["['a', 'b', 'c',]", list(char), ['a', 'b', 'c']],
    ['[1, 2]', list(u8), new Uint8Array([1, 2])],
    ['[[1], []]', list(list(s32)), [[1], []]],
    ['{required: 1}', basic, { required: 1, optional: { tag: 'none' } }],
    ['{optional: 2, required: 1,}', basic, { required: 1, optional: { tag: 'some', val: 2 } }],
    ['{%required: 1, optional: none}', basic, { required: 1, optional: { tag: 'none' } }],
    ['{:}', record(['a', option(u8)]), { a: { tag: 'none' } }],
    ['empty', response, { tag: 'empty' }],
    ['body([79, 75])', response, { tag: 'body', val: new Uint8Array([79, 75]) }],
    ['%err("oops")', response, { tag: 'err', val: 'oops' }],
    ['south', enumT('north', 'south'), 'south'],
    ['%ok', enumT('ok', 'not-found'), 'ok'],
    ['some(123)', option(u8), { tag: 'some', val: 123 }],
    ['123', option(u8), { tag: 'some', val: 123 }],
    ['none', option(u8), { tag: 'none' }],
    ['some(none)', option(option(u8)), { tag: 'some', val: { tag: 'none' } }],
    ['ok(1)', result(u8, null), { tag: 'ok', val: 1 }],
    ['1', result(u8, null), { tag: 'ok', val: 1 }],
    ['ok', result(null, str), { tag: 'ok' }],
    ['err("oops")', result(null, str), { tag: 'err', val: 'oops' }],
    ['err', result(null, null), { tag: 'err' }],
    ['{write, read,}', flags('read', 'write', 'exec'), { read: true, write: true, exec: false }],
    ['{}', flags('read'), { read: false }],
    ['  // a comment\n 7 // another\n', u8, 7],
    ['method-GET', enumT('method-GET'), 'method-GET'],
  ];
  it.each(accept)('reads %s', (text, type, want) => {
    expect(parseWave(text, type)).toEqual(want);
  });

  const reject: [string, ValueType, string][] = [
    ['256', u8, 'invalid value: 256 is out of range for u8 at 0..3'],
    ['-1', u8, 'invalid value: -1 is out of range for u8 at 0..2'],
    ['-0', u8, 'invalid value: -0 is out of range for u8 at 0..2'],
    ['1.5', s32, 'invalid value type: expected s32, found the number 1.5 at 0..3'],
    ['1e3', s32, 'invalid value type: expected s32, found the number 1e3 at 0..3'],
    ['01', u8, 'trailing characters at 1..2'],
    ['-nan', f32, 'invalid token at 0..1'],
    ['NaN', f32, 'trailing characters at 1..2'],
    ['Nan', f32, 'trailing characters at 1..3'],
    ['INF', f64, 'invalid value type: expected f64, found the label `INF` at 0..3'],
    ['infinity', f64, 'invalid value type: expected f64, found the label `infinity` at 0..8'],
    ['.5', f64, 'invalid token at 0..1'],
    ["'ab'", char, 'multiple characters in char value at 0..4'],
    ["''", char, 'empty char at 0..2'],
    ['"a\\qb"', str, 'invalid character escape at 2..4'],
    ['"\\u{D800}"', str, 'invalid character escape: U+D800 is not a Unicode scalar value at 1..9'],
    ['"\\u{110000}"', str, 'invalid character escape: U+110000 is not a Unicode scalar value at 1..11'],
    ['"a\nb"', str, 'unterminated string at 0..2'],
    ['"abc', str, 'unterminated string at 0..4'],
    ['"""\n  x\n y"""', str, 'invalid multiline string: the closing `"""` must be on its own line at 10..13'],
    ['"""x\n"""', str, 'invalid multiline string: `"""` must be followed by a line break at 0..3'],
    ['()', tuple(u8), 'empty tuple at 0..2'],
    ['(1, 2)', tuple(u8), 'invalid value: expected a tuple of 1, found 2 values at 0..6'],
    ['[1 2]', list(u8), 'unexpected token: number 2, expected `,` or `]` at 3..4'],
    ['{}', basic, 'invalid value type: expected record, found a flags at 0..2'],
    ['{optional: 1}', basic, 'invalid value: missing record field `required` at 0..13'],
    ['{required: 1, extra: 2}', basic, 'invalid value: unknown record field `extra` at 21..22'],
    ['{required: 1, required: 2}', basic, 'duplicate field `required` at 14..22'],
    ['{read, read}', flags('read'), 'duplicate flag `read` at 7..11'],
    ['{exec}', flags('read'), 'invalid value: unknown flag `exec` at 0..6'],
    ['err("x")', response, 'invalid value type: expected variant, found `err` at 0..8'],
    ['body', response, 'invalid value: variant case `body` needs a payload at 0..4'],
    ['empty(1)', response, 'invalid value: variant case `empty` has no payload at 0..8'],
    ['west', enumT('north'), 'invalid value type: expected enum, found the label `west` at 0..4'],
    ['none', option(option(u8)), ''],
    ['1', option(option(u8)), 'invalid value type: expected option<option<u8>>, found the number 1 at 0..1'],
    ['ok(1)', result(null, null), 'invalid value: `ok` of this result has no payload at 0..5'],
    ['1', result(null, u8), 'invalid value type: expected result<_, u8>, found the number 1 at 0..1'],
    ['1 2', u8, 'trailing characters at 2..3'],
    ['', u8, 'unexpected end at 0..0'],
    ['#', u8, 'invalid token at 0..1'],
  ];
  it.each(reject)('refuses %s', (text, type, message) => {
    if (message === '') {
      expect(parseWave(text, type)).toEqual({ tag: 'none' });
      return;
    }
    expect(waveError(() => parseWave(text, type)).message).toBe(message);
  });

  it('refuses values nested more than 100 deep', () => {
    expect(() => parseWaveNode('['.repeat(150) + ']'.repeat(150))).toThrow(/nested more than 100 deep/);
  });

  it('refuses resource types', () => {
    const r = { kind: 'resource' as const, name: 'thing' };
    expect(() => parseWave('1', { kind: 'own', resource: r })).toThrow('resource handles (own<thing>) have no WAVE encoding');
  });
});

describe('printWave', () => {
  const cases: [unknown, ValueType, string][] = [
    [true, bool, 'true'],
    [255, u8, '255'],
    [-5n, s64, '-5'],
    [1, f64, '1'],
    [-0, f64, '-0'],
    [0.1, f64, '0.1'],
    [Math.fround(0.1), f32, '0.1'],
    [1e21, f64, '1000000000000000000000'],
    [1e-7, f64, '0.0000001'],
    [3.4028234663852886e38, f32, '340282350000000000000000000000000000000'],
    [NaN, f32, 'nan'],
    [-Infinity, f64, '-inf'],
    ["'", char, "'\\''"],
    ['\u0007', char, "'\\u{7}'"],
    ['a"b\\c\td\ne\u200b', str, '"a\\"b\\\\c\\td\\ne\\u{200b}"'],
    ['☃ 😀', str, '"☃ 😀"'],
    [['abc', 123], tuple(str, u8), '("abc", 123)'],
    [new Uint8Array([1, 2]), list(u8), '[1, 2]'],
    [[], list(str), '[]'],
    [{ required: 1, optional: { tag: 'none' } }, basic, '{required: 1}'],
    [{ required: 1, optional: { tag: 'some', val: 2 } }, basic, '{required: 1, optional: some(2)}'],
    [{ a: { tag: 'none' } }, record(['a', option(u8)]), '{:}'],
    [{ tag: 'body', val: new Uint8Array([79]) }, response, 'body([79])'],
    [{ tag: 'err', val: 'x' }, response, '%err("x")'],
    ['ok', enumT('ok', 'b'), '%ok'],
    [{ tag: 'some', val: { tag: 'none' } }, option(option(u8)), 'some(none)'],
    [{ tag: 'ok' }, result(null, str), 'ok'],
    [{ tag: 'err', val: 'oops' }, result(u8, str), 'err("oops")'],
    [{ read: true, write: false, exec: true }, flags('read', 'write', 'exec'), '{read, exec}'],
    [{ read: false }, flags('read'), '{}'],
  ];
  it.each(cases)('prints %s as a %s', (value, type, text) => {
    expect(printWave(value, type)).toBe(text);
    const back = parseWave(text, type);
    if (typeof value === 'number' && Number.isNaN(value)) expect(back).toBeNaN();
    else expect(back).toEqual(value);
  });

  it('prints the shortest decimal that reads back to the same float', () => {
    for (const x of [0.3, 1 / 3, 123456.789, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2, 1e-5]) {
      expect(Number(formatWaveFloat(x, 64))).toBe(x);
    }
    for (const x of [Math.fround(1 / 3), Math.fround(1e-40), Math.fround(16777217)]) {
      expect(Math.fround(Number(formatWaveFloat(x, 32)))).toBe(x);
    }
    expect(formatWaveFloat(Math.fround(1 / 3), 32)).toBe('0.33333334');
  });
});

describe('parseWaveCall', () => {
  it('splits the function name from its arguments', () => {
    const call = parseWaveCall(' wasi:cli/run@0.2.0#run ( 1, "x", ) ');
    expect(call.name).toBe('wasi:cli/run@0.2.0#run');
    expect(call.args.map((a) => a.kind)).toEqual(['number', 'string']);
    expect(parseWaveCall('f()').args).toEqual([]);
    expect(parseWaveCall('[method]r.get(x)').name).toBe('[method]r.get');
  });

  it('types the arguments and fills omitted trailing options with none', () => {
    const ft = { params: [{ name: 'a', type: u8 }, { name: 'b', type: option(u8) }, { name: 'c', type: option(u8) }], result: null };
    expect(waveCallArgs(parseWaveCall('f(1, some(2))'), ft)).toEqual([1, { tag: 'some', val: 2 }, { tag: 'none' }]);
    expect(waveCallArgs(parseWaveCall('f(1)'), ft)).toEqual([1, { tag: 'none' }, { tag: 'none' }]);
    expect(() => waveCallArgs(parseWaveCall('f()'), ft)).toThrow('invalid params: missing argument `a` of `f`');
    expect(() => waveCallArgs(parseWaveCall('f(1, 2, 3, 4)'), ft)).toThrow('invalid params: `f` takes 3 argument(s), found 4 at 11..12');
  });

  it('refuses malformed calls', () => {
    expect(() => parseWaveCall('f')).toThrow('invalid function call: expected `name(args...)` at 0..1');
    expect(() => parseWaveCall('(1)')).toThrow('invalid function call: missing function name at 0..0');
    expect(() => parseWaveCall('a b(1)')).toThrow('invalid function name `a b` at 0..3');
    expect(() => parseWaveCall('f(1) x')).toThrow('trailing characters at 5..6');
    expect(() => parseWaveCall('f(1')).toThrow('unexpected end at 3..3');
  });
});
