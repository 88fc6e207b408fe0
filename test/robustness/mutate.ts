/**
 * Deterministic mutation of module binaries for robustness testing: bit flips, byte insertion and
 * deletion, truncation, LEB128 stretching, section swaps/duplication/removal, size-field nudges and
 * splices from other modules. Every operator is driven by a seeded generator, so a failure
 * reproduces from its seed and index alone.
 */

/** A small, fast, seeded pseudo-random generator (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }
}

/** Bytes that often sit at interesting boundaries of the format. */
const INTERESTING = [0x00, 0x01, 0x02, 0x0b, 0x05, 0x40, 0x60, 0x70, 0x6f, 0x7b, 0x7f, 0x80, 0xfc, 0xfd, 0xff];

/** A top-level section of a module: [start of its id byte, end of its contents). */
interface SectionSpan {
  readonly start: number;
  readonly end: number;
  /** Where the size LEB128 starts and ends. */
  readonly sizeStart: number;
  readonly sizeEnd: number;
}

/** Splits a module into its sections (best effort: stops at the first inconsistency). */
export function sections(bytes: Uint8Array): SectionSpan[] {
  const out: SectionSpan[] = [];
  let p = 8;
  while (p < bytes.length) {
    const start = p++;
    const sizeStart = p;
    let size = 0;
    let shift = 0;
    for (let i = 0; i < 5 && p < bytes.length; i++) {
      const b = bytes[p++]!;
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    const end = p + size;
    if (end > bytes.length) break;
    out.push({ start, end, sizeStart, sizeEnd: p });
    p = end;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A mutation operator: returns a new byte array (never modifies its input). */
export type Mutator = (bytes: Uint8Array, rng: Rng, donors: readonly Uint8Array[]) => Uint8Array;

/** The mutation operators by name. */
export const MUTATORS: Readonly<Record<string, Mutator>> = {
  bitFlip(bytes, rng) {
    const out = bytes.slice();
    const flips = 1 + rng.below(3);
    for (let i = 0; i < flips && out.length > 0; i++) out[rng.below(out.length)]! ^= 1 << rng.below(8);
    return out;
  },
  interestingByte(bytes, rng) {
    const out = bytes.slice();
    if (out.length > 0) out[rng.below(out.length)] = rng.pick(INTERESTING);
    return out;
  },
  insertByte(bytes, rng) {
    const p = rng.below(bytes.length + 1);
    const b = rng.below(2) ? rng.pick(INTERESTING) : rng.below(256);
    return concat(bytes.subarray(0, p), Uint8Array.of(b), bytes.subarray(p));
  },
  deleteBytes(bytes, rng) {
    const p = rng.below(bytes.length);
    const n = 1 + rng.below(4);
    return concat(bytes.subarray(0, p), bytes.subarray(p + n));
  },
  truncate(bytes, rng) {
    return bytes.slice(0, rng.below(bytes.length));
  },
  /** Rewrites a one-byte LEB128 (or any byte below 0x80) as a longer encoding of the same value. */
  stretchLeb(bytes, rng) {
    const p = rng.below(bytes.length);
    const b = bytes[p]!;
    if (b & 0x80) return MUTATORS.bitFlip!(bytes, rng, []);
    const extra = 1 + rng.below(5);
    const stretched = [b | 0x80];
    for (let i = 1; i < extra; i++) stretched.push(0x80);
    stretched.push(0x00);
    return concat(bytes.subarray(0, p), Uint8Array.from(stretched), bytes.subarray(p + 1));
  },
  /** Stretches a section's size field: a valid re-encoding unless it overflows 5 bytes. */
  stretchSectionSize(bytes, rng) {
    const secs = sections(bytes);
    if (secs.length === 0) return MUTATORS.insertByte!(bytes, rng, []);
    const s = rng.pick(secs);
    const size = s.end - s.sizeEnd;
    const len = s.sizeEnd - s.sizeStart + 1 + rng.below(2);
    const leb: number[] = [];
    let v = size;
    for (let i = 0; i < len; i++) {
      leb.push((v & 0x7f) | (i < len - 1 ? 0x80 : 0));
      v = Math.floor(v / 128);
    }
    return concat(bytes.subarray(0, s.sizeStart), Uint8Array.from(leb), bytes.subarray(s.sizeEnd));
  },
  nudgeSectionSize(bytes, rng) {
    const secs = sections(bytes);
    if (secs.length === 0) return MUTATORS.bitFlip!(bytes, rng, []);
    const s = rng.pick(secs);
    const out = bytes.slice();
    out[s.sizeStart] = (out[s.sizeStart]! + (rng.below(2) ? 1 : 0xff)) & 0xff;
    return out;
  },
  swapSections(bytes, rng) {
    const secs = sections(bytes);
    if (secs.length < 2) return MUTATORS.deleteBytes!(bytes, rng, []);
    const i = rng.below(secs.length - 1);
    const a = secs[i]!;
    const b = secs[i + 1 + rng.below(secs.length - i - 1)]!;
    return concat(
      bytes.subarray(0, a.start),
      bytes.subarray(b.start, b.end),
      bytes.subarray(a.end, b.start),
      bytes.subarray(a.start, a.end),
      bytes.subarray(b.end),
    );
  },
  duplicateSection(bytes, rng) {
    const secs = sections(bytes);
    if (secs.length === 0) return MUTATORS.insertByte!(bytes, rng, []);
    const s = rng.pick(secs);
    return concat(bytes.subarray(0, s.end), bytes.subarray(s.start, s.end), bytes.subarray(s.end));
  },
  removeSection(bytes, rng) {
    const secs = sections(bytes);
    if (secs.length === 0) return MUTATORS.truncate!(bytes, rng, []);
    const s = rng.pick(secs);
    return concat(bytes.subarray(0, s.start), bytes.subarray(s.end));
  },
  /** Replaces a run of bytes with a run from another module. */
  splice(bytes, rng, donors) {
    const d = rng.pick(donors);
    if (d.length === 0 || bytes.length === 0) return MUTATORS.insertByte!(bytes, rng, []);
    const from = rng.below(d.length);
    const n = 1 + rng.below(Math.min(32, d.length - from));
    const p = rng.below(bytes.length);
    const cut = rng.below(n + 1);
    return concat(bytes.subarray(0, p), d.subarray(from, from + n), bytes.subarray(p + cut));
  },
};

/** Applies 1-3 random mutators; returns the mutant and the names of the operators applied. */
export function mutate(seed: Uint8Array, rng: Rng, donors: readonly Uint8Array[]): { bytes: Uint8Array; ops: string[] } {
  const names = Object.keys(MUTATORS);
  const rounds = 1 + (rng.below(4) === 0 ? 1 + rng.below(2) : 0);
  let bytes = seed;
  const ops: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const name = rng.pick(names);
    ops.push(name);
    bytes = MUTATORS[name]!(bytes, rng, donors);
  }
  return { bytes, ops };
}
