/**
 * The fuzzer's deterministic pseudo-random number generator: xoshiro128** seeded through
 * splitmix32, in 32-bit integer arithmetic so that a seed gives the same stream on every JS engine.
 */

/** Mixes a 32-bit state the splitmix32 way; returns the next state and an output word. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/**
 * Derives the seed of item `index` of a run seeded with `seed` (a 32-bit hash of both), so that
 * any single generated module can be reproduced without generating the ones before it.
 */
export function deriveSeed(seed: number, index: number): number {
  let [s, a] = splitmix32(seed >>> 0);
  [s, a] = splitmix32((s ^ Math.imul(index >>> 0, 0x27d4eb2f)) >>> 0);
  [, a] = splitmix32((a ^ s) >>> 0);
  return a >>> 0;
}

/** A seeded xoshiro128** generator with the helpers the module generator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Creates a generator from a 32-bit seed (other numbers are reduced modulo 2^32). */
  constructor(seed: number) {
    let s = seed >>> 0;
    let o: number;
    [s, o] = splitmix32(s);
    this.a = o;
    [s, o] = splitmix32(s);
    this.b = o;
    [s, o] = splitmix32(s);
    this.c = o;
    [, o] = splitmix32(s);
    this.d = o;
    // Note: xoshiro must not start from the all-zero state.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniformly distributed unsigned 64-bit integer. */
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  /** A uniform integer in `[0, n)`; `n` must be a positive integer up to 2^32. */
  below(n: number): number {
    if (!(n >= 1) || n > 0x100000000 || !Number.isInteger(n)) throw new RangeError(`Rng.below: bad bound ${n}`);
    if (n === 1) return 0;
    // Note: rejection sampling keeps the distribution exactly uniform (and platform-independent).
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.u32();
      if (x < limit) return x % n;
    }
  }

  /** A uniform integer in `[lo, hi]` (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.u32() < p * 0x100000000;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[this.below(items.length)]!;
  }

  /** An element chosen with probability proportional to its weight (weights are non-negative). */
  weighted<T>(entries: readonly (readonly [weight: number, item: T])[]): T {
    let total = 0;
    for (const [w] of entries) total += w;
    if (!(total > 0)) throw new RangeError('Rng.weighted: no positive weight');
    let r = (this.u32() / 0x100000000) * total;
    for (const [w, item] of entries) {
      if (r < w) return item;
      r -= w;
    }
    return entries[entries.length - 1]![1];
  }

  /** A shuffled copy of `items` (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
