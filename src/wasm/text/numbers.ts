/**
 * Numeric literals of the text format: integers of every width and IEEE-754 floats with
 * exact round-to-nearest-even conversion from decimal and hexadecimal digit strings.
 *
 * Every parser returns `null` when the literal is not representable ("constant out of range"
 * in the reference interpreter's words); the caller decides where to report it.
 */

import { f32ToBits, f64ToBits } from '../../util/float-bits.js';

/** The shape of an IEEE-754 binary format. */
interface FloatFormat {
  /** Explicit mantissa bits (23 or 52). */
  readonly mantBits: number;
  /** Exponent field bits (8 or 11). */
  readonly expBits: number;
  /** Exponent bias (127 or 1023). */
  readonly bias: number;
}

const F32: FloatFormat = { mantBits: 23, expBits: 8, bias: 127 };
const F64: FloatFormat = { mantBits: 52, expBits: 11, bias: 1023 };

/** Removes the `_` digit separators. */
function clean(s: string): string {
  return s.indexOf('_') < 0 ? s : s.replace(/_/g, '');
}

/**
 * Parses an integer literal (optional sign, decimal or `0x` hex, `_` separators) of `bits`
 * width as the spec's `iN` literal rule: unsigned values up to 2^bits-1, or negative values
 * down to -2^(bits-1). Returns the value as an unsigned bigint (two's complement), or null.
 */
