import { describe, expect, it } from 'vitest';
import { KpioError } from '../api/errors.js';
import { planFromJson, planToJson, planValueFromJson, planValueToJson, type PlanValue, type RunPlan } from './plan.js';

describe('plan values in JSON', () => {
  it.each<PlanValue>([
    { type: 'i32', value: -0x80000000 },
    { type: 'i64', value: -0x8000000000000000n },
    { type: 'i64', value: 0x7fffffffffffffffn },
    { type: 'f32', bits: 0xffc00001 },
    { type: 'f64', bits: 0x7ff0000000000001n },
    { type: 'v128', bytes: Uint8Array.from({ length: 16 }, (_x, i) => i * 17) },
    { type: 'funcref', func: 'f2' },
    { type: 'funcref', func: null },
    { type: 'externref', extern: 3 },
    { type: 'externref', extern: null },
  ])('round-trips %o', (v) => {
    const json = JSON.parse(JSON.stringify(planValueToJson(v)));
    expect(planValueFromJson(json)).toEqual(v);
  });

  it.each([
    [{ type: 'i33', value: 1 }, 'type'],
    [{ type: 'i64', value: 12 }, 'not a string'],
    [{ type: 'f32', bits: '7fc00000' }, 'hex bit pattern'],
    [{ type: 'v128', bytes: 'abc' }, '16 hex bytes'],
    [null, 'not an object'],
  ])('rejects %o', (json, message) => {
    expect(() => planValueFromJson(json)).toThrow(KpioError);
    expect(() => planValueFromJson(json)).toThrow(message);
  });
});

describe('plans in JSON', () => {
  const plan: RunPlan = {
    fuelExport: 'fuel',
    fuel: 200,
    importValues: { 'env.g_f64': { type: 'f64', bits: 0x7ff4000000000000n } },
    calls: [{ export: 'f1', args: [{ type: 'i32', value: 7 }, { type: 'funcref', func: 'f0' }] }],
    inexactResults: { f1: [0, 2] },
    inexactGlobals: ['g3'],
  };

  it('round-trips', () => {
    expect(planFromJson(JSON.parse(JSON.stringify(planToJson(plan))))).toEqual(plan);
  });

  it('names the bad field', () => {
    const bad = JSON.parse(JSON.stringify(planToJson(plan)));
    bad.calls[0].args[1] = { type: 'funcref', func: 5 };
    expect(() => planFromJson(bad)).toThrow('plan.calls[0].args[1].func');
  });
});
