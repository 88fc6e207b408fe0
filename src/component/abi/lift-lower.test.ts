import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import { prim, type ValueType } from '../types.js';
import { ComponentValueError } from './abi-errors.js';
import { LiftLowerContext } from './context.js';
import { liftFlatValues, lowerFlatValues } from './flat-values.js';
import { ComponentInstanceState } from './instance-state.js';
import { CoreValueIter } from './lift-flat.js';
import { sizeOf } from './layout.js';
import { ArrayMemory, BumpAllocator } from './test-kit.js';
import { liftFlatValue, loadValue, lowerFlatValue, storeValue } from './value-io.js';
import type { CanonOptions } from './options.js';
import { thrown } from '../../../test/support/thrown.js';

const u8 = prim('u8');
const u16 = prim('u16');
const u32 = prim('u32');
const u64 = prim('u64');
const f32 = prim('f32');
const f64 = prim('f64');
const str = prim('string');
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const variant = (...types: (ValueType | null)[]): ValueType => ({ kind: 'variant', cases: types.map((type, i) => ({ name: `c${i}`, type })) });
const option = (type: ValueType): ValueType => ({ kind: 'option', type });
const list = (elem: ValueType, length?: number): ValueType => (length === undefined ? { kind: 'list', elem } : { kind: 'list', elem, length });

function setup() {
  const memory = new ArrayMemory(1);
  const alloc = new BumpAllocator(memory, 4096);
  const options: CanonOptions = { instance: new ComponentInstanceState(), memory, realloc: alloc.realloc };
  return { memory, alloc, options, bytes: () => memory.bytes() };
}

const trapOf = (f: () => unknown): Trap => thrown(f, Trap);

/** [name, type, value, flat core values in the JS-API convention or null when they hold pointers] */
const roundTrips: [string, ValueType, unknown, unknown[] | null][] = [
  ['bool true', prim('bool'), true, [1]],
  ['bool false', prim('bool'), false, [0]],
  ['s8 -1', prim('s8'), -1, [-1]],
  ['u8 255', u8, 255, [255]],
  ['s16 -2', prim('s16'), -2, [-2]],
  ['u16 65535', u16, 65535, [65535]],
  ['s32 min', prim('s32'), -2147483648, [-2147483648]],
  ['u32 max', u32, 4294967295, [-1]],
  ['s64 -1', prim('s64'), -1n, [-1n]],
  ['s64 min', prim('s64'), -(2n ** 63n), [-(2n ** 63n)]],
  ['u64 max', u64, 2n ** 64n - 1n, [-1n]],
  ['f32 1.5', f32, 1.5, [1.5]],
  ['f32 -0', f32, -0, [-0]],
  ['f32 NaN', f32, NaN, [NaN]],
  ['f64 pi', f64, Math.PI, [Math.PI]],
  ['f64 -inf', f64, -Infinity, [-Infinity]],
  ['char a', prim('char'), 'a', [0x61]],
  ['char U+10FFFF', prim('char'), '\u{10ffff}', [0x10ffff]],
  ['char cake', prim('char'), '🍰', [0x1f370]],
  ['string', str, 'héllo ☃ 🍰', null],
  ['empty string', str, '', null],
  ['list<u8>', list(u8), new Uint8Array([1, 2, 255]), null],
  ['list<string>', list(str), ['a', '', '☃'], null],
  ['list<list<u16>>', list(list(u16)), [[1, 2], [], [3]], null],
  ['empty list<u64>', list(u64), [], null],
  ['list<u16, 3>', list(u16, 3), [1, 2, 65535], [1, 2, 65535]],
  ['list<u8, 2>', list(u8, 2), new Uint8Array([7, 8]), [7, 8]],
  [
    'record',
    { kind: 'record', fields: [{ name: 'a', type: u8 }, { name: 'data-size', type: u64 }, { name: 'name', type: str }] },
    { a: 1, 'data-size': 5n, name: 'x' },
    null,
  ],
  ['tuple', { kind: 'tuple', types: [u32, prim('bool'), f64] }, [7, true, 0.25], [7, 1, 0.25]],
  ['variant with payload', variant(null, u32, str), { tag: 'c1', val: 7 }, [1, 7, 0]],
  ['variant without payload', variant(null, u32, str), { tag: 'c0' }, [0, 0, 0]],
  ['variant with string payload', variant(null, u32, str), { tag: 'c2', val: 'hi' }, null],
  ['enum', { kind: 'enum', names: names(3) }, 'n2', [2]],
  ['flags', { kind: 'flags', names: names(4) }, { n0: true, n1: false, n2: false, n3: true }, [9]],
  ['flags of 40', { kind: 'flags', names: names(40) }, Object.fromEntries(names(40).map((n, i) => [n, i === 0 || i === 33])), [1, 2]],
  ['option none', option(u8), { tag: 'none' }, [0, 0]],
  ['option some', option(u8), { tag: 'some', val: 3 }, [1, 3]],
  ['option<option<u8>> some none', option(option(u8)), { tag: 'some', val: { tag: 'none' } }, [1, 0, 0]],
  ['option<option<u8>> some some', option(option(u8)), { tag: 'some', val: { tag: 'some', val: 4 } }, [1, 1, 4]],
  ['result ok', { kind: 'result', ok: u32, err: str }, { tag: 'ok', val: 5 }, [0, 5, 0]],
  ['result err', { kind: 'result', ok: u32, err: str }, { tag: 'err', val: 'bad' }, null],
  ['result without types', { kind: 'result', ok: null, err: null }, { tag: 'err' }, [1]],
  ['variant{f32, u64} f32', variant(f32, u64), { tag: 'c0', val: 1.5 }, [0, 0x3fc00000n]],
  ['variant{f32, u64} u64', variant(f32, u64), { tag: 'c1', val: 2n ** 63n }, [1, -(2n ** 63n)]],
  ['variant{u8, f32} f32', variant(u8, f32), { tag: 'c1', val: -2 }, [1, 0xc0000000 | 0]],
  ['variant{f64, f32} f32', variant(f64, f32), { tag: 'c1', val: 0.5 }, [1, 0x3f000000n]],
  ['variant{f64, f32} f64', variant(f64, f32), { tag: 'c0', val: 1 }, [0, 0x3ff0000000000000n]],
  ['variant{f32, f32}', variant(f32, f32), { tag: 'c1', val: 2 }, [1, 2]],
  ['variant{u32, u64} u32', variant(u32, u64), { tag: 'c0', val: 0xffffffff }, [0, 0xffffffffn]],
];

