/**
 * Floats in compiled code keep every bit: NaN payloads (signalling ones included) survive
 * parameters, locals, select, calls, results (single and several), globals, memory (aligned and
 * not), reinterpret, abs/neg/copysign, and the crossings between the interpreter and compiled
 * code; arithmetic on a NaN gives an arithmetic (quiet) NaN.
 */

import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/api/values.js';
import { f32b, f64b, jit } from './helpers.js';

const F32_NANS = [0x7fa00001, 0xffa00001, 0x7fc12345, 0x7f800001, 0xffffffff];
const F32_PLAIN = [0, 0x80000000, 0x3f800000, 0x7f800000, 0xff800000, 0x00000001, 0x7f7fffff];
const F64_NANS = [0x7ff4000000000001n, 0xfff0000000000001n, 0x7ff8dead00000001n, 0x7ff0000000000001n, 0xffffffffffffffffn];
const F64_PLAIN = [0n, 0x8000000000000000n, 0x3ff0000000000000n, 0x7ff0000000000000n, 0x0000000000000001n];

/** A module that moves a value of type `t` through every kind of place. */
function movers(t: 'f32' | 'f64', intT: 'i32' | 'i64'): string {
  return `(module
  (memory 1)
  (global $g (mut ${t}) (${t}.const 0))
  (func $id (param ${t}) (result ${t}) (local.get 0))
  (func (export "param") (param ${t}) (result ${t}) (local.get 0))
  (func (export "local") (param ${t}) (result ${t}) (local ${t}) (local.set 1 (local.get 0)) (local.get 1))
  (func (export "tee") (param ${t}) (result ${t}) (local ${t}) (local.tee 1 (local.get 0)))
  (func (export "select") (param ${t} ${t} i32) (result ${t}) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "call") (param ${t}) (result ${t}) (call $id (local.get 0)))
  (func $two (param ${t} ${t}) (result ${t} ${t}) (local.get 1) (local.get 0))
  (func (export "multi") (param ${t} ${t}) (result ${t}) (call $two (local.get 0) (local.get 1)) (drop))
  (func (export "multi2") (param ${t} ${t}) (result ${t} ${t}) (call $two (local.get 0) (local.get 1)))
  (func (export "global") (param ${t}) (result ${t}) (global.set $g (local.get 0)) (global.get $g))
  (func (export "mem") (param ${t} i32) (result ${t}) (${t}.store (local.get 1) (local.get 0)) (${t}.load (local.get 1)))
  (func (export "bits") (param ${t}) (result ${intT}) (${intT}.reinterpret_${t} (local.get 0)))
  (func (export "from_bits") (param ${intT}) (result ${t}) (${t}.reinterpret_${intT} (local.get 0)))
  (func (export "mem_bits") (param ${t} i32) (result ${intT}) (${t}.store (local.get 1) (local.get 0)) (${intT}.load (local.get 1)))
  (func (export "abs") (param ${t}) (result ${t}) (${t}.abs (local.get 0)))
  (func (export "neg") (param ${t}) (result ${t}) (${t}.neg (local.get 0)))
  (func (export "copysign") (param ${t} ${t}) (result ${t}) (${t}.copysign (local.get 0) (local.get 1)))
  (func (export "add") (param ${t} ${t}) (result ${t}) (${t}.add (local.get 0) (local.get 1)))
  (func (export "block") (param ${t}) (result ${t}) (block (result ${t}) (local.get 0) (br 0)))
)`;
}

