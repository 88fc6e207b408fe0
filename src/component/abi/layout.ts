/**
 * Memory layout of component values (CanonicalABI.md "Alignment" and "Element Size"): the
 * alignment and byte size of every value type for a 32-bit memory, the discriminant size of
 * variants, field offsets of records and the payload offset of variants.
 *
 * Note: only 32-bit memories exist at the WASI 0.2 level, so pointers and lengths are 4 bytes.
 */

import type { ValueType } from '../types.js';
import { invalidType } from './abi-errors.js';

/** Bytes in a pointer or length of a 32-bit memory. */
export const PTR_SIZE = 4;

/**
 * Rounds `n` up to a multiple of `alignment` (a power of two).
 *
 * Note: uses arithmetic rather than bit operations so sizes above 2^31 stay exact.
 */
export function alignTo(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** Bytes of the discriminant of a variant with `caseCount` cases: 1, 2 or 4. */
export function discriminantSize(caseCount: number): 1 | 2 | 4 {
  if (!(caseCount > 0)) throw invalidType('a variant needs at least one case');
  if (caseCount <= 0x100) return 1;
  if (caseCount <= 0x1_0000) return 2;
  return 4;
}

/**
 * Bytes a `flags` value with `count` names takes in memory.
 *
 * Note: the current specification limits flags to 32 names (Binary.md validates `0 < n <= 32`).
 * Components built before July 2024, and wasm-tools' `cm-more-flags` feature, allow more and use the
 * earlier layout: a sequence of `ceil(n / 32)` i32 words. We keep that layout for `n > 32` so such
 * types still work; for `n <= 32` both rules agree.
 */
export function flagsSize(count: number): number {
  if (!(count > 0)) throw invalidType('flags need at least one name');
  if (count <= 8) return 1;
  if (count <= 16) return 2;
  return 4 * Math.ceil(count / 32);
}

/** Alignment of a `flags` value with `count` names. */
export function flagsAlignment(count: number): 1 | 2 | 4 {
  if (!(count > 0)) throw invalidType('flags need at least one name');
  if (count <= 8) return 1;
  if (count <= 16) return 2;
  return 4;
}

/** Number of i32 words a `flags` value with `count` names takes when flattened. */
export function flagsWordCount(count: number): number {
  if (!(count > 0)) throw invalidType('flags need at least one name');
  return Math.ceil(count / 32);
}

/**
 * The payload types of the cases of a variant-like type (`variant`, `enum`, `option`, `result`),
 * in discriminant order, per the spec's `despecialize`. `null` is a case without payload.
 */
export function casePayloadTypes(t: ValueType): readonly (ValueType | null)[] {
  switch (t.kind) {
    case 'variant':
      return t.cases.map((c) => c.type);
    case 'enum':
      return t.names.map(() => null);
    case 'option':
      return [null, t.type];
    case 'result':
      return [t.ok, t.err];
    default:
      throw invalidType(`${t.kind} is not a variant type`);
  }
}

/** Number of cases of a variant-like type. */
export function caseCount(t: ValueType): number {
  switch (t.kind) {
    case 'variant':
      return t.cases.length;
    case 'enum':
      return t.names.length;
    case 'option':
    case 'result':
      return 2;
    default:
      throw invalidType(`${t.kind} is not a variant type`);
  }
}

/** The field types of a record-like type (`record`, `tuple`), in order. */
export function fieldTypes(t: ValueType): readonly ValueType[] {
  switch (t.kind) {
    case 'record':
      return t.fields.map((f) => f.type);
    case 'tuple':
      return t.types;
    default:
      throw invalidType(`${t.kind} is not a record type`);
  }
}

/** Largest alignment among the payloads of `cases` (1 when none has a payload). */
export function maxCaseAlignment(cases: readonly (ValueType | null)[]): number {
  let a = 1;
  for (const c of cases) if (c !== null) a = Math.max(a, alignOf(c));
  return a;
}

/** Alignment in bytes of a value of type `t` in a 32-bit memory. */
export function alignOf(t: ValueType): number {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
        case 's8':
        case 'u8':
          return 1;
        case 's16':
        case 'u16':
          return 2;
        case 's32':
        case 'u32':
        case 'f32':
        case 'char':
          return 4;
        case 's64':
        case 'u64':
        case 'f64':
          return 8;
        case 'string':
          return PTR_SIZE;
      }
      break;
    case 'list':
      return t.length !== undefined ? alignOf(t.elem) : PTR_SIZE;
    case 'record':
    case 'tuple': {
      const fs = fieldTypes(t);
      if (fs.length === 0) throw invalidType(`a ${t.kind} needs at least one field`);
      let a = 1;
      for (const f of fs) a = Math.max(a, alignOf(f));
      return a;
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const cases = casePayloadTypes(t);
      return Math.max(discriminantSize(cases.length), maxCaseAlignment(cases));
    }
    case 'flags':
      return flagsAlignment(t.names.length);
    case 'own':
    case 'borrow':
      return 4;
  }
  throw invalidType(`unknown value type ${JSON.stringify((t as { kind?: unknown }).kind)}`);
}

/** Size in bytes of a value of type `t` in a 32-bit memory (its `elem_size` as a list element). */
export function sizeOf(t: ValueType): number {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
        case 's8':
        case 'u8':
          return 1;
        case 's16':
        case 'u16':
          return 2;
        case 's32':
        case 'u32':
        case 'f32':
        case 'char':
          return 4;
        case 's64':
        case 'u64':
        case 'f64':
          return 8;
        case 'string':
          return 2 * PTR_SIZE;
      }
      break;
    case 'list':
      if (t.length !== undefined) {
        if (!(t.length > 0)) throw invalidType('a fixed-length list needs a length of at least 1');
        return t.length * sizeOf(t.elem);
      }
      return 2 * PTR_SIZE;
    case 'record':
    case 'tuple': {
      const fs = fieldTypes(t);
      if (fs.length === 0) throw invalidType(`a ${t.kind} needs at least one field`);
      let s = 0;
      let a = 1;
      for (const f of fs) {
        const fa = alignOf(f);
        s = alignTo(s, fa) + sizeOf(f);
        a = Math.max(a, fa);
      }
      return alignTo(s, a);
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const cases = casePayloadTypes(t);
      const payloadAlign = maxCaseAlignment(cases);
      let s = alignTo(discriminantSize(cases.length), payloadAlign);
      let cs = 0;
      for (const c of cases) if (c !== null) cs = Math.max(cs, sizeOf(c));
      s += cs;
      return alignTo(s, Math.max(discriminantSize(cases.length), payloadAlign));
    }
    case 'flags':
      return flagsSize(t.names.length);
    case 'own':
    case 'borrow':
      return 4;
  }
  throw invalidType(`unknown value type ${JSON.stringify((t as { kind?: unknown }).kind)}`);
}

/** Byte offsets of the fields of a record-like type from the start of the record. */
export function fieldOffsets(t: ValueType): number[] {
  const out: number[] = [];
  let s = 0;
  for (const f of fieldTypes(t)) {
    s = alignTo(s, alignOf(f));
    out.push(s);
    s += sizeOf(f);
  }
  return out;
}

/** Byte offset of the payload of a variant-like type from the start of the value. */
export function payloadOffset(t: ValueType): number {
  const cases = casePayloadTypes(t);
  return alignTo(discriminantSize(cases.length), maxCaseAlignment(cases));
}