describe('round trips', () => {
  it.each(roundTrips)('%s through memory', (_name, t, v) => {
    const { options } = setup();
    storeValue(t, v, 64, options);
    expect(loadValue(t, 64, options)).toEqual(v);
  });

  it.each(roundTrips)('%s through flat values', (_name, t, v, flat) => {
    const { options } = setup();
    const core = lowerFlatValue(t, v, options);
    if (flat !== null) expect(core).toEqual(flat);
    expect(liftFlatValue(t, core, options)).toEqual(v);
  });

  it('list<u8> lowers from a plain array and lifts as a Uint8Array', () => {
    const { options } = setup();
    const core = lowerFlatValue(list(u8), [1, 2, 3], options);
    expect(liftFlatValue(list(u8), core, options)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('flags lowered with names missing are false, lifted with every name', () => {
    const { options } = setup();
    const t: ValueType = { kind: 'flags', names: ['read', 'write', 'exec'] };
    expect(lowerFlatValue(t, { write: true }, options)).toEqual([2]);
    expect(liftFlatValue(t, [2], options)).toEqual({ read: false, write: true, exec: false });
  });

  it('f32 NaN and f64 NaN are stored as the canonical NaN', () => {
    const { options, bytes } = setup();
    storeValue(f32, NaN, 64, options);
    storeValue(f64, -NaN, 72, options);
    expect([...bytes().subarray(64, 68)]).toEqual([0, 0, 0xc0, 0x7f]);
    expect([...bytes().subarray(72, 80)]).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]);
  });

  it('lays out a record with padding', () => {
    const { options, bytes } = setup();
    const t: ValueType = { kind: 'record', fields: [{ name: 'a', type: u8 }, { name: 'b', type: u32 }, { name: 'c', type: u16 }] };
    storeValue(t, { a: 0x11, b: 0x44332211, c: 0x2211 }, 64, options);
    expect([...bytes().subarray(64, 64 + sizeOf(t))]).toEqual([0x11, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x11, 0x22, 0, 0]);
  });

  it('lays out a variant with a two-byte discriminant', () => {
    const { options, bytes } = setup();
    const t: ValueType = { kind: 'variant', cases: names(300).map((name, i) => ({ name, type: i === 299 ? u32 : null })) };
    storeValue(t, { tag: 'n299', val: 7 }, 64, options);
    expect([...bytes().subarray(64, 72)]).toEqual([0x2b, 0x01, 0, 0, 7, 0, 0, 0]);
  });

  it('lays out flags of 40 names as two words', () => {
    const { options, bytes } = setup();
    const t: ValueType = { kind: 'flags', names: names(40) };
    storeValue(t, { n1: true, n39: true }, 64, options);
    expect([...bytes().subarray(64, 72)]).toEqual([2, 0, 0, 0, 0x80, 0, 0, 0]);
  });
});

describe('lifting core values of the wrong width (values/numerics.wast)', () => {
  it.each([
    ['u8 from 0xff00', u8, [0xff00], 0],
    ['u8 from 0xf01', u8, [0xf01], 1],
    ['s8 from 0xff', prim('s8'), [0xff], -1],
    ['s8 from -1', prim('s8'), [-1], -1],
    ['u16 from -1', u16, [-1], 65535],
    ['s16 from 0xffffffff', prim('s16'), [0xffffffff], -1],
    ['u32 from -1', u32, [-1], 4294967295],
    ['bool from 2', prim('bool'), [2], true],
    ['bool from -1', prim('bool'), [-1], true],
    ['u64 from -1n', u64, [-1n], 2n ** 64n - 1n],
    ['flags ignore unused bits', { kind: 'flags', names: names(2) } as ValueType, [0xfc], { n0: false, n1: false }],
    ['variant{u8, u32} narrows the joined slot', variant(u8, u32), [0, 0xff02], { tag: 'c0', val: 2 }],
    ['variant{u16, u64} wraps the i64 slot', variant(u16, u64), [0, 0xff00000004n], { tag: 'c0', val: 4 }],
    ['variant{f32, u64} reads f32 bits from the low half', variant(f32, u64), [0, 0xffffffff40490fdbn], { tag: 'c0', val: Math.fround(Math.PI) }],
  ] as const)('%s', (_name, t, core, v) => {
    const { options } = setup();
    expect(liftFlatValue(t, core, options)).toEqual(v);
  });

  it('bool bytes other than 0 and 1 load as true', () => {
    const { options, bytes } = setup();
    bytes()[64] = 0x80;
    expect(loadValue(prim('bool'), 64, options)).toBe(true);
  });
});

describe('traps while lifting', () => {
  it.each([
    ['char surrogate', prim('char'), [0xd800], 'invalid `char` bit pattern: 0xd800'],
    ['char above U+10FFFF', prim('char'), [0x110000], 'invalid `char` bit pattern: 0x110000'],
    ['char -1', prim('char'), [-1], 'invalid `char` bit pattern: 0xffffffff'],
    ['variant discriminant', variant(null, u8), [2, 0], 'invalid variant discriminant: 2 for a variant of 2 cases'],
    ['enum discriminant', { kind: 'enum', names: names(3) } as ValueType, [3], 'invalid variant discriminant: 3 for a enum of 3 cases'],
    ['option discriminant', option(u8), [2, 0], 'invalid variant discriminant: 2 for a option of 2 cases'],
    ['result discriminant', { kind: 'result', ok: null, err: null } as ValueType, [-1], 'invalid variant discriminant: 4294967295 for a result of 2 cases'],
    ['misaligned list<u32>', list(u32), [2, 1], 'unaligned pointer: list pointer 0x2 is not 4-byte aligned'],
    ['list past the end', list(u32), [65532, 2], 'list content out-of-bounds: list pointer/length out of bounds of memory (0xfffc + 8 bytes > memory size 65536)'],
    ['empty list at a wild pointer', list(u8), [0xdeadbeef, 0], 'list content out-of-bounds: list pointer/length out of bounds of memory (0xdeadbeef + 0 bytes > memory size 65536)'],
    ['list byte length over 2^28 - 1', list(u32), [0, 0x4000_0000], /^list byte length too large/],
    ['list length * size beyond 2^32', list(u64), [0, 0xffff_ffff], /^list byte length too large/],
    ['list<string> with a bad element', list(str), [64, 1], /^string content out-of-bounds: \w[\w ]* pointer\/length out of bounds of memory/],
  ] as const)('%s', (_name, t, core, message) => {
    const { options, bytes } = setup();
    new DataView(bytes().buffer).setUint32(64, 0xffff0000, true);
    new DataView(bytes().buffer).setUint32(68, 4, true);
    const trap = trapOf(() => liftFlatValue(t, core, options));
    expect(trap.code).toBe('component trap');
    if (typeof message === 'string') expect(trap.message).toBe(message);
    else expect(trap.message).toMatch(message);
  });

  it('a bad discriminant in memory traps', () => {
    const { options, bytes } = setup();
    const t: ValueType = { kind: 'variant', cases: names(300).map((name) => ({ name, type: null })) };
    new DataView(bytes().buffer).setUint16(64, 300, true);
    expect(trapOf(() => loadValue(t, 64, options)).message).toBe('invalid variant discriminant: 300 for a variant of 300 cases');
  });

  it('a bad char in memory traps', () => {
    const { options, bytes } = setup();
    new DataView(bytes().buffer).setUint32(64, 0xdfff, true);
    expect(trapOf(() => loadValue(list(prim('char'), 1), 64, options)).message).toBe('invalid `char` bit pattern: 0xdfff');
  });

  it('loadValue checks the pointer it is given', () => {
    const { options } = setup();
    expect(trapOf(() => loadValue(u32, 66, options)).message).toMatch(/^unaligned pointer/);
    expect(trapOf(() => loadValue(list(u64, 2), 65536 - 8, options)).message).toMatch(/content out-of-bounds: \w[\w ]* pointer\/length out of bounds of memory/);
  });
});

describe('host values that do not fit the type', () => {
  const rec: ValueType = {
    kind: 'record',
    fields: [
      { name: 'id', type: u8 },
      { name: 'tags', type: list(option(prim('char'))) },
    ],
  };
  it.each([
    ['u8 out of range', u8, 300, 'expected an integer in 0..255 for u8, got number 300'],
    ['s8 fraction', prim('s8'), 1.5, 'expected an integer in -128..127 for s8, got number 1.5'],
    ['u64 as number', u64, 1, 'expected a bigint in the range of u64, got number 1'],
    ['s64 out of range', prim('s64'), 2n ** 63n, 'expected a bigint in the range of s64, got bigint 9223372036854775808'],
    ['u64 negative', u64, -1n, 'expected a bigint in the range of u64, got bigint -1'],
    ['bool as number', prim('bool'), 1, 'expected a boolean for bool, got number 1'],
    ['f64 as string', f64, '1', 'expected a number for f64, got the string "1"'],
    ['char of two', prim('char'), 'ab', 'expected a string of one Unicode scalar value for char, got the string "ab"'],
    ['char lone surrogate', prim('char'), '\ud800', /for char/],
    ['char empty', prim('char'), '', /for char/],
    ['missing field', rec, { id: 1 }, 'record value is missing field "tags"'],
    ['unknown field', rec, { id: 1, tags: [], extra: 2 }, 'record value has unknown field "extra"'],
    ['nested path', rec, { id: 1, tags: [{ tag: 'none' }, { tag: 'some', val: 'xy' }] }, /for char, got the string "xy" \(at field "tags" -> \[1\] -> case "some"\)$/],
    ['unknown tag', option(u8), { tag: 'maybe' }, 'expected tag "none" | "some" for a option, got the string "maybe"'],
    ['payload on a bare case', option(u8), { tag: 'none', val: 1 }, 'case "none" of the option has no payload, but val is number 1'],
    ['unknown enum name', { kind: 'enum', names: ['a', 'b'] } as ValueType, 'c', 'expected one of "a", "b" for an enum, got the string "c"'],
    ['unknown flag', { kind: 'flags', names: ['a'] } as ValueType, { b: true }, 'flags value has unknown flag "b"'],
    ['non-boolean flag', { kind: 'flags', names: ['a'] } as ValueType, { a: 1 }, 'flag "a" must be a boolean, got number 1'],
    ['tuple of the wrong length', { kind: 'tuple', types: [u8, u8] } as ValueType, [1], 'expected an array of 2 elements for a tuple, got an array'],
    ['fixed list of the wrong length', list(u8, 3), [1, 2], 'expected exactly 3 elements for a fixed-length list, got 2'],
    ['list<u8> with 256', list(u8), [1, 256], 'expected an integer in 0..255 for u8, got number 256 (at [1])'],
    ['list as object', list(u32), { length: 0 }, 'expected an array for a list, got an object'],
    ['result with err for ok', { kind: 'result', ok: u8, err: null } as ValueType, { tag: 'error' }, /expected tag "ok" \| "err"/],
  ] as const)('%s', (_name, t, v, message) => {
    const { options } = setup();
    for (const f of [() => lowerFlatValue(t, v, options), () => storeValue(t, v, 64, options)]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ComponentValueError);
      if (typeof message === 'string') expect((err as Error).message).toBe(message);
      else expect((err as Error).message).toMatch(message);
    }
  });
});

