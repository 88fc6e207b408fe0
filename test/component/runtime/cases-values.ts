// Runtime-corpus hosts for the value-type tests of wit-bindgen (numbers, strings, lists, records,
// variants, options, results, flavorful, many-arguments): each host implements the imported test
// interface the way the reference host does (the guest's `test-imports` asserts what it gets
// back), then calls the guest's exports and checks their results.
import { expect } from 'vitest';
import { err, f32, none, ok, some, type RuntimeCase } from './case.js';

const F32_MAX = 3.4028234663852886e38;
const F64_MAX = Number.MAX_VALUE;

const numbers: RuntimeCase = {
  file: 'numbers.component.wasm',
  imports() {
    let scalar = 0;
    const id = (x: unknown) => x;
    return {
      'test:numbers/test': {
        'roundtrip-u8': id,
        'roundtrip-s8': id,
        'roundtrip-u16': id,
        'roundtrip-s16': id,
        'roundtrip-u32': id,
        'roundtrip-s32': id,
        'roundtrip-u64': id,
        'roundtrip-s64': id,
        'roundtrip-f32': id,
        'roundtrip-f64': id,
        'roundtrip-char': id,
        'set-scalar': (v: number) => {
          scalar = v;
        },
        'get-scalar': () => scalar,
      },
    };
  },
  run(inst) {
    inst.call('test-imports');
    const t = inst.instance('test:numbers/test');
    const table: [string, unknown[]][] = [
      ['u8', [1, 0, 255]],
      ['s8', [1, -128, 127]],
      ['u16', [1, 0, 65535]],
      ['s16', [1, -32768, 32767]],
      ['u32', [1, 0, 0xffffffff]],
      ['s32', [1, -0x80000000, 0x7fffffff]],
      ['u64', [1n, 0n, 2n ** 64n - 1n]],
      ['s64', [1n, -(2n ** 63n), 2n ** 63n - 1n]],
      ['f32', [1, Infinity, -Infinity]],
      ['f64', [1, Infinity, -Infinity]],
      ['char', ['a', ' ', '🚩']],
    ];
    for (const [ty, values] of table) for (const v of values) expect(t.call(`roundtrip-${ty}`, [v])).toBe(v);
    expect(t.call('roundtrip-f32', [NaN])).toBeNaN();
    expect(t.call('roundtrip-f64', [NaN])).toBeNaN();
    t.call('set-scalar', [2]);
    expect(t.call('get-scalar')).toBe(2);
    t.call('set-scalar', [4]);
    expect(t.call('get-scalar')).toBe(4);
  },
};

const strings: RuntimeCase = {
  file: 'strings.component.wasm',
  imports: () => ({
    'test:strings/imports': {
      'take-basic': (s: string) => {
        expect(s).toBe('latin utf16');
      },
      'return-unicode': () => '🚀🚀🚀 𠈄𓀀',
    },
  }),
  run(inst) {
    inst.call('test-imports');
    expect(inst.call('return-empty')).toBe('');
    expect(inst.call('roundtrip', ['str'])).toBe('str');
    expect(inst.call('roundtrip', ['🚀🚀🚀 𠈄𓀀'])).toBe('🚀🚀🚀 𠈄𓀀');
  },
};

