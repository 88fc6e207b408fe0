import { describe, expect, it } from 'vitest';
import { TrapCode } from '../../api/errors.js';
import type { Value, WasmFunc, WasmGlobal, WasmMemory } from '../../api/values.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';

function exportsOf(wat: string): (name: string) => unknown {
  const engine = createInterpEngine();
  const vm = validateModule(parseWat(wat));
  const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), []);
  return (name) => inst.exports.get(name);
}

const f32 = (bits: number): Value => ({ type: 'f32', bits: bits >>> 0 });
const f64 = (bits: bigint): Value => ({ type: 'f64', bits });
const F32_SNAN = 0x7fa00001; // signalling NaN with a payload
const F32_NEG_NAN = 0xffc12345;
const F64_SNAN = 0x7ff4000000000123n;

describe('NaN payloads survive everything that moves bits', () => {
  const get = exportsOf(`(module
    (memory 1)
    (global $g (mut f32) (f32.const 0))
    (global $h (export "h") (mut f64) (f64.const 0))
    (func (export "id32") (param f32) (result f32) (local f32) (local.set 1 (local.get 0)) (local.get 1))
    (func (export "mem32") (param f32) (result f32) (f32.store (i32.const 3) (local.get 0)) (f32.load (i32.const 3)))
    (func (export "mem64") (param f64) (result f64) (f64.store (i32.const 5) (local.get 0)) (f64.load (i32.const 5)))
    (func (export "glob32") (param f32) (result f32) (global.set $g (local.get 0)) (global.get $g))
    (func (export "glob64") (param f64) (result f64) (global.set $h (local.get 0)) (global.get $h))
    (func (export "abs32") (param f32) (result f32) (f32.abs (local.get 0)))
    (func (export "neg32") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "copysign32") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
    (func (export "abs64") (param f64) (result f64) (f64.abs (local.get 0)))
    (func (export "neg64") (param f64) (result f64) (f64.neg (local.get 0)))
    (func (export "copysign64") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
    (func (export "reinterpret32") (param i32) (result i32) (i32.reinterpret_f32 (f32.reinterpret_i32 (local.get 0))))
    (func (export "select32") (param f32 f32 i32) (result f32) (select (local.get 0) (local.get 1) (local.get 2)))
    (func (export "const32") (result f32) (f32.const nan:0x200001))
    (func (export "const64") (result f64) (f64.const -nan:0x4000000000123))
  )`);
  const call = (name: string, ...args: Value[]) => (get(name) as WasmFunc).callExact(args)[0];

  it('through locals, memory (unaligned), globals, select and reinterpret', () => {
    for (const bits of [F32_SNAN, F32_NEG_NAN, 0x7f800001, 0xff800000, 0x80000000]) {
      expect(call('id32', f32(bits))).toEqual(f32(bits));
      expect(call('mem32', f32(bits))).toEqual(f32(bits));
      expect(call('glob32', f32(bits))).toEqual(f32(bits));
      expect(call('select32', f32(bits), f32(0), { type: 'i32', value: 1 })).toEqual(f32(bits));
      expect(call('reinterpret32', { type: 'i32', value: bits | 0 })).toEqual({ type: 'i32', value: bits | 0 });
    }
    expect(call('mem64', f64(F64_SNAN))).toEqual(f64(F64_SNAN));
    expect(call('glob64', f64(F64_SNAN))).toEqual(f64(F64_SNAN));
    expect((get('h') as WasmGlobal).getExact()).toEqual(f64(F64_SNAN));
    expect(call('const32')).toEqual(f32(0x7fa00001));
    expect(call('const64')).toEqual(f64(0xfff4000000000123n));
  });

  it('abs, neg and copysign work on bits', () => {
    expect(call('abs32', f32(F32_NEG_NAN))).toEqual(f32(F32_NEG_NAN & 0x7fffffff));
    expect(call('neg32', f32(F32_SNAN))).toEqual(f32(F32_SNAN | 0x80000000));
    expect(call('copysign32', f32(F32_SNAN), f32(0x80000000))).toEqual(f32(F32_SNAN | 0x80000000));
    expect(call('abs64', f64(F64_SNAN | (1n << 63n)))).toEqual(f64(F64_SNAN));
    expect(call('neg64', f64(F64_SNAN))).toEqual(f64(F64_SNAN | (1n << 63n)));
    expect(call('copysign64', f64(0x3ff0000000000000n), f64(1n << 63n))).toEqual(f64(0xbff0000000000000n));
  });
});

