/**
 * Traps in compiled code: every trap code with the interpreter's message, at the exact memory
 * bounds, with backtraces naming the compiled functions (innermost first, each frame once even
 * across the tiers), and host exceptions passing through unchanged.
 */

import { describe, expect, it } from 'vitest';
import { KpioError, Trap, TrapCode } from '../../src/api/errors.js';
import { instantiate, interp, jit } from './helpers.js';
import { createInterpEngine } from '../../src/engine/interp/index.js';
import { createJitEngine } from '../../src/engine/jit/index.js';

const WAT = `(module
  (type $v (func))
  (type $ii (func (param i32) (result i32)))
  (memory 1)
  (table 4 funcref)
  (elem (i32.const 0) $unreachable $id)
  (func $unreachable (export "unreachable") unreachable)
  (func $id (param i32) (result i32) (local.get 0))
  (func (export "div0") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "ovf") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "ovf64") (result i64) (i64.div_s (i64.const 0x8000000000000000) (i64.const -1)))
  (func (export "rem64") (param i64) (result i64) (i64.rem_u (i64.const 7) (local.get 0)))
  (func (export "nan") (result i32) (i32.trunc_f64_s (f64.const nan)))
  (func (export "big") (result i32) (i32.trunc_f32_u (f32.const 5e9)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_off") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store64") (param i32) (i64.store (local.get 0) (i64.const -1)))
  (func (export "f32load") (param i32) (result f32) (f32.load (local.get 0)))
  (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  (func (export "table_get") (param i32) (result funcref) (table.get 0 (local.get 0)))
  (func (export "ci_v") (param i32) (call_indirect (type $v) (local.get 0)))
  (func (export "ci_ii") (param i32) (result i32) (call_indirect (type $ii) (i32.const 5) (local.get 0)))
  (func $inner (export "inner") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
  (func $middle (export "middle") (result i32) (call $inner))
  (func (export "outer") (result i32) (call $middle))
)`;

/** The trap `run` throws. */
function trapOf(run: () => unknown): Trap {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return e as Trap;
  }
  throw new Error('expected a trap');
}

describe('traps in compiled code', () => {
  const s = jit(WAT.replace('(module', '(module $m'));
  const f = (name: string, ...args: unknown[]) => () => s.fn(name).call(...args);

  it.each([
    ['unreachable', f('unreachable'), TrapCode.Unreachable],
    ['i32.div_s by zero', f('div0', 0), TrapCode.IntegerDivideByZero],
    ['i32.div_s overflow', f('ovf'), TrapCode.IntegerOverflow],
    ['i64.div_s overflow', f('ovf64'), TrapCode.IntegerOverflow],
    ['i64.rem_u by zero', f('rem64', 0n), TrapCode.IntegerDivideByZero],
    ['trunc of NaN', f('nan'), TrapCode.InvalidConversionToInteger],
    ['trunc out of range', f('big'), TrapCode.IntegerOverflow],
    ['load past the end', f('load', 65533), TrapCode.OutOfBoundsMemoryAccess],
    ['load at a huge address', f('load', -4), TrapCode.OutOfBoundsMemoryAccess],
    ['load with an offset past the end', f('load_off', 65532), TrapCode.OutOfBoundsMemoryAccess],
    ['i64 load past the end', f('load64', 65529), TrapCode.OutOfBoundsMemoryAccess],
    ['byte load past the end', f('load8', 65536), TrapCode.OutOfBoundsMemoryAccess],
    ['f32 load past the end', f('f32load', 65533), TrapCode.OutOfBoundsMemoryAccess],
    ['memory.fill past the end', f('fill', 65530, 7), TrapCode.OutOfBoundsMemoryAccess],
    ['table.get past the end', f('table_get', 4), TrapCode.OutOfBoundsTableAccess],
    ['call_indirect past the table', f('ci_v', 9), TrapCode.UndefinedElement],
    ['call_indirect of null', f('ci_v', 3), TrapCode.UninitializedElement],
    ['call_indirect type mismatch', f('ci_v', 1), TrapCode.IndirectCallTypeMismatch],
  ])('%s', (_name, run, code) => {
    const t = trapOf(run);
    expect(t.code).toBe(code);
    expect(t.message).toBe(code);
  });

  it('accesses at the last valid addresses succeed', () => {
    expect(s.fn('load').call(65532)).toBe(0);
    expect(s.fn('load_off').call(65528)).toBe(0);
    expect(s.fn('load8').call(65535)).toBe(0);
    expect(s.fn('load64').call(65528)).toBe(0n);
    expect(s.fn('ci_ii').call(1)).toBe(5);
  });

  it('a store that traps writes nothing', () => {
    trapOf(() => s.fn('store64').call(65532));
    expect(s.fn('load').call(65532)).toBe(0);
  });

  it('backtraces name the compiled functions, innermost first', () => {
    const named = jit(`(module $mod
      (func $inner (export "inner") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
      (func $middle (result i32) (call $inner))
      (func $outer (export "outer") (result i32) (call $middle)))`);
    const t = trapOf(() => named.fn('outer').call());
    expect(t.frames.map((x) => x.funcName)).toEqual(['inner', 'middle', 'outer']);
    expect(t.frames.map((x) => x.funcIndex)).toEqual([0, 1, 2]);
    expect(t.frames[0]!.moduleName).toBe('mod');
  });

  it('backtraces across the tiers list each frame once, like the interpreter', () => {
    const wat = `(module
      (func $inner (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
      (func $middle (export "middle") (result i32) (call $inner))
      (func $outer (export "outer") (result i32) (call $middle)))`;
    const reference = trapOf(() => interp(wat).fn('outer').call()).frames.map((x) => x.funcIndex);
    // inner and middle compiled (called often), outer interpreted
    const tiered = jit(wat, { tierUpThreshold: 3 });
    for (let i = 0; i < 3; i++) trapOf(() => tiered.fn('middle').call());
    expect(trapOf(() => tiered.fn('outer').call()).frames.map((x) => x.funcIndex)).toEqual(reference);
    expect(tiered.engine.stats().compiled).toBe(2);
  });

  it('host exceptions pass through compiled frames unchanged', () => {
    const err = new RangeError('a host range error');
    const kerr = new KpioError('a kpio error');
    for (const thrown of [err, kerr, 'a string']) {
      const h = jit(
        `(module (import "h" "f" (func $f)) (func (export "run") (call $f)))`,
        { jitEager: true },
        (e) => [e.createHostFunction({ params: [], results: [] }, () => {
          throw thrown;
        })],
      );
      let caught: unknown;
      try {
        h.fn('run').call();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBe(thrown);
    }
  });

  it('matches the interpreter on the same module, trap for trap', () => {
    const a = instantiate(createInterpEngine(), WAT);
    const b = instantiate(createJitEngine({ jitEager: true }), WAT);
    for (const [name, args] of [['div0', [0]], ['load', [65533]], ['ci_v', [1]], ['table_get', [7]]] as const) {
      expect(trapOf(() => b.fn(name).call(...args)).code).toBe(trapOf(() => a.fn(name).call(...args)).code);
    }
  });
});
