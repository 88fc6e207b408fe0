import { describe, expect, it } from 'vitest';
import { LinkError } from '../../api/errors.js';
import { prim, type ValueType } from '../types.js';
import { alignOf, alignTo, discriminantSize, fieldOffsets, flagsSize, payloadOffset, sizeOf } from './layout.js';

// Expected values derived by hand from definitions.py (`elem_size`, `alignment`, `despecialize`).
const u8 = prim('u8');
const u16 = prim('u16');
const u32 = prim('u32');
const u64 = prim('u64');
const f32 = prim('f32');
const f64 = prim('f64');
const str = prim('string');
const rec = (...types: ValueType[]): ValueType => ({ kind: 'record', fields: types.map((type, i) => ({ name: `f${i}`, type })) });
const tup = (...types: ValueType[]): ValueType => ({ kind: 'tuple', types });
const variant = (...types: (ValueType | null)[]): ValueType => ({ kind: 'variant', cases: types.map((type, i) => ({ name: `c${i}`, type })) });
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const enumOf = (n: number): ValueType => ({ kind: 'enum', names: names(n) });
const flags = (n: number): ValueType => ({ kind: 'flags', names: names(n) });
const option = (type: ValueType): ValueType => ({ kind: 'option', type });
const result = (ok: ValueType | null, err: ValueType | null): ValueType => ({ kind: 'result', ok, err });
const list = (elem: ValueType, length?: number): ValueType => (length === undefined ? { kind: 'list', elem } : { kind: 'list', elem, length });
const res = { kind: 'resource', name: 'r' } as const;

const table: [string, ValueType, number, number][] = [
  ['bool', prim('bool'), 1, 1],
  ['s8', prim('s8'), 1, 1],
  ['u8', u8, 1, 1],
  ['s16', prim('s16'), 2, 2],
  ['u16', u16, 2, 2],
  ['s32', prim('s32'), 4, 4],
  ['u32', u32, 4, 4],
  ['s64', prim('s64'), 8, 8],
  ['u64', u64, 8, 8],
  ['f32', f32, 4, 4],
  ['f64', f64, 8, 8],
  ['char', prim('char'), 4, 4],
  ['string', str, 8, 4],
  ['list<u8>', list(u8), 8, 4],
  ['list<u64>', list(u64), 8, 4],
  ['list<u16, 3>', list(u16, 3), 6, 2],
  ['list<string, 2>', list(str, 2), 16, 4],
  ['record{u8, u32}', rec(u8, u32), 8, 4],
  ['record{u8, u16, u8}', rec(u8, u16, u8), 6, 2],
  ['record{u64, u8}', rec(u64, u8), 16, 8],
  ['tuple<u8, u8, u8>', tup(u8, u8, u8), 3, 1],
  ['tuple<u8, f64>', tup(u8, f64), 16, 8],
  ['enum of 2', enumOf(2), 1, 1],
  ['enum of 256', enumOf(256), 1, 1],
  ['enum of 257', enumOf(257), 2, 2],
  ['enum of 65536', enumOf(65536), 2, 2],
  ['enum of 65537', enumOf(65537), 4, 4],
  ['variant{_, u32}', variant(null, u32), 8, 4],
  ['variant{u8, u64}', variant(u8, u64), 16, 8],
  ['variant{u8, record{f32, u16}}', variant(u8, rec(f32, u16)), 12, 4],
  ['variant of 257 cases, one u8', variant(u8, ...Array<null>(256).fill(null)), 4, 2],
  ['option<u8>', option(u8), 2, 1],
  ['option<u32>', option(u32), 8, 4],
  ['option<string>', option(str), 12, 4],
  ['option<f64>', option(f64), 16, 8],
  ['result', result(null, null), 1, 1],
  ['result<u32, string>', result(u32, str), 12, 4],
  ['result<u8, u64>', result(u8, u64), 16, 8],
  ['flags of 1', flags(1), 1, 1],
  ['flags of 8', flags(8), 1, 1],
  ['flags of 9', flags(9), 2, 2],
  ['flags of 16', flags(16), 2, 2],
  ['flags of 17', flags(17), 4, 4],
  ['flags of 32', flags(32), 4, 4],
  // More than 32 flags: the pre-2024 layout of ceil(n / 32) i32 words.
  ['flags of 33', flags(33), 8, 4],
  ['flags of 64', flags(64), 8, 4],
  ['flags of 65', flags(65), 12, 4],
  ['own', { kind: 'own', resource: res }, 4, 4],
  ['borrow', { kind: 'borrow', resource: res }, 4, 4],
  [
    'record{option<u8>, list<string>, tuple<char, bool>}',
    rec(option(u8), list(str), tup(prim('char'), prim('bool'))),
    20,
    4,
  ],
];

describe('sizeOf / alignOf', () => {
  it.each(table)('%s', (_name, t, size, align) => {
    expect(sizeOf(t)).toBe(size);
    expect(alignOf(t)).toBe(align);
  });

  it.each([
    ['record with no fields', { kind: 'record', fields: [] } as ValueType],
    ['tuple with no elements', { kind: 'tuple', types: [] } as ValueType],
    ['variant with no cases', { kind: 'variant', cases: [] } as ValueType],
    ['enum with no names', { kind: 'enum', names: [] } as ValueType],
    ['flags with no names', { kind: 'flags', names: [] } as ValueType],
    ['fixed list of length 0', list(u8, 0)],
  ])('refuses a %s', (_name, t) => {
    expect(() => sizeOf(t)).toThrow(LinkError);
    expect(() => sizeOf(t)).toThrow(/invalid component type/);
  });
});

describe('offsets', () => {
  it.each([
    ['record{u8, u16, u8}', rec(u8, u16, u8), [0, 2, 4]],
    ['record{u8, u64, u8, u32}', rec(u8, u64, u8, u32), [0, 8, 16, 20]],
    ['tuple<string, u8, f64>', tup(str, u8, f64), [0, 8, 16]],
  ] as const)('fields of %s', (_name, t, offs) => {
    expect(fieldOffsets(t)).toEqual(offs);
  });

  it.each([
    ['option<u8>', option(u8), 1],
    ['option<u64>', option(u64), 8],
    ['result<_, string>', result(null, str), 4],
    ['variant of 257 cases, one u8', variant(u8, ...Array<null>(256).fill(null)), 2],
    ['variant of 257 cases, one u32', variant(u32, ...Array<null>(256).fill(null)), 4],
  ] as const)('payload of %s', (_name, t, off) => {
    expect(payloadOffset(t)).toBe(off);
  });
});

describe('helpers', () => {
  it.each([
    [1, 1],
    [255, 1],
    [256, 1],
    [257, 2],
    [65536, 2],
    [65537, 4],
    [2 ** 31, 4],
  ])('discriminantSize(%i) = %i', (n, size) => expect(discriminantSize(n)).toBe(size));

  it.each([
    [0, 4, 0],
    [1, 4, 4],
    [4, 4, 4],
    [5, 8, 8],
    [0xffff_fff9, 8, 0x1_0000_0000],
  ])('alignTo(%i, %i) = %i', (n, a, r) => expect(alignTo(n, a)).toBe(r));

  it('flagsSize refuses zero flags', () => {
    expect(() => flagsSize(0)).toThrow(LinkError);
  });
});
