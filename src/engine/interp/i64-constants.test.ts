/**
 * Regression: translating many bodies full of i64 constants once made Node 20's optimizing compiler
 * abort the process ("Phi of kRepTagged (SignedBigInt64) cannot be changed to kRepWord64") in the
 * translator's constant scan, which read them as bigints. Constants are now read as two words
 * (ByteReader.s64Words).
 */
import { describe, expect, it } from 'vitest';
import { compileModule, Linker } from '../../runtime/index.js';
import { encodeModule } from '../../wasm/binary/encoder.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';

/** A function summing i64 constants of every size and sign, with a loop over an i64 counter. */
function body(i: number): string {
  const consts = [-40 - i, 3, 5, 0x10001, 2 ** 31 + i, -(2 ** 33) - i, 2 ** 52 + i, -1];
  const sum = consts.map((c) => `(i64.const ${c})`).reduce((a, b) => `(i64.add ${a} ${b})`);
  return `(func (export "f${i}") (result i64) (local $i i64) (local $s i64)
    (local.set $i (i64.const ${-40 - i}))
    (loop $l
      (local.set $s (i64.add (local.get $s) (i64.sub (i64.mul (local.get $i) (i64.const 3)) ${sum})))
      (br_if $l (i64.lt_s (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const -1))))
    (i64.xor (local.get $s) (i64.const 0x7fffffffffffffff)))`;
}

describe('i64 constants in the interpreter', () => {
  it('translates and runs many constant-heavy modules (no host crash) with exact results', () => {
    const bytes = encodeModule(parseWat(`(module ${Array.from({ length: 68 }, (_, i) => body(i)).join('\n')})`));
    let first: bigint[] | null = null;
    for (let k = 0; k < 30; k++) {
      const engine = createInterpEngine();
      const inst = new Linker(engine).instantiate(compileModule(engine, bytes));
      const results = Array.from({ length: 68 }, (_, i) => inst.func(`f${i}`).call() as bigint);
      first ??= results;
      expect(results).toEqual(first);
    }
    // f0 by hand: i runs -40..-2; each step adds i*3 - sum.
    const sum = [-40, 3, 5, 0x10001, 2 ** 31, -(2 ** 33), 2 ** 52, -1].reduce((a, b) => a + BigInt(b), 0n);
    let s = 0n;
    for (let i = -40n; i <= -2n; i++) s += i * 3n - sum;
    expect(first![0]).toBe(BigInt.asIntN(64, s ^ 0x7fffffffffffffffn));
  });
});
