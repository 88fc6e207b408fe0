/**
 * Run plans: everything besides the module bytes that the differential runner needs to run a
 * generated module the same way on every engine (import values, the exported calls with their
 * arguments, which results and globals have nondeterministic NaN bits), and their JSON form used
 * by regression fixtures.
 */

import { KpioError } from '../api/errors.js';

/** An argument or import value: like an exact Value, with references named instead of held. */
export type PlanValue =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  /** `func`: the export name of a function of the instance, or null. */
  | { readonly type: 'funcref'; readonly func: string | null }
  /** `extern`: the number of one of the runner's host objects, or null. */
  | { readonly type: 'externref'; readonly extern: number | null };

/** One exported call. */
export interface PlanCall {
  readonly export: string;
  readonly args: readonly PlanValue[];
}

/** How to run one generated module. */
export interface RunPlan {
  /** Export name of the fuel global, set to {@link fuel} before every call. */
  readonly fuelExport: string;
  readonly fuel: number;
  /** Values of imported globals, by `module.name`. */
  readonly importValues: Readonly<Record<string, PlanValue>>;
  /** The calls to make, in order, on one instance. */
  readonly calls: readonly PlanCall[];
  /** Per export: positions of f32/f64 results whose NaN bits the spec leaves open. */
  readonly inexactResults: Readonly<Record<string, readonly number[]>>;
  /** Exported f32/f64 globals whose NaN bits the spec leaves open. */
  readonly inexactGlobals: readonly string[];
}

/** Number of distinct host objects the runner offers as externref arguments. */
export const EXTERN_OBJECTS = 4;

const hex = (n: bigint, digits: number): string => '0x' + n.toString(16).padStart(digits, '0');

/** The JSON form of a plan value. */
export function planValueToJson(v: PlanValue): unknown {
  switch (v.type) {
    case 'i32':
      return { type: v.type, value: v.value };
    case 'i64':
      return { type: v.type, value: v.value.toString() };
    case 'f32':
      return { type: v.type, bits: hex(BigInt(v.bits >>> 0), 8) };
    case 'f64':
      return { type: v.type, bits: hex(v.bits, 16) };
    case 'v128':
      return { type: v.type, bytes: [...v.bytes].map((b) => b.toString(16).padStart(2, '0')).join('') };
    case 'funcref':
      return { type: v.type, func: v.func };
    case 'externref':
      return { type: v.type, extern: v.extern };
  }
}

function fail(what: string): never {
  throw new KpioError(`malformed fuzz plan: ${what}`);
}

function asObject(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(`${what} is not an object`);
  return x as Record<string, unknown>;
}

function asString(x: unknown, what: string): string {
  if (typeof x !== 'string') fail(`${what} is not a string`);
  return x;
}

function asInt(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) fail(`${what} is not an integer`);
  return x;
}

function parseBits(x: unknown, what: string, digits: number): bigint {
  const s = asString(x, what);
  if (!new RegExp(`^0x[0-9a-f]{1,${digits}}$`).test(s)) fail(`${what} is not a hex bit pattern`);
  return BigInt(s);
}

/** Parses the JSON form of a plan value. */
export function planValueFromJson(x: unknown, what = 'value'): PlanValue {
  const o = asObject(x, what);
  switch (o.type) {
    case 'i32':
      return { type: 'i32', value: asInt(o.value, `${what}.value`) | 0 };
    case 'i64': {
      const s = asString(o.value, `${what}.value`);
      if (!/^-?\d+$/.test(s)) fail(`${what}.value is not a decimal integer`);
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(s)) };
    }
    case 'f32':
      return { type: 'f32', bits: Number(parseBits(o.bits, `${what}.bits`, 8)) };
    case 'f64':
      return { type: 'f64', bits: parseBits(o.bits, `${what}.bits`, 16) };
    case 'v128': {
      const s = asString(o.bytes, `${what}.bytes`);
      if (!/^[0-9a-f]{32}$/.test(s)) fail(`${what}.bytes is not 16 hex bytes`);
      return { type: 'v128', bytes: Uint8Array.from({ length: 16 }, (_x, i) => parseInt(s.slice(i * 2, i * 2 + 2), 16)) };
    }
    case 'funcref':
      return { type: 'funcref', func: o.func === null ? null : asString(o.func, `${what}.func`) };
    case 'externref':
      return { type: 'externref', extern: o.extern === null ? null : asInt(o.extern, `${what}.extern`) };
    default:
      fail(`${what}.type is not a value type`);
  }
}

/** The JSON form of a plan. */
export function planToJson(plan: RunPlan): unknown {
  return {
    fuelExport: plan.fuelExport,
    fuel: plan.fuel,
    importValues: Object.fromEntries(Object.entries(plan.importValues).map(([k, v]) => [k, planValueToJson(v)])),
    calls: plan.calls.map((c) => ({ export: c.export, args: c.args.map(planValueToJson) })),
    inexactResults: plan.inexactResults,
    inexactGlobals: plan.inexactGlobals,
  };
}

/** Parses the JSON form of a plan (throws a KpioError naming the bad field). */
export function planFromJson(x: unknown): RunPlan {
  const o = asObject(x, 'plan');
  const importValues = asObject(o.importValues ?? {}, 'plan.importValues');
  const calls = o.calls;
  if (!Array.isArray(calls)) fail('plan.calls is not an array');
  const inexactResults = asObject(o.inexactResults ?? {}, 'plan.inexactResults');
  const inexactGlobals = o.inexactGlobals ?? [];
  if (!Array.isArray(inexactGlobals)) fail('plan.inexactGlobals is not an array');
  return {
    fuelExport: asString(o.fuelExport, 'plan.fuelExport'),
    fuel: asInt(o.fuel, 'plan.fuel'),
    importValues: Object.fromEntries(
      Object.entries(importValues).map(([k, v]) => [k, planValueFromJson(v, `plan.importValues.${k}`)]),
    ),
    calls: calls.map((c, i) => {
      const co = asObject(c, `plan.calls[${i}]`);
      const args = co.args;
      if (!Array.isArray(args)) fail(`plan.calls[${i}].args is not an array`);
      return {
        export: asString(co.export, `plan.calls[${i}].export`),
        args: args.map((a, j) => planValueFromJson(a, `plan.calls[${i}].args[${j}]`)),
      };
    }),
    inexactResults: Object.fromEntries(
      Object.entries(inexactResults).map(([k, v]) => {
        if (!Array.isArray(v)) fail(`plan.inexactResults.${k} is not an array`);
        return [k, v.map((n, i) => asInt(n, `plan.inexactResults.${k}[${i}]`))];
      }),
    ),
    inexactGlobals: inexactGlobals.map((g, i) => asString(g, `plan.inexactGlobals[${i}]`)),
  };
}
