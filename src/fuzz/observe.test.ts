import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../api/errors.js';
import type { Value } from '../api/values.js';
import { describeOutcome, hashBytes, observeValue, type Outcome, outcomeOfError, outcomesAgree } from './observe.js';

const names = new Map<unknown, string>();

describe('observeValue (the NaN rule)', () => {
  it.each<[string, Value, boolean, string]>([
    ['i32 as unsigned hex', { type: 'i32', value: -1 }, false, 'i32:ffffffff'],
    ['i64 as unsigned hex', { type: 'i64', value: -2n }, false, 'i64:fffffffffffffffe'],
    ['an exact f32 NaN keeps its payload', { type: 'f32', bits: 0x7fa00001 }, false, 'f32:7fa00001'],
    ['an inexact f32 NaN is some NaN', { type: 'f32', bits: 0xffc00000 }, true, 'f32:nan'],
    ['an inexact quiet f32 NaN with a payload is some NaN', { type: 'f32', bits: 0x7fc12345 }, true, 'f32:nan'],
    ['an inexact signalling f32 NaN stays signalling', { type: 'f32', bits: 0xff800001 }, true, 'f32:snan'],
    ['an inexact f32 number stays exact', { type: 'f32', bits: 0x80000000 }, true, 'f32:80000000'],
    ['an exact f64 NaN keeps its payload', { type: 'f64', bits: 0x7ff0000000000001n }, false, 'f64:7ff0000000000001'],
    ['an inexact f64 NaN is some NaN', { type: 'f64', bits: 0xfff8000000000000n }, true, 'f64:nan'],
    ['an inexact signalling f64 NaN stays signalling', { type: 'f64', bits: 0x7ff0000000000002n }, true, 'f64:snan'],
    ['an inexact f64 infinity is not a NaN', { type: 'f64', bits: 0x7ff0000000000000n }, true, 'f64:7ff0000000000000'],
    ['null funcref', { type: 'funcref', value: null }, false, 'funcref:null'],
    ['unknown externref', { type: 'externref', value: {} }, false, 'externref:?'],
  ])('%s', (_name, v, inexact, expected) => {
    expect(observeValue(v, inexact, names)).toBe(expected);
  });

  it('names references by identity', () => {
    const f = { kind: 'func' };
    expect(observeValue({ type: 'funcref', value: f as never }, false, new Map([[f, 'f3']]))).toBe('funcref:f3');
  });
});

describe('outcomesAgree', () => {
  const ok = (...values: string[]): Outcome => ({ kind: 'ok', values });
  const trap = (...codes: TrapCode[]): Outcome => ({ kind: 'trap', codes, message: codes[0]! });
  it.each<[string, Outcome, Outcome, boolean]>([
    ['equal results', ok('i32:00000001'), ok('i32:00000001'), true],
    ['different results', ok('i32:00000001'), ok('i32:00000002'), false],
    ['different result counts', ok(), ok('i32:00000000'), false],
    ['equal traps', trap(TrapCode.Unreachable), trap(TrapCode.Unreachable), true],
    ['different traps', trap(TrapCode.Unreachable), trap(TrapCode.IntegerOverflow), false],
    [
      'a trap among the alternatives',
      trap(TrapCode.IntegerOverflow),
      trap(TrapCode.InvalidConversionToInteger, TrapCode.IntegerOverflow),
      true,
    ],
    ['a result and a trap', ok(), trap(TrapCode.Unreachable), false],
    ['two identical errors', { kind: 'error', message: 'x' }, { kind: 'error', message: 'x' }, false],
  ])('%s', (_name, a, b, expected) => {
    expect(outcomesAgree(a, b)).toBe(expected);
    expect(outcomesAgree(b, a)).toBe(expected);
  });
});

describe('outcomeOfError', () => {
  it('keeps a trap code and its alternatives', () => {
    const t = new Trap(TrapCode.OutOfBoundsTableAccess);
    t.alternatives = [TrapCode.UndefinedElement];
    const o = outcomeOfError(t);
    expect(o).toMatchObject({ kind: 'trap', codes: ['out of bounds table access', 'undefined element'] });
    expect(describeOutcome(o)).toBe('trap "out of bounds table access" (or "undefined element")');
  });

  it('turns anything else into an error', () => {
    expect(outcomeOfError(new TypeError('boom'))).toEqual({ kind: 'error', message: 'TypeError: boom' });
  });
});

describe('hashBytes', () => {
  it('is stable and sees every byte and the length', () => {
    const a = new Uint8Array(65536);
    const h = hashBytes(a);
    expect(hashBytes(new Uint8Array(65536))).toBe(h);
    for (const at of [0, 1, 4097, 65535]) {
      const b = new Uint8Array(65536);
      b[at] = 1;
      expect(hashBytes(b)).not.toBe(h);
    }
    expect(hashBytes(new Uint8Array(65537))).not.toBe(h);
    expect(hashBytes(new Uint8Array(3))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes unaligned views like aligned copies', () => {
    const buf = new Uint8Array(20);
    buf.set([1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
    expect(hashBytes(buf.subarray(1, 10))).toBe(hashBytes(buf.slice(1, 10)));
  });
});