describe('spilling parameters and results', () => {
  const seventeen = Array<ValueType>(17).fill(u32);
  const values = Array.from({ length: 17 }, (_, i) => i * 3);

  it('more than 16 flat values are stored as a tuple allocated with realloc', () => {
    const { options, alloc, bytes } = setup();
    const cx = new LiftLowerContext(options);
    const flat = lowerFlatValues(cx, 16, values, seventeen, []);
    expect(flat).toHaveLength(1);
    expect(alloc.calls.map((c) => [c.old, c.oldSize, c.align, c.newSize])).toEqual([[0, 0, 4, 68]]);
    const ptr = flat[0] as number;
    expect(new DataView(bytes().buffer).getUint32(ptr + 4 * 16, true)).toBe(48);
    expect(liftFlatValues(cx, 16, new CoreValueIter(flat), seventeen)).toEqual(values);
  });

  it('16 flat values stay flat', () => {
    const { options, alloc } = setup();
    const cx = new LiftLowerContext(options);
    expect(lowerFlatValues(cx, 16, values.slice(1), seventeen.slice(1), [])).toEqual(values.slice(1));
    expect(alloc.calls).toEqual([]);
  });

  it('with an out-pointer the tuple goes where the caller says', () => {
    const { options, alloc, bytes } = setup();
    const cx = new LiftLowerContext(options);
    const t: ValueType[] = [{ kind: 'tuple', types: [u8, str] }];
    const flat = lowerFlatValues(cx, 1, [[9, 'ok']], t, ['result'], new CoreValueIter([256]));
    expect(flat).toEqual([]);
    expect(bytes()[256]).toBe(9);
    expect(alloc.calls).toHaveLength(1);
    expect(liftFlatValues(cx, 1, new CoreValueIter([256]), t)).toEqual([[9, 'ok']]);
  });

  it.each([
    ['misaligned', 258, /^unaligned pointer: result pointer 0x102 is not 4-byte aligned/],
    ['out of bounds', 65532, /^result content out-of-bounds: \w[\w ]* pointer\/length out of bounds of memory/],
  ])('a %s out-pointer traps', (_name, ptr, message) => {
    const { options } = setup();
    const cx = new LiftLowerContext(options);
    const t: ValueType[] = [{ kind: 'tuple', types: [u8, str] }];
    expect(trapOf(() => lowerFlatValues(cx, 1, [[9, 'ok']], t, ['result'], new CoreValueIter([ptr]))).message).toMatch(message);
  });

  it.each([
    ['misaligned', 2, /^unaligned pointer: spilled values pointer 0x2/],
    ['out of bounds', 65532, /^spilled values content out-of-bounds: \w[\w ]* pointer\/length out of bounds of memory/],
  ])('a %s spilled pointer traps when lifted', (_name, ptr, message) => {
    const { options } = setup();
    const cx = new LiftLowerContext(options);
    expect(trapOf(() => liftFlatValues(cx, 16, new CoreValueIter([ptr]), seventeen)).message).toMatch(message);
  });

  it('names the parameter of an ill-typed spilled value', () => {
    const { options } = setup();
    const cx = new LiftLowerContext(options);
    const bad = [...values];
    bad[16] = -1;
    const labels = seventeen.map((_, i) => `param "p${i}"`);
    expect(() => lowerFlatValues(cx, 16, bad, seventeen, labels)).toThrow('expected an integer in 0..4294967295 for u32, got number -1 (at param "p16")');
  });
});
