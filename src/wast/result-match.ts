/** Comparing a spec script's expected results and traps with what an engine produced. */

import type { Trap } from '../api/errors.js';
import type { Value } from '../api/values.js';
import { formatValue } from '../util/value-text.js';
import type { NanPattern, WastExpected, WastLanePattern } from '../wasm/text/index.js';
import { hostRefsEqual, isHostRef } from '../wasm/text/index.js';

function f32Nan(bits: number, p: NanPattern): boolean {
  const b = bits >>> 0;
  if ((b & 0x7f800000) !== 0x7f800000 || (b & 0x7fffff) === 0) return false;
  return p === 'canonical' ? (b & 0x7fffff) === 0x400000 : (b & 0x400000) !== 0;
}

function f64Nan(bits: bigint, p: NanPattern): boolean {
  const b = BigInt.asUintN(64, bits);
  const frac = b & 0xfffffffffffffn;
  if (((b >> 52n) & 0x7ffn) !== 0x7ffn || frac === 0n) return false;
  return p === 'canonical' ? frac === 0x8000000000000n : (frac & 0x8000000000000n) !== 0n;
}

function laneMatches(bytes: Uint8Array, shape: 'f32x4' | 'f64x2', i: number, lane: WastLanePattern): boolean {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 16);
  if (shape === 'f32x4') {
    const bits = dv.getUint32(i * 4, true);
    return lane.kind === 'nan' ? f32Nan(bits, lane.nan) : BigInt(bits) === lane.bits;
  }
  const bits = dv.getBigUint64(i * 8, true);
  return lane.kind === 'nan' ? f64Nan(bits, lane.nan) : bits === lane.bits;
}

/** True when `actual` satisfies the expected result `e`. */
export function valueMatches(actual: Value, e: WastExpected): boolean {
  switch (e.kind) {
    case 'nan':
      if (actual.type !== e.type) return false;
      return actual.type === 'f32' ? f32Nan(actual.bits, e.nan) : actual.type === 'f64' ? f64Nan(actual.bits, e.nan) : false;
    case 'v128':
      if (actual.type !== 'v128') return false;
      return e.lanes.every((lane, i) => laneMatches(actual.bytes, e.shape, i, lane));
    case 'ref':
      return actual.type === e.type && actual.value !== null && actual.value !== undefined;
    case 'const':
      return exactEqual(actual, e.value);
  }
}

/** Bit-exact equality of two values (host references by number). */
export function exactEqual(a: Value, b: Value): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'i32':
      return (a.value | 0) === ((b as typeof a).value | 0);
    case 'i64':
      return BigInt.asIntN(64, a.value) === BigInt.asIntN(64, (b as typeof a).value);
    case 'f32':
      return a.bits >>> 0 === (b as typeof a).bits >>> 0;
    case 'f64':
      return BigInt.asUintN(64, a.bits) === BigInt.asUintN(64, (b as typeof a).bits);
    case 'v128': {
      const x = a.bytes;
      const y = (b as typeof a).bytes;
      for (let i = 0; i < 16; i++) if (x[i] !== y[i]) return false;
      return true;
    }
    case 'funcref':
      return (a.value === null) === ((b as typeof a).value === null) && (a.value === null || a.value === (b as typeof a).value);
    case 'externref': {
      const bv = (b as typeof a).value;
      if (a.value === null || bv === null) return a.value === bv;
      return isHostRef(bv) ? hostRefsEqual(a.value, bv) : a.value === bv;
    }
  }
}

/** Renders an expected result for failure messages. */
export function formatExpected(e: WastExpected): string {
  switch (e.kind) {
    case 'nan':
      return `${e.type}.const nan:${e.nan}`;
    case 'v128':
      return `v128.const ${e.shape} ${e.lanes.map((l) => (l.kind === 'nan' ? `nan:${l.nan}` : '0x' + l.bits.toString(16))).join(' ')}`;
    case 'ref':
      return e.type === 'funcref' ? 'ref.func' : 'ref.extern';
    case 'const':
      return formatActual(e.value);
  }
}

/** Renders an actual value for failure messages. */
export function formatActual(v: Value): string {
  if (v.type === 'externref' && isHostRef(v.value)) return `ref.extern ${v.value.hostRef}`;
  return `${v.type === 'funcref' || v.type === 'externref' ? '' : v.type + ':'}${formatValue(v)}`;
}

/** True when the trap's message (or one of its alternative codes) begins with the expected text. */
export function trapMatches(t: Trap, expected: string): boolean {
  const candidates = [t.message, t.code, ...t.alternatives];
  return candidates.some((c) => c.startsWith(expected) || (expected.startsWith(c) && c.length > 0));
}
