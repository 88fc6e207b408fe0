import { describe, expect, it } from 'vitest';
import { KpioError, TrapCode } from '../../api/errors.js';
import type { Extern, Value, WasmFunc } from '../../api/values.js';
import type { Engine, EngineOptions } from '../../runtime/engine.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine, OutOfFuelTrap } from './index.js';

function setup(wat: string, options: EngineOptions, imports: (e: Engine) => Extern[] = () => []) {
  const engine = createInterpEngine(options);
  const vm = validateModule(parseWat(wat));
  const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), imports(engine));
  return { engine, get: (name: string) => inst.exports.get(name) as WasmFunc };
}

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

describe('fuel metering', () => {
  it('charges about one unit per executed instruction', () => {
    const { engine, get } = setup(SUM, { fuel: 1_000_000 });
    expect(get('sum').call(1000)).toBe(500500n);
    const used = 1_000_000 - engine.getFuel()!;
    // 12 wasm instructions per iteration (br_if..br) plus a few outside the loop.
    expect(used).toBeGreaterThanOrEqual(12 * 1000);
    expect(used).toBeLessThan(14 * 1000 + 20);
  });

  it('runs out with "all fuel consumed" and resumes exactly where it stopped', () => {
    const { engine, get } = setup(SUM, { fuel: 500 });
    const t = outOfFuel(() => get('sum').call(100_000));
    expect(t.code).toBe(TrapCode.OutOfFuel);
    expect(t.message).toBe('all fuel consumed');
    expect(t.frames[0]!.funcName).toBe('sum');
    engine.setFuel(10_000_000);
    expect(t.resume()).toBe(5_000_050_000n);
    expect(() => t.resume()).toThrow(KpioError);
  });

  it('resumes many times in small increments with the same result as one run', () => {
    const { engine, get } = setup(SUM, { fuel: 1000 });
    let result: unknown;
    let t: OutOfFuelTrap | null = outOfFuel(() => get('fib').call(15));
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
    expect(result).toBe(610);
    expect(resumes).toBeGreaterThan(10);
  });

  it('exact calls resume with exact results', () => {
    const { engine, get } = setup(SUM, { fuel: 10 });
    const t = outOfFuel(() => get('sum').callExact([{ type: 'i32', value: 10 }]));
    engine.setFuel(1000);
    expect(t.resume()).toEqual([{ type: 'i64', value: 55n }] satisfies Value[]);
  });

  it('resumeAsync continues an async call that ran out of fuel', async () => {
    const { engine, get } = setup(
      `(module (import "h" "sleep" (func $s (param i32) (result i32)))
        (func (export "run") (param i32) (result i32)
          (local i32)
          (loop (local.set 1 (i32.add (local.get 1) (call $s (local.get 0))))
                (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
          (local.get 1)))`,
      { fuel: 30 },
      (e) => [e.createHostFunction({ params: ['i32'], results: ['i32'] }, async (x: number) => x * 2)],
    );
    let t: OutOfFuelTrap | null = null;
    try {
      await get('run').callAsync(20);
    } catch (e) {
      t = e as OutOfFuelTrap;
    }
    expect(t).toBeInstanceOf(OutOfFuelTrap);
    engine.setFuel(100_000);
    expect(await t!.resumeAsync()).toBe(420);
  });

  it('getFuel/setFuel; metering is chosen when the engine is created', () => {
    const { engine, get } = setup(SUM, { fuel: 100 });
    expect(engine.getFuel()).toBe(100);
    engine.setFuel(undefined);
    expect(engine.getFuel()).toBeUndefined();
    expect(get('sum').call(10_000)).toBe(50_005_000n);
    engine.setFuel(5);
    expect(() => get('sum').call(10)).toThrow(OutOfFuelTrap);
    const plain = setup(SUM, {});
    expect(plain.engine.getFuel()).toBeUndefined();
    expect(() => plain.engine.setFuel(10)).toThrow(/without fuel metering/);
    expect(() => createInterpEngine({ fuel: -1 })).toThrow(KpioError);
  });

  it('two engines with different options run side by side', () => {
    const a = setup(SUM, { fuel: 50 });
    const b = setup(SUM, {});
    expect(() => a.get('sum').call(100)).toThrow(OutOfFuelTrap);
    expect(b.get('sum').call(100)).toBe(5050n);
    expect(a.engine.getFuel()).toBeLessThanOrEqual(50);
  });
});
