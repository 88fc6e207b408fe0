import { describe, expect, it } from 'vitest';
import { ExitError, Trap, TrapCode } from '../../api/errors.js';
import type { Extern, WasmFunc } from '../../api/values.js';
import type { Engine, EngineOptions } from '../../runtime/engine.js';
import { decodeModule } from '../../wasm/binary/decoder.js';
import { encodeModule } from '../../wasm/binary/encoder.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';
import { thrown } from '../../../test/support/thrown.js';

function instantiate(wat: string, imports: (e: Engine) => Extern[] = () => [], options: EngineOptions = {}) {
  const engine = createInterpEngine(options);
  const vm = validateModule(parseWat(wat));
  const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), imports(engine));
  return (name: string) => inst.exports.get(name) as WasmFunc;
}

const trapOf = (f: () => unknown): Trap => thrown(f, Trap);

describe('traps carry the spec code and message', () => {
  const get = instantiate(`(module
    (type $v (func))
    (type $i (func (result i32)))
    (memory 1)
    (table 3 funcref)
    (elem (i32.const 0) $v0 $i0)
    (func $v0)
    (func $i0 (result i32) (i32.const 0))
    (func (export "unreachable") unreachable)
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "rem64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
    (func (export "load") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
    (func (export "store") (param i32) (i32.store16 (local.get 0) (i32.const 1)))
    (func (export "table.get") (param i32) (result funcref) (table.get 0 (local.get 0)))
    (func (export "call_indirect") (param i32) (call_indirect (type $v) (local.get 0)))
    (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_u (local.get 0)))
    (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  )`);

  it.each([
    ['unreachable', [], TrapCode.Unreachable],
    ['div', [1, 0], TrapCode.IntegerDivideByZero],
    ['div', [-2147483648, -1], TrapCode.IntegerOverflow],
    ['rem64', [1n, 0n], TrapCode.IntegerDivideByZero],
    ['load', [65528], TrapCode.OutOfBoundsMemoryAccess],
    ['load', [-1], TrapCode.OutOfBoundsMemoryAccess],
    ['store', [65535], TrapCode.OutOfBoundsMemoryAccess],
    ['table.get', [3], TrapCode.OutOfBoundsTableAccess],
    ['call_indirect', [3], TrapCode.UndefinedElement],
    ['call_indirect', [2], TrapCode.UninitializedElement],
    ['call_indirect', [1], TrapCode.IndirectCallTypeMismatch],
    ['trunc', [NaN], TrapCode.InvalidConversionToInteger],
    ['trunc', [-1], TrapCode.IntegerOverflow],
    ['fill', [65000, 537], TrapCode.OutOfBoundsMemoryAccess],
  ] as const)('%s(%s) traps with "%s"', (name, args, code) => {
    const t = trapOf(() => get(name).call(...args));
    expect(t.code).toBe(code);
    expect(t.message).toBe(code);
  });

  it('the last in-bounds accesses work', () => {
    expect(get('load').call(65528 - 8)).toBe(0n);
    expect(get('store').call(65534)).toBeUndefined();
    expect(get('fill').call(65000, 536)).toBeUndefined();
    expect(get('call_indirect').call(0)).toBeUndefined();
  });
});

describe('backtraces', () => {
  it('list the wasm frames innermost first, with names from the name section', () => {
    const get = instantiate(`(module
      (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (call $inner (local.get 0)))
      (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0))))`);
    const t = trapOf(() => get('outer').call(0));
    expect(t.frames.map((f) => f.funcIndex)).toEqual([0, 1, 2]);
    expect(t.frames.map((f) => f.funcName)).toEqual(['inner', 'middle', 'outer']);
  });
});

