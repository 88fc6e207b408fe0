import { describe, expect, it } from 'vitest';
import { f32ToBits, f64FromBits, f64ToBits } from '../../util/float-bits.js';
import { parseF32Bits, parseF64Bits, parseI32, parseI64, parseIntBits, parseNat, parseU32 } from './numbers.js';

describe('integer literals', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['2147483647', 2147483647],
    ['4294967295', -1],
    ['+4294967295', -1],
    ['-2147483648', -2147483648],
    ['0x7fff_ffff', 0x7fffffff],
    ['0xffffffff', -1],
    ['-0x80000000', -0x80000000],
    ['1_000_000', 1000000],
    ['0x0_a', 10],
  ])('i32 %s = %d', (text, value) => expect(parseI32(text)).toBe(value));

  it.each(['4294967296', '-2147483649', '0x1_0000_0000', '-0x80000001', '1.0', 'inf', 'nan'])('i32 %s is out of range', (text) =>
    expect(parseI32(text)).toBeNull(),
  );

  it.each([
    ['18446744073709551615', -1n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['0x8000_0000_0000_0000', -9223372036854775808n],
    ['-0x1', -1n],
  ])('i64 %s = %s', (text, value) => expect(parseI64(text)).toBe(value));

  it.each(['18446744073709551616', '-9223372036854775809', '0x1_0000_0000_0000_0000'])('i64 %s is out of range', (text) =>
    expect(parseI64(text)).toBeNull(),
  );

  it.each([
    ['255', 8, 255n],
    ['-128', 8, 128n],
    ['-1', 8, 255n],
    ['65535', 16, 65535n],
    ['-32768', 16, 32768n],
  ])('lane literal %s of %d bits = %s', (text, bits, value) => expect(parseIntBits(text, bits)).toBe(value));

  it.each([
    ['256', 8],
    ['-129', 8],
    ['65536', 16],
    ['-32769', 16],
  ])('lane literal %s of %d bits is out of range', (text, bits) => expect(parseIntBits(text, bits)).toBeNull());

  it('reads unsigned indices and naturals', () => {
    expect(parseU32('4294967295')).toBe(4294967295);
    expect(parseU32('4294967296')).toBeNull();
    expect(parseU32('-1')).toBeNull();
    expect(parseU32('0x10')).toBe(16);
    expect(parseNat('0x1_0')).toBe(16);
    expect(parseNat('1.0')).toBeNull();
  });
});

const f32 = (text: string): string | null => {
  const b = parseF32Bits(text);
  return b === null ? null : b.toString(16).padStart(8, '0');
};
const f64 = (text: string): string | null => {
  const b = parseF64Bits(text);
  return b === null ? null : b.toString(16).padStart(16, '0');
};

describe('f32 literals', () => {
  it.each([
    ['0', '00000000'],
    ['-0', '80000000'],
    ['-0.0', '80000000'],
    ['1', '3f800000'],
    ['0x1p0', '3f800000'],
    ['0x1.8p1', '40400000'],
    ['1.5', '3fc00000'],
    ['1e10', '501502f9'],
    ['inf', '7f800000'],
    ['-inf', 'ff800000'],
    ['nan', '7fc00000'],
    ['-nan', 'ffc00000'],
    ['+nan', '7fc00000'],
    ['nan:0x1', '7f800001'],
    ['nan:0x20_0000', '7fa00000'],
    ['-nan:0x7fffff', 'ffffffff'],
    // Extremes.
    ['0x1p-149', '00000001'],
    ['0x1p-126', '00800000'],
    ['0x1.fffffcp-127', '007fffff'],
    ['0x1.fffffep127', '7f7fffff'],
    ['3.4028234663852886e38', '7f7fffff'],
    ['1.401298464324817e-45', '00000001'],
    // Ties to even, exactly halfway (no double rounding allowed).
    ['0x1.000001p0', '3f800000'],
    ['0x1.000003p0', '3f800002'],
    ['0x1.0000010000000000000000000001p0', '3f800001'],
    ['1.000000059604644775390625', '3f800000'],
    ['1.0000000596046447753906251', '3f800001'],
    ['1.0000001788139343261718749', '3f800001'],
    ['1.000000178813934326171875', '3f800002'],
    ['0x1p-150', '00000000'],
    ['0x1.0000000001p-150', '00000001'],
    ['0x1.8p-149', '00000002'],
    ['0x1.fffffefffffffffp127', '7f7fffff'],
    ['16777217', '4b800000'],
    ['16777219', '4b800002'],
    ['0x1_000_001', '4b800000'],
    ['1_0.0_0e0_1', '42c80000'],
    ['0x1p-10000', '00000000'],
    ['1e-100000', '00000000'],
    ['7.006492321624085354618647916449580656401309709382578858785341419448955413429303e-45', '00000005'],
    // 2^-150 exactly (half the smallest subnormal: a tie, to even 0), a hair below, a hair above.
    ['7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015625e-46', '00000000'],
    ['7.006492321624085354618647916449580656401309709382578858785341419448955413429303e-46', '00000000'],
    ['7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015626e-46', '00000001'],
  ])('%s has bits %s', (text, bits) => expect(f32(text)).toBe(bits));

  it.each(['0x1p128', '0x1.ffffffp127', '1e39', '3.4028236e38', 'nan:0x0', 'nan:0x80_0000', '0x1p10000', '1e100000'])(
    '%s is out of range',
    (text) => expect(f32(text)).toBeNull(),
  );
});

