import { describe, expect, it } from 'vitest';
import { prim, type ComponentFuncType, type ValueType } from '../types.js';
import { flattenFuncType, flattenType, join, type FlatType } from './flatten.js';

// Expected values derived by hand from definitions.py (`flatten_type`, `flatten_functype`, `join`).
const u8 = prim('u8');
const u32 = prim('u32');
const u64 = prim('u64');
const f32 = prim('f32');
const f64 = prim('f64');
const str = prim('string');
const tup = (...types: ValueType[]): ValueType => ({ kind: 'tuple', types });
const variant = (...types: (ValueType | null)[]): ValueType => ({ kind: 'variant', cases: types.map((type, i) => ({ name: `c${i}`, type })) });
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const res = { kind: 'resource', name: 'r' } as const;

describe('join', () => {
  const cases: [FlatType, FlatType, FlatType][] = [
    ['i32', 'i32', 'i32'],
    ['i64', 'i64', 'i64'],
    ['f32', 'f32', 'f32'],
    ['f64', 'f64', 'f64'],
    ['i32', 'f32', 'i32'],
    ['f32', 'i32', 'i32'],
    ['i32', 'i64', 'i64'],
    ['i32', 'f64', 'i64'],
    ['f32', 'f64', 'i64'],
    ['f32', 'i64', 'i64'],
    ['f64', 'i64', 'i64'],
    ['i64', 'f32', 'i64'],
  ];
  it.each(cases)('join(%s, %s) = %s', (a, b, r) => expect(join(a, b)).toBe(r));
});

describe('flattenType', () => {
  const cases: [string, ValueType, FlatType[]][] = [
    ['bool', prim('bool'), ['i32']],
    ['s8', prim('s8'), ['i32']],
    ['u16', prim('u16'), ['i32']],
    ['s32', prim('s32'), ['i32']],
    ['u64', u64, ['i64']],
    ['s64', prim('s64'), ['i64']],
    ['f32', f32, ['f32']],
    ['f64', f64, ['f64']],
    ['char', prim('char'), ['i32']],
    ['string', str, ['i32', 'i32']],
    ['list<u64>', { kind: 'list', elem: u64 }, ['i32', 'i32']],
    ['list<f32, 3>', { kind: 'list', elem: f32, length: 3 }, ['f32', 'f32', 'f32']],
    ['record{u8, string, f64}', { kind: 'record', fields: [{ name: 'a', type: u8 }, { name: 'b', type: str }, { name: 'c', type: f64 }] }, ['i32', 'i32', 'i32', 'f64']],
    ['tuple<u64, f32>', tup(u64, f32), ['i64', 'f32']],
    ['enum', { kind: 'enum', names: names(300) }, ['i32']],
    ['flags of 32', { kind: 'flags', names: names(32) }, ['i32']],
    ['flags of 33 (pre-2024 layout)', { kind: 'flags', names: names(33) }, ['i32', 'i32']],
    ['own', { kind: 'own', resource: res }, ['i32']],
    ['borrow', { kind: 'borrow', resource: res }, ['i32']],
    ['option<u8>', { kind: 'option', type: u8 }, ['i32', 'i32']],
    ['option<option<u64>>', { kind: 'option', type: { kind: 'option', type: u64 } }, ['i32', 'i32', 'i64']],
    ['result', { kind: 'result', ok: null, err: null }, ['i32']],
    ['result<tuple<u8, f32>, tuple<f64, u8>>', { kind: 'result', ok: tup(u8, f32), err: tup(f64, u8) }, ['i32', 'i64', 'i32']],
    ['variant{f32, u64}', variant(f32, u64), ['i32', 'i64']],
    ['variant{u8, f32}', variant(u8, f32), ['i32', 'i32']],
    ['variant{f64, f32}', variant(f64, f32), ['i32', 'i64']],
    ['variant{f32, f32}', variant(f32, f32), ['i32', 'f32']],
    ['variant{string, f64}', variant(str, f64), ['i32', 'i64', 'i32']],
    ['variant{_, _}', variant(null, null), ['i32']],
  ];
  it.each(cases)('%s', (_name, t, flat) => expect(flattenType(t)).toEqual(flat));
});

describe('flattenFuncType', () => {
  const fn = (params: ValueType[], result: ValueType | null = null): ComponentFuncType => ({
    params: params.map((type, i) => ({ name: `p${i}`, type })),
    result,
  });
  const cases: [string, ComponentFuncType, string[], string[], string[], string[]][] = [
    ['no params, no result', fn([]), [], [], [], []],
    ['u32 -> u32', fn([u32], u32), ['i32'], ['i32'], ['i32'], ['i32']],
    ['16 flat params stay flat', fn(Array(16).fill(u32)), Array(16).fill('i32'), [], Array(16).fill('i32'), []],
    ['17 flat params spill', fn(Array(17).fill(u32)), ['i32'], [], ['i32'], []],
    ['8 strings = 16 flat params stay flat', fn(Array(8).fill(str)), Array(16).fill('i32'), [], Array(16).fill('i32'), []],
    ['string result spills', fn([], str), [], ['i32'], ['i32'], []],
    ['u64 result is flat', fn([], u64), [], ['i64'], [], ['i64']],
    ['tuple<u8, u8> result spills', fn([u8], tup(u8, u8)), ['i32'], ['i32'], ['i32', 'i32'], []],
    ['spilled params and result', fn(Array(17).fill(f64), str), ['i32'], ['i32'], ['i32', 'i32'], []],
    ['option<u8> result spills', fn([], { kind: 'option', type: u8 }), [], ['i32'], ['i32'], []],
  ];
  it.each(cases)('%s', (_name, ft, liftParams, liftResults, lowerParams, lowerResults) => {
    expect(flattenFuncType(ft, 'lift')).toEqual({ params: liftParams, results: liftResults });
    expect(flattenFuncType(ft, 'lower')).toEqual({ params: lowerParams, results: lowerResults });
  });

  it('refuses async function types', () => {
    expect(() => flattenFuncType({ params: [], result: null, async: true }, 'lift')).toThrow(/async/);
  });
});
