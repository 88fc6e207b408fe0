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

  it('reads s33 block type indices', () => {
    expect(r(0x40).s33()).toBe(-64);
    expect(r(0x7f).s33()).toBe(-1);
    expect(r(0x80, 0x80, 0x80, 0x80, 0x0f).s33()).toBe(0xf0000000);
  });
});
