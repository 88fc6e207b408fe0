/**
 * The random capability: a secure source for real runs and a seeded, reproducible one for tests
 * and deterministic sandboxes.
 */

import { Errno, sysError } from './errno.js';

/** Fills buffers with random bytes. */
export interface RandomSource {
  /** Fills all of `buf`. */
  fill(buf: Uint8Array): void;
}

/**
 * A deterministic generator (xoshiro128**, seeded through splitmix32): the same seed gives the
 * same bytes on every platform. Not cryptographically secure.
 */
export class SeededRandom implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds from a 32-bit integer (any number is reduced modulo 2^32). */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      // Note: splitmix32 spreads a small seed over the 128-bit state, so seeds 0 and 1 differ fully.
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Fills all of `buf` with the next bytes of the sequence (little-endian words). */
  fill(buf: Uint8Array): void {
    let i = 0;
    const n = buf.length;
    while (i + 4 <= n) {
      const w = this.nextU32();
      buf[i] = w & 0xff;
      buf[i + 1] = (w >>> 8) & 0xff;
      buf[i + 2] = (w >>> 16) & 0xff;
      buf[i + 3] = w >>> 24;
      i += 4;
    }
    if (i < n) {
      let w = this.nextU32();
      while (i < n) {
        buf[i++] = w & 0xff;
        w >>>= 8;
      }
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Largest request `crypto.getRandomValues` accepts at once. */
const WEB_CRYPTO_CHUNK = 65536;

/**
 * A secure source over the Web Crypto API (`globalThis.crypto.getRandomValues`), present in
 * browsers and Node 20. Large requests are split into the 64 KiB chunks the API allows.
 */
export class WebCryptoRandom implements RandomSource {
  private readonly crypto: { getRandomValues(a: Uint8Array): unknown };

  /** Uses `globalThis.crypto`; throws `ENOSYS` when the platform has none. */
  constructor() {
    const c = (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto;
    if (!c || typeof c.getRandomValues !== 'function') {
      throw sysError(Errno.NOSYS, 'no Web Crypto getRandomValues on this platform');
    }
    this.crypto = c as { getRandomValues(a: Uint8Array): unknown };
  }

  /** Fills all of `buf` with secure random bytes. */
  fill(buf: Uint8Array): void {
    for (let off = 0; off < buf.length; off += WEB_CRYPTO_CHUNK) {
      this.crypto.getRandomValues(buf.subarray(off, Math.min(buf.length, off + WEB_CRYPTO_CHUNK)));
    }
  }
}
