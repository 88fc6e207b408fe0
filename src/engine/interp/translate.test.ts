import { describe, expect, it } from 'vitest';
import type { WasmFunc } from '../../api/values.js';
import { encodeModule } from '../../wasm/binary/encoder.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { disassemble } from './disasm.js';
import { createInterpEngine, InterpCompiled } from './index.js';

/**
 * Instantiates `wat` on the interpreter and, as the reference, on the host's WebAssembly; returns
 * a checker that calls an export on both with the same arguments.
 */
function differential(wat: string) {
  const module = parseWat(wat);
  const vm = validateModule(module);
  const engine = createInterpEngine();
  const compiled = engine.compile(vm, new Uint8Array()) as InterpCompiled;
  const inst = engine.instantiate(compiled, []);
  const native = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(module) as BufferSource)).exports;
  return {
    check(name: string, ...args: unknown[]) {
      const want = (native[name] as (...a: unknown[]) => unknown)(...args);
      expect([name, args, (inst.exports.get(name) as WasmFunc).call(...args)]).toEqual([name, args, want]);
    },
    code(funcIdx: number) {
      return disassemble(compiled.bodyOf(funcIdx));
    },
  };
}

describe('translator: operand-stack model', () => {
  it('a pending local.get keeps the old value when the local is set later', () => {
    const d = differential(`(module
      (func (export "a") (param i32) (result i32)
        (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) (i32.sub))
      (func (export "b") (param i32) (result i32)
        (local.get 0) (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.mul))
      (func (export "c") (param i32 i32) (result i32)
        (local.get 0) (local.get 1) (local.set 0) (local.set 1) (i32.sub (local.get 0) (local.get 1)))
      (func (export "d") (param i32) (result i32)
        (local.get 0)
        (block (br_if 0 (i32.eqz (local.get 0))) (local.set 0 (i32.const 100)))
        (local.get 0) (i32.add))
      (func (export "e") (param i32) (result i32)
        (local.get 0)
        (if (local.get 0) (then (local.set 0 (i32.const 9))))
        (local.get 0) (i32.sub)))`);
    for (const x of [0, 1, 7, -3]) for (const f of ['a', 'b', 'd', 'e']) d.check(f, x);
    d.check('c', 10, 3);
  });

  it('block parameters and results, branches carrying values, multi-value returns', () => {
    const d = differential(`(module
      (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
      (func (export "swap64") (param i64 f64) (result f64 i64) (local.get 1) (local.get 0))
      (func (export "loopsum") (param i32) (result i32)
        (i32.const 0) (local.get 0)
        (loop (param i32 i32) (result i32)
          (local.set 0)
          (i32.add (local.get 0))
          (local.get 0) (i32.const 1) (i32.sub)
          (br_if 0 (local.tee 0) (i32.ne (local.get 0) (i32.const 0)))
          (drop)))
      (func (export "ifparams") (param i32 i32) (result i32 i32)
        (local.get 0) (local.get 1)
        (if (param i32 i32) (result i32 i32) (local.get 0)
          (then (i32.add) (i32.const 1))
          (else (i32.sub) (i32.const 2))))
      (func (export "table") (param i32) (result i32 i32)
        (block $a (result i32 i32)
          (block $b (result i32 i32)
            (block $c (result i32 i32)
              (i32.const 10) (local.get 0)
              (br_table $a $b $c (local.get 0)))
            (i32.add) (i32.const 100) (return))
          (i32.mul) (i32.const 200) (return))
        (i32.sub) (i32.const 300))
      (func (export "brvals") (param i32) (result i32)
        (i32.const 1)
        (block (result i32) (local.get 0) (br_if 0 (local.get 0)) (drop) (i32.const 42))
        (i32.add))
      (func (export "retfromblock") (param i32) (result i32 i64)
        (block (local.get 0) (i64.const 9) (br_if 1 (local.get 0)) (drop) (drop))
        (i32.const -1) (i64.const -1)))`);
    d.check('swap', 1, 2);
    d.check('swap64', 5n, 0.5);
    for (const x of [0, 1, 2, 3, 10]) {
      d.check('loopsum', x + 1);
      d.check('ifparams', x, 3);
      d.check('table', x);
      d.check('brvals', x);
      d.check('retfromblock', x);
    }
  });

  it('constants as operands, immediates on either side, masked shift counts', () => {
    const d = differential(`(module
      (func (export "f") (param i32) (result i32)
        (i32.add
          (i32.add (i32.shl (local.get 0) (i32.const 35)) (i32.sub (local.get 0) (i32.const -2147483648)))
          (i32.add (select (i32.const 3) (i32.const 4) (local.get 0))
                   (i32.add (i32.lt_u (i32.const 5) (local.get 0)) (i32.gt_s (i32.const -1) (local.get 0))))))
      (func (export "g") (param i64) (result i64)
        (i64.add (i64.sub (local.get 0) (i64.const -2147483648)) (i64.add (i64.const 0x7fffffff) (local.get 0))))
      (func (export "loopconst") (param i32) (result f64)
        (local f64)
        (loop
          (local.set 1 (f64.add (f64.mul (local.get 1) (f64.const 0.5)) (f64.const 1.25)))
          (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 1)))`);
    for (const x of [0, 1, 6, -1, 2147483647]) d.check('f', x);
    for (const x of [0n, 1n, -1n, 1n << 40n]) d.check('g', x);
    d.check('loopconst', 20);
  });

  it('emits fused compare-and-branch and no copies for a simple counted loop', () => {
    const d = differential(`(module
      (func (export "count") (param i32) (result i32)
        (local i32)
        (block (loop
          (br_if 1 (i32.ge_s (local.get 1) (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br 0)))
        (local.get 1)))`);
    d.check('count', 1000);
    const code = d.code(0);
    expect(code).toMatch(/BR_I32_GE_S a=2 b=0/);
    expect(code).toMatch(/I32_ADD_IMM d=2 a=2 imm=1/);
    expect(code).not.toMatch(/COPY|CONST/);
  });

  it('skips unreachable code and keeps translating after it', () => {
    const d = differential(`(module
      (func (export "f") (param i32) (result i32)
        (block (result i32)
          (br 0 (i32.const 1))
          (i32.add (unreachable) (call 0 (i32.const 0)))
          (block (loop (br 0)))
          (if (then (drop (i32.const 2))) (else (nop))))
        (i32.add (local.get 0)))
      (func (export "g") (param i32) (result i32)
        (if (result i32) (local.get 0) (then (return (i32.const 5))) (else (i32.const 6)))))`);
    d.check('f', 3);
    d.check('g', 0);
    d.check('g', 1);
  });
});