const lists: RuntimeCase = {
  file: 'lists.component.wasm',
  imports: () => ({
    'test:lists/test': {
      'empty-list-param': (a: Uint8Array) => expect(a).toEqual(new Uint8Array()),
      'empty-string-param': (a: string) => expect(a).toBe(''),
      'empty-list-result': () => new Uint8Array(),
      'empty-string-result': () => '',
      'list-param': (a: Uint8Array) => expect([...a]).toEqual([1, 2, 3, 4]),
      'list-param2': (a: string) => expect(a).toBe('foo'),
      'list-param3': (a: string[]) => expect(a).toEqual(['foo', 'bar', 'baz']),
      'list-param4': (a: string[][]) => expect(a).toEqual([['foo', 'bar'], ['baz']]),
      'list-param5': (a: unknown[]) =>
        expect(a).toEqual([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      'list-param-large': (a: string[]) => expect(a).toHaveLength(1000),
      'list-result': () => new Uint8Array([1, 2, 3, 4, 5]),
      'list-result2': () => 'hello!',
      'list-result3': () => ['hello,', 'world!'],
      'list-roundtrip': (a: Uint8Array) => a,
      'string-roundtrip': (s: string) => s,
      'list-minmax8': (u: Uint8Array, s: number[]) => {
        expect([...u]).toEqual([0, 255]);
        expect(s).toEqual([-128, 127]);
        return [u, s];
      },
      'list-minmax16': (u: number[], s: number[]) => {
        expect(u).toEqual([0, 65535]);
        expect(s).toEqual([-32768, 32767]);
        return [u, s];
      },
      'list-minmax32': (u: number[], s: number[]) => {
        expect(u).toEqual([0, 0xffffffff]);
        expect(s).toEqual([-0x80000000, 0x7fffffff]);
        return [u, s];
      },
      'list-minmax64': (u: bigint[], s: bigint[]) => {
        expect(u).toEqual([0n, 2n ** 64n - 1n]);
        expect(s).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
        return [u, s];
      },
      'list-minmax-float': (u: number[], s: number[]) => {
        expect(u).toEqual([-F32_MAX, F32_MAX, -Infinity, Infinity]);
        expect(s).toEqual([-F64_MAX, F64_MAX, -Infinity, Infinity]);
        return [u, s];
      },
    },
  }),
  run(inst) {
    const bytes = inst.call('allocated-bytes');
    inst.call('test-imports');
    const t = inst.instance('test:lists/test');
    t.call('empty-list-param', [new Uint8Array()]);
    t.call('empty-string-param', ['']);
    expect(t.call('empty-list-result')).toEqual(new Uint8Array());
    expect(t.call('empty-string-result')).toBe('');
    t.call('list-param', [new Uint8Array([1, 2, 3, 4])]);
    t.call('list-param2', ['foo']);
    t.call('list-param3', [['foo', 'bar', 'baz']]);
    t.call('list-param4', [[['foo', 'bar'], ['baz']]]);
    t.call('list-param-large', [Array.from({ length: 1000 }, () => 'string')]);
    expect(t.call('list-result')).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    expect(t.call('list-result2')).toBe('hello!');
    expect(t.call('list-result3')).toEqual(['hello,', 'world!']);
    for (const s of ['x', '', 'hello ⚑ world']) expect(t.call('string-roundtrip', [s])).toBe(s);
    // Note: every allocation the glue made on the way was freed again.
    expect(inst.call('allocated-bytes')).toBe(bytes);
  },
};

const flagsOf = (names: readonly string[], set: readonly string[]) => Object.fromEntries(names.map((n) => [n, set.includes(n)]));

const records: RuntimeCase = {
  file: 'records.component.wasm',
  imports: () => ({
    'test:records/test': {
      'multiple-results': () => [4, 5],
      'swap-tuple': ([a, b]: [number, number]) => [b, a],
      'roundtrip-flags1': (a: unknown) => a,
      'roundtrip-flags2': (a: unknown) => a,
      'roundtrip-flags3': (a: unknown, b: unknown, c: unknown) => [a, b, c],
      'roundtrip-record1': (a: unknown) => a,
      tuple1: (a: unknown) => a,
    },
  }),
  run(inst) {
    inst.call('test-imports');
    const t = inst.instance('test:records/test');
    expect(t.call('multiple-results')).toEqual([100, 200]);
    expect(t.call('swap-tuple', [[1, 2]])).toEqual([2, 1]);
    const f1 = ['a', 'b'];
    for (const set of [['a'], [], ['b'], ['a', 'b']]) expect(t.call('roundtrip-flags1', [flagsOf(f1, set)])).toEqual(flagsOf(f1, set));
    const f2 = ['c', 'd', 'e'];
    for (const set of [['c'], [], ['d'], ['c', 'e']]) expect(t.call('roundtrip-flags2', [flagsOf(f2, set)])).toEqual(flagsOf(f2, set));
    expect(t.call('roundtrip-record1', [{ a: 8, b: flagsOf(f1, []) }])).toEqual({ a: 8, b: flagsOf(f1, []) });
    expect(t.call('roundtrip-record1', [{ a: 0, b: flagsOf(f1, ['a', 'b']) }])).toEqual({ a: 0, b: flagsOf(f1, ['a', 'b']) });
    expect(t.call('tuple1', [[1]])).toEqual([1]);
  },
};

/** Rust's saturating `as u8` of a float. */
const asU8 = (x: number) => (Number.isNaN(x) ? 0 : Math.min(255, Math.max(0, Math.trunc(x))));

const variants: RuntimeCase = {
  file: 'variants.component.wasm',
  imports: () => ({
    'test:variants/test': {
      'roundtrip-option': (a: { tag: string; val?: number }) => (a.tag === 'some' ? some(asU8(a.val!)) : none),
      'roundtrip-result': (a: { tag: string; val: number }) => (a.tag === 'ok' ? ok(a.val) : err(asU8(a.val))),
      'roundtrip-enum': (a: string) => a,
      'invert-bool': (a: boolean) => !a,
      'variant-casts': (a: unknown) => a,
      'variant-zeros': (a: unknown) => a,
      'variant-typedefs': () => undefined,
      'variant-enums': (a: boolean, b: unknown, c: string) => {
        expect(a).toBe(true);
        expect(b).toEqual(ok());
        expect(c).toBe('success');
        return [false, err(), 'a'];
      },
    },
  }),
  run(inst) {
    inst.call('test-imports');
    const t = inst.instance('test:variants/test');
    expect(t.call('roundtrip-option', [some(1)])).toEqual(some(1));
    expect(t.call('roundtrip-option', [none])).toEqual(none);
    expect(t.call('roundtrip-option', [some(2)])).toEqual(some(2));
    expect(t.call('roundtrip-result', [ok(2)])).toEqual(ok(2));
    expect(t.call('roundtrip-result', [ok(4)])).toEqual(ok(4));
    expect(t.call('roundtrip-result', [err(f32(5.3))])).toEqual(err(5));
    expect(t.call('roundtrip-enum', ['a'])).toBe('a');
    expect(t.call('roundtrip-enum', ['b'])).toBe('b');
    expect(t.call('invert-bool', [true])).toBe(false);
    expect(t.call('invert-bool', [false])).toBe(true);
    const v = (tag: string, val: unknown) => ({ tag, val });
    const castsA = [v('a', 1), v('a', 2), v('a', 3), v('a', 4n), v('a', 5n), v('a', 6)];
    expect(t.call('variant-casts', [castsA])).toEqual(castsA);
    const castsB = [v('b', 1n), v('b', 2), v('b', 3), v('b', 4), v('b', 5), v('b', 6)];
    expect(t.call('variant-casts', [castsB])).toEqual(castsB);
    const zeros = [v('a', 1), v('a', 2n), v('a', 3), v('a', 4)];
    expect(t.call('variant-zeros', [zeros])).toEqual(zeros);
    t.call('variant-typedefs', [none, false, err()]);
  },
};

const options: RuntimeCase = {
  file: 'options.component.wasm',
  imports: () => ({
    'test:options/test': {
      'option-none-param': (a: unknown) => expect(a).toEqual(none),
      'option-none-result': () => none,
      'option-some-param': (a: unknown) => expect(a).toEqual(some('foo')),
      'option-some-result': () => some('foo'),
      'option-roundtrip': (a: unknown) => a,
      'double-option-roundtrip': (a: unknown) => a,
    },
  }),
  run(inst) {
    inst.call('test-imports');
    const t = inst.instance('test:options/test');
    expect(t.call('option-none-result')).toEqual(none);
    expect(t.call('option-some-result')).toEqual(some('foo'));
    t.call('option-none-param', [none]);
    t.call('option-some-param', [some('foo')]);
    expect(t.call('option-roundtrip', [some('foo')])).toEqual(some('foo'));
    for (const x of [some(some(42)), some(none), none]) expect(t.call('double-option-roundtrip', [x])).toEqual(x);
  },
};

const results: RuntimeCase = {
  file: 'results.component.wasm',
  imports: () => {
    const e2 = (line: number, column: number) => ({ line, column });
    return {
      'test:results/test': {
        'string-error': (a: number) => (a === 0 ? err('zero') : ok(a)),
        'enum-error': (a: number) => (a === 0 ? err('a') : ok(a)),
        'record-error': (a: number) => (a === 0 ? err(e2(420, 0)) : a === 1 ? err(e2(77, 2)) : ok(a)),
        'variant-error': (a: number) =>
          a === 0 ? err({ tag: 'e2', val: e2(420, 0) }) : a === 1 ? err({ tag: 'e1', val: 'b' }) : a === 2 ? err({ tag: 'e1', val: 'c' }) : ok(a),
        'empty-error': (a: number) => (a === 0 ? err() : a === 1 ? ok(42) : ok(a)),
        'double-error': (a: number) => (a === 0 ? ok(ok()) : a === 1 ? ok(err('one')) : err('two')),
      },
    };
  },
  run(inst) {
    const t = inst.instance('test:results/test');
    expect(t.call('string-error', [0])).toEqual(err('zero'));
    expect(t.call('string-error', [1])).toEqual(ok(1));
    expect(t.call('enum-error', [0])).toEqual(err('a'));
    expect(t.call('record-error', [0])).toEqual(err({ line: 420, column: 0 }));
    expect(t.call('record-error', [1])).toEqual(err({ line: 77, column: 2 }));
    expect(t.call('record-error', [2])).toEqual(ok(2));
    expect(t.call('variant-error', [0])).toEqual(err({ tag: 'e2', val: { line: 420, column: 0 } }));
    expect(t.call('variant-error', [1])).toEqual(err({ tag: 'e1', val: 'b' }));
    expect(t.call('variant-error', [2])).toEqual(err({ tag: 'e1', val: 'c' }));
    expect(t.call('empty-error', [0])).toEqual(err());
    expect(t.call('empty-error', [1])).toEqual(ok(42));
    expect(t.call('empty-error', [2])).toEqual(ok(2));
    expect(t.call('double-error', [0])).toEqual(ok(ok()));
    expect(t.call('double-error', [1])).toEqual(ok(err('one')));
    expect(t.call('double-error', [2])).toEqual(err('two'));
  },
};

const flavorful: RuntimeCase = {
  file: 'flavorful.component.wasm',
  imports: () => {
    let errored = false;
    return {
      'test:flavorful/test': {
        'f-list-in-record1': (a: { a: string }) => expect(a.a).toBe('list_in_record1'),
        'f-list-in-record2': () => ({ a: 'list_in_record2' }),
        'f-list-in-record3': (a: { a: string }) => {
          expect(a.a).toBe('list_in_record3 input');
          return { a: 'list_in_record3 output' };
        },
        'f-list-in-record4': (a: { a: string }) => {
          expect(a.a).toBe('input4');
          return { a: 'result4' };
        },
        'f-list-in-variant1': (a: unknown, b: unknown) => {
          expect(a).toEqual(some('foo'));
          expect(b).toEqual(err('bar'));
        },
        'f-list-in-variant2': () => some('list_in_variant2'),
        'f-list-in-variant3': (a: unknown) => {
          expect(a).toEqual(some('input3'));
          return some('output3');
        },
        'errno-result': () => {
          if (errored) return ok();
          errored = true;
          return err('b');
        },
        'list-typedefs': (a: string, c: string[]) => {
          expect(a).toBe('typedef1');
          expect(c).toEqual(['typedef2']);
          return [new TextEncoder().encode('typedef3'), ['typedef4']];
        },
        'list-of-variants': (bools: boolean[], res: unknown[], enums: string[]) => {
          expect(bools).toEqual([true, false]);
          expect(res).toEqual([ok(), err()]);
          expect(enums).toEqual(['success', 'a']);
          return [[false, true], [err(), ok()], ['a', 'b']];
        },
      },
    };
  },
  run(inst) {
    inst.call('test-imports');
    const t = inst.instance('test:flavorful/test');
    t.call('f-list-in-record1', [{ a: 'list_in_record1' }]);
    expect(t.call('f-list-in-record2')).toEqual({ a: 'list_in_record2' });
    expect(t.call('f-list-in-record3', [{ a: 'list_in_record3 input' }])).toEqual({ a: 'list_in_record3 output' });
    expect(t.call('f-list-in-record4', [{ a: 'input4' }])).toEqual({ a: 'result4' });
    t.call('f-list-in-variant1', [some('foo'), err('bar')]);
    expect(t.call('f-list-in-variant2')).toEqual(some('list_in_variant2'));
    expect(t.call('f-list-in-variant3', [some('input3')])).toEqual(some('output3'));
    expect(t.call('errno-result')).toMatchObject({ tag: 'err' });
    const [a, b] = t.call('list-typedefs', ['typedef1', ['typedef2']]) as [Uint8Array, string[]];
    expect(new TextDecoder().decode(a)).toBe('typedef3');
    expect(b).toEqual(['typedef4']);
  },
};

const manyArguments: RuntimeCase = {
  file: 'many-arguments.component.wasm',
  imports: () => ({
    imports: {
      'many-arguments': (...args: bigint[]) => expect(args).toEqual(Array.from({ length: 16 }, (_, i) => BigInt(i + 1))),
    },
  }),
  run(inst) {
    inst.call(
      'many-arguments',
      Array.from({ length: 16 }, (_, i) => BigInt(i + 1)),
    );
  },
};

/** The value-type cases. */
export const VALUE_CASES: readonly RuntimeCase[] = [numbers, strings, lists, records, variants, options, results, flavorful, manyArguments];
