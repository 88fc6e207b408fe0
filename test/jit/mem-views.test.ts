/**
 * The memory views of compiled code (rt/memory.ts, MemViews): one JIT-owned object per memory,
 * checked against the memory's buffer at function entry and after every call and memory.grow. A
 * growth from anywhere (compiled code, another instance sharing the memory, the host through the
 * JS API or from inside a call) must be seen by the next access; f64 accesses must work at any
 * alignment, keep NaN bits, and trap at the very end of memory, also after a growth.
 */

import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../../src/api/errors.js';
import type { WasmFunc, WasmMemory } from '../../src/api/values.js';
import type { JitEngine } from '../../src/engine/jit/index.js';
import { createJitEngine } from '../../src/engine/jit/index.js';
import { f64b, instantiate, interp, jit, type Setup } from './helpers.js';

/** f64 and i32 accesses through memory 0, imported as `env.mem`; `env.hook` is called by `hooked`. */
const USER = `(module
  (import "env" "mem" (memory 1 8))
  (import "env" "hook" (func $hook))
  (func (export "ld") (param $a i32) (result f64) (f64.load (local.get $a)))
  (func (export "ld8") (param $a i32) (result f64) (f64.load offset=8 (local.get $a)))
  (func (export "st") (param $a i32) (param $v f64) (f64.store (local.get $a) (local.get $v)))
  (func (export "st8") (param $a i32) (param $v f64) (f64.store offset=8 (local.get $a) (local.get $v)))
  (func (export "ld32") (param $a i32) (result i32) (i32.load (local.get $a)))
  ;; copies the f64 at $a to $b, calls the hook (which may grow the memory), then copies $b to $c
  (func (export "hooked") (param $a i32) (param $b i32) (param $c i32) (result f64)
    (f64.store (local.get $b) (f64.load (local.get $a)))
    (call $hook)
    (f64.store (local.get $c) (f64.load (local.get $b)))
    (f64.load (local.get $c)))
  ;; sums n doubles from $a in a loop (compiled code that stays hot across calls)
  (func (export "sum") (param $a i32) (param $n i32) (result f64) (local $s f64)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $s (f64.add (local.get $s) (f64.load (local.get $a))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $s)))`;

/** The owner of the memory: exports it and grows it from compiled code. */
const OWNER = `(module
  (memory (export "mem") 1 8)
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n))))`;

/** Runs `f`, giving its result or its trap code. */
function run(f: WasmFunc, ...args: unknown[]): unknown {
  try {
    return f.call(...args);
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return (e as Trap).code;
  }
}

const OOB = TrapCode.OutOfBoundsMemoryAccess;

/** The owner and a user of its memory on one JIT engine; `hook` is what the user's `env.hook` does. */
function pair(options: object, hook: (owner: Setup<JitEngine>) => void = () => {}) {
  const engine = createJitEngine(options) as JitEngine;
  const owner = instantiate(engine, OWNER);
  const user = instantiate(engine, USER, (e) => [owner.get('mem'), e.createHostFunction({ params: [], results: [] }, () => hook(owner))]);
  return { owner, user, mem: owner.get('mem') as WasmMemory };
}

const MODES = [{ jitEager: true }, { tierUpThreshold: 2 }];

