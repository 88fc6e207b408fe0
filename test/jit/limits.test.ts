/**
 * Limits in compiled code: the call-depth limit (exactly the interpreter's, and a host stack
 * overflow is the same "call stack exhausted" trap, never a RangeError), and fuel (charged exactly
 * like the interpreter, trapping in loops, resuming where the guest stopped, sync and async).
 */

import { describe, expect, it } from 'vitest';
import { KpioError, Trap, TrapCode } from '../../src/api/errors.js';
import { OutOfFuelTrap } from '../../src/engine/interp/index.js';
import type { JitEngineOptions } from '../../src/engine/jit/index.js';
import { interp, jit } from './helpers.js';

const REC = `(module
  (import "h" "back" (func $back (param i32) (result i32)))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "runaway") (result i32) (call $rec (i32.const -1)))
  (func (export "via_host") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $back (i32.sub (local.get 0) (i32.const 1)))))))`;

/** The REC module with its host import calling `via_host` back. */
function setup(kind: 'jit' | 'interp', options: JitEngineOptions) {
  let self: { fn(name: string): { call(...a: unknown[]): unknown } } | null = null;
  const imports = (e: { createHostFunction: (t: never, f: (x: number) => unknown) => unknown }) => [
    e.createHostFunction({ params: ['i32'], results: ['i32'] } as never, (x: number) => self!.fn('via_host').call(x)),
  ];
  const s = kind === 'jit' ? jit(REC, options, imports as never) : interp(REC, options, imports as never);
  self = s;
  return s;
}

/** The largest n for which `run(n)` returns (binary search below `hi`), or -1. */
function deepest(run: (n: number) => unknown, hi: number): number {
  let lo = -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      run(mid);
      lo = mid;
    } catch (e) {
      expect(e).toBeInstanceOf(Trap);
      expect((e as Trap).code).toBe(TrapCode.CallStackExhausted);
      hi = mid;
    }
  }
  return lo;
}

describe('call depth in compiled code', () => {
  for (const limit of [100, 1000]) {
    it(`traps at exactly the interpreter's depth with maxCallDepth ${limit}`, () => {
      const ref = deepest((n) => setup('interp', { maxCallDepth: limit }).fn('rec').call(n), 2 * limit);
      expect(ref).toBe(limit - 1);
      for (const options of [{ jitEager: true }, { tierUpThreshold: 2 }, { fuel: 1e12 }]) {
        const s = setup('jit', { maxCallDepth: limit, ...options });
        expect(deepest((n) => s.fn('rec').call(n), 2 * limit), JSON.stringify(options)).toBe(ref);
      }
    });
  }

  it('counts the frames of wasm called back from a host function', () => {
    const ref = deepest((n) => setup('interp', { maxCallDepth: 50 }).fn('via_host').call(n), 200);
    const s = setup('jit', { maxCallDepth: 50, jitEager: true });
    expect(deepest((n) => s.fn('via_host').call(n), 200)).toBe(ref);
  });

  it('turns a host stack overflow into "call stack exhausted" with a backtrace', () => {
    for (const options of [{ jitEager: true }, { fuel: 1e12 }]) {
      const s = setup('jit', options);
      let caught: unknown;
      try {
        s.fn('runaway').call();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Trap);
      expect((caught as Trap).code).toBe(TrapCode.CallStackExhausted);
      expect((caught as Trap).frames.length).toBeGreaterThan(0);
      // the engine still works afterwards
      expect(s.fn('rec').call(100)).toBe(100);
    }
  });

  it('runs recursion that fits', () => {
    expect(setup('jit', { jitEager: true }).fn('rec').call(3000)).toBe(3000);
  });
});

const SUM = `(module
  (func $sum (export "sum") (param i32) (result i64)
    (local i64)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`;

/** Runs `f`, expecting an OutOfFuelTrap. */
function outOfFuel(f: () => unknown): OutOfFuelTrap {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OutOfFuelTrap);
    return e as OutOfFuelTrap;
  }
  throw new Error('expected to run out of fuel');
}

describe('fuel in compiled code', () => {
  it('charges exactly what the interpreter charges', () => {
    for (const [name, arg] of [
      ['sum', 1000],
      ['fib', 15],
    ] as const) {
      const a = interp(SUM, { fuel: 1e9 });
      const b = jit(SUM, { fuel: 1e9 });
      expect(b.fn(name).call(arg)).toEqual(a.fn(name).call(arg));
      expect(1e9 - b.engine.getFuel()!).toBe(1e9 - a.engine.getFuel()!);
    }
  });

  it('runs out in a loop with "all fuel consumed" and resumes exactly where it stopped', () => {
    const { engine, fn } = jit(SUM, { fuel: 500 });
    const t = outOfFuel(() => fn('sum').call(100_000));
    expect(t.code).toBe(TrapCode.OutOfFuel);
    expect(t.message).toBe('all fuel consumed');
    expect(t.frames[0]!.funcIndex).toBe(0);
    expect(engine.getFuel()).toBeLessThan(500);
    engine.setFuel(10_000_000);
    expect(t.resume()).toBe(5_000_050_000n);
    expect(() => t.resume()).toThrow(KpioError);
  });

  it('resumes many times in small increments with the same result and total fuel as one run', () => {
    const { engine, fn } = jit(SUM, { fuel: 1000 });
    let t: OutOfFuelTrap | null = outOfFuel(() => fn('fib').call(20));
    let result: unknown;
    let resumes = 0;
    while (t !== null) {
      engine.setFuel(1000);
      resumes++;
      try {
        result = t.resume();
        t = null;
      } catch (e) {
        if (!(e instanceof OutOfFuelTrap)) throw e;
        t = e;
      }
    }
    expect(result).toBe(6765);
    expect(resumes).toBeGreaterThan(100);
  });

  it('resumes through the async entry point', async () => {
    const { engine, fn } = jit(SUM, { fuel: 300 });
    let t: OutOfFuelTrap | null = null;
    try {
      await fn('sum').callAsync(1000);
    } catch (e) {
      t = e as OutOfFuelTrap;
    }
    expect(t).toBeInstanceOf(OutOfFuelTrap);
    engine.setFuel(1e9);
    expect(await t!.resumeAsync()).toBe(500_500n);
  });

  it('refuses fuel on an engine created without metering', () => {
    const { engine } = jit(SUM, { jitEager: true });
    expect(engine.getFuel()).toBeUndefined();
    expect(() => engine.setFuel(10)).toThrow(KpioError);
  });
});
