/**
 * The i64 range analysis (codegen/range64.ts): i64 add/sub/mul whose exact results provably fit in
 * an int32 skip their high-word work. Checks which instructions the analysis narrows (and, above
 * all, which it must not: values reaching 2^31, 2^32, 2^53, 2^63, negative values, bounds from
 * parameters, a local overwritten after its comparison), and that every function computes exactly
 * what the interpreter computes, compiled eagerly, tiered up (OSR) and metered (resumable code).
 */

import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/api/values.js';
import { narrowI64, readI64 } from '../../src/engine/jit/codegen/range64.js';
import { CodeReader } from '../../src/wasm/binary/code-reader.js';
import { ByteWriter } from '../../src/util/byte-writer.js';
import { validateModule } from '../../src/wasm/validate/index.js';
import { parseWat } from '../../src/wasm/text/index.js';
import { i64, interp, jit } from './helpers.js';

const WAT = `(module
  (memory 1)
  ;; 0: an i64 counter from 0 to 999 and its sum: both adds narrowed ('u')
  (func (export "count") (result i64) (local $i i64) (local $s i64)
    (loop $l
      (local.set $s (i64.add (local.get $s) (local.get $i)))
      (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 1000))))
    (local.get $s))
  ;; 1: the sieve's shape: i64 i to N with an ne exit, j = i*i, j += i while j <u N+1
  (func (export "sieve") (result i64) (local $i i64) (local $j i64) (local $c i64)
    (local.set $i (i64.const 2))
    (loop $outer
      (block $next
        (br_if $next (i32.load8_u (i32.wrap_i64 (local.get $i))))
        (local.set $c (i64.add (local.get $c) (i64.const 1)))
        (br_if $next (i64.gt_u (local.tee $j (i64.mul (local.get $i) (local.get $i))) (i64.const 1000)))
        (loop $inner
          (i32.store8 (i32.wrap_i64 (local.get $j)) (i32.const 1))
          (br_if $inner (i64.lt_u (local.tee $j (i64.add (local.get $i) (local.get $j))) (i64.const 1001)))))
      (br_if $outer (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 1001))))
    (local.get $c))
  ;; 2: counting from a parameter: nothing known
  (func (export "from_param") (param $p i64) (result i64) (local $k i64)
    (loop $l
      (local.set $p (i64.add (local.get $p) (i64.const 1)))
      (br_if $l (i64.lt_u (local.tee $k (i64.add (local.get $k) (i64.const 1))) (i64.const 3))))
    (local.get $p))
  ;; 3: a counter crossing 2^31 (constants only): its add must not be narrowed
  (func (export "cross31") (result i64) (local $i i64) (local $s i64)
    (local.set $i (i64.const 0x7ffffffb))
    (loop $l
      (local.set $s (i64.sub (local.get $s) (i64.const 1)))
      (br_if $l (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 0x80000005))))
    (i64.add (local.get $i) (local.get $s)))
  ;; 4: a counter through negative values: adds narrowed signed ('s')
  (func (export "negative") (result i64) (local $i i64) (local $s i64)
    (local.set $i (i64.const -5))
    (loop $l
      (local.set $s (i64.sub (local.get $s) (local.get $i)))
      (br_if $l (i64.lt_s (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 5))))
    (i64.add (local.get $s) (local.get $i)))
  ;; 5: x*x for x <u 46341: fits (46340^2 < 2^31)
  (func (export "square_fits") (param $p i64) (result i64) (local $x i64)
    (local.set $x (local.get $p))
    (if (result i64) (i64.lt_u (local.get $x) (i64.const 46341))
      (then (i64.mul (local.get $x) (local.get $x)))
      (else (i64.const -1))))
  ;; 6: x*x for x <u 46342: 46341^2 is 2^31 + 93,945: not narrowed
  (func (export "square_big") (param $p i64) (result i64) (local $x i64)
    (local.set $x (local.get $p))
    (if (result i64) (i64.lt_u (local.get $x) (i64.const 46342))
      (then (i64.mul (local.get $x) (local.get $x)))
      (else (i64.const -1))))
  ;; 7: the comparison is of x's old value; x is overwritten before the branch uses it
  (func (export "stale") (param $p i64) (result i64) (local $x i64)
    (i64.lt_u (local.get $x) (i64.const 10))
    (local.set $x (local.get $p))
    (if (then (return (i64.add (local.get $x) (i64.const 1)))))
    (i64.const -1))
  ;; 8: i32.eqz of a comparison narrows the other edge; counting by 3 to 2^53 - 1 from a parameter
  (func (export "eqz") (param $p i64) (result i64) (local $i i64) (local $s i64)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (i64.lt_u (local.get $i) (i64.const 100))))
        (local.set $s (i64.add (local.get $s) (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 3)))
        (br $l)))
    (i64.add (local.get $s) (local.get $p)))
  ;; 9: unsigned >u 5 on a value that may be negative: no lower bound
  (func (export "gt_u_neg") (param $p i64) (result i64) (local $x i64)
    (local.set $x (i64.extend_i32_s (i32.wrap_i64 (local.get $p))))
    (if (result i64) (i64.gt_u (local.get $x) (i64.const 5))
      (then (i64.add (local.get $x) (i64.const 0x7ffffff0)))
      (else (i64.const 7))))
  ;; 10: near 2^53 and 2^63: constants beyond exact doubles are unknown
  (func (export "huge") (result i64) (local $i i64) (local $s i64)
    (local.set $i (i64.const 0x1ffffffffffffd))
    (loop $l
      (local.set $s (i64.add (local.get $s) (i64.const 0x7ffffffffffffffe)))
      (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 0x20000000000002))))
    (i64.add (local.get $i) (local.get $s)))
  ;; 11: extended from i32 and added: up to 2^32 - 2 + 5, not narrowed
  (func (export "extend") (param $a i32) (result i64)
    (i64.add (i64.extend_i32_u (local.get $a)) (i64.const 5)))
  ;; 12: the then arm's write must not reach the else arm
  (func (export "arms") (param $c i64) (param $q i64) (result i64) (local $x i64)
    (local.set $x (local.get $q))
    (if (i32.wrap_i64 (local.get $c))
      (then (local.set $x (i64.const 5)))
      (else (local.set $x (i64.add (local.get $x) (i64.const 1)))))
    (local.get $x))
)`;

