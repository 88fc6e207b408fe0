import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../../api/errors.js';
import type { Value, WasmFunc } from '../../api/values.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';

function exportsOf(wat: string): (name: string) => WasmFunc {
  const engine = createInterpEngine();
  const vm = validateModule(parseWat(wat));
  const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), []);
  return (name) => inst.exports.get(name) as WasmFunc;
}

/** A deterministic xorshift generator of 64-bit values, biased toward edge cases. */
function* samples(n: number): Generator<bigint> {
  const edges = [0n, 1n, -1n, 2n, -2n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, -0x80000000n,
    0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdefn, 3n, 63n, 64n, 65n];
  yield* edges;
  let s = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < n; i++) {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    // Mix magnitudes: full 64-bit, 32-bit and small values.
    const v = BigInt.asIntN(64, s);
    yield i % 3 === 0 ? v : i % 3 === 1 ? BigInt.asIntN(32, v) : BigInt.asIntN(8, v);
  }
}

const S = (x: bigint) => BigInt.asIntN(64, x);
/** Constant shift counts (taken modulo 64). */
const SHIFT_COUNTS = [0, 1, 7, 31, 32, 33, 57, 63, 64, 100, -1];
const U = (x: bigint) => BigInt.asUintN(64, x);
const I64 = (v: bigint): Value => ({ type: 'i64', value: v });

const BINARY: Record<string, (a: bigint, b: bigint) => bigint | 'trap-div' | 'trap-ovf'> = {
  add: (a, b) => S(a + b),
  sub: (a, b) => S(a - b),
  mul: (a, b) => S(a * b),
  div_s: (a, b) => (b === 0n ? 'trap-div' : a === -(2n ** 63n) && b === -1n ? 'trap-ovf' : S(a / b)),
  div_u: (a, b) => (b === 0n ? 'trap-div' : S(U(a) / U(b))),
  rem_s: (a, b) => (b === 0n ? 'trap-div' : S(a % b)),
  rem_u: (a, b) => (b === 0n ? 'trap-div' : S(U(a) % U(b))),
  and: (a, b) => S(a & b),
  or: (a, b) => S(a | b),
  xor: (a, b) => S(a ^ b),
  shl: (a, b) => S(a << (U(b) & 63n)),
  shr_s: (a, b) => S(a >> (U(b) & 63n)),
  shr_u: (a, b) => S(U(a) >> (U(b) & 63n)),
  rotl: (a, b) => {
    const n = U(b) & 63n;
    return S((U(a) << n) | (U(a) >> ((64n - n) & 63n)));
  },
  rotr: (a, b) => {
    const n = U(b) & 63n;
    return S((U(a) >> n) | (U(a) << ((64n - n) & 63n)));
  },
};

const COMPARE: Record<string, (a: bigint, b: bigint) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt_s: (a, b) => a < b,
  lt_u: (a, b) => U(a) < U(b),
  gt_s: (a, b) => a > b,
  gt_u: (a, b) => U(a) > U(b),
  le_s: (a, b) => a <= b,
  le_u: (a, b) => U(a) <= U(b),
  ge_s: (a, b) => a >= b,
  ge_u: (a, b) => U(a) >= U(b),
};

function popcnt(x: bigint): bigint {
  let n = 0n;
  for (let v = U(x); v; v >>= 1n) n += v & 1n;
  return n;
}

function clz(x: bigint): bigint {
  const v = U(x);
  return v === 0n ? 64n : BigInt(64 - v.toString(2).length);
}

function ctz(x: bigint): bigint {
  const v = U(x);
  if (v === 0n) return 64n;
  let n = 0n;
  for (let t = v; (t & 1n) === 0n; t >>= 1n) n++;
  return n;
}