describe('memory views of compiled code', () => {
  it('loads and stores f64 at aligned and misaligned addresses, keeping NaN bits', () => {
    for (const options of MODES) {
      const { user, mem } = pair(options);
      const dv = new DataView(mem.buffer);
      for (const a of [0, 8, 16, 1, 3, 4, 7, 65520, 65527, 65528]) {
        for (let rep = 0; rep < 3; rep++) {
          run(user.fn('st'), a, 1.5 + a);
          expect([a, dv.getFloat64(a, true)]).toEqual([a, 1.5 + a]);
          expect([a, run(user.fn('ld'), a)]).toEqual([a, 1.5 + a]);
        }
      }
      // signalling NaNs with payloads survive a store and a load at any alignment
      for (const a of [24, 29]) {
        for (const bits of [0x7ff0_0000_dead_beefn, 0xfff4_0000_0000_0001n]) {
          user.fn('st').callExact([{ type: 'i32', value: a }, f64b(bits)]);
          expect(dv.getBigUint64(a, true)).toBe(bits);
          expect(user.fn('ld').callExact([{ type: 'i32', value: a }])[0]).toEqual(f64b(bits));
        }
      }
    }
  });

  it('traps at the very end of memory, straddling it, and beyond 2^32, like the interpreter', () => {
    for (const options of MODES) {
      const { user } = pair(options);
      const ref = interp(USER.replace('(import "env" "mem" (memory 1 8))', '(memory 1 8)').replace('(import "env" "hook" (func $hook))', '(func $hook)'));
      for (const a of [65528, 65529, 65532, 65535, 65536, 65520, 65521, -8, -1, 0x7ffffff8]) {
        for (const [ld, st] of [['ld', 'st'], ['ld8', 'st8']] as const) {
          expect([a, ld, run(user.fn(st), a, 2.25)]).toEqual([a, ld, run(ref.fn(st), a, 2.25)]);
          expect([a, ld, run(user.fn(ld), a)]).toEqual([a, ld, run(ref.fn(ld), a)]);
        }
      }
      expect(run(user.fn('ld'), 65529)).toBe(OOB);
      expect(run(user.fn('st8'), 65521, 1)).toBe(OOB);
      expect(run(user.fn('st'), 65528, 2.25)).toBeUndefined();
      expect(run(user.fn('ld'), 65528)).toBe(2.25);
    }
  });

  it('sees a growth by another instance sharing the memory, and traps at the new end', () => {
    for (const options of MODES) {
      const { owner, user } = pair(options);
      for (let i = 0; i < 4; i++) expect(run(user.fn('sum'), 0, 4)).toBe(0);
      expect(run(user.fn('st'), 65536, 1)).toBe(OOB);
      expect(owner.fn('grow').call(1)).toBe(1);
      expect(run(user.fn('st'), 65536, 3.5)).toBeUndefined();
      expect(run(user.fn('st'), 131064, 4.5)).toBeUndefined();
      expect(run(user.fn('ld'), 65536)).toBe(3.5);
      expect(run(user.fn('sum'), 131064, 1)).toBe(4.5);
      expect(run(user.fn('ld'), 131065)).toBe(OOB);
      expect(run(user.fn('st'), 131072, 1)).toBe(OOB);
      expect(run(user.fn('ld32'), 131068)).toBe(new DataView(new Float64Array([4.5]).buffer).getInt32(4, true));
    }
  });

  it('sees a growth through the JS API between calls', () => {
    for (const options of MODES) {
      const { user, mem } = pair(options);
      for (let i = 0; i < 4; i++) run(user.fn('st'), 8 * i, i);
      mem.grow(2);
      new DataView(mem.buffer).setFloat64(196600, 6.25, true);
      expect(run(user.fn('ld'), 196600)).toBe(6.25);
      expect(run(user.fn('sum'), 0, 4)).toBe(6);
      expect(run(user.fn('ld'), 196601)).toBe(OOB);
    }
  });

  it('sees a growth made by a host function in the middle of a compiled function', () => {
    for (const options of MODES) {
      let grows = 0;
      const { user, mem } = pair(options, (owner) => {
        grows++;
        owner.fn('grow').call(1);
      });
      new DataView(mem.buffer).setFloat64(16, 7.75, true);
      // the copy after the call targets the page that the call added
      expect(run(user.fn('hooked'), 16, 32, 65536 + 8)).toBe(7.75);
      expect(grows).toBe(1);
      expect(new DataView(mem.buffer).getFloat64(65536 + 8, true)).toBe(7.75);
      for (let i = 0; i < 3; i++) expect(run(user.fn('hooked'), 16, 40, 65536 * (2 + i) + 8)).toBe(7.75);
      expect(run(user.fn('ld'), 65536 * 5 - 8)).toBe(0);
      expect(run(user.fn('ld'), 65536 * 5 - 7)).toBe(OOB);
    }
  });

  it('keeps two memories apart when one of them grows', () => {
    const engine = createJitEngine({ jitEager: true }) as JitEngine;
    const a = pair({ jitEager: true });
    const b = instantiate(engine, USER, (e) => [e.createMemory({ limits: { min: 1, max: 8 } }), e.createHostFunction({ params: [], results: [] }, () => {})]);
    run(a.user.fn('st'), 8, 1.25);
    run(b.fn('st'), 8, 2.5);
    a.owner.fn('grow').call(1);
    expect(run(a.user.fn('ld'), 8)).toBe(1.25);
    expect(run(b.fn('ld'), 8)).toBe(2.5);
    expect(run(b.fn('ld'), 65536)).toBe(OOB);
    expect(run(a.user.fn('ld'), 65536)).toBe(0);
    expect(jit(OWNER).fn('grow').call(0)).toBe(1);
  });
});