/** Which instructions of function `idx` the analysis narrows: 'u'/'s' in byte order. */
function facts(idx: number): string {
  const vm = validateModule(parseWat(WAT));
  return [...narrowI64(vm, idx).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, n]) => n)
    .join('');
}

const P = [0n, 1n, 5n, 6n, -1n, -6n, 46340n, 46341n, 46342n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, (1n << 53n) - 1n, 1n << 53n, (1n << 63n) - 1n, -(1n << 63n)];

/** [name, argument lists] of every export. */
const CALLS: readonly [string, readonly (readonly bigint[])[]][] = [
  ['count', [[]]],
  ['sieve', [[]]],
  ['from_param', P.map((p) => [p - 2n])],
  ['cross31', [[]]],
  ['negative', [[]]],
  ['square_fits', P.map((p) => [p])],
  ['square_big', P.map((p) => [p])],
  ['stale', P.map((p) => [p])],
  ['eqz', P.map((p) => [p])],
  ['gt_u_neg', P.map((p) => [p])],
  ['huge', [[]]],
  ['arms', P.flatMap((q) => [[0n, q], [1n, q]])],
];

function callExact(f: { callExact(a: readonly Value[]): Value[] }, args: readonly bigint[]): unknown {
  return f.callExact(args.map(i64)).map((v) => ('value' in v ? v.value : v));
}

