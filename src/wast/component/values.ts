/**
 * Component values of `.wast` scripts and the canonical ABI's JS values: turning a script's
 * argument into the JS value of a parameter type, and comparing a result with the script's
 * expectation (integers and strings exactly, floats by their bits, flags as a set).
 */

import { CanonString, type ComponentValue } from '../../component/abi/values.js';
import type { ValueType } from '../../component/types.js';
import { printWave, typeName } from '../../component/wave/index.js';
import type { WastComponentValue } from '../../wasm/text/index.js';

/** A script value that does not fit the type it is used at. */
export class ValueMismatch extends Error {
  override name = 'ValueMismatch';
}

function f32FromBits(bits: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, bits >>> 0, true);
  return dv.getFloat32(0, true);
}

function f64FromBits(bits: bigint): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return dv.getFloat64(0, true);
}

function f32Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7fc00000;
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  return dv.getUint32(0, true);
}

function f64Bits(x: number): bigint {
  if (Number.isNaN(x)) return 0x7ff8000000000000n;
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}

function isCanonicalNan32(bits: number): boolean {
  return (bits & 0x7fffffff) >>> 0 === 0x7fc00000;
}

function isCanonicalNan64(bits: bigint): boolean {
  return (BigInt.asUintN(64, bits) & 0x7fffffffffffffffn) === 0x7ff8000000000000n;
}

/** The script's spelling of a value kind, for messages. */
function valueKind(v: WastComponentValue): string {
  return v.kind === 'string' ? 'str' : v.kind;
}

function mismatch(v: WastComponentValue, t: ValueType): never {
  throw new ValueMismatch(`type mismatch: a ${valueKind(v)} value where ${typeName(t)} is expected`);
}

/** The JS value the canonical ABI expects for `v` at type `t` (an argument of an invoke). */
export function toComponentValue(v: WastComponentValue, t: ValueType): ComponentValue {
  switch (t.kind) {
    case 'prim':
      if (t.prim === 'string') return v.kind === 'string' ? v.value : mismatch(v, t);
      if (v.kind !== t.prim) return mismatch(v, t);
      switch (v.kind) {
        case 'f32':
          return f32FromBits(v.bits);
        case 'f64':
          return f64FromBits(v.bits);
        case 'bool':
        case 'char':
        case 'u8':
        case 's8':
        case 'u16':
        case 's16':
        case 'u32':
        case 's32':
        case 'u64':
        case 's64':
          return v.value;
      }
      return mismatch(v, t);
    case 'list': {
      if (v.kind !== 'list') return mismatch(v, t);
      if (t.length !== undefined && v.items.length !== t.length) throw new ValueMismatch(`expected a list of ${t.length} elements, got ${v.items.length}`);
      const items = v.items.map((x) => toComponentValue(x, t.elem));
      return t.elem.kind === 'prim' && t.elem.prim === 'u8' && t.length === undefined ? Uint8Array.from(items as number[]) : items;
    }
    case 'record': {
      if (v.kind !== 'record') return mismatch(v, t);
      const out: Record<string, ComponentValue> = {};
      for (const f of v.fields) {
        const field = t.fields.find((x) => x.name === f.name);
        if (field === undefined) throw new ValueMismatch(`record has no field \`${f.name}\``);
        out[f.name] = toComponentValue(f.value, field.type);
      }
      return out;
    }
    case 'tuple':
      if (v.kind !== 'tuple') return mismatch(v, t);
      if (v.items.length !== t.types.length) throw new ValueMismatch(`expected a ${t.types.length}-tuple, got a ${v.items.length}-tuple`);
      return v.items.map((x, i) => toComponentValue(x, t.types[i]!));
    case 'variant': {
      if (v.kind !== 'variant') return mismatch(v, t);
      const c = t.cases.find((x) => x.name === v.case);
      if (c === undefined) throw new ValueMismatch(`variant has no case \`${v.case}\``);
      if ((c.type === null) !== (v.payload === null)) throw new ValueMismatch(`case \`${v.case}\` ${c.type === null ? 'has no' : 'needs a'} payload`);
      return c.type === null || v.payload === null ? { tag: v.case } : { tag: v.case, val: toComponentValue(v.payload, c.type) };
    }
    case 'enum':
      if (v.kind !== 'enum') return mismatch(v, t);
      return v.case;
    case 'flags': {
      if (v.kind !== 'flags') return mismatch(v, t);
      const out: Record<string, boolean> = {};
      for (const n of v.names) out[n] = true;
      return out;
    }
    case 'option':
      if (v.kind !== 'option') return mismatch(v, t);
      return v.value === null ? { tag: 'none' } : { tag: 'some', val: toComponentValue(v.value, t.type) };
    case 'result': {
      if (v.kind !== 'result') return mismatch(v, t);
      const side = v.ok ? t.ok : t.err;
      const tag = v.ok ? 'ok' : 'err';
      if ((side === null) !== (v.payload === null)) throw new ValueMismatch(`result case \`${tag}\` ${side === null ? 'has no' : 'needs a'} payload`);
      return side === null || v.payload === null ? { tag } : { tag, val: toComponentValue(v.payload, side) };
    }
    case 'own':
    case 'borrow':
      throw new ValueMismatch(`scripts cannot write ${t.kind} handles`);
  }
}

/**
 * Checks that the JS value `actual` of type `t` is the script's expected value; returns null when
 * it is, else why not.
 */
