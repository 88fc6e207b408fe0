import { describe, expect, it } from 'vitest';
import { KpioError, LinkError, Trap, TrapCode } from '../../api/errors.js';
import type { Extern, WasmFunc, WasmGlobal, WasmMemory, WasmTable } from '../../api/values.js';
import type { Engine } from '../../runtime/engine.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine, InterpFunc } from './index.js';

function load(engine: Engine, wat: string, imports: Extern[] = []): ReadonlyMap<string, Extern> {
  const vm = validateModule(parseWat(wat));
  return engine.instantiate(engine.compile(vm, new Uint8Array()), imports).exports;
}

describe('instances', () => {
  it('call functions of other instances directly and through a shared table', () => {
    const engine = createInterpEngine({ maxCallDepth: 1000 });
    const a = load(
      engine,
      `(module
        (memory (export "mem") 1)
        (global $g (export "g") (mut i32) (i32.const 10))
        (table (export "tab") 4 funcref)
        (elem (i32.const 0) $peek)
        (func $peek (export "peek") (param i32) (result i32) (i32.add (i32.load (local.get 0)) (global.get $g)))
        (func (export "rec") (param i32) (result i32)
          (if (result i32) (local.get 0) (then (local.get 0)) (else (i32.const -1)))))`,
    );
    const b = load(
      engine,
      `(module
        (import "a" "peek" (func $peek (param i32) (result i32)))
        (import "a" "mem" (memory 1))
        (import "a" "g" (global $g (mut i32)))
        (import "a" "tab" (table 4 funcref))
        (type $t (func (param i32) (result i32)))
        (elem (i32.const 1) $own)
        (func $own (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
        (func (export "run") (param i32) (result i32)
          (i32.store (i32.const 8) (i32.const 100))
          (global.set $g (i32.const 5))
          (i32.add
            (call $peek (i32.const 8))
            (i32.add (call_indirect (type $t) (i32.const 8) (i32.const 0))
                     (call_indirect (type $t) (local.get 0) (i32.const 1))))))`,
      [a.get('peek')!, a.get('mem')!, a.get('g')!, a.get('tab')!],
    );
    expect((b.get('run') as WasmFunc).call(7)).toBe(105 + 105 + 21);
    expect((a.get('g') as WasmGlobal).value).toBe(5);
    expect(new DataView((a.get('mem') as WasmMemory).buffer).getInt32(8, true)).toBe(100);
    // The shared table now holds b's function; calling it from JS works too.
    const f = (a.get('tab') as WasmTable).get(1) as WasmFunc;
    expect(f.call(5)).toBe(15);
  });

  it('mutual recursion across two instances stays on the interpreter stack', () => {
    const engine = createInterpEngine({ maxCallDepth: 200_000 });
    const a = load(
      engine,
      `(module
        (type $t (func (param i32) (result i32)))
        (table (export "tab") 2 funcref)
        (func (export "ping") (param i32) (result i32)
          (if (result i32) (local.get 0)
            (then (i32.add (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)) (i32.const 1)))
            (else (i32.const 0)))))`,
    );
    load(
      engine,
      `(module (import "a" "ping" (func $ping (param i32) (result i32))) (import "a" "tab" (table 2 funcref))
        (elem (i32.const 1) $pong)
        (func $pong (param i32) (result i32)
          (if (result i32) (local.get 0) (then (i32.add (call $ping (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0)))))`,
      [a.get('ping')!, a.get('tab')!],
    );
    expect((a.get('ping') as WasmFunc).call(150_000)).toBe(150_000);
    expect(() => (a.get('ping') as WasmFunc).call(250_000)).toThrow(TrapCode.CallStackExhausted);
  });

  it('elements then data, in order; a segment out of bounds traps and earlier ones stay applied', () => {
    const engine = createInterpEngine();
    const mem = engine.createMemory({ limits: { min: 1 } });
    const tab = engine.createTable({ elemType: 'funcref', limits: { min: 2 } });
    const wat = `(module (import "x" "m" (memory 1)) (import "x" "t" (table 2 funcref))
      (func $f)
      (elem (i32.const 0) $f)
      (elem (i32.const 1) $f $f)
      (data (i32.const 0) "ab"))`;
    let err: unknown;
    try {
      load(engine, wat, [mem, tab]);
    } catch (e) {
      err = e;
    }
    expect((err as Trap).code).toBe(TrapCode.OutOfBoundsTableAccess);
    expect(tab.get(0)).toBeInstanceOf(InterpFunc);
    expect(tab.get(1)).toBeNull();
    // The data segment came after the failing element segment: never applied.
    expect(new Uint8Array(mem.buffer)[0]).toBe(0);
  });

  it('runs the start function; its trap fails instantiation', () => {
    const engine = createInterpEngine();
    const ex = load(engine, `(module (global (export "g") (mut i32) (i32.const 0)) (func $s (global.set 0 (i32.const 9))) (start $s))`);
    expect((ex.get('g') as WasmGlobal).value).toBe(9);
    expect(() => load(engine, `(module (func $s unreachable) (start $s))`)).toThrow(TrapCode.Unreachable);
  });

  it('rejects externs of other engines and foreign functions of another interpreter', () => {
    const e1 = createInterpEngine();
    const e2 = createInterpEngine();
    const mem = e2.createMemory({ limits: { min: 1 } });
    expect(() => load(e1, `(module (import "x" "m" (memory 1)))`, [mem])).toThrow(LinkError);
    expect(e1.owns(mem)).toBe(false);
    expect(e2.owns(mem)).toBe(true);
    const f = e2.createHostFunction({ params: [], results: [] }, () => {});
    expect(() => load(e1, `(module (import "x" "f" (func)))`, [f])).toThrow(LinkError);
  });
});

