/**
 * The alignment analysis (codegen/align.ts): functions whose memory accesses are all provably
 * aligned 32-bit accesses read and write through an Int32Array. The proof must hold on every path
 * (merges, loop back edges, branches out of blocks), the traps must be the DataView's, and any doubt
 * keeps the DataView.
 */

import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../../src/api/errors.js';
import type { WasmMemory } from '../../src/api/values.js';
import { factorySource } from '../../src/engine/jit/index.js';
import { validateModule } from '../../src/wasm/validate/index.js';
import { parseWat } from '../../src/wasm/text/index.js';
import { interp, jit } from './helpers.js';

const WAT = `(module
  (memory (export "mem") 1 4)
  ;; 0: p steps by 4 from 16: aligned on every iteration
  (func (export "steps") (param $n i32) (result i32) (local $p i32) (local $s i32)
    (local.set $p (i32.const 16))
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (i32.store (local.get $p) (local.get $n))
      (local.set $s (i32.add (local.get $s) (i32.load offset=0 (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $s))
  ;; 1: aligned on entry, but the back edge adds 1: the loop's assumption must be lowered
  (func (export "drift") (param $n i32) (result i32) (local $p i32) (local $s i32)
    (local.set $p (i32.const 16))
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (i32.store (local.get $p) (local.get $n))
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $s))
  ;; 2: an if that leaves p unaligned on one arm
  (func (export "arms") (param $c i32) (result i32) (local $p i32)
    (if (local.get $c) (then (local.set $p (i32.const 8))) (else (local.set $p (i32.const 9))))
    (i32.store (local.get $p) (i32.const 0x01020304))
    (i32.load (local.get $p)))
  ;; 3: a branch out of a block with p still unaligned
  (func (export "exit") (param $c i32) (result i32) (local $p i32)
    (block $b
      (local.set $p (i32.const 5))
      (br_if $b (local.get $c))
      (local.set $p (i32.const 8)))
    (i32.store (local.get $p) (i32.const 7))
    (i32.load (local.get $p)))
  ;; 4: a parameter is unknown until masked or shifted
  (func (export "masked") (param $x i32) (result i32)
    (i32.store (i32.and (local.get $x) (i32.const -4)) (i32.const 11))
    (i32.store offset=4 (i32.shl (local.get $x) (i32.const 2)) (i32.const 12))
    (i32.add (i32.load (i32.and (local.get $x) (i32.const -4)))
             (i32.load offset=4 (i32.shl (local.get $x) (i32.const 2)))))
  (func (export "raw") (param $x i32) (result i32)
    (i32.store (local.get $x) (i32.const 13))
    (i32.load (local.get $x)))
  ;; 6: aligned i32 accesses mixed with a byte access: the DataView for all
  (func (export "mixed") (param $x i32) (result i32)
    (i32.store (i32.const 32) (local.get $x))
    (i32.add (i32.load (i32.const 32)) (i32.load8_u (i32.const 33))))
  ;; 7: accesses at the end of memory and beyond (effective addresses up to 2^32 + 4)
  (func (export "load_at") (param $a i32) (result i32) (i32.load offset=4 (i32.and (local.get $a) (i32.const -4))))
  (func (export "store_at") (param $a i32) (param $v i32) (i32.store offset=4 (i32.and (local.get $a) (i32.const -4)) (local.get $v)))
  ;; 9: growth in the middle: later accesses use the new buffer
  (func (export "grow_store") (param $v i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (local.get $v))
    (i32.store (i32.const 131068) (i32.add (local.get $v) (i32.const 1)))
    (i32.add (i32.load (i32.const 65536)) (i32.load (i32.const 131068))))
  ;; 10: nested loops, the inner one moving q by 8 and back by 4 twice
  (func (export "nested") (param $n i32) (result i32) (local $p i32) (local $q i32) (local $i i32) (local $s i32)
    (local.set $p (i32.const 256))
    (loop $outer
      (local.set $q (local.get $p))
      (local.set $i (i32.const 3))
      (loop $inner
        (i32.store (local.get $q) (i32.add (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $q))))
        (local.set $q (i32.sub (i32.add (local.get $q) (i32.const 8)) (i32.const 4)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $inner (local.get $i)))
      (local.set $p (i32.add (local.get $p) (i32.const 12)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $outer (local.get $n)))
    (local.get $s))
  ;; 11: an if without else keeps the unaligned value on the false path
  (func (export "noelse") (param $c i32) (result i32) (local $p i32)
    (local.set $p (i32.const 6))
    (if (local.get $c) (then (local.set $p (i32.const 12))))
    (i32.store (local.get $p) (i32.const 0x0a0b0c0d))
    (i32.load (local.get $p)))
  ;; 12: the address travels as a loop parameter: aligned on entry, not on the back edge
  (func (export "loopparam") (param $n i32) (result i32) (local $p i32) (local $q i32)
    (local.set $q (i32.const 16))
    (local.get $q)
    (loop $l (param i32) (result i32)
      (local.set $p)
      (i32.store (local.get $p) (local.get $n))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (i32.add (local.get $p) (i32.const 1))
      (br_if $l (local.get $n))))
)`;

