/**
 * A per-call-site cache of what the canonical ABI derives from a value type (size, alignment,
 * field offsets, case tables, joined variant slots), so lifting and lowering a list of a thousand
 * records computes the record's layout once. Keys are the type objects themselves (held weakly).
 */

import type { ValueType } from '../types.js';
import { invalidType } from './abi-errors.js';
import { flattenType, flattenVariantPayload, type FlatType } from './flatten.js';
import { alignOf, caseCount, casePayloadTypes, discriminantSize, fieldOffsets, maxCaseAlignment, sizeOf } from './layout.js';

/** What the ABI needs to know about one value type. */
export interface TypeInfo {
  /** Byte size in memory. */
  readonly size: number;
  /** Alignment in memory. */
  readonly align: number;
  /** Record and tuple: byte offset of each field. Empty for other types. */
  readonly offsets: readonly number[];
  /** Variant-like types: the payload type of each case (`null`: none). Empty for other types. */
  readonly cases: readonly (ValueType | null)[];
  /** Variant-like types: the case names as JS values use them (`err`, not `error`). */
  readonly caseNames: readonly string[];
  /** Variant-like types: bytes of the discriminant. */
  readonly discriminantSize: 1 | 2 | 4;
  /** Variant-like types: byte offset of the payload. */
  readonly payloadOffset: number;
  /** Variant-like types: the joined flat types of the payload slots. */
  readonly payloadSlots: readonly FlatType[];
}

const NONE: readonly never[] = [];

/** JS case names of a variant-like type. */
function namesOf(t: ValueType): readonly string[] {
  switch (t.kind) {
    case 'variant':
      return t.cases.map((c) => c.name);
    case 'enum':
      return t.names;
    case 'option':
      return ['none', 'some'];
    case 'result':
      return ['ok', 'err'];
    default:
      return NONE;
  }
}

/** Lazily computed {@link TypeInfo} and flattenings of value types. */
export class TypeInfoCache {
  readonly #info = new WeakMap<ValueType, TypeInfo>();
  readonly #flat = new WeakMap<ValueType, readonly FlatType[]>();

  /** The layout information of `t`. */
  info(t: ValueType): TypeInfo {
    let i = this.#info.get(t);
    if (i === undefined) {
      i = compute(t);
      this.#info.set(t, i);
    }
    return i;
  }

  /** The flattening of `t`. */
  flat(t: ValueType): readonly FlatType[] {
    let f = this.#flat.get(t);
    if (f === undefined) {
      f = flattenType(t);
      this.#flat.set(t, f);
    }
    return f;
  }
}

function compute(t: ValueType): TypeInfo {
  const size = sizeOf(t);
  const align = alignOf(t);
  switch (t.kind) {
    case 'record':
    case 'tuple':
      return { size, align, offsets: fieldOffsets(t), cases: NONE, caseNames: NONE, discriminantSize: 1, payloadOffset: 0, payloadSlots: NONE };
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const cases = casePayloadTypes(t);
      const disc = discriminantSize(caseCount(t));
      const payloadOffset = Math.ceil(disc / maxCaseAlignment(cases)) * maxCaseAlignment(cases);
      return {
        size,
        align,
        offsets: NONE,
        cases,
        caseNames: namesOf(t),
        discriminantSize: disc,
        payloadOffset,
        payloadSlots: flattenVariantPayload(t),
      };
    }
    case 'prim':
    case 'list':
    case 'flags':
    case 'own':
    case 'borrow':
      return { size, align, offsets: NONE, cases: NONE, caseNames: NONE, discriminantSize: 1, payloadOffset: 0, payloadSlots: NONE };
  }
  throw invalidType(`unknown value type ${JSON.stringify((t as { kind?: unknown }).kind)}`);
}
