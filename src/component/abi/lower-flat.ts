/**
 * Lowering values to flat core values (CanonicalABI.md "Flat Lowering"): component values (JS
 * values) become core arguments of a lifted export or core results of a lowered import. Includes
 * the variant rule that widens each case's payload into the joined slots and zero-fills the rest.
 */

import type { ValueType } from '../types.js';
import { f32ToBits, f64ToBits } from '../../util/float-bits.js';
import { rethrowWithin } from './abi-errors.js';
import type { LiftLowerContext } from './context.js';
import type { FlatType } from './flatten.js';
import { expectBigInt, expectBool, expectCase, expectChar, expectFlags, expectFloat, expectInt, expectList, expectRecord, expectTuple } from './js-values.js';
import { CANONICAL_F32_NAN_BITS, CANONICAL_F64_NAN_BITS } from './limits.js';
import { CallScope, lowerBorrow, lowerOwn } from './resources.js';
import { storeListIntoRange } from './store.js';
import { storeStringIntoRange } from './strings.js';

/** A flat core value: an unsigned number for i32, an unsigned bigint for i64, a number for floats. */
export type FlatValue = number | bigint;

function f32Bits(x: number): number {
  return Number.isNaN(x) ? CANONICAL_F32_NAN_BITS : f32ToBits(x);
}

function f64Bits(x: number): bigint {
  return Number.isNaN(x) ? CANONICAL_F64_NAN_BITS : f64ToBits(x);
}

/** Converts a payload value of flat type `have` for the joined slot type `want`. */
function widen(v: FlatValue, have: FlatType, want: FlatType): FlatValue {
  if (have === want) return v;
  if (have === 'f32' && want === 'i32') return f32Bits(v as number);
  if (have === 'i32' && want === 'i64') return BigInt(v as number);
  if (have === 'f32' && want === 'i64') return BigInt(f32Bits(v as number));
  if (have === 'f64' && want === 'i64') return f64Bits(v as number);
  throw new Error(`canonical ABI: cannot put ${have} into a ${want} slot`);
}

/** `lower_flat`: appends the flat core values of `v` (of type `t`) to `out`. */
export function lowerFlat(cx: LiftLowerContext, v: unknown, t: ValueType, out: FlatValue[]): void {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
          out.push(expectBool(v) ? 1 : 0);
          return;
        case 'u8':
        case 's8':
        case 'u16':
        case 's16':
        case 'u32':
        case 's32':
          // Note: signed values are sign-extended to 32 bits (`lower_flat_signed`).
          out.push(expectInt(v, t.prim) >>> 0);
          return;
        case 'u64':
        case 's64':
          out.push(BigInt.asUintN(64, expectBigInt(v, t.prim)));
          return;
        case 'f32':
          out.push(Math.fround(expectFloat(v, 'f32')));
          return;
        case 'f64':
          out.push(expectFloat(v, 'f64'));
          return;
        case 'char':
          out.push(expectChar(v));
          return;
        case 'string':
          out.push(...storeStringIntoRange(cx, v));
          return;
      }
      return;
    case 'list': {
      if (t.length !== undefined) {
        const values = expectList(v, t.elem, t.length);
        for (let i = 0; i < values.length; i++) {
          try {
            lowerFlat(cx, values[i], t.elem, out);
          } catch (e) {
            rethrowWithin(e, `[${i}]`);
          }
        }
        return;
      }
      out.push(...storeListIntoRange(cx, v, t.elem));
      return;
    }
    case 'record': {
      const values = expectRecord(t, v);
      for (let i = 0; i < t.fields.length; i++) {
        try {
          lowerFlat(cx, values[i], t.fields[i]!.type, out);
        } catch (e) {
          rethrowWithin(e, `field "${t.fields[i]!.name}"`);
        }
      }
      return;
    }
    case 'tuple': {
      const values = expectTuple(t, v);
      for (let i = 0; i < t.types.length; i++) {
        try {
          lowerFlat(cx, values[i], t.types[i]!, out);
        } catch (e) {
          rethrowWithin(e, `[${i}]`);
        }
      }
      return;
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const info = cx.types.info(t);
      const c = expectCase(t, info, v);
      const slots = info.payloadSlots;
      out.push(c.index);
      let used = 0;
      if (c.type !== null) {
        const payload: FlatValue[] = [];
        try {
          lowerFlat(cx, c.payload, c.type, payload);
        } catch (e) {
          rethrowWithin(e, `case "${c.name}"`);
        }
        const haves = cx.types.flat(c.type);
        for (; used < payload.length; used++) out.push(widen(payload[used]!, haves[used]!, slots[used]!));
      }
      for (; used < slots.length; used++) out.push(slots[used] === 'i64' ? 0n : 0);
      return;
    }
    case 'flags':
      out.push(...expectFlags(t.names, v));
      return;
    case 'own':
      out.push(lowerOwn(cx.instance, v, t.resource));
      return;
    case 'borrow':
      out.push(lowerBorrow(cx.instance, cx.scope instanceof CallScope ? cx.scope : null, v, t.resource));
      return;
  }
}

/** Converts flat values of types `types` to the JS-API convention (signed i32 numbers, signed i64 bigints). */
export function toJsApiValues(values: readonly FlatValue[], types: readonly string[]): unknown[] {
  return values.map((v, i) => (types[i] === 'i32' ? (v as number) | 0 : types[i] === 'i64' ? BigInt.asIntN(64, v as bigint) : v));
}