describe('memories, tables and globals of the JS API', () => {
  it('memory.grow replaces the buffer and respects the type maximum and maxMemoryPages', () => {
    const engine = createInterpEngine({ maxMemoryPages: 3 });
    const m = engine.createMemory({ limits: { min: 1, max: 10 } });
    const old = m.buffer;
    new Uint8Array(old)[5] = 7;
    expect(m.grow(1)).toBe(1);
    expect(m.buffer).not.toBe(old);
    expect(m.buffer.byteLength).toBe(2 * 65536);
    expect(new Uint8Array(m.buffer)[5]).toBe(7);
    expect(() => m.grow(2)).toThrow(KpioError);
    expect(m.grow(1)).toBe(2);
    const ex = load(engine, `(module (import "x" "m" (memory 1)) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`, [m]);
    expect((ex.get('grow') as WasmFunc).call(1)).toBe(-1);
    expect((ex.get('grow') as WasmFunc).call(0)).toBe(3);
    expect(() => engine.createMemory({ limits: { min: 4 } })).toThrow(TrapCode.MemoryLimitExceeded);
  });

  it('tables hold only functions of this engine (or null) and grow up to their maximum', () => {
    const engine = createInterpEngine();
    const t = engine.createTable({ elemType: 'funcref', limits: { min: 1, max: 3 } });
    const f = engine.createHostFunction({ params: [], results: ['i32'] }, () => 5);
    t.set(0, f);
    expect(t.get(0)).toBe(f);
    expect(() => t.set(0, () => 1)).toThrow(KpioError);
    expect(() => t.get(1)).toThrow(KpioError);
    expect(t.grow(2, f)).toBe(1);
    expect(t.get(2)).toBe(f);
    expect(() => t.grow(1)).toThrow(KpioError);
    const ext = engine.createTable({ elemType: 'externref', limits: { min: 1 } }, { type: 'externref', value: 'x' });
    expect(ext.get(0)).toBe('x');
  });

  it('globals convert JS-API values and refuse writes to immutable ones', () => {
    const engine = createInterpEngine();
    const g = engine.createGlobal({ valType: 'i64', mutable: true }, { type: 'i64', value: -5n });
    expect(g.value).toBe(-5n);
    g.value = 1n << 62n;
    expect(g.getExact()).toEqual({ type: 'i64', value: 1n << 62n });
    const c = engine.createGlobal({ valType: 'f32', mutable: false }, { type: 'f32', bits: 0x7fc00001 });
    expect(c.getExact()).toEqual({ type: 'f32', bits: 0x7fc00001 });
    expect(() => {
      c.value = 1;
    }).toThrow(KpioError);
    const v = engine.createGlobal({ valType: 'v128', mutable: false }, { type: 'v128', bytes: new Uint8Array(16).fill(3) });
    expect(v.getExact()).toEqual({ type: 'v128', bytes: new Uint8Array(16).fill(3) });
  });

  it('exported functions convert JS-API arguments and results', () => {
    const engine = createInterpEngine();
    const ex = load(
      engine,
      `(module (func (export "f") (param i32 f32 f64 i64) (result i32 f32 f64 i64)
        (local.get 0) (local.get 1) (local.get 2) (local.get 3))
        (func (export "none")))`,
    );
    const f = ex.get('f') as WasmFunc;
    expect(f.call(2 ** 32 + 5, 0.1, 0.1, 3n)).toEqual([5, Math.fround(0.1), 0.1, 3n]);
    expect((ex.get('none') as WasmFunc).call()).toBeUndefined();
    expect(() => f.callExact([])).toThrow(KpioError);
  });
});