export function matchComponentValue(expected: WastComponentValue, actual: unknown, t: ValueType): string | null {
  const where = (path: string, why: string | null): string | null => (why === null ? null : `${path}: ${why}`);
  switch (expected.kind) {
    case 'bool':
    case 'u8':
    case 's8':
    case 'u16':
    case 's16':
    case 'u32':
    case 's32':
    case 'u64':
    case 's64':
      if (t.kind !== 'prim' || t.prim !== expected.kind) return `expected ${expected.kind}, the result is ${typeName(t)}`;
      return actual === expected.value ? null : `expected ${String(expected.value)}`;
    case 'f32': {
      if (t.kind !== 'prim' || t.prim !== 'f32' || typeof actual !== 'number') return `expected f32, the result is ${typeName(t)}`;
      const a = f32Bits(actual);
      const ok = a === expected.bits >>> 0 || (isCanonicalNan32(a) && isCanonicalNan32(expected.bits));
      return ok ? null : `expected f32 bits 0x${(expected.bits >>> 0).toString(16)}, got 0x${a.toString(16)}`;
    }
    case 'f64': {
      if (t.kind !== 'prim' || t.prim !== 'f64' || typeof actual !== 'number') return `expected f64, the result is ${typeName(t)}`;
      const a = f64Bits(actual);
      const ok = a === BigInt.asUintN(64, expected.bits) || (isCanonicalNan64(a) && isCanonicalNan64(expected.bits));
      return ok ? null : `expected f64 bits 0x${BigInt.asUintN(64, expected.bits).toString(16)}, got 0x${a.toString(16)}`;
    }
    case 'char':
    case 'string': {
      const want = expected.kind === 'char' ? 'char' : 'string';
      if (t.kind !== 'prim' || t.prim !== want) return `expected ${want}, the result is ${typeName(t)}`;
      const s = actual instanceof CanonString ? actual.value : actual;
      return s === expected.value ? null : `expected ${JSON.stringify(expected.value)}`;
    }
    case 'list':
    case 'tuple': {
      if (t.kind !== expected.kind) return `expected a ${expected.kind}, the result is ${typeName(t)}`;
      const items = actual instanceof Uint8Array ? [...actual] : (actual as unknown[]);
      if (!Array.isArray(items)) return `expected a ${expected.kind}`;
      if (items.length !== expected.items.length) return `expected ${expected.items.length} elements, got ${items.length}`;
      for (let i = 0; i < items.length; i++) {
        const et = t.kind === 'list' ? t.elem : t.kind === 'tuple' ? t.types[i]! : t;
        const why = matchComponentValue(expected.items[i]!, items[i], et);
        if (why !== null) return where(`element ${i}`, why);
      }
      return null;
    }
    case 'record': {
      if (t.kind !== 'record') return `expected a record, the result is ${typeName(t)}`;
      const obj = actual as Record<string, unknown>;
      if (expected.fields.length !== t.fields.length) return `expected ${expected.fields.length} fields, the record has ${t.fields.length}`;
      for (let i = 0; i < t.fields.length; i++) {
        const e = expected.fields[i]!;
        const f = t.fields[i]!;
        if (e.name !== f.name) return `expected field \`${e.name}\`, got \`${f.name}\``;
        const why = matchComponentValue(e.value, obj[f.name], f.type);
        if (why !== null) return where(`field \`${f.name}\``, why);
      }
      return null;
    }
    case 'variant':
    case 'option':
    case 'result': {
      if (t.kind !== expected.kind) return `expected ${expected.kind === 'variant' ? 'a variant' : `an ${expected.kind}`}, the result is ${typeName(t)}`;
      const v = actual as { tag: string; val?: unknown };
      const tag = expected.kind === 'variant' ? expected.case : expected.kind === 'option' ? (expected.value === null ? 'none' : 'some') : expected.ok ? 'ok' : 'err';
      if (v.tag !== tag) return `expected case \`${tag}\`, got \`${v.tag}\``;
      const payload = expected.kind === 'option' ? expected.value : expected.payload;
      const pt = t.kind === 'variant' ? (t.cases.find((c) => c.name === tag)?.type ?? null) : t.kind === 'option' ? (tag === 'some' ? t.type : null) : t.kind === 'result' ? (tag === 'ok' ? t.ok : t.err) : null;
      if (payload === null) return pt === null || v.val === undefined ? null : `unexpected payload for case \`${tag}\``;
      if (pt === null) return `expected a payload for case \`${tag}\``;
      return where(`case \`${tag}\``, matchComponentValue(payload, v.val, pt));
    }
    case 'enum':
      if (t.kind !== 'enum') return `expected an enum, the result is ${typeName(t)}`;
      return actual === expected.case ? null : `expected \`${expected.case}\`, got \`${String(actual)}\``;
    case 'flags': {
      if (t.kind !== 'flags') return `expected flags, the result is ${typeName(t)}`;
      const obj = actual as Record<string, boolean>;
      const got = t.names.filter((n) => obj[n] === true).sort();
      const want = [...new Set(expected.names)].sort();
      return got.length === want.length && got.every((n, i) => n === want[i]) ? null : `expected flags {${want.join(', ')}}, got {${got.join(', ')}}`;
    }
  }
}

/** Renders a result for failure messages (WAVE text when it can be printed). */
export function formatComponentValue(v: unknown, t: ValueType): string {
  try {
    return printWave(v, t);
  } catch {
    return String(v);
  }
}
