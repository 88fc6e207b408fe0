/** Helpers of the JIT tests: instantiating WAT on the JIT (and the interpreter, to compare). */

import type { Extern, Value, WasmFunc } from '../../src/api/values.js';
import { createInterpEngine } from '../../src/engine/interp/index.js';
import { createJitEngine, type JitEngine, type JitEngineOptions } from '../../src/engine/jit/index.js';
import type { Engine, EngineOptions } from '../../src/runtime/engine.js';
import { parseWat } from '../../src/wasm/text/index.js';
import { validateModule } from '../../src/wasm/validate/index.js';

/** An instance under test. */
export interface Setup<E extends Engine = Engine> {
  readonly engine: E;
  /** The exported function `name`. */
  fn(name: string): WasmFunc;
  /** The export `name`. */
  get(name: string): Extern;
}

/** Instantiates `wat` on `engine` with `imports(engine)`. */
export function instantiate<E extends Engine>(engine: E, wat: string, imports: (e: E) => Extern[] = () => []): Setup<E> {
  const vm = validateModule(parseWat(wat));
  const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), imports(engine));
  return {
    engine,
    fn: (name) => inst.exports.get(name) as WasmFunc,
    get: (name) => inst.exports.get(name)!,
  };
}

/** Instantiates `wat` on a new JIT engine. */
export function jit(wat: string, options: JitEngineOptions = { jitEager: true }, imports?: (e: JitEngine) => Extern[]): Setup<JitEngine> {
  return instantiate(createJitEngine(options) as JitEngine, wat, imports);
}

/** Instantiates `wat` on a new interpreter engine. */
export function interp(wat: string, options: EngineOptions = {}, imports?: (e: Engine) => Extern[]): Setup {
  return instantiate(createInterpEngine(options), wat, imports);
}

/** A seeded pseudo-random generator of 64-bit values (xorshift64*), for reproducible inputs. */
export function rng(seed: bigint): () => bigint {
  let s = seed || 1n;
  return () => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return BigInt.asIntN(64, s * 0x2545f4914f6cdd1dn);
  };
}

/** Interesting i64 values: edges and their neighbours. */
export const I64_EDGES: readonly bigint[] = [
  0n, 1n, -1n, 2n, -2n, 3n, 7n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, -0x80000000n, -0x80000001n,
  0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdefn, -0x123456789abcdefn, 1n << 53n, (1n << 53n) + 1n,
  -(1n << 53n) - 1n, 0xdeadbeefcafebaben - (1n << 64n),
];

/** An exact i64 value. */
export const i64 = (value: bigint): Value => ({ type: 'i64', value: BigInt.asIntN(64, value) });
/** An exact i32 value. */
export const i32 = (value: number): Value => ({ type: 'i32', value: value | 0 });
/** An exact f32 value from its bits. */
export const f32b = (bits: number): Value => ({ type: 'f32', bits: bits >>> 0 });
/** An exact f64 value from its bits. */
export const f64b = (bits: bigint): Value => ({ type: 'f64', bits: BigInt.asUintN(64, bits) });