describe('float arithmetic', () => {
  const get = exportsOf(`(module
    (func (export "add32") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "mul32") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
    (func (export "div32") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
    (func (export "sqrt32") (param f32) (result f32) (f32.sqrt (local.get 0)))
    (func (export "min32") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
    (func (export "max64") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
    (func (export "nearest32") (param f32) (result f32) (f32.nearest (local.get 0)))
    (func (export "nearest64") (param f64) (result f64) (f64.nearest (local.get 0)))
    (func (export "floor64") (param f64) (result f64) (f64.floor (local.get 0)))
    (func (export "demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
    (func (export "i64_to_f32") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))
    (func (export "u64_to_f32") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
    (func (export "u64_to_f64") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
    (func (export "trunc_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "trunc_u64") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
    (func (export "sat_s64") (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
    (func (export "sat_u32") (param f32) (result i32) (i32.trunc_sat_f32_u (local.get 0)))
    (func (export "lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
  )`);
  const fn = (name: string) => get(name) as WasmFunc;

  it('f32 results are rounded to single precision at every operation', () => {
    expect(fn('add32').call(16777216, 1)).toBe(16777216);
    expect(fn('add32').call(0.1, 0.2)).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(fn('mul32').call(3.4e38, 10)).toBe(Infinity);
    expect(fn('div32').call(1, 3)).toBe(Math.fround(1 / 3));
    expect(fn('sqrt32').call(2)).toBe(Math.fround(Math.SQRT2));
  });

  it('min/max order -0 below +0 and propagate NaN', () => {
    expect(Object.is(fn('min32').call(0, -0), -0)).toBe(true);
    expect(Object.is(fn('max64').call(-0, 0), 0)).toBe(true);
    expect(fn('min32').call(NaN, 1)).toBeNaN();
    expect(fn('max64').call(1, NaN)).toBeNaN();
  });

  it('nearest rounds half to even and keeps the sign of zero', () => {
    const cases: [number, number][] = [
      [0.5, 0], [1.5, 2], [2.5, 2], [-0.5, -0], [-1.5, -2], [-2.5, -2], [0.49999997, 0], [-0.3, -0],
      [4503599627370495.5, 4503599627370496], [8388609, 8388609], [Infinity, Infinity],
    ];
    for (const [x, want] of cases) {
      expect(Object.is(fn('nearest64').call(x), want)).toBe(true);
      if (Math.fround(x) === x) expect(Object.is(fn('nearest32').call(x), want)).toBe(true);
    }
  });

  it('rounding a signalling NaN gives a quiet NaN', () => {
    const r = fn('floor64').callExact([f64(F64_SNAN)])[0] as { bits: bigint };
    expect(r.bits & 0x0008000000000000n).toBe(0x0008000000000000n);
    const n = fn('nearest32').callExact([f32(F32_SNAN)])[0] as { bits: number };
    expect(n.bits & 0x00400000).toBe(0x00400000);
  });

  it('int64 -> f32 rounds once (no double rounding through f64)', () => {
    // 2^53 + 2^29 + 1: rounding to f64 first would land on a tie and round to even (down).
    const x = (1n << 53n) + (1n << 29n) + 1n;
    expect(fn('i64_to_f32').call(x)).toBe(Math.fround(2 ** 53 + 2 ** 30));
    expect(fn('u64_to_f32').call(-1n)).toBe(2 ** 64);
    expect(fn('i64_to_f32').call(-(1n << 63n))).toBe(-(2 ** 63));
    expect(fn('u64_to_f32').call(0xffffff7fffffffffn)).toBe(Math.fround(2 ** 64 - 2 ** 40));
    expect(fn('u64_to_f64').call(-1n)).toBe(2 ** 64);
    expect(fn('demote').call(1 + 2 ** -24 + 2 ** -50)).toBe(1 + 2 ** -23);
  });

  it('truncation traps with the spec messages; saturating forms clamp', () => {
    expect(fn('trunc_s').call(-2147483648.9)).toBe(-2147483648);
    expect(() => fn('trunc_s').call(2147483648)).toThrow(TrapCode.IntegerOverflow);
    expect(() => fn('trunc_s').call(NaN)).toThrow(TrapCode.InvalidConversionToInteger);
    expect(fn('trunc_u64').call(-0.9)).toBe(0n);
    expect(fn('trunc_u64').call(1.8446742974197924e19)).toBe(BigInt.asIntN(64, 18446742974197923840n));
    expect(() => fn('trunc_u64').call(-1)).toThrow(TrapCode.IntegerOverflow);
    expect(fn('sat_s64').call(1e300)).toBe(0x7fffffffffffffffn);
    expect(fn('sat_s64').call(-1e300)).toBe(-0x8000000000000000n);
    expect(fn('sat_s64').call(NaN)).toBe(0n);
    expect(fn('sat_u32').call(5e9)).toBe(-1);
    expect(fn('sat_u32').call(-5)).toBe(0);
  });

  it('comparisons with NaN are false', () => {
    expect(fn('lt').call(NaN, 1)).toBe(0);
    expect(fn('lt').call(-0, 0)).toBe(0);
    expect(fn('lt').call(-1, 0)).toBe(1);
  });
});

describe('memory', () => {
  it('keeps bytes bit-exact when viewed from the host', () => {
    const get = exportsOf(`(module (memory (export "m") 1)
      (func (export "st") (param i32 f64) (f64.store (local.get 0) (local.get 1))))`);
    (get('st') as WasmFunc).callExact([{ type: 'i32', value: 1 }, f64(F64_SNAN)]);
    const view = new DataView((get('m') as WasmMemory).buffer);
    expect(view.getBigUint64(1, true)).toBe(F64_SNAN);
  });
});
