/**
 * Checks that turn the host's JS values into the pieces the canonical ABI stores (numbers in
 * range, a case index and payload, flag words ...), and constructors for the JS values lifting
 * produces. Every mismatch is a {@link ComponentValueError}; see `values.ts` for the mapping.
 */

import type { PrimValType, ValueType } from '../types.js';
import { ComponentValueError, componentTrap, describe, hex } from './abi-errors.js';
import { flagsWordCount } from './layout.js';
import type { TypeInfo } from './type-info.js';
import type { ComponentValue } from './values.js';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The inclusive range of each small integer type. */
const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  u8: [0, 0xff],
  s8: [-0x80, 0x7f],
  u16: [0, 0xffff],
  s16: [-0x8000, 0x7fff],
  u32: [0, 0xffff_ffff],
  s32: [-0x8000_0000, 0x7fff_ffff],
};

/** A `bool` value. */
export function expectBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ComponentValueError(`expected a boolean for bool, got ${describe(v)}`);
  return v;
}

/** An integer of a type up to 32 bits, checked against its range. */
export function expectInt(v: unknown, prim: PrimValType): number {
  const r = INT_RANGES[prim]!;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < r[0] || v > r[1]) {
    throw new ComponentValueError(`expected an integer in ${r[0]}..${r[1]} for ${prim}, got ${describe(v)}`);
  }
  return v;
}

/** A `u64` (as an unsigned bigint) or `s64` (signed) value. */
export function expectBigInt(v: unknown, prim: 'u64' | 's64'): bigint {
  const ok =
    typeof v === 'bigint' &&
    (prim === 'u64' ? v >= 0n && v <= 0xffff_ffff_ffff_ffffn : v >= -0x8000_0000_0000_0000n && v <= 0x7fff_ffff_ffff_ffffn);
  if (!ok) throw new ComponentValueError(`expected a bigint in the range of ${prim}, got ${describe(v)}`);
  return v as bigint;
}

/** An `f32` or `f64` value. */
export function expectFloat(v: unknown, prim: 'f32' | 'f64'): number {
  if (typeof v !== 'number') throw new ComponentValueError(`expected a number for ${prim}, got ${describe(v)}`);
  return v;
}

/** A `char` value: a string of one Unicode scalar value; returns its code point. */
export function expectChar(v: unknown): number {
  if (typeof v === 'string' && v.length > 0 && v.length <= 2) {
    const cp = v.codePointAt(0)!;
    const n = cp > 0xffff ? 2 : 1;
    if (n === v.length && (cp < 0xd800 || cp > 0xdfff)) return cp;
  }
  throw new ComponentValueError(`expected a string of one Unicode scalar value for char, got ${describe(v)}`);
}

/** `convert_i32_to_char`: traps unless `i` is a Unicode scalar value. */
export function convertI32ToChar(i: number): string {
  if (i >= 0x110000 || (i >= 0xd800 && i <= 0xdfff)) throw componentTrap(`invalid \`char\` bit pattern: ${hex(i)}`);
  return String.fromCodePoint(i);
}

/** The elements of a `list<T>` value: an array, or for `list<u8>` also a Uint8Array. */
export function expectList(v: unknown, elem: ValueType, length?: number): ArrayLike<unknown> {
  const isU8 = elem.kind === 'prim' && elem.prim === 'u8';
  if (!Array.isArray(v) && !(isU8 && v instanceof Uint8Array)) {
    throw new ComponentValueError(`expected ${isU8 ? 'a Uint8Array or an array' : 'an array'} for a list, got ${describe(v)}`);
  }
  const arr = v as ArrayLike<unknown>;
  if (length !== undefined && arr.length !== length) {
    throw new ComponentValueError(`expected exactly ${length} elements for a fixed-length list, got ${arr.length}`);
  }
  return arr;
}

function expectObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
    throw new ComponentValueError(`expected an object for ${what}, got ${describe(v)}`);
  }
  return v as Record<string, unknown>;
}

