/**
 * Lifting values from flat core values (CanonicalABI.md "Flat Lifting"): core arguments of a
 * lowered import or core results of a lifted export, in the JS-API convention, become component
 * values. Includes the variant rule that reads each case's payload out of the joined slots.
 */

import type { ValueType } from '../types.js';
import { f32FromBits, f64FromBits } from '../../util/float-bits.js';
import { componentTrap } from './abi-errors.js';
import type { LiftLowerContext } from './context.js';
import type { FlatType } from './flatten.js';
import { convertI32ToChar, makeCase, makeFlags } from './js-values.js';
import { flagsWordCount } from './layout.js';
import { loadListFromRange } from './load.js';
import { LendScope, liftBorrow, liftOwn } from './resources.js';
import { loadStringFromRange } from './strings.js';
import type { ComponentValue } from './values.js';

/** A source of flat core values, read one at a time with the type expected next. */
export interface FlatReader {
  /** The next value: an unsigned number for i32, an unsigned bigint for i64, a number for floats. */
  next(t: FlatType): number | bigint;
}

/**
 * Reads core values given in the JS-API convention (i32 as a possibly negative number, i64 as a
 * bigint, floats as numbers) and normalises integers to unsigned, as the spec's `CoreValueIter`.
 */
export class CoreValueIter implements FlatReader {
  #i = 0;
  constructor(private readonly values: readonly unknown[]) {}

  /** The next value, normalised for type `t`. */
  next(t: FlatType): number | bigint {
    const v = this.values[this.#i++];
    switch (t) {
      case 'i32':
        return Number(v) >>> 0;
      case 'i64':
        return BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
      case 'f32':
      case 'f64':
        return Number(v);
    }
  }

  /** True once every value has been read. */
  done(): boolean {
    return this.#i === this.values.length;
  }
}

/** Reads a variant payload out of the joined slots, converting each slot back to the type wanted. */
class CoerceReader implements FlatReader {
  #pos = 0;
  constructor(
    private readonly inner: FlatReader,
    private readonly slots: readonly FlatType[],
  ) {}

  next(want: FlatType): number | bigint {
    const have = this.slots[this.#pos++]!;
    const x = this.inner.next(have);
    if (have === want) return x;
    if (have === 'i32' && want === 'f32') return f32FromBits(x as number);
    if (have === 'i64' && want === 'i32') return Number((x as bigint) & 0xffff_ffffn);
    if (have === 'i64' && want === 'f32') return f32FromBits(Number((x as bigint) & 0xffff_ffffn));
    if (have === 'i64' && want === 'f64') return f64FromBits(x as bigint);
    throw new Error(`canonical ABI: cannot read ${want} from a ${have} slot`);
  }

  /** Reads and discards the slots the selected case did not use. */
  skipRest(): void {
    while (this.#pos < this.slots.length) this.inner.next(this.slots[this.#pos++]!);
  }
}

/** `lift_flat`: the component value of type `t` read from `vi`. */
export function liftFlat(cx: LiftLowerContext, vi: FlatReader, t: ValueType): ComponentValue {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
          return vi.next('i32') !== 0;
        case 'u8':
          return (vi.next('i32') as number) & 0xff;
        case 's8':
          return ((vi.next('i32') as number) << 24) >> 24;
        case 'u16':
          return (vi.next('i32') as number) & 0xffff;
        case 's16':
          return ((vi.next('i32') as number) << 16) >> 16;
        case 'u32':
          return (vi.next('i32') as number) >>> 0;
        case 's32':
          return (vi.next('i32') as number) | 0;
        case 'u64':
          return vi.next('i64') as bigint;
        case 's64':
          return BigInt.asIntN(64, vi.next('i64') as bigint);
        case 'f32':
          return Math.fround(vi.next('f32') as number);
        case 'f64':
          return vi.next('f64') as number;
        case 'char':
          return convertI32ToChar(vi.next('i32') as number);
        case 'string': {
          const ptr = vi.next('i32') as number;
          const units = vi.next('i32') as number;
          return loadStringFromRange(cx, ptr, units);
        }
      }
      break;
    case 'list': {
      if (t.length !== undefined) {
        const out: ComponentValue[] = [];
        for (let i = 0; i < t.length; i++) out.push(liftFlat(cx, vi, t.elem));
        if (t.elem.kind === 'prim' && t.elem.prim === 'u8') return Uint8Array.from(out as number[]);
        return out;
      }
      const ptr = vi.next('i32') as number;
      const length = vi.next('i32') as number;
      return loadListFromRange(cx, ptr, length, t.elem);
    }
    case 'record': {
      const out: Record<string, ComponentValue> = {};
      for (const f of t.fields) out[f.name] = liftFlat(cx, vi, f.type);
      return out;
    }
    case 'tuple':
      return t.types.map((ft) => liftFlat(cx, vi, ft));
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const info = cx.types.info(t);
      const n = info.cases.length;
      const index = vi.next('i32') as number;
      if (index >= n) throw componentTrap(`invalid variant discriminant: ${index} for a ${t.kind} of ${n} cases`);
      const reader = new CoerceReader(vi, info.payloadSlots);
      const pt = info.cases[index]!;
      const val = pt === null ? undefined : liftFlat(cx, reader, pt);
      reader.skipRest();
      return makeCase(t, info, index, val);
    }
    case 'flags': {
      const words: number[] = [];
      for (let i = flagsWordCount(t.names.length); i > 0; i--) words.push(vi.next('i32') as number);
      return makeFlags(t.names, words);
    }
    case 'own':
      return liftOwn(cx.instance, vi.next('i32') as number, t.resource);
    case 'borrow':
      return liftBorrow(cx.instance, cx.scope instanceof LendScope ? cx.scope : null, vi.next('i32') as number, t.resource);
  }
  throw new Error('unreachable');
}
