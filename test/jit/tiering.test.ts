/**
 * Tier-up: functions start in the interpreter and are compiled when hot (a hot function compiled, a
 * cold one not), a function with a loop on its second call, every function at instantiation in
 * eager mode; results are the same in every tier and across instances and imports.
 */

import { describe, expect, it } from 'vitest';
import { KpioError } from '../../src/api/errors.js';
import type { WasmFunc } from '../../src/api/values.js';
import { createJitEngine, DEFAULT_TIER_UP_THRESHOLD, type JitEngine, JitFunc } from '../../src/engine/jit/index.js';
import { f32b, f64b, i64, instantiate, interp, jit } from './helpers.js';

const WAT = `(module
  (func $hot (export "hot") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $cold (export "cold") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $loop (export "loop") (param i32) (result i32) (local i32)
    (block (loop (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (call $hot (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
    (local.get 1))
  (func (export "never") (result i32) (i32.const 7))
)`;

/** Whether the exported function has compiled code. */
const compiled = (f: WasmFunc) => (f as JitFunc).compiled !== null;

describe('tiering', () => {
  it('compiles a hot function at the threshold and leaves a cold one interpreted', () => {
    const s = jit(WAT, { tierUpThreshold: 10 });
    for (let i = 0; i < 9; i++) expect(s.fn('hot').call(i)).toBe(3 * i);
    expect(compiled(s.fn('hot'))).toBe(false);
    expect(s.fn('hot').call(9)).toBe(27);
    expect(compiled(s.fn('hot'))).toBe(true);
    expect(s.fn('cold').call(1)).toBe(2);
    expect(compiled(s.fn('cold'))).toBe(false);
    expect(compiled(s.fn('never'))).toBe(false);
    expect(s.engine.stats()).toEqual({ compiled: 1, osr: 0, failures: [] });
  });

  it('counts calls from interpreted code, so a callee in a hot loop gets compiled', () => {
    const s = jit(WAT, { tierUpThreshold: 50 });
    // loop's first call is interpreted; it calls hot 100 times
    expect(s.fn('loop').call(100)).toBe(3 * 5050);
    expect(compiled(s.fn('hot'))).toBe(true);
  });

  it('counts loop back edges and continues a hot loop in compiled code (OSR)', () => {
    const s = jit(WAT, { tierUpThreshold: 1000 });
    expect(s.fn('loop').call(3)).toBe(18);
    expect(compiled(s.fn('loop'))).toBe(false);
    // the first call's loop gets hot: the rest of it runs compiled
    expect(s.fn('loop').call(5000)).toBe(3 * 12502500);
    expect(compiled(s.fn('loop'))).toBe(true);
    expect(s.engine.stats().osr).toBe(1);
  });

  it('eager mode compiles every function at instantiation', () => {
    const s = jit(WAT, { jitEager: true });
    for (const name of ['hot', 'cold', 'loop', 'never']) expect(compiled(s.fn(name))).toBe(true);
    expect(s.engine.stats().compiled).toBe(4);
  });

  it('gives the same results in every tier', () => {
    const results = (s: ReturnType<typeof jit>) => [0, 1, 17, 300].map((n) => [s.fn('loop').call(n), s.fn('cold').call(n)]);
    const interpreted = results(jit(WAT, { tierUpThreshold: 1e9 }));
    const tiered = jit(WAT, { tierUpThreshold: 2 });
    expect(results(tiered)).toEqual(interpreted);
    expect(results(tiered)).toEqual(interpreted);
    expect(results(jit(WAT, { jitEager: true }))).toEqual(interpreted);
  });

  it('calls into another instance see its function compiled when it tiers up', () => {
    const engine = createJitEngine({ tierUpThreshold: 3 }) as JitEngine;
    const lib = instantiate(engine, WAT);
    const user = instantiate(
      engine,
      `(module (import "lib" "hot" (func $hot (param i32) (result i32)))
         (func (export "twice") (param i32) (result i32) (call $hot (call $hot (local.get 0)))))`,
      () => [lib.fn('hot')],
    );
    const results = [];
    for (let i = 0; i < 6; i++) results.push(user.fn('twice').call(i));
    expect(results).toEqual([0, 9, 18, 27, 36, 45]);
    expect(compiled(lib.fn('hot'))).toBe(true);
    expect(compiled(user.fn('twice'))).toBe(true);
  });

  it('enters compiled code in the middle of nested loops with every kind of local (OSR)', () => {
    const wat = `(module
      (func $f (export "f") (param $n i32) (param $pick i32) (result i64 f32 f64 i32)
        (local $i i32) (local $j i32) (local $acc i64) (local $x f32) (local $y f64) (local $v v128) (local $r externref)
        (local.set $x (f32.reinterpret_i32 (i32.const 0x7fa00001)))
        (local.set $y (f64.const -2.5))
        (local.set $v (v128.const i32x4 1 2 3 4))
        (if (local.get $pick)
          (then
            (block $done (loop $outer
              (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
              (local.set $j (i32.const 0))
              (block $d2 (loop $inner
                (br_if $d2 (i32.ge_s (local.get $j) (local.get $n)))
                (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (i32.mul (local.get $i) (local.get $j)))))
                (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 1 1 1)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $inner)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $outer))))
          (else
            (loop $l
              (local.set $y (f64.add (local.get $y) (f64.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_s (local.get $i) (local.get $n))))))
        (local.get $acc) (local.get $x) (local.get $y) (i32x4.extract_lane 3 (local.get $v))))`;
    const ref = interp(wat);
    for (const [n, pick, osr] of [
      [200, 1, 1],
      [300, 0, 1],
      [5, 1, 0],
    ]) {
      // a fresh engine each: the first call is interpreted until its loop gets hot
      const s = jit(wat, { tierUpThreshold: 50 });
      const args = [{ type: 'i32', value: n }, { type: 'i32', value: pick }] as const;
      expect(s.fn('f').callExact([...args])).toEqual(ref.fn('f').callExact([...args]));
      expect(s.engine.stats().osr).toBe(osr);
    }
  });

  it('reports a trap after OSR with the backtrace of the interpreter', () => {
    const wat = `(module
      (func $inner (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
      (func $f (export "f") (param i32) (result i32)
        (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
        (call $inner))
      (func (export "g") (result i32) (call $f (i32.const 5000))))`;
    const frames = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return (e as { frames: { funcIndex: number }[] }).frames.map((f) => f.funcIndex);
      }
      return null;
    };
    const s = jit(wat, { tierUpThreshold: 100 });
    expect(frames(() => s.fn('g').call())).toEqual(frames(() => interp(wat).fn('g').call()));
    expect(s.engine.stats().osr).toBe(1);
  });

  it('interpreted callers pass exact values to compiled code and get exact results back', () => {
    // `callee` gets compiled (threshold 3) while the interpreted `caller` keeps calling it through
    // the interpreter's call hook: i64, NaN payloads of f32 and f64, v128, references, and several
    // results must cross both ways bit for bit.
    const wat = `(module
      (func $callee (param i64 f32 f64 v128 externref funcref) (result f64 i64 f32 v128 externref funcref)
        (local.get 2) (local.get 0) (local.get 1) (local.get 3) (local.get 4) (local.get 5))
      (func $id (export "id") (param i32) (result i32) (local.get 0))
      (func (export "caller") (param i64 f32 f64 v128 externref) (result f64 i64 f32 v128 externref funcref)
        ${'(drop (drop (drop (drop (drop (drop (call $callee (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (ref.func $id))))))))'.repeat(4)}
        (call $callee (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (ref.func $id))))`;
    const host = { tag: 'host value' };
    const args = [
      i64(-0x123456789abcdefn),
      f32b(0x7fa00001),
      f64b(0xfff0000000000abcn),
      { type: 'v128', bytes: Uint8Array.from({ length: 16 }, (_, i) => i * 17) },
      { type: 'externref', value: host },
    ] as const;
    const ref = interp(wat).fn('caller').callExact([...args]);
    // the caller (called once, no loop) stays interpreted; the callee is compiled on its 3rd call
    const s = jit(wat, { tierUpThreshold: 3 });
    const got = s.fn('caller').callExact([...args]);
    expect(compiled(s.fn('caller'))).toBe(false);
    expect(s.engine.stats().compiled).toBeGreaterThanOrEqual(1);
    expect(got.slice(0, 5)).toEqual(ref.slice(0, 5));
    expect((got[5] as { value: unknown }).value).toBe(s.fn('id'));
  });

  it('has a default threshold and refuses a bad one', () => {
    expect(DEFAULT_TIER_UP_THRESHOLD).toBeGreaterThan(1);
    expect(() => createJitEngine({ tierUpThreshold: 0 })).toThrow(KpioError);
    expect(() => createJitEngine({ maxCallDepth: -1 })).toThrow(KpioError);
  });
});