/** The field values of a `record` value, in declaration order; refuses missing and unknown fields. */
export function expectRecord(t: Extract<ValueType, { kind: 'record' }>, v: unknown): unknown[] {
  const o = expectObject(v, 'a record');
  const out: unknown[] = [];
  for (const f of t.fields) {
    if (!hasOwn(o, f.name)) throw new ComponentValueError(`record value is missing field "${f.name}"`);
    out.push(o[f.name]);
  }
  if (Object.keys(o).length !== t.fields.length) {
    const known = new Set(t.fields.map((f) => f.name));
    const extra = Object.keys(o).find((k) => !known.has(k));
    if (extra !== undefined) throw new ComponentValueError(`record value has unknown field "${extra}"`);
  }
  return out;
}

/** The element values of a `tuple` value. */
export function expectTuple(t: Extract<ValueType, { kind: 'tuple' }>, v: unknown): ArrayLike<unknown> {
  if (!Array.isArray(v) || v.length !== t.types.length) {
    throw new ComponentValueError(`expected an array of ${t.types.length} elements for a tuple, got ${describe(v)}`);
  }
  return v;
}

/** The case of a variant-like value: its index, payload type and payload. */
export interface CaseSelection {
  readonly index: number;
  readonly type: ValueType | null;
  readonly payload: unknown;
  /** The case name for error paths. */
  readonly name: string;
}

/** Selects the case of a `variant`, `enum`, `option` or `result` value (`match_case`). */
export function expectCase(t: ValueType, info: TypeInfo, v: unknown): CaseSelection {
  if (t.kind === 'enum') {
    const index = typeof v === 'string' ? t.names.indexOf(v) : -1;
    if (index < 0) {
      throw new ComponentValueError(`expected one of ${t.names.map((n) => JSON.stringify(n)).join(', ')} for an enum, got ${describe(v)}`);
    }
    return { index, type: null, payload: undefined, name: v as string };
  }
  const names = info.caseNames;
  const o = expectObject(v, `a ${t.kind} ({ tag, val })`);
  const tag = o['tag'];
  const index = typeof tag === 'string' ? names.indexOf(tag) : -1;
  if (index < 0) {
    throw new ComponentValueError(`expected tag ${names.map((n) => JSON.stringify(n)).join(' | ')} for a ${t.kind}, got ${describe(tag)}`);
  }
  const type = info.cases[index]!;
  const payload = o['val'];
  if (type === null && payload !== undefined) {
    throw new ComponentValueError(`case "${tag as string}" of the ${t.kind} has no payload, but val is ${describe(payload)}`);
  }
  return { index, type, payload, name: tag as string };
}

/** The JS value of case `index` of a variant-like type with payload `val` (`undefined` for none). */
export function makeCase(t: ValueType, info: TypeInfo, index: number, val: ComponentValue | undefined): ComponentValue {
  if (t.kind === 'enum') return t.names[index]!;
  const tag = info.caseNames[index]!;
  return val === undefined ? { tag } : { tag, val };
}

/** The flag words (32 flags per word, first name in bit 0) of a `flags` value. */
export function expectFlags(names: readonly string[], v: unknown): number[] {
  const o = expectObject(v, 'flags');
  const words = new Array<number>(flagsWordCount(names.length)).fill(0);
  let seen = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!hasOwn(o, name)) continue;
    seen++;
    const b = o[name];
    if (b === undefined) continue;
    if (typeof b !== 'boolean') throw new ComponentValueError(`flag "${name}" must be a boolean, got ${describe(b)}`);
    if (b) words[i >>> 5] = (words[i >>> 5]! | (1 << (i & 31))) >>> 0;
  }
  if (Object.keys(o).length !== seen) {
    const known = new Set(names);
    const extra = Object.keys(o).find((k) => !known.has(k));
    if (extra !== undefined) throw new ComponentValueError(`flags value has unknown flag "${extra}"`);
  }
  return words;
}

/** The JS value of a `flags` type from its words (`unpack_flags_from_int`; unused bits are ignored). */
export function makeFlags(names: readonly string[], words: readonly number[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (let i = 0; i < names.length; i++) out[names[i]!] = ((words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  return out;
}
