/**
 * Text forms of exact values for the command line: parsing `--invoke` arguments and printing
 * results so that floats round-trip (shortest form) and NaN payloads are visible.
 */

import { KpioError } from '../api/errors.js';
import type { ValType } from '../api/types.js';
import type { Value } from '../api/values.js';
import { f32FromBits, f32ToBits, f64FromBits, f64ToBits } from './float-bits.js';

/** The shortest decimal string that rounds back to the same f32. */
export function formatF32(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return Number(s).toString();
  }
  return x.toString();
}

function formatNaN(negative: boolean, payload: bigint, canonical: bigint): string {
  const sign = negative ? '-' : '';
  return payload === canonical ? `${sign}nan` : `${sign}nan:0x${payload.toString(16)}`;
}

/** Prints one exact value: integers in signed decimal, floats shortest round-trip, NaNs with payload. */
export function formatValue(v: Value): string {
  switch (v.type) {
    case 'i32':
      return String(v.value | 0);
    case 'i64':
      return BigInt.asIntN(64, v.value).toString();
    case 'f32': {
      const bits = v.bits >>> 0;
      if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
        return formatNaN((bits & 0x80000000) !== 0, BigInt(bits & 0x7fffff), 0x400000n);
      }
      const x = f32FromBits(bits);
      if (x === Infinity) return 'inf';
      if (x === -Infinity) return '-inf';
      if (x === 0 && bits !== 0) return '-0';
      return formatF32(x);
    }
    case 'f64': {
      const bits = BigInt.asUintN(64, v.bits);
      const exp = (bits >> 52n) & 0x7ffn;
      const frac = bits & 0xfffffffffffffn;
      if (exp === 0x7ffn && frac !== 0n) return formatNaN(bits >> 63n === 1n, frac, 0x8000000000000n);
      const x = f64FromBits(bits);
      if (x === Infinity) return 'inf';
      if (x === -Infinity) return '-inf';
      if (x === 0 && bits !== 0n) return '-0';
      return String(x);
    }
    case 'v128': {
      const dv = new DataView(v.bytes.buffer, v.bytes.byteOffset, 16);
      const lanes = [0, 4, 8, 12].map((o) => '0x' + dv.getUint32(o, true).toString(16).padStart(8, '0'));
      return `i32x4 ${lanes.join(' ')}`;
    }
    case 'funcref':
      return v.value === null ? 'ref.null func' : 'ref.func';
    case 'externref':
      return v.value === null ? 'ref.null extern' : `ref.extern ${String(v.value)}`;
  }
}

const INT_RE = /^[+-]?(0x[0-9a-f]+|[0-9]+)$/i;

function parseFloatText(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'nan' || t === '+nan') return NaN;
  if (t === '-nan') return -NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * Parses a command-line argument as a value of type `t`. Integers accept decimal or 0x hex and wrap
 * to the type's width (so both -1 and 4294967295 are the i32 with all bits set).
 */
export function parseValueArg(t: ValType, text: string): Value {
  const bad = (what: string): never => {
    throw new KpioError(`invalid ${t} argument "${text}": ${what}`);
  };
  switch (t) {
    case 'i32':
    case 'i64': {
      if (!INT_RE.test(text)) bad('expected an integer (decimal or 0x hex)');
      const neg = text.startsWith('-');
      const body = text.replace(/^[+-]/, '');
      let n = BigInt(body);
      if (neg) n = -n;
      const width = t === 'i32' ? 32 : 64;
      if (n >= 1n << BigInt(width) || n < -(1n << BigInt(width - 1))) bad(`out of range for ${t}`);
      return t === 'i32' ? { type: 'i32', value: Number(BigInt.asIntN(32, n)) } : { type: 'i64', value: BigInt.asIntN(64, n) };
    }
    case 'f32': {
      const x = parseFloatText(text);
      if (x === null) bad('expected a number, inf or nan');
      return { type: 'f32', bits: f32ToBits(x!) };
    }
    case 'f64': {
      const x = parseFloatText(text);
      if (x === null) bad('expected a number, inf or nan');
      return { type: 'f64', bits: f64ToBits(x!) };
    }
    case 'funcref':
    case 'externref':
      if (text === 'null') return t === 'funcref' ? { type: t, value: null } : { type: t, value: null };
      return bad('only "null" can be passed for a reference parameter');
    case 'v128':
      return bad('v128 parameters cannot be given on the command line');
  }
}