describe('f64 literals', () => {
  it.each([
    ['0', '0000000000000000'],
    ['-0', '8000000000000000'],
    ['1', '3ff0000000000000'],
    ['0.1', '3fb999999999999a'],
    ['nan', '7ff8000000000000'],
    ['-nan:0x1', 'fff0000000000001'],
    ['nan:0xf_ffff_ffff_ffff', '7fffffffffffffff'],
    ['0x1p-1074', '0000000000000001'],
    ['0x1p-1075', '0000000000000000'],
    ['0x1.8p-1074', '0000000000000002'],
    ['0x1.fffffffffffffp1023', '7fefffffffffffff'],
    ['1.7976931348623157e308', '7fefffffffffffff'],
    ['4.9406564584124654e-324', '0000000000000001'],
    ['2.4703282292062327e-324', '0000000000000000'],
    ['2.4703282292062328e-324', '0000000000000001'],
    ['0x1.00000000000008p0', '3ff0000000000000'],
    ['0x1.00000000000018p0', '3ff0000000000002'],
    ['0x1.000000000000080000000001p0', '3ff0000000000001'],
    ['9007199254740993', '4340000000000000'],
    ['9007199254740995', '4340000000000002'],
    ['inf', '7ff0000000000000'],
  ])('%s has bits %s', (text, bits) => expect(f64(text)).toBe(bits));

  it.each(['0x1p1024', '1.7976931348623159e308', '1e309', 'nan:0x0', 'nan:0x10_0000_0000_0000'])('%s is out of range', (text) =>
    expect(f64(text)).toBeNull(),
  );

  it('agrees with the correctly rounded JS conversion on random decimal strings', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let digits = String(1 + rand(9));
      const len = rand(30);
      for (let j = 0; j < len; j++) digits += String(rand(10));
      const exp = rand(700) - 350;
      const text = `${digits.slice(0, 1)}.${digits.slice(1)}e${exp}`;
      const v = Number(text);
      const expected = Number.isFinite(v) ? f64ToBits(v).toString(16).padStart(16, '0') : null;
      expect(f64(text), text).toBe(expected);
    }
  });
});

/** Exact decimal expansion of `m * 2^e` (m, e integers, e may be negative). */
function exactDecimal(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  const scaled = m * 5n ** BigInt(-e); // m * 2^e = m * 5^-e / 10^-e
  const s = scaled.toString().padStart(-e + 1, '0');
  return `${s.slice(0, s.length + e)}.${s.slice(s.length + e)}`;
}

describe('round to nearest even at the midpoints between adjacent floats', () => {
  let seed = 987654321;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it('f32: decimal and hex midpoints round to even, a hair off goes to the nearer one', () => {
    for (let i = 0; i < 400; i++) {
      // A random finite positive f32 below the largest (so that it has a successor).
      const bits = (rand(0x7f7ffffe) + rand(2)) >>> 0;
      const exp = bits >>> 23;
      const mant = BigInt(bits & 0x7fffff) | (exp === 0 ? 0n : 1n << 23n);
      const e2 = (exp === 0 ? 1 : exp) - 150;
      // midpoint = (2*mant + 1) * 2^(e2-1)
      const mid = 2n * mant + 1n;
      const dec = exactDecimal(mid, e2 - 1);
      const even = (bits & 1) === 0 ? bits : bits + 1;
      expect(parseF32Bits(dec), dec).toBe(even);
      expect(parseF32Bits(`${dec}000000001`.includes('.') ? `${dec}000000001` : `${dec}.000000001`)).toBe(bits + 1);
      const hex = `0x${mid.toString(16)}p${e2 - 1}`;
      expect(parseF32Bits(hex), hex).toBe(even);
      expect(parseF32Bits(`0x${(mid * 16n - 1n).toString(16)}p${e2 - 5}`)).toBe(bits);
    }
  });

  it('f64: decimal midpoints round to even', () => {
    for (let i = 0; i < 100; i++) {
      const hi = rand(0x7fefffff);
      const lo = rand(0x7fffffff) * 2 + rand(2);
      const bits = (BigInt(hi) << 32n) | BigInt(lo);
      const exp = Number(bits >> 52n);
      const mant = (bits & 0xfffffffffffffn) | (exp === 0 ? 0n : 1n << 52n);
      const e2 = (exp === 0 ? 1 : exp) - 1075;
      const dec = exactDecimal(2n * mant + 1n, e2 - 1);
      const even = (bits & 1n) === 0n ? bits : bits + 1n;
      expect(parseF64Bits(dec), dec).toBe(even);
    }
  });

  it('f32 decimal conversion is not a rounded double rounded again', () => {
    // 1 + 2^-24 + 2^-60: the double nearest to it is 1 + 2^-24, a tie for f32 that rounds to
    // 1.0, but the exact value is above the tie.
    const text = exactDecimal((1n << 60n) + (1n << 36n) + 1n, -60);
    expect(f32ToBits(Math.fround(Number(text)))).toBe(0x3f800000);
    expect(parseF32Bits(text)).toBe(0x3f800001);
    expect(f64FromBits(parseF64Bits(text)!)).toBe(Number(text));
  });
});