describe('backtrace offsets', () => {
  it('point at the trapping instruction and at each call in the module bytes', () => {
    const bytes = encodeModule(
      parseWat(`(module
        (func $inner (param i32) (result i32) (local i32) (local.set 1 (i32.const 7)) (i32.div_s (local.get 1) (local.get 0)))
        (func (export "outer") (param i32) (result i32) (i32.add (i32.const 1) (call $inner (local.get 0)))))`),
    );
    const engine = createInterpEngine();
    const vm = validateModule(decodeModule(bytes));
    const outer = engine.instantiate(engine.compile(vm, bytes), []).exports.get('outer') as WasmFunc;
    const t = trapOf(() => outer.call(0));
    expect(t.frames.map((f) => bytes[f.offset!])).toEqual([0x6d, 0x10]); // i32.div_s, call
  });
});

describe('host exceptions', () => {
  const imports = (fn: (...a: unknown[]) => unknown) => (e: Engine) => [
    e.createHostFunction({ params: ['i32'], results: ['i32'] }, fn),
  ];
  const wat = `(module (import "h" "f" (func $f (param i32) (result i32)))
    (func (export "run") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))`;

  it('propagate unchanged (ExitError, plain errors)', () => {
    const exit = new ExitError(3);
    const get = instantiate(wat, imports(() => {
      throw exit;
    }));
    expect(() => get('run').call(1)).toThrow(exit);
    const boom = new TypeError('boom');
    const get2 = instantiate(wat, imports(() => {
      throw boom;
    }));
    let caught: unknown;
    try {
      get2('run').call(1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
  });

  it('a host result of the wrong kind is a clear trap', () => {
    const get = instantiate(wat, imports(() => 5n));
    const t = trapOf(() => get('run').call(1));
    expect(t.code).toBe(TrapCode.HostError);
    expect(t.message).toMatch(/invalid host function result/);
  });
});

describe('call depth', () => {
  const wat = `(module
    (func $count (export "count") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (call $count (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
        (else (i32.const 0))))
    (func $forever (export "forever") (call $forever)))`;

  it('the default limit (100,000 frames) traps cleanly', () => {
    const get = instantiate(wat);
    expect(get('count').call(99_999)).toBe(99_999);
    const t = trapOf(() => get('count').call(100_000));
    expect(t.code).toBe(TrapCode.CallStackExhausted);
    expect(trapOf(() => get('forever').call()).message).toBe('call stack exhausted');
    // The engine is still usable after exhaustion.
    expect(get('count').call(10)).toBe(10);
  });

  it('a million frames deep works with maxCallDepth 1,000,000 and traps one frame further', () => {
    const get = instantiate(wat, () => [], { maxCallDepth: 1_000_000 });
    expect(get('count').call(999_999)).toBe(999_999);
    expect(trapOf(() => get('count').call(1_000_000)).code).toBe(TrapCode.CallStackExhausted);
  });

  it('unbounded recursion with maxCallDepth 2,000,000 traps with "call stack exhausted"', () => {
    const get = instantiate(wat, () => [], { maxCallDepth: 2_000_000 });
    const t = trapOf(() => get('forever').call());
    expect(t.code).toBe(TrapCode.CallStackExhausted);
    expect(t.frames.length).toBeGreaterThan(0);
  });

  it('recursion through a host function counts every frame and never leaks a RangeError', () => {
    let f: WasmFunc | null = null;
    const get = instantiate(
      `(module (import "h" "f" (func $h (param i32) (result i32)))
        (func (export "down") (param i32) (result i32)
          (if (result i32) (local.get 0) (then (call $h (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 7)))))`,
      (e) => [e.createHostFunction({ params: ['i32'], results: ['i32'] }, (n) => f!.call(n))],
      { maxCallDepth: 50 },
    );
    f = get('down');
    expect(f.call(49)).toBe(7);
    expect(trapOf(() => f!.call(50)).code).toBe(TrapCode.CallStackExhausted);
    const deep = instantiate(
      `(module (import "h" "f" (func $h (param i32) (result i32)))
        (func (export "down") (param i32) (result i32) (call $h (local.get 0))))`,
      (e) => [e.createHostFunction({ params: ['i32'], results: ['i32'] }, (n) => f!.call(n))],
      { maxCallDepth: 10_000_000 },
    );
    f = deep('down');
    expect(trapOf(() => f!.call(0)).code).toBe(TrapCode.CallStackExhausted);
  });
});