/** Whether function `idx` of WAT compiles to Int32Array accesses. */
function typed(idx: number): boolean {
  const vm = validateModule(parseWat(WAT));
  return factorySource(vm, idx, { maxDepth: null, metering: false, typeIds: vm.module.types.map((_, i) => i) }).includes('H32[');
}

/** The first 2 KiB of an exported memory. */
function bytes(m: unknown): number[] {
  return [...new Uint8Array((m as WasmMemory).buffer, 0, 2048)];
}

/** The result of a call, or its trap code. */
function run(f: { call(...a: unknown[]): unknown }, ...args: unknown[]): unknown {
  try {
    return f.call(...args);
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return (e as Trap).code;
  }
}

describe('aligned 32-bit accesses through an Int32Array', () => {
  it('uses the Int32Array only where every access is provably aligned', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(typed)).toEqual([true, false, false, false, true, false, false, true, true, true, true, false, false]);
  });

  it('gives the interpreter results on every path (loops, merges, branches, unaligned addresses)', () => {
    for (const options of [{ jitEager: true }, { tierUpThreshold: 2 }, { fuel: 1e12 }]) {
      const ref = interp(WAT);
      const s = jit(WAT, options);
      const calls: [string, unknown[]][] = [
        ['steps', [0]], ['steps', [5]], ['steps', [300]],
        ['drift', [1]], ['drift', [9]], ['drift', [200]],
        ['arms', [0]], ['arms', [1]],
        ['exit', [0]], ['exit', [1]],
        ['masked', [6]], ['masked', [1001]], ['raw', [3]], ['raw', [4]],
        ['mixed', [0x1234]], ['nested', [1]], ['nested', [7]], ['loopparam', [1]], ['loopparam', [6]], ['noelse', [0]], ['noelse', [1]],
      ];
      for (const [name, args] of calls) {
        expect([name, args, run(s.fn(name), ...args)]).toEqual([name, args, run(ref.fn(name), ...args)]);
        // the stores must land on the same bytes (a misaligned word access would not)
        expect([name, args, bytes(s.get('mem'))]).toEqual([name, args, bytes(ref.get('mem'))]);
      }
    }
  });

  it('traps beyond the end exactly like the DataView, and a trapping store writes nothing', () => {
    const s = jit(WAT, { jitEager: true });
    const ref = interp(WAT);
    for (const a of [0, 65528, 65532, 65536, -8, -4, 0x7ffffffc]) {
      expect([a, run(s.fn('load_at'), a)]).toEqual([a, run(ref.fn('load_at'), a)]);
      expect([a, run(s.fn('store_at'), a, 77)]).toEqual([a, run(ref.fn('store_at'), a, 77)]);
    }
    expect(run(s.fn('load_at'), 65532)).toBe(TrapCode.OutOfBoundsMemoryAccess);
    expect(run(s.fn('store_at'), -4, 5)).toBe(TrapCode.OutOfBoundsMemoryAccess);
    expect(run(s.fn('load_at'), 65528)).toBe(77);
  });

  it('reads and writes the new buffer after memory.grow', () => {
    const s = jit(WAT, { jitEager: true });
    expect(s.fn('grow_store').call(40)).toBe(81);
    expect(s.fn('grow_store').call(1)).toBe(3);
  });
});
