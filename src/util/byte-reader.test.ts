import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { CompileError } from '../api/errors.js';

const r = (...b: number[]) => new ByteReader(new Uint8Array(b));

describe('ByteReader LEB128', () => {
  it.each([
    [[0x00], 0],
    [[0x7f], 127],
    [[0x80, 0x01], 128],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff],
    [[0x80, 0x80, 0x80, 0x80, 0x00], 0],
  ])('u32 %j = %d', (bytes, v) => expect(r(...bytes).u32()).toBe(v));

  it.each([
    [[0xff, 0xff, 0xff, 0xff, 0x1f], 'integer too large'],
    [[0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 'integer representation too long'],
    [[0x80], 'unexpected end'],
  ])('u32 %j fails with %s', (bytes, msg) => {
    expect(() => r(...bytes).u32()).toThrow(CompileError);
    expect(() => r(...bytes).u32()).toThrow(msg);
  });

  it.each([
    [[0x7f], -1],
    [[0x80, 0x7f], -128],
    [[0xff, 0xff, 0xff, 0xff, 0x07], 0x7fffffff],
    [[0x80, 0x80, 0x80, 0x80, 0x78], -0x80000000],
  ])('s32 %j = %d', (bytes, v) => expect(r(...bytes).s32()).toBe(v));

  it.each([[[0xff, 0xff, 0xff, 0xff, 0x0f]], [[0x80, 0x80, 0x80, 0x80, 0x70]]])('s32 %j is too large', (bytes) =>
    expect(() => r(...bytes).s32()).toThrow('integer too large'),
  );

  it('round-trips s64 and s32 through the writer', () => {
    for (const v of [0n, 1n, -1n, 63n, 64n, -64n, -65n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345n]) {
      const w = new ByteWriter().s64(v);
      expect(new ByteReader(w.finish()).s64()).toBe(v);
    }
    for (const v of [0, 1, -1, 63, 64, -64, -65, 2 ** 31 - 1, -(2 ** 31)]) {
      const w = new ByteWriter().s32(v);
      expect(new ByteReader(w.finish()).s32()).toBe(v);
    }
  });

  it('s64Words gives the same bits as s64, padded encodings and errors included', () => {
    const words = (bytes: Uint8Array) => {
      const rd = new ByteReader(bytes);
      const lo = rd.s64Words();
      return [lo, rd.hiWord];
    };
    const expectWords = (bytes: Uint8Array) => {
      const v = new ByteReader(bytes).s64();
      expect(words(bytes)).toEqual([Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))]);
    };
    let x = 0x9e3779b97f4a7c15n;
    const values = [0n, 1n, -1n, 63n, 64n, -64n, -65n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n, 2n ** 35n - 1n, -(2n ** 35n), 2n ** 63n - 1n, -(2n ** 63n)];
    for (let i = 0; i < 200; i++) {
      x = BigInt.asUintN(64, x * 0xbf58476d1ce4e5b9n + 1n);
      values.push(BigInt.asIntN(64, x >> BigInt(i % 64)));
    }
    for (const v of values) expectWords(new ByteWriter().s64(v).finish());
    // Padded (non-minimal) encodings, as the spec allows.
    expectWords(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]));
    expectWords(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    expectWords(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x7f]));
    expect(() => words(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))).toThrow('integer representation too long');
    expect(() => words(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow('integer too large');
  });

  it('reads s33 block type indices', () => {
    expect(r(0x40).s33()).toBe(-64);
    expect(r(0x7f).s33()).toBe(-1);
    expect(r(0x80, 0x80, 0x80, 0x80, 0x0f).s33()).toBe(0xf0000000);
  });
});
