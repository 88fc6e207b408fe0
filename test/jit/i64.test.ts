/**
 * i64 in compiled code (pairs of int32 words, no BigInt) against BigInt arithmetic: every i64
 * operator on edge values and seeded random inputs, with variable and constant operands (constant
 * multipliers, shift counts and addends take specialised code paths), plus the conversions.
 */

import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../../src/api/errors.js';
import type { Value } from '../../src/api/values.js';
import { f64b, I64_EDGES, i32, i64, jit, rng } from './helpers.js';

const M64 = (1n << 64n) - 1n;
const s64 = (x: bigint) => BigInt.asIntN(64, x);
const u64 = (x: bigint) => BigInt.asUintN(64, x);

/** Reference semantics of the binary operators (null: traps). */
const BINARY: Record<string, (a: bigint, b: bigint) => bigint | TrapCode> = {
  add: (a, b) => s64(a + b),
  sub: (a, b) => s64(a - b),
  mul: (a, b) => s64(a * b),
  div_s: (a, b) => (b === 0n ? TrapCode.IntegerDivideByZero : a === -(1n << 63n) && b === -1n ? TrapCode.IntegerOverflow : s64(a / b)),
  div_u: (a, b) => (b === 0n ? TrapCode.IntegerDivideByZero : s64(u64(a) / u64(b))),
  rem_s: (a, b) => (b === 0n ? TrapCode.IntegerDivideByZero : s64(a % b)),
  rem_u: (a, b) => (b === 0n ? TrapCode.IntegerDivideByZero : s64(u64(a) % u64(b))),
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  shl: (a, b) => s64(a << (b & 63n)),
  shr_s: (a, b) => a >> (b & 63n),
  shr_u: (a, b) => s64(u64(a) >> (b & 63n)),
  rotl: (a, b) => {
    const n = b & 63n;
    return s64((u64(a) << n) | (u64(a) >> ((64n - n) & 63n)));
  },
  rotr: (a, b) => {
    const n = b & 63n;
    return s64((u64(a) >> n) | ((u64(a) << ((64n - n) & 63n)) & M64));
  },
};

/** Reference semantics of the comparisons. */
const COMPARE: Record<string, (a: bigint, b: bigint) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt_s: (a, b) => a < b,
  lt_u: (a, b) => u64(a) < u64(b),
  gt_s: (a, b) => a > b,
  gt_u: (a, b) => u64(a) > u64(b),
  le_s: (a, b) => a <= b,
  le_u: (a, b) => u64(a) <= u64(b),
  ge_s: (a, b) => a >= b,
  ge_u: (a, b) => u64(a) >= u64(b),
};

/** Reference semantics of the unary operators. */
const UNARY: Record<string, (a: bigint) => bigint> = {
  clz: (a) => BigInt(64 - u64(a).toString(2).replace(/^0$/, '').length),
  ctz: (a) => (a === 0n ? 64n : BigInt(u64(a).toString(2).length - 1 - u64(a).toString(2).lastIndexOf('1'))),
  popcnt: (a) => BigInt([...u64(a).toString(2)].filter((c) => c === '1').length),
  extend8_s: (a) => BigInt.asIntN(8, a),
  extend16_s: (a) => BigInt.asIntN(16, a),
  extend32_s: (a) => BigInt.asIntN(32, a),
};

/** The inputs: every pair of edges, then seeded random pairs (some small, some full width). */
function pairs(): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (const a of I64_EDGES) for (const b of I64_EDGES) out.push([a, b]);
  const r = rng(0x5eedn);
  for (let i = 0; i < 400; i++) {
    const a = r();
    const b = r();
    out.push([a, i % 4 === 0 ? BigInt.asIntN(64, b & 0xffffn) : i % 4 === 1 ? BigInt.asIntN(32, b) : b]);
  }
  return out;
}

