import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import type { WasmFunc } from '../../api/values.js';
import { encodeModule } from '../../wasm/binary/encoder.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';

/**
 * Random structured programs, run on the interpreter and on the host's WebAssembly: same results,
 * same trap-or-not. The generator favours what the translator optimizes: locals read before being
 * overwritten in the same expression, `local.tee`, values carried by `br_if`, block results,
 * constants in loops, compare+branch, address arithmetic feeding loads and stores.
 */

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const I32_BIN = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'div_u', 'rem_s'];
const I32_CMP = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const I64_BIN = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl'];
const CONSTS = [0, 1, 2, 3, 7, 31, 32, 100, -1, -2, 0x7fffffff, -0x80000000, 65535];

class Gen {
  private depth = 0;
  private inLoop = false;
  private nest = 0;
  constructor(private readonly r: () => number) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  chance(p: number): boolean {
    return this.r() < p;
  }

  /** An i32 expression. Locals 0..2 are i32 params, 3..4 i32 locals, 5 i64, 6 is the loop counter. */
  i32(): string {
    this.depth++;
    try {
      const deep = this.depth > 4;
      const k = deep ? this.r() * 0.3 : this.r();
      if (k < 0.15) return `(i32.const ${this.pick(CONSTS)})`;
      if (k < 0.3) return `(local.get ${this.pick([0, 1, 2, 3, 4])})`;
      if (k < 0.45) return `(i32.${this.pick(I32_BIN)} ${this.i32()} ${this.i32()})`;
      if (k < 0.52) return `(i32.${this.pick(I32_CMP)} ${this.i32()} ${this.i32()})`;
      if (k < 0.57) return `(local.tee ${this.pick([3, 4])} ${this.i32()})`;
      if (k < 0.62) return `(select ${this.i32()} ${this.i32()} ${this.i32()})`;
      if (k < 0.67) return `(i32.wrap_i64 ${this.i64()})`;
      if (k < 0.72) return `(i32.eqz ${this.i32()})`;
      if (k < 0.78) {
        // A block whose result comes from a br_if or from the fallthrough.
        return `(block (result i32) (drop (br_if 0 ${this.i32()} ${this.i32()})) ${this.i32()})`;
      }
      if (k < 0.84) return `(if (result i32) ${this.i32()} (then ${this.i32()}) (else ${this.i32()}))`;
      if (k < 0.9) return `(i32.load offset=${this.pick([0, 4, 12])} (i32.and ${this.i32()} (i32.const 1020)))`;
      if (k < 0.95) return `(call $helper ${this.i32()} ${this.i32()})`;
      // Read a local, then overwrite it within the same expression.
      const l = this.pick([0, 1, 3]);
      return `(i32.add (local.get ${l}) (block (result i32) (local.set ${l} ${this.i32()}) (local.get ${l})))`;
    } finally {
      this.depth--;
    }
  }

  i64(): string {
    this.depth++;
    try {
      const k = this.depth > 4 ? this.r() * 0.4 : this.r();
      if (k < 0.2) return `(i64.const ${this.pick(['0', '1', '-1', '0x100000000', '0x7fffffffffffffff', '12345'])})`;
      if (k < 0.4) return '(local.get 5)';
      if (k < 0.65) return `(i64.${this.pick(I64_BIN)} ${this.i64()} ${this.i64()})`;
      if (k < 0.8) return `(i64.extend_i32_${this.pick(['s', 'u'])} ${this.i32()})`;
      if (k < 0.9) return `(local.tee 5 ${this.i64()})`;
      return `(i64.load (i32.and ${this.i32()} (i32.const 1016)))`;
    } finally {
      this.depth--;
    }
  }

  stmt(): string {
    // Nested statements only up to 3 levels (the expected branching factor is above 1).
    const k = this.nest >= 3 ? this.r() * 0.5 : this.r();
    this.nest++;
    try {
      return this.stmtOf(k);
    } finally {
      this.nest--;
    }
  }

  private stmtOf(k: number): string {
    if (k < 0.3) return `(local.set ${this.pick([0, 1, 2, 3, 4])} ${this.i32()})`;
    if (k < 0.4) return `(local.set 5 ${this.i64()})`;
    if (k < 0.5) return `(i32.store offset=${this.pick([0, 8])} (i32.and ${this.i32()} (i32.const 1020)) ${this.i32()})`;
    if (k < 0.6 && this.nest < 4) return `(if ${this.i32()} (then ${this.stmts(2)}) (else ${this.stmts(2)}))`;
    if (k < 0.7) return `(block ${this.stmts(1)} (br_if 0 ${this.i32()}) ${this.stmts(2)})`;
    if (k < 0.8 && !this.inLoop) {
      // Loops do not nest: local 6 is the one loop counter.
      this.inLoop = true;
      const body = this.stmts(3);
      this.inLoop = false;
      return `(local.set 6 (i32.const ${1 + Math.floor(this.r() * 5)}))
        (loop ${body}
          (br_if 0 (i32.ne (local.tee 6 (i32.sub (local.get 6) (i32.const 1))) (i32.const 0))))`;
    }
    if (k < 0.9) {
      return `(block (block (block (br_table 0 1 2 (i32.and ${this.i32()} (i32.const 3)))) ${this.stmts(1)}) ${this.stmts(1)})`;
    }
    return `(drop ${this.i32()})`;
  }

  stmts(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.stmt());
    return out.join(' ');
  }

  program(): string {
    return `(module
      (memory (export "mem") 1)
      (func $helper (param i32 i32) (result i32) (i32.xor (i32.mul (local.get 0) (i32.const 31)) (local.get 1)))
      (func (export "run") (param i32 i32 i32) (result i32)
        (local i32 i32 i64 i32)
        ${this.stmts(6)}
        (i32.add (i32.wrap_i64 (local.get 5)) (i32.add (local.get 3) ${this.i32()}))))`;
  }
}

describe('random programs behave like the host WebAssembly', () => {
  it('300 generated functions, 4 inputs each', () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const text = new Gen(rng(seed)).program();
      const module = parseWat(text);
      const vm = validateModule(module);
      const native = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(module) as BufferSource)).exports;
      const engine = createInterpEngine();
      const inst = engine.instantiate(engine.compile(vm, new Uint8Array()), []);
      const run = inst.exports.get('run') as WasmFunc;
      for (const args of [[0, 0, 0], [1, 2, 3], [-1, 0x7fffffff, 5], [123456, -98765, 17]]) {
        let want: unknown;
        let got: unknown;
        try {
          want = (native.run as (...a: number[]) => number)(...args);
        } catch (e) {
          want = e instanceof WebAssembly.RuntimeError ? 'trap' : e;
        }
        try {
          got = run.call(...args);
        } catch (e) {
          got = e instanceof Trap ? 'trap' : e;
        }
        expect({ seed, args, got }).toEqual({ seed, args, got: want });
        compared++;
      }
      const m1 = new Uint8Array((native.mem as WebAssembly.Memory).buffer, 0, 1024);
      const m2 = new Uint8Array((inst.exports.get('mem') as unknown as { buffer: ArrayBuffer }).buffer, 0, 1024);
      expect({ seed, mem: [...m2] }).toEqual({ seed, mem: [...m1] });
    }
    expect(compared).toBe(1200);
  });
});
