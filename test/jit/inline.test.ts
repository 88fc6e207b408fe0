/**
 * Inlined self-recursion (codegen/inline.ts): a small function's recursive call gets one copy of
 * its body. Results, traps and their backtraces, call depth and memory growth inside the copy must
 * be exactly those of the real calls.
 */

import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../../src/api/errors.js';
import type { Value } from '../../src/api/values.js';
import { factorySource } from '../../src/engine/jit/index.js';
import { validateModule } from '../../src/wasm/validate/index.js';
import { parseWat } from '../../src/wasm/text/index.js';
import { f64b, i32, i64, interp, jit } from './helpers.js';

const WAT = `(module $m
  (memory 1)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $sum64 (export "sum64") (param i64) (result i64) (local i64)
    (local.set 1 (i64.mul (local.get 0) (i64.const 0x100000001)))
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.add (local.get 1) (call $sum64 (i64.sub (local.get 0) (i64.const 1)))))))
  (func $half (export "half") (param f64 i32) (result f64)
    (if (result f64) (i32.eqz (local.get 1))
      (then (local.get 0))
      (else (call $half (f64.mul (local.get 0) (f64.const 0.5)) (i32.sub (local.get 1) (i32.const 1))))))
  (func $fill (export "fill") (param i32)
    ;; recurses first, then stores n at address 256n, growing the memory when it would not fit
    (if (i32.eqz (local.get 0)) (then (return)))
    (call $fill (i32.sub (local.get 0) (i32.const 1)))
    (if (i32.ge_u (i32.mul (local.get 0) (i32.const 256)) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.const 1)))))
    (i32.store (i32.mul (local.get 0) (i32.const 256)) (local.get 0)))
  (func (export "peek") (param i32) (result i32) (i32.load (i32.mul (local.get 0) (i32.const 256))))
  (func $down (export "down") (param i32) (result i32)
    ;; traps with a division by zero at the bottom of the recursion
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.div_s (i32.const 1) (local.get 0)))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
)`;

/** The trap of a call, or null. */
function trapOf(run: () => unknown): Trap | null {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return e as Trap;
  }
  return null;
}

describe('inlined self-recursion', () => {
  it('compiles a copy of the body at a recursive call site of a small function', () => {
    const vm = validateModule(parseWat(WAT));
    const src = factorySource(vm, 0, { maxDepth: null, metering: false, typeIds: vm.module.types.map((_, i) => i) });
    expect(src).toContain('i1_l0');
    expect(src).toContain('i2_l0');
    // resumable code and fuel metering keep the real calls
    const gen = factorySource(vm, 0, { maxDepth: null, metering: true, resumable: true, typeIds: vm.module.types.map((_, i) => i) });
    expect(gen).not.toContain('i1_');
  });

  it('gives the results of the real calls (i32, i64, f64 and memory effects)', () => {
    const ref = interp(WAT);
    for (const options of [{ jitEager: true }, { tierUpThreshold: 3 }, { jitEager: true, maxCallDepth: 500 }]) {
      const s = jit(WAT, options);
      for (const n of [0, 1, 2, 5, 17]) expect(s.fn('fib').call(n)).toBe(ref.fn('fib').call(n));
      for (const n of [0n, 1n, 3n, 40n, 200n]) {
        expect(s.fn('sum64').callExact([i64(n)])).toEqual(ref.fn('sum64').callExact([i64(n)]));
      }
      for (const [bits, k] of [
        [0x7ff4000000000001n, 3], // a NaN with a payload
        [0x4024000000000000n, 7],
        [0x8000000000000000n, 2],
      ] as const) {
        const args: Value[] = [f64b(bits), i32(k)];
        expect(s.fn('half').callExact(args)).toEqual(ref.fn('half').callExact(args));
      }
    }
    // 300 stores 256 bytes apart need two pages; the growth happens at the level storing 256, in a
    // real call or in a copy depending on the parity of the first argument: either way the stores
    // of the outer levels go to the new buffer
    for (const top of [300, 301]) {
      const s = jit(WAT, { jitEager: true });
      s.fn('fill').call(top);
      expect([1, 100, 255, 256, 300].map((n) => s.fn('peek').call(n))).toEqual([1, 100, 255, 256, 300]);
    }
  });

  it('keeps the frames of the real calls in a trap backtrace', () => {
    const ref = trapOf(() => interp(WAT).fn('down').call(5))!;
    expect(ref.code).toBe(TrapCode.IntegerDivideByZero);
    for (const options of [{ jitEager: true }, { jitEager: true, maxCallDepth: 100 }]) {
      const t = trapOf(() => jit(WAT, options).fn('down').call(5))!;
      expect(t.code).toBe(TrapCode.IntegerDivideByZero);
      expect(t.frames.map((f) => [f.funcIndex, f.funcName, f.moduleName])).toEqual(
        ref.frames.map((f) => [f.funcIndex, f.funcName, f.moduleName]),
      );
    }
  });

  it('checks the call depth of the copy as for the real call', () => {
    const deepest = (run: (n: number) => unknown): number => {
      let n = 0;
      while (trapOf(() => run(n)) === null) n++;
      return n - 1;
    };
    // `sum64` recurses n levels below its first call
    const limit = (o: object) => deepest((n) => jit(WAT, o).fn('sum64').callExact([i64(BigInt(n))]));
    const want = deepest((n) => interp(WAT, { maxCallDepth: 40 }).fn('sum64').callExact([i64(BigInt(n))]));
    expect(want).toBe(39);
    expect(limit({ jitEager: true, maxCallDepth: 40 })).toBe(want);
    const t = trapOf(() => jit(WAT, { jitEager: true, maxCallDepth: 40 }).fn('sum64').callExact([i64(40n)]))!;
    expect(t.code).toBe(TrapCode.CallStackExhausted);
  });
});