describe('i64 range analysis', () => {
  it('reads i64 constants exactly within 2^53 and as at least 2^53 beyond', () => {
    const values = [0n, 1n, -1n, 63n, 64n, -64n, -65n, 0x7fffffffn, -0x80000000n, 0xffffffffn, 0x100000000n, -0x100000001n, (1n << 53n) - 1n, -(1n << 53n) + 1n, 1n << 53n, (1n << 63n) - 1n, -(1n << 63n), 0x0fffffffn, 0x10000000n, 0x7ffffffffn, 0x800000000n];
    for (let k = 0; k < 64; k++) values.push(1n << BigInt(k), -(1n << BigInt(k)), (1n << BigInt(k)) - 1n, -(1n << BigInt(k)) + 1n);
    for (const v0 of values) {
      const v = BigInt.asIntN(64, v0);
      const bytes = new ByteWriter().s64(v).finish();
      const r = new CodeReader({ bytes, start: 0, end: bytes.length } as never);
      const n = readI64(r);
      expect(r.pos).toBe(bytes.length);
      const safe = v >= -((1n << 53n) - 1n) && v <= (1n << 53n) - 1n;
      if (safe) expect([v, n]).toEqual([v, Number(v)]);
      else expect([v, Math.abs(n) >= 2 ** 53]).toEqual([v, true]);
    }
    // Padded (non-canonical) encodings, which valid modules may use.
    const padded: [number[], number][] = [
      [[0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 5],
      [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], -1],
      [[0xfb, 0xff, 0xff, 0x7f], -5],
    ];
    for (const [b, v] of padded) expect(readI64(new CodeReader({ bytes: new Uint8Array(b), start: 0, end: b.length } as never))).toBe(v);
  });

  it('narrows exactly the arithmetic whose results provably fit in an int32', () => {
    expect(facts(0)).toBe('u'); // i + 1 (i < 1000); the sum s has no bound
    expect(facts(1)).toBe('uuu'); // i * i, i + j and i + 1 (i <= 1000, j <= 1000); not the count c
    expect(facts(4)).toBe('s'); // i + 1 with i in [-5, 4]; not the sum
    expect(facts(5)).toBe('u');
    expect(facts(8)).toBe('u'); // i + 3 (i < 100 by the eqz'd comparison), not s + i or s + p
  });

  it('leaves alone what may reach 2^31, 2^32, 2^53, 2^63 or comes from parameters', () => {
    expect(facts(2)).toBe('u'); // only the counter k, never p
    expect(facts(3)).toBe(''); // i crosses 2^31, s has no bound
    expect(facts(6)).toBe(''); // 46341^2 > 2^31
    expect(facts(7)).toBe(''); // the comparison was of x's old value
    expect(facts(9)).toBe(''); // x >u 5 does not make x non-negative
    expect(facts(10)).toBe(''); // beyond 2^53
    expect(facts(11)).toBe(''); // up to 2^32 + 4
    expect(facts(12)).toBe(''); // x is q + 1 on the else arm
  });

  for (const options of [{ jitEager: true }, { tierUpThreshold: 2 }, { fuel: 1e12 }]) {
    it(`computes what the interpreter computes (${JSON.stringify(options)})`, () => {
      const ref = interp(WAT);
      const s = jit(WAT, options);
      for (const [name, argLists] of CALLS) {
        for (let rep = 0; rep < 3; rep++) {
          for (const args of argLists) {
            expect([name, args, callExact(s.fn(name), args)]).toEqual([name, args, callExact(ref.fn(name), args)]);
          }
        }
      }
    });
  }

  it('computes exact results for counted loops around the edges (constants, so the analysis is active)', () => {
    const edges = [0n, 1n << 31n, 1n << 32n, 1n << 53n, 1n << 63n];
    const funcs: string[] = [];
    const expected: bigint[] = [];
    let k = 0;
    for (const edge of edges) {
      for (const [from, to] of [
        [-20n, 20n],
        [1n, 40n],
      ] as const) {
        for (const [cmp, step] of [
          ['i64.lt_s', 1n],
          ['i64.lt_u', 1n],
          ['i64.ne', 1n],
          ['i64.lt_s', 7n],
        ] as const) {
          if (cmp === 'i64.lt_s' && step === 1n && from === 1n) continue;
          const start = BigInt.asIntN(64, edge + from);
          const end = BigInt.asIntN(64, edge + to);
          if (cmp === 'i64.ne' && (end - start) % step !== 0n) continue;
          if (cmp === 'i64.lt_s' ? start >= end : BigInt.asUintN(64, start) >= BigInt.asUintN(64, end)) continue;
          // A counter that would step over the end and wrap around 2^64 loops (almost) forever.
          if (cmp === 'i64.lt_s' ? end + step > (1n << 63n) - 1n : BigInt.asUintN(64, end) + step >= 1n << 64n) continue;
          // s = sum of (i * 3 - 5) over the loop, wrapping; the result mixes in the final i.
          funcs.push(`(func (export "f${k++}") (result i64) (local $i i64) (local $s i64)
            (local.set $i (i64.const ${start}))
            (loop $l
              (local.set $s (i64.add (local.get $s) (i64.sub (i64.mul (local.get $i) (i64.const 3)) (i64.const 5))))
              (br_if $l (${cmp} (local.tee $i (i64.add (local.get $i) (i64.const ${step}))) (i64.const ${end}))))
            (i64.xor (local.get $s) (i64.mul (local.get $i) (i64.const 0x10001))))`);
          // Note: exact BigInts in the domain of the comparison (the cases above do not wrap), reduced
          // once at the end; sums and products agree with wasm's modulo 2^64.
          const unsigned = cmp !== 'i64.lt_s';
          let i = unsigned ? BigInt.asUintN(64, start) : start;
          const last = unsigned ? BigInt.asUintN(64, end) : end;
          let sum = 0n;
          do {
            sum += i * 3n - 5n;
            i += step;
          } while (cmp === 'i64.ne' ? i !== last : i < last);
          expected.push(BigInt.asIntN(64, sum ^ (i * 0x10001n)));
        }
      }
    }
    const wat = `(module ${funcs.join('\n')})`;
    const vm = validateModule(parseWat(wat));
    // The analysis is active on the loops near 0 (and nowhere it must not be: the results say).
    expect([...Array(funcs.length).keys()].some((i) => narrowI64(vm, i).size > 0)).toBe(true);
    // Note: one instance; instantiating modules with many 64-bit constants again and again makes
    // Node 20's TurboFan crash optimizing the interpreter's pre-scan (a V8 bug outside the JIT).
    for (const options of [{ jitEager: true }]) {
      const s = jit(wat, options);
      for (let rep = 0; rep < 3; rep++) {
        for (let i = 0; i < funcs.length; i++) expect([i, callExact(s.fn(`f${i}`), [])]).toEqual([i, [expected[i]]]);
      }
    }
  });
});
