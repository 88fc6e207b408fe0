import { describe, expect, it } from 'vitest';
import { CanonString } from '../../component/abi/values.js';
import { prim, type ValueType } from '../../component/types.js';
import type { WastComponentValue } from '../../wasm/text/index.js';
import { matchComponentValue, toComponentValue, ValueMismatch } from './values.js';

const u8 = prim('u8');
const u32 = prim('u32');
const str = prim('string');
const rec: ValueType = { kind: 'record', fields: [{ name: 'a', type: u32 }, { name: 'b-c', type: str }] };
const variant: ValueType = { kind: 'variant', cases: [{ name: 'x', type: u32 }, { name: 'y', type: null }] };
const flags: ValueType = { kind: 'flags', names: ['r', 'w', 'x'] };
const option: ValueType = { kind: 'option', type: str };
const result: ValueType = { kind: 'result', ok: null, err: u32 };

const v = {
  u32: (value: number): WastComponentValue => ({ kind: 'u32', value }),
  str: (value: string): WastComponentValue => ({ kind: 'string', value }),
};

describe('toComponentValue', () => {
  it.each<[string, WastComponentValue, ValueType, unknown]>([
    ['integers', v.u32(7), u32, 7],
    ['64-bit integers as bigints', { kind: 's64', value: -1n }, prim('s64'), -1n],
    ['f32 bits', { kind: 'f32', bits: 0x3fc00000 }, prim('f32'), 1.5],
    ['f64 bits', { kind: 'f64', bits: 0xc000000000000000n }, prim('f64'), -2],
    ['chars', { kind: 'char', value: 'é' }, prim('char'), 'é'],
    ['list<u8> as bytes', { kind: 'list', items: [{ kind: 'u8', value: 1 }, { kind: 'u8', value: 2 }] }, { kind: 'list', elem: u8 }, new Uint8Array([1, 2])],
    ['other lists as arrays', { kind: 'list', items: [v.u32(1)] }, { kind: 'list', elem: u32 }, [1]],
    ['records by field name', { kind: 'record', fields: [{ name: 'a', value: v.u32(1) }, { name: 'b-c', value: v.str('z') }] }, rec, { a: 1, 'b-c': 'z' }],
    ['variants', { kind: 'variant', case: 'x', payload: v.u32(3) }, variant, { tag: 'x', val: 3 }],
    ['variant cases without payload', { kind: 'variant', case: 'y', payload: null }, variant, { tag: 'y' }],
    ['flags', { kind: 'flags', names: ['r', 'x'] }, flags, { r: true, x: true }],
    ['none', { kind: 'option', value: null }, option, { tag: 'none' }],
    ['some', { kind: 'option', value: v.str('s') }, option, { tag: 'some', val: 's' }],
    ['ok without payload', { kind: 'result', ok: true, payload: null }, result, { tag: 'ok' }],
    ['err', { kind: 'result', ok: false, payload: v.u32(4) }, result, { tag: 'err', val: 4 }],
  ])('converts %s', (_, value, type, js) => {
    expect(toComponentValue(value, type)).toEqual(js);
  });

  it.each<[string, WastComponentValue, ValueType, string]>([
    ['a value of another type', v.str('x'), u32, 'type mismatch: a str value where u32 is expected'],
    ['an unknown record field', { kind: 'record', fields: [{ name: 'z', value: v.u32(1) }] }, rec, 'record has no field `z`'],
    ['an unknown case', { kind: 'variant', case: 'q', payload: null }, variant, 'variant has no case `q`'],
    ['a missing payload', { kind: 'variant', case: 'x', payload: null }, variant, 'case `x` needs a payload'],
    ['a payload where there is none', { kind: 'result', ok: true, payload: v.u32(1) }, result, 'result case `ok` has no payload'],
    ['a tuple of the wrong length', { kind: 'tuple', items: [v.u32(1)] }, { kind: 'tuple', types: [u32, u32] }, 'expected a 2-tuple, got a 1-tuple'],
  ])('rejects %s', (_, value, type, message) => {
    expect(() => toComponentValue(value, type)).toThrow(ValueMismatch);
    expect(() => toComponentValue(value, type)).toThrow(message);
  });
});

describe('matchComponentValue', () => {
  it.each<[string, WastComponentValue, unknown, ValueType]>([
    ['integers', v.u32(7), 7, u32],
    ['strings lifted with their encoding', v.str('hé'), new CanonString('hé', 'utf16', 2), str],
    ['lists of bytes', { kind: 'list', items: [{ kind: 'u8', value: 9 }] }, new Uint8Array([9]), { kind: 'list', elem: u8 }],
    ['records', { kind: 'record', fields: [{ name: 'a', value: v.u32(1) }, { name: 'b-c', value: v.str('z') }] }, { a: 1, 'b-c': 'z' }, rec],
    ['flags in any order', { kind: 'flags', names: ['x', 'r'] }, { r: true, w: false, x: true }, flags],
    ['NaNs (every NaN crossing the ABI is canonical)', { kind: 'f32', bits: 0x7fc00000 }, NaN, prim('f32')],
    ['options', { kind: 'option', value: v.str('s') }, { tag: 'some', val: 's' }, option],
    ['results without payload', { kind: 'result', ok: true, payload: null }, { tag: 'ok' }, result],
  ])('accepts equal %s', (_, expected, actual, type) => {
    expect(matchComponentValue(expected, actual, type)).toBeNull();
  });

  it.each<[string, WastComponentValue, unknown, ValueType, string]>([
    ['different integers', v.u32(7), 8, u32, 'expected 7'],
    ['a value of another type', v.u32(7), 'x', str, 'expected u32, the result is string'],
    ['floats with other bits', { kind: 'f32', bits: 0x80000000 }, 0, prim('f32'), 'expected f32 bits 0x80000000, got 0x0'],
    ['another case', { kind: 'variant', case: 'y', payload: null }, { tag: 'x', val: 1 }, variant, 'expected case `y`, got `x`'],
    ['a different payload, with its path', { kind: 'variant', case: 'x', payload: v.u32(2) }, { tag: 'x', val: 1 }, variant, 'case `x`: expected 2'],
    ['other flags', { kind: 'flags', names: ['r'] }, { r: true, w: true, x: false }, flags, 'expected flags {r}, got {r, w}'],
    ['lists of another length', { kind: 'list', items: [] }, [1], { kind: 'list', elem: u32 }, 'expected 0 elements, got 1'],
    ['a record field in another place', { kind: 'record', fields: [{ name: 'b-c', value: v.str('z') }, { name: 'a', value: v.u32(1) }] }, { a: 1, 'b-c': 'z' }, rec, 'expected field `b-c`, got `a`'],
  ])('reports %s', (_, expected, actual, type, why) => {
    expect(matchComponentValue(expected, actual, type)).toBe(why);
  });
});
