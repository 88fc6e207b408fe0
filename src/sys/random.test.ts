import { describe, expect, it } from 'vitest';
import { SeededRandom, WebCryptoRandom } from './random.js';

describe('SeededRandom', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const a = new Uint8Array(37);
    const b = new Uint8Array(37);
    const c = new Uint8Array(37);
    new SeededRandom(42).fill(a);
    new SeededRandom(42).fill(b);
    new SeededRandom(43).fill(c);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('continues the same sequence across calls regardless of chunking', () => {
    const whole = new Uint8Array(16);
    new SeededRandom(7).fill(whole);
    const r = new SeededRandom(7);
    const first = new Uint8Array(8);
    const second = new Uint8Array(8);
    r.fill(first);
    r.fill(second);
    expect([...first, ...second]).toEqual([...whole]);
  });

  it('produces roughly uniform bytes', () => {
    const buf = new Uint8Array(1 << 16);
    new SeededRandom(1).fill(buf);
    const counts = new Array<number>(256).fill(0);
    for (const x of buf) counts[x]!++;
    // Expected 256 per value; a fair generator stays well within these bounds.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });
});

describe('WebCryptoRandom', () => {
  it('fills buffers larger than the 64 KiB Web Crypto limit', () => {
    const buf = new Uint8Array(200_000);
    new WebCryptoRandom().fill(buf);
    expect(buf.subarray(190_000).some((x) => x !== 0)).toBe(true);
    expect(buf.subarray(0, 1000).some((x) => x !== 0)).toBe(true);
  });
});