describe('i64 arithmetic on int32 halves matches a BigInt reference', () => {
  const ops = Object.keys(BINARY);
  const cmps = Object.keys(COMPARE);
  const wat = `(module
    ${ops.map((o) => `(func (export "${o}") (param i64 i64) (result i64) (i64.${o} (local.get 0) (local.get 1)))`).join('\n')}
    ${cmps.map((o) => `(func (export "${o}") (param i64 i64) (result i32) (i64.${o} (local.get 0) (local.get 1)))`).join('\n')}
    ${cmps.map((o) => `(func (export "br_${o}") (param i64 i64) (result i32)
        (block (br_if 0 (i64.${o} (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))`).join('\n')}
    (func (export "clz") (param i64) (result i64) (i64.clz (local.get 0)))
    (func (export "ctz") (param i64) (result i64) (i64.ctz (local.get 0)))
    (func (export "popcnt") (param i64) (result i64) (i64.popcnt (local.get 0)))
    (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))
    (func (export "extend8") (param i64) (result i64) (i64.extend8_s (local.get 0)))
    (func (export "extend16") (param i64) (result i64) (i64.extend16_s (local.get 0)))
    (func (export "extend32") (param i64) (result i64) (i64.extend32_s (local.get 0)))
    (func (export "wrap_extend_s") (param i64) (result i64) (i64.extend_i32_s (i32.wrap_i64 (local.get 0))))
    (func (export "wrap_extend_u") (param i64) (result i64) (i64.extend_i32_u (i32.wrap_i64 (local.get 0))))
    (func (export "add_imm") (param i64) (result i64) (i64.add (local.get 0) (i64.const -12345)))
    (func (export "sub_imm") (param i64) (result i64) (i64.sub (local.get 0) (i64.const 0x7fffffff)))
    (func (export "sub_min") (param i64) (result i64) (i64.sub (local.get 0) (i64.const -0x80000000)))
    (func (export "add_big") (param i64) (result i64) (i64.add (i64.const 0x100000001) (local.get 0)))
    ${SHIFT_COUNTS.flatMap((k) => ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'].map((o) =>
      `(func (export "${o}_c${k}") (param i64) (result i64) (i64.${o} (local.get 0) (i64.const ${k})))`)).join('\n')}
  )`;
  const get = exportsOf(wat);
  const values = [...samples(120)];
  const pairs: [bigint, bigint][] = [];
  for (let i = 0; i < values.length; i++) {
    pairs.push([values[i]!, values[(i * 7 + 3) % values.length]!], [values[i]!, values[i]!]);
  }

  it.each(ops)('i64.%s', (op) => {
    const f = get(op);
    for (const [a, b] of pairs) {
      const want = BINARY[op]!(a, b);
      if (want === 'trap-div' || want === 'trap-ovf') {
        const code = want === 'trap-div' ? TrapCode.IntegerDivideByZero : TrapCode.IntegerOverflow;
        expect(() => f.callExact([I64(a), I64(b)])).toThrow(new Trap(code).message);
      } else {
        expect([a, b, f.callExact([I64(a), I64(b)])[0]]).toEqual([a, b, I64(want)]);
      }
    }
  });

  it.each(cmps)('i64.%s, as a value and fused into br_if', (op) => {
    const f = get(op);
    const br = get(`br_${op}`);
    for (const [a, b] of pairs) {
      const want = COMPARE[op]!(a, b) ? 1 : 0;
      expect([a, b, f.callExact([I64(a), I64(b)])[0]]).toEqual([a, b, { type: 'i32', value: want }]);
      expect([a, b, br.callExact([I64(a), I64(b)])[0]]).toEqual([a, b, { type: 'i32', value: want }]);
    }
  });

  it('unary operators, sign extension, wrap/extend and immediate forms', () => {
    const table: [string, (a: bigint) => bigint][] = [
      ['clz', clz],
      ['ctz', ctz],
      ['popcnt', popcnt],
      ['extend8', (a) => BigInt.asIntN(8, a)],
      ['extend16', (a) => BigInt.asIntN(16, a)],
      ['extend32', (a) => BigInt.asIntN(32, a)],
      ['wrap_extend_s', (a) => BigInt.asIntN(32, a)],
      ['wrap_extend_u', (a) => BigInt.asUintN(32, a)],
      ['add_imm', (a) => S(a - 12345n)],
      ['sub_imm', (a) => S(a - 0x7fffffffn)],
      ['sub_min', (a) => S(a + 0x80000000n)],
      ['add_big', (a) => S(a + 0x100000001n)],
    ];
    for (const [name, ref] of table) {
      const f = get(name);
      for (const a of values) expect([name, a, f.callExact([I64(a)])[0]]).toEqual([name, a, I64(ref(a))]);
    }
    for (const k of SHIFT_COUNTS) {
      for (const o of ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr']) {
        const f = get(`${o}_c${k}`);
        for (const a of values) {
          expect([o, k, a, f.callExact([I64(a)])[0]]).toEqual([o, k, a, I64(BINARY[o]!(a, BigInt(k)) as bigint)]);
        }
      }
    }
    const eqz = get('eqz');
    for (const a of values) expect(eqz.callExact([I64(a)])[0]).toEqual({ type: 'i32', value: a === 0n ? 1 : 0 });
  });

  it('JS-API calls take and return bigints', () => {
    expect(get('mul').call(0x100000000n, 0x100000000n)).toBe(0n);
    expect(get('add').call(-1n, 2n)).toBe(1n);
    expect(() => get('add').call(1, 2)).toThrow(/bigint/);
  });
});
