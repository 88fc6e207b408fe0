import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '../../api/errors.js';
import type { WasmFunc } from '../../api/values.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { disassemble } from './disasm.js';
import type { Execution } from './execution.js';
import {
  type DefinedFunc,
  InterpCompiled,
  InterpEngine,
  type InterpInstance,
  InterpStore,
  type TranslateOptions,
  translateFunction,
} from './index.js';

/**
 * The interpreter's tier-up hooks, as another engine (the JIT) uses them: `DefinedFunc.jit` on
 * calls, and `TranslateOptions.loopProbe` with `InterpStore.onHotLoop` on loop back edges.
 */

const LOOP = `(module
  (func $sum (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  (func $twice (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "calls") (param i32) (result i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set $acc (i32.add (local.get $acc) (call $twice (local.get 0))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get $acc)))`;

/** The byte offset of the first `loop` instruction of function `funcIdx`. */
function firstLoop(vm: ValidatedModule, funcIdx: number): number {
  const body = vm.module.funcs[funcIdx]!.body;
  // The function starts with (block (loop ...)): opcode 0x02, block type 0x40, then 0x03.
  return body.bytes.indexOf(0x03, body.start);
}

/** A store whose hooks are what the test sets. */
class HookStore extends InterpStore {
  hot: [string, number, number][] = [];
  answer: ((ex: Execution, fp: number) => boolean) | null = null;

  override onHotLoop(ex: Execution, func: DefinedFunc, loop: number, fp: number, depth: number): boolean {
    this.hot.push([`f${func.index}`, loop, depth]);
    return this.answer !== null && this.answer(ex, fp);
  }
}

/** A module whose first function's first loop gets probe number 7. */
class ProbedCompiled extends InterpCompiled {
  protected override translateOptions(funcIdx: number): TranslateOptions {
    const opts = super.translateOptions(funcIdx);
    return funcIdx === 0 ? { ...opts, loopProbe: new Map([[firstLoop(this.validated, 0), 7]]) } : opts;
  }
}

/** An engine over a HookStore, instantiating LOOP with probes. */
function setup(threshold: number) {
  const store = new HookStore({});
  store.probeThreshold = threshold;
  const engine = new InterpEngine({}, store);
  const inst = engine.instantiate(new ProbedCompiled(validateModule(parseWat(LOOP)), store), []) as InterpInstance;
  const fn = (name: string) => inst.exports.get(name) as WasmFunc;
  return { store, inst, fn };
}

describe('interpreter tier-up hooks', () => {
  it('translates a probed loop with LOOP_PROBE k followed by RETURN at its header', () => {
    const vm = validateModule(parseWat(LOOP));
    const body = translateFunction(vm, 0, { metering: false, typeIds: [0, 1], loopProbe: new Map([[firstLoop(vm, 0), 7]]) });
    const text = disassemble(body);
    expect(text).toMatch(/LOOP_PROBE k=7\n\s*\d+: RETURN\n/);
    const plain = disassemble(translateFunction(vm, 0, { metering: false, typeIds: [0, 1] }));
    expect(plain).not.toContain('LOOP_PROBE');
  });

  it('counts iterations on the function and asks the store once the function is hot', () => {
    const { store, fn } = setup(5);
    expect(fn('sum').call(10)).toBe(45);
    // the probe runs on each of the 11 passes through the header; from the 5th on the store is asked
    expect(store.hot.length).toBe(7);
    expect(store.hot[0]).toEqual(['f0', 7, 1]);
  });

  it('returns the results the store left in the frame when it ran the rest of the call', () => {
    const { store, fn } = setup(3);
    store.answer = (ex, fp) => {
      ex.i32[fp] = 1234;
      return true;
    };
    expect(fn('sum').call(100)).toBe(1234);
    expect(store.hot.length).toBe(1);
  });

  it('DefinedFunc.jit runs calls from interpreted code in place of the body', () => {
    const { inst, fn } = setup(1e9);
    const twice = inst.funcs[1] as DefinedFunc;
    const seen: number[] = [];
    twice.jit = function (ex, base, depth) {
      // the argument is at `base`; the result goes there too
      seen.push(depth);
      const x = ex.i32[base]!;
      if (x % 2 === 0) return false; // interpret
      ex.i32[base] = x * 100;
      return true;
    };
    // 4*2 + 3*100 + 2*2 + 1*100
    expect(fn('calls').call(4)).toBe(8 + 300 + 4 + 100);
    expect(seen).toEqual([1, 1, 1, 1]);
  });

  it('a trap thrown by a call hook gets the interpreter frames of the caller', () => {
    const { inst, fn } = setup(1e9);
    (inst.funcs[1] as DefinedFunc).jit = () => {
      throw new Trap(TrapCode.Unreachable);
    };
    let caught: unknown;
    try {
      fn('calls').call(3);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Trap);
    expect((caught as Trap).frames.map((f) => f.funcIndex)).toEqual([2]);
    expect((caught as Trap).frames[0]!.offset).toBeGreaterThan(0);
  });
});
