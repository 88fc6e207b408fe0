/**
 * Async calls run resumable compiled code: a host import that returns a Promise suspends the guest,
 * which continues with the settled value; a rejection is a trap at the call (kpio errors keep
 * their class); a synchronous call that meets a Promise traps.
 */

import { describe, expect, it } from 'vitest';
import { ExitError, Trap, TrapCode } from '../../src/api/errors.js';
import type { JitEngine } from '../../src/engine/jit/index.js';
import { jit } from './helpers.js';

const WAT = `(module
  (import "h" "get" (func $get (param i32) (result i32)))
  (import "h" "big" (func $big (param i64) (result i64)))
  (func $run (export "run") (param i32) (result i32) (local i32)
    (block (loop (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (call $get (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
    (local.get 1))
  (func (export "nested") (param i32) (result i32) (call $run (local.get 0)))
  (func (export "wide") (param i64) (result i64) (i64.add (call $big (local.get 0)) (i64.const 1))))`;

/** The module with async host imports; `get` fails for `fail`. */
function setup(options = {}, fail: unknown = null) {
  return jit(WAT, options, (e: JitEngine) => [
    e.createHostFunction({ params: ['i32'], results: ['i32'] }, async (x: number) => {
      await new Promise((r) => setTimeout(r, 0));
      if (fail !== null && x === 2) throw fail;
      return x * 2;
    }),
    e.createHostFunction({ params: ['i64'], results: ['i64'] }, async (x: bigint) => x * 3n),
  ]);
}

describe('async calls in compiled code', () => {
  for (const options of [{ jitEager: true }, { tierUpThreshold: 1 }, { fuel: 1e12 }]) {
    it(`suspends on host Promises and resumes with their values (${JSON.stringify(options)})`, async () => {
      const s = setup(options);
      expect(await s.fn('run').callAsync(10)).toBe(110);
      expect(await s.fn('nested').callAsync(4)).toBe(20);
      expect(await s.fn('wide').callAsync(1n << 40n)).toBe(3n * (1n << 40n) + 1n);
      expect(s.engine.stats().compiled).toBeGreaterThan(0);
    });
  }

  it('turns a rejection into a trap at the call, with a backtrace', async () => {
    const s = setup({ jitEager: true }, new Error('boom'));
    const e = await s.fn('nested').callAsync(5).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Trap);
    expect((e as Trap).code).toBe(TrapCode.HostError);
    expect((e as Trap).message).toContain('boom');
    expect((e as Trap).frames.map((f) => f.funcIndex)).toEqual([2, 3]);
  });

  it('keeps the class of a kpio error the host rejects with', async () => {
    const s = setup({ jitEager: true }, new ExitError(3));
    await expect(s.fn('run').callAsync(5)).rejects.toBeInstanceOf(ExitError);
  });

  it('traps when a synchronous call meets a Promise', () => {
    const s = setup({ jitEager: true });
    expect(() => s.fn('run').call(3)).toThrow(expect.objectContaining({ code: TrapCode.HostError }));
  });

  it('runs async calls concurrently with synchronous ones', async () => {
    const s = jit(
      `(module (import "h" "wait" (func $w (param i32) (result i32)))
         (func (export "slow") (param i32) (result i32) (i32.add (call $w (local.get 0)) (i32.const 1)))
         (func (export "fast") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))`,
      { jitEager: true },
      (e) => [e.createHostFunction({ params: ['i32'], results: ['i32'] }, (x: number) => new Promise((r) => setTimeout(() => r(x), 5)))],
    );
    const pending = s.fn('slow').callAsync(41);
    expect(s.fn('fast').call(21)).toBe(42);
    expect(await pending).toBe(42);
  });
});