export function parseIntBits(text: string, bits: number): bigint | null {
  let s = clean(text);
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const isHex = s.startsWith('0x');
  const digits = isHex ? s.slice(2) : s;
  if (digits.length === 0 || !(isHex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
  const v = BigInt(isHex ? '0x' + digits : digits);
  if (neg) {
    if (v > 1n << BigInt(bits - 1)) return null;
    return BigInt.asUintN(bits, -v);
  }
  if (v >= 1n << BigInt(bits)) return null;
  return v;
}

/** An i32 literal as a signed 32-bit number, or null when out of range. */
export function parseI32(text: string): number | null {
  // Note: fast path for short decimal literals, by far the most common.
  if (text.length <= 9 && /^[+-]?[0-9]+$/.test(text)) return Number(text) | 0;
  const v = parseIntBits(text, 32);
  return v === null ? null : Number(BigInt.asIntN(32, v));
}

/** An i64 literal as a signed bigint, or null when out of range. */
export function parseI64(text: string): bigint | null {
  const v = parseIntBits(text, 64);
  return v === null ? null : BigInt.asIntN(64, v);
}

/**
 * An unsigned 32-bit literal without sign (indices, limits, `offset=`), or null when it is
 * out of range or signed.
 */
export function parseU32(text: string): number | null {
  if (text[0] === '+' || text[0] === '-') return null;
  if (text.length <= 9 && /^[0-9]+$/.test(text)) return Number(text);
  const v = parseIntBits(text, 32);
  return v === null ? null : Number(v);
}

/**
 * A natural number of any size (used for `align=` and lane indices), as a number that may be
 * imprecise above 2^53; null when signed or malformed.
 */
export function parseNat(text: string): number | null {
  const s = clean(text);
  if (/^[0-9]+$/.test(s)) return Number(s);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return Number(s);
  return null;
}

/** The bits of an f32 literal, or null when out of range. */
export function parseF32Bits(text: string): number | null {
  const r = parseFloatBits(text, F32);
  return r === null ? null : Number(r);
}

/** The bits of an f64 literal (unsigned bigint), or null when out of range. */
export function parseF64Bits(text: string): bigint | null {
  return parseFloatBits(text, F64);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses a float literal into the bits of format `fmt`. Accepts every form of the text format:
 * integers, decimal and hex floats, `inf`, `nan`, `nan:0x<payload>`, each optionally signed.
 */
function parseFloatBits(text: string, fmt: FloatFormat): bigint | null {
  let s = clean(text);
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const signBit = neg ? 1n << BigInt(fmt.mantBits + fmt.expBits) : 0n;
  const expAll = (1n << BigInt(fmt.expBits)) - 1n; // all-ones exponent field
  const infBits = expAll << BigInt(fmt.mantBits);
  if (s === 'inf') return signBit | infBits;
  if (s === 'nan') return signBit | infBits | (1n << BigInt(fmt.mantBits - 1));
  if (s.startsWith('nan:0x')) {
    const payload = BigInt(s.slice(4));
    if (payload === 0n || payload >= 1n << BigInt(fmt.mantBits)) return null;
    return signBit | infBits | payload;
  }
  let mag: bigint | null;
  if (s.startsWith('0x')) {
    mag = parseHexFloat(s.slice(2), fmt);
  } else {
    mag = parseDecimalFloat(s, fmt);
  }
  return mag === null ? null : signBit | mag;
}

/** Magnitude bits of a hex float body (after `0x`): `h+(.h*)?([pP][+-]?d+)?`. */
function parseHexFloat(body: string, fmt: FloatFormat): bigint | null {
  let exp = 0;
  const p = body.search(/[pP]/);
  let mant = body;
  if (p >= 0) {
    exp = clampExponent(body.slice(p + 1));
    mant = body.slice(0, p);
  }
  const dot = mant.indexOf('.');
  let digits = mant;
  if (dot >= 0) {
    const frac = mant.slice(dot + 1);
    digits = mant.slice(0, dot) + frac;
    exp -= 4 * frac.length;
  }
  const m = BigInt('0x' + digits);
  if (m === 0n) return 0n;
  return roundToFormat(m, 1n, exp, fmt);
}

/** Magnitude bits of a decimal literal: `d+(.d*)?([eE][+-]?d+)?`. */
function parseDecimalFloat(body: string, fmt: FloatFormat): bigint | null {
  let exp10 = 0;
  const e = body.search(/[eE]/);
  let mant = body;
  if (e >= 0) {
    exp10 = clampExponent(body.slice(e + 1));
    mant = body.slice(0, e);
  }
  const dot = mant.indexOf('.');
  let digits = mant;
  if (dot >= 0) {
    const frac = mant.slice(dot + 1);
    digits = mant.slice(0, dot) + frac;
    exp10 -= frac.length;
  }
  digits = digits.replace(/^0+/, '');
  if (digits.length === 0) return 0n;
  // Note: exact fast paths (Clinger): when the digits and the power of ten are both exact in the
  // target precision, one correctly rounded multiplication or division gives the answer. For
  // f32 the operation is done in f64 and rounded again, which is exact for * and / because
  // 53 >= 2 * 24 + 2.
  if (digits.length <= 15 && Math.abs(exp10) <= 22) {
    const m = Number(digits);
    if (fmt === F64) {
      const v = exp10 >= 0 ? m * POW10[exp10]! : m / POW10[-exp10]!;
      return f64ToBits(v);
    }
    if (m < 2 ** 24 && Math.abs(exp10) <= 10) {
      const v = Math.fround(exp10 >= 0 ? m * POW10[exp10]! : m / POW10[-exp10]!);
      return v === Infinity ? null : BigInt(f32ToBits(v));
    }
  }
  // Magnitude estimate in decimal digits: settle certain overflow/underflow without huge powers.
  const mag10 = digits.length + exp10;
  if (mag10 > 400) return null;
  if (mag10 < -400) return 0n;
  const m = BigInt(digits);
  if (exp10 >= 0) return roundToFormat(m * 10n ** BigInt(exp10), 1n, 0, fmt);
  return roundToFormat(m, 10n ** BigInt(-exp10), 0, fmt);
}

/** Parses a decimal exponent, clamping absurd magnitudes (they round to 0 or overflow anyway). */
function clampExponent(s: string): number {
  const v = Number(s);
  if (!Number.isFinite(v)) return s.startsWith('-') ? -1e9 : 1e9;
  return Math.max(-1e9, Math.min(1e9, v));
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

/**
 * Rounds the positive rational `num / den * 2^e2` to the nearest value of `fmt` (ties to even)
 * and returns its magnitude bits, or null when it rounds to infinity.
 */
function roundToFormat(num: bigint, den: bigint, e2: number, fmt: FloatFormat): bigint | null {
  const P = fmt.mantBits + 1;
  const emin = 1 - fmt.bias;
  const emax = fmt.bias;
  // k = floor(log2(num / den)), first estimated from bit lengths, then corrected.
  let k = bitLength(num) - bitLength(den);
  const below = (kk: number): boolean => (kk >= 0 ? num < den << BigInt(kk) : num << BigInt(-kk) < den);
  if (below(k)) k--;
  const E = k + e2; // exponent of the leading bit
  if (E > emax + 1) return null;
  if (E < emin - P - 1) return 0n;
  let exp = Math.max(E, emin);
  const q = exp - (P - 1) - e2; // value / 2^(exp - P + 1) = (num / den) / 2^q
  let n = num;
  let d = den;
  if (q >= 0) d <<= BigInt(q);
  else n <<= BigInt(-q);
  let m = n / d;
  const r2 = (n - m * d) * 2n;
  if (r2 > d || (r2 === d && (m & 1n) === 1n)) m++;
  const hidden = 1n << BigInt(P - 1);
  if (m === hidden << 1n) {
    m = hidden;
    exp++;
  }
  if (exp > emax) return null;
  if (m < hidden) return m; // subnormal (or zero): exponent field 0
  return (BigInt(exp + fmt.bias) << BigInt(fmt.mantBits)) | (m - hidden);
}