describe.each([
  { t: 'f32' as const, intT: 'i32' as const, nans: F32_NANS.map((b) => BigInt(b)), plain: F32_PLAIN.map((b) => BigInt(b)), sign: 1n << 31n, quiet: 1n << 22n, width: 32 },
  { t: 'f64' as const, intT: 'i64' as const, nans: F64_NANS, plain: F64_PLAIN, sign: 1n << 63n, quiet: 1n << 51n, width: 64 },
])('$t bits in compiled code', ({ t, intT, nans, plain, sign, quiet, width }) => {
  const mask = (1n << BigInt(width)) - 1n;
  const v = (bits: bigint): Value => (t === 'f32' ? f32b(Number(bits)) : f64b(bits));
  const bitsOf = (x: Value): bigint => (x.type === 'f32' ? BigInt(x.bits) : x.type === 'f64' ? x.bits : -1n);
  const intBits = (x: Value): bigint => BigInt.asUintN(width, x.type === 'i32' ? BigInt(x.value) : x.type === 'i64' ? x.value : -1n);
  const s = jit(movers(t, intT));
  const all = [...nans, ...plain];

  it.each(['param', 'local', 'tee', 'call', 'global', 'block'])('%s keeps every bit', (name) => {
    for (const b of all) expect(bitsOf(s.fn(name).callExact([v(b)])[0]!)).toBe(b);
  });

  it('select, several results, memory (aligned and unaligned) and reinterpret keep every bit', () => {
    for (const b of all) {
      expect(bitsOf(s.fn('select').callExact([v(b), v(0n), { type: 'i32', value: 1 }])[0]!)).toBe(b);
      expect(bitsOf(s.fn('select').callExact([v(0n), v(b), { type: 'i32', value: 0 }])[0]!)).toBe(b);
      expect(bitsOf(s.fn('multi').callExact([v(0n), v(b)])[0]!)).toBe(b);
      expect(s.fn('multi2').callExact([v(b), v(plain[2]!)]).map(bitsOf)).toEqual([plain[2]!, b]);
      for (const addr of [0, 8, 3, 65536 - width / 8]) {
        expect(bitsOf(s.fn('mem').callExact([v(b), { type: 'i32', value: addr }])[0]!)).toBe(b);
        expect(intBits(s.fn('mem_bits').callExact([v(b), { type: 'i32', value: addr }])[0]!)).toBe(b);
      }
      expect(intBits(s.fn('bits').callExact([v(b)])[0]!)).toBe(b);
      const asInt: Value = t === 'f32' ? { type: 'i32', value: Number(BigInt.asIntN(32, b)) } : { type: 'i64', value: BigInt.asIntN(64, b) };
      expect(bitsOf(s.fn('from_bits').callExact([asInt])[0]!)).toBe(b);
    }
  });

  it('abs, neg and copysign change only the sign bit', () => {
    for (const b of all) {
      expect(bitsOf(s.fn('abs').callExact([v(b)])[0]!)).toBe(b & ~sign & mask);
      expect(bitsOf(s.fn('neg').callExact([v(b)])[0]!)).toBe((b ^ sign) & mask);
      for (const sgn of [plain[0]!, plain[1]!, nans[0]!, nans[1]!]) {
        expect(bitsOf(s.fn('copysign').callExact([v(b), v(sgn)])[0]!)).toBe((b & ~sign) | (sgn & sign));
      }
    }
  });

  it('arithmetic on a NaN gives an arithmetic NaN (quiet bit set)', () => {
    for (const b of nans) {
      const r = bitsOf(s.fn('add').callExact([v(b), v(plain[2]!)])[0]!);
      expect(r & quiet).toBe(quiet);
      expect((r & ~sign & mask) > (t === 'f32' ? 0x7f800000n : 0x7ff0000000000000n)).toBe(true);
    }
  });

  it('keeps every bit across the tiers: interpreted caller to compiled callee and back', () => {
    const wat = `(module
      (func $callee (export "callee") (param ${t}) (result ${t}) (local.get 0))
      (func (export "caller") (param ${t}) (result ${t}) (call $callee (local.get 0))))`;
    // callee compiled after 2 calls; caller's first call is interpreted
    const a = jit(wat, { tierUpThreshold: 2 });
    a.fn('callee').callExact([v(0n)]);
    a.fn('callee').callExact([v(0n)]);
    for (const b of all) expect(bitsOf(a.fn('caller').callExact([v(b)])[0]!)).toBe(b);
    // compiled caller, callee still interpreted (a cold call from compiled code)
    const c = jit(wat, { tierUpThreshold: 3 });
    c.fn('caller').callExact([v(0n)]);
    c.fn('caller').callExact([v(0n)]);
    for (const b of all) expect(bitsOf(c.fn('caller').callExact([v(b)])[0]!)).toBe(b);
    expect(c.engine.stats().compiled).toBeGreaterThan(0);
  });

  it('keeps every bit in resumable code (fuel metering)', () => {
    const m = jit(movers(t, intT), { fuel: 1e12 });
    for (const name of ['param', 'call', 'global', 'multi']) {
      for (const b of all) {
        const args = name === 'multi' ? [v(0n), v(b)] : [v(b)];
        expect(bitsOf(m.fn(name).callExact(args)[0]!)).toBe(b);
      }
    }
  });
});