/** Calls `f` with exact i64 arguments; returns the value or the trap code. */
function call(f: { callExact(a: readonly Value[]): Value[] }, args: bigint[]): bigint | number | TrapCode {
  try {
    const [r] = f.callExact(args.map(i64));
    return r!.type === 'i64' ? r!.value : (r as { value: number }).value;
  } catch (e) {
    if (e instanceof Trap) return e.code;
    throw e;
  }
}

const wat = `(module
  ${Object.keys(BINARY)
    .map((op) => `(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`)
    .join('\n  ')}
  ${Object.keys(COMPARE)
    .map((op) => `(func (export "${op}") (param i64 i64) (result i32) (i64.${op} (local.get 0) (local.get 1)))`)
    .join('\n  ')}
  ${Object.keys(UNARY)
    .map((op) => `(func (export "${op}") (param i64) (result i64) (i64.${op} (local.get 0)))`)
    .join('\n  ')}
  (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))
  (func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
  (func (export "extend_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
  (func (export "extend_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
  (func (export "to_f64_s") (param i64) (result f64) (f64.convert_i64_s (local.get 0)))
  (func (export "to_f64_u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
  (func (export "to_f32_s") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))
  (func (export "to_f32_u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "trunc_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "reinterpret") (param i64) (result i64) (i64.reinterpret_f64 (f64.reinterpret_i64 (local.get 0))))
)`;

/** The f32 nearest to integer `x` (ties to even), as bits: the exact reference for i64->f32. */
function f32OfBigInt(x: bigint): number {
  const neg = x < 0n;
  let m = neg ? -x : x;
  if (m === 0n) return neg ? 0x80000000 : 0;
  let e = m.toString(2).length - 1;
  // keep 24 significant bits, rounding to nearest even
  if (e > 23) {
    const shift = BigInt(e - 23);
    const rest = m & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    m >>= shift;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    if (m === 1n << 24n) {
      m >>= 1n;
      e++;
    }
  } else {
    m <<= BigInt(23 - e);
  }
  const bits = ((e + 127) << 23) | Number(m & 0x7fffffn);
  return (neg ? bits | 0x80000000 : bits) >>> 0;
}

describe('i64 in compiled code', () => {
  const s = jit(wat);
  const inputs = pairs();

  for (const [op, ref] of Object.entries(BINARY)) {
    it(`i64.${op} matches BigInt`, () => {
      const f = s.fn(op);
      for (const [a, b] of inputs) expect(call(f, [a, b]), `${op}(${a}, ${b})`).toBe(ref(a, b));
    });
  }

  for (const [op, ref] of Object.entries(COMPARE)) {
    it(`i64.${op} matches BigInt`, () => {
      const f = s.fn(op);
      for (const [a, b] of inputs) expect(call(f, [a, b]), `${op}(${a}, ${b})`).toBe(ref(a, b) ? 1 : 0);
    });
  }

  for (const [op, ref] of Object.entries(UNARY)) {
    it(`i64.${op} matches BigInt`, () => {
      const f = s.fn(op);
      for (const [a] of inputs) expect(call(f, [a]), `${op}(${a})`).toBe(ref(a));
    });
  }

  it('eqz, wrap, extend, reinterpret', () => {
    for (const [a] of inputs) {
      expect(call(s.fn('eqz'), [a])).toBe(a === 0n ? 1 : 0);
      expect(call(s.fn('wrap'), [a])).toBe(Number(BigInt.asIntN(32, a)));
      expect(call(s.fn('reinterpret'), [a])).toBe(a);
      const x = Number(BigInt.asIntN(32, a));
      expect(s.fn('extend_s').callExact([i32(x)])[0]).toEqual(i64(BigInt(x)));
      expect(s.fn('extend_u').callExact([i32(x)])[0]).toEqual(i64(BigInt(x >>> 0)));
    }
  });

  it('converts to f64 and f32 with one correct rounding', () => {
    for (const [a] of inputs) {
      const d = new Float64Array(1);
      d[0] = Number(a);
      const bits = new BigUint64Array(d.buffer)[0]!;
      expect(s.fn('to_f64_s').callExact([i64(a)])[0]).toEqual(f64b(bits));
      d[0] = Number(u64(a));
      expect(s.fn('to_f64_u').callExact([i64(a)])[0]).toEqual(f64b(new BigUint64Array(d.buffer)[0]!));
      expect(s.fn('to_f32_s').callExact([i64(a)])[0]).toEqual({ type: 'f32', bits: f32OfBigInt(a) });
      expect(s.fn('to_f32_u').callExact([i64(a)])[0]).toEqual({ type: 'f32', bits: f32OfBigInt(u64(a)) });
    }
  });

  it('truncates f64 to i64 and traps out of range', () => {
    const trunc = s.fn('trunc_s');
    const d = new Float64Array(1);
    const bitsOf = (x: number) => {
      d[0] = x;
      return new BigUint64Array(d.buffer)[0]!;
    };
    for (const x of [0, -0.9, 1.5, -1.5, 2 ** 53 + 2, -(2 ** 62) * 1.5, 9223372036854774784, -9223372036854775808]) {
      expect(trunc.callExact([f64b(bitsOf(x))])[0]).toEqual(i64(BigInt(Math.trunc(x))));
    }
    for (const [x, code] of [
      [9223372036854775808, TrapCode.IntegerOverflow],
      [-9223372036854777856, TrapCode.IntegerOverflow],
      [NaN, TrapCode.InvalidConversionToInteger],
    ] as const) {
      expect(() => trunc.callExact([f64b(bitsOf(x))])).toThrow(expect.objectContaining({ code }));
    }
  });

  it('compares with constants on either side (high words of 0 simplify unsigned comparisons)', () => {
    const consts = [0n, 1n, 8000001n, 0xffffffffn, 0x100000000n, -1n, -0x80000000n];
    const ops = ['lt_u', 'gt_u', 'le_u', 'ge_u', 'lt_s', 'gt_s', 'le_s', 'ge_s'] as const;
    const funcs = ops.flatMap((op) =>
      consts.flatMap((k, i) => [
        `(func (export "${op}_${i}") (param i64) (result i32) (i64.${op} (local.get 0) (i64.const ${k})))`,
        `(func (export "${op}_${i}r") (param i64) (result i32) (i64.${op} (i64.const ${k}) (local.get 0)))`,
      ]),
    );
    const c = jit(`(module ${funcs.join('\n')})`);
    for (const op of ops) {
      consts.forEach((k, i) => {
        for (const [a] of inputs.slice(0, 300)) {
          expect(call(c.fn(`${op}_${i}`), [a]), `${op}(${a}, ${k})`).toBe(COMPARE[op]!(a, k) ? 1 : 0);
          expect(call(c.fn(`${op}_${i}r`), [a]), `${op}(${k}, ${a})`).toBe(COMPARE[op]!(k, a) ? 1 : 0);
        }
      });
    }
  });

  it('specialises constant operands (multipliers, shift counts, addends) correctly', () => {
    const consts = [0n, 1n, -1n, 5n, 31n, 32n, 33n, 63n, 64n, 0x9e3779b97f4a7c15n - (1n << 64n), 0xbf58476d1ce4e5b9n - (1n << 64n), 0x7fffffffn, 0xffffffffn];
    const ops = ['add', 'sub', 'mul', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'lt_u', 'ge_s', 'div_u', 'rem_s'] as const;
    const funcs = ops.flatMap((op) => consts.map((k, i) => `(func (export "${op}_${i}") (param i64) (result ${op in COMPARE ? 'i32' : 'i64'}) (i64.${op} (local.get 0) (i64.const ${k})))`));
    const c = jit(`(module ${funcs.join('\n')})`);
    for (const op of ops) {
      const ref = (BINARY[op] ?? ((a: bigint, b: bigint) => (COMPARE[op]!(a, b) ? 1 : 0))) as (a: bigint, b: bigint) => unknown;
      consts.forEach((k, i) => {
        const f = c.fn(`${op}_${i}`);
        for (const [a] of inputs.slice(0, 600)) expect(call(f, [a]), `${op}(${a}, ${k})`).toBe(ref(a, k));
      });
    }
  });
});
