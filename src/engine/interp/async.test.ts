import { describe, expect, it } from 'vitest';
import { ExitError, Trap, TrapCode } from '../../api/errors.js';
import type { Extern, HostFunction, WasmFunc, WasmMemory } from '../../api/values.js';
import type { FuncType } from '../../api/types.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';

const I_I: FuncType = { params: ['i32'], results: ['i32'] };

function setup(wat: string, hosts: [FuncType, HostFunction][]) {
  const engine = createInterpEngine();
  const vm = validateModule(parseWat(wat));
  const imports: Extern[] = hosts.map(([t, f]) => engine.createHostFunction(t, f));
  const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), imports);
  return (name: string) => inst.exports.get(name);
}

const LOOP = `(module (import "h" "f" (func $f (param i32) (result i32)))
  (memory (export "mem") 1)
  (func (export "run") (param i32) (result i32)
    (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (call $f (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))
  (func (export "size") (result i32) (drop (call $f (i32.const 0))) (memory.size)))`;

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('async host functions', () => {
  it('suspend the guest and resume it with the settled value, many times', async () => {
    const get = setup(LOOP, [[I_I, async (x: number) => (await tick(), x * 3)]]);
    expect(await (get('run') as WasmFunc).callAsync(50)).toBe(3 * 1275);
  });

  it('accept any thenable', async () => {
    const thenable = (v: number) => ({ then: (ok: (x: number) => void) => ok(v + 1) });
    const get = setup(LOOP, [[I_I, (x: number) => thenable(x)]]);
    expect(await (get('run') as WasmFunc).callAsync(10)).toBe(55 + 10);
  });

  it('two async calls on one instance interleave without interfering', async () => {
    const get = setup(LOOP, [[I_I, async (x: number) => (await tick(), x)]]);
    const run = get('run') as WasmFunc;
    const [a, b] = await Promise.all([run.callAsync(100), run.callAsync(7)]);
    expect([a, b]).toEqual([5050, 28]);
  });

  it('see memory growth that happened while suspended', async () => {
    let mem: WasmMemory | null = null;
    const get = setup(LOOP, [[I_I, async () => (await tick(), mem!.grow(2), 0)]]);
    mem = get('mem') as WasmMemory;
    expect(await (get('size') as WasmFunc).callAsync()).toBe(3);
  });

  it('fail clearly on a synchronous entry point', () => {
    const get = setup(LOOP, [[I_I, async (x: number) => x]]);
    let err: unknown;
    try {
      (get('run') as WasmFunc).call(3);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.HostError);
    expect((err as Trap).message).toMatch(/callAsync/);
  });

  it('turn a rejection into a trap at the call site, keeping kpio errors as they are', async () => {
    const cause = new Error('disk on fire');
    const get = setup(LOOP, [[I_I, async () => Promise.reject(cause)]]);
    const err = await (get('run') as WasmFunc).callAsync(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.HostError);
    expect((err as Trap).message).toMatch(/disk on fire/);
    expect((err as Trap).cause).toBe(cause);
    expect((err as Trap).frames.length).toBe(1);

    const exit = new ExitError(7);
    const get2 = setup(LOOP, [[I_I, async () => Promise.reject(exit)]]);
    expect(await (get2('run') as WasmFunc).callAsync(3).catch((e: unknown) => e)).toBe(exit);
  });

  it('a host function may call back into wasm while the guest is suspended elsewhere', async () => {
    let inner: WasmFunc | null = null;
    const get = setup(
      `(module (import "h" "f" (func $f (param i32) (result i32)))
        (func (export "run") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1)))
        (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))`,
      [[I_I, async (x: number) => (await tick(), inner!.call(x) as number)]],
    );
    inner = get('double') as WasmFunc;
    expect(await (get('run') as WasmFunc).callAsync(20)).toBe(41);
  });

  it('a Promise returned as an externref value is a value on the sync path', () => {
    const p = Promise.resolve(1);
    const get = setup(
      `(module (import "h" "f" (func $f (result externref))) (func (export "get") (result externref) (call $f)))`,
      [[{ params: [], results: ['externref'] }, () => p]],
    );
    expect((get('get') as WasmFunc).call()).toBe(p);
  });

  it('callAsync of a host function awaits it', async () => {
    const engine = createInterpEngine();
    const f = engine.createHostFunction(I_I, async (x: number) => x + 1);
    expect(await f.callAsync(41)).toBe(42);
  });
});
