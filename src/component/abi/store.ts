/**
 * Lowering values into guest memory (CanonicalABI.md "Storing"): `store` of every value type from
 * its JS value, and lists stored into memory allocated with `realloc`.
 */

import type { PrimValType, ValueType } from '../types.js';
import { ComponentValueError, rethrowWithin } from './abi-errors.js';
import type { LiftLowerContext } from './context.js';
import { expectBigInt, expectBool, expectCase, expectChar, expectFlags, expectFloat, expectInt, expectList, expectRecord, expectTuple } from './js-values.js';
import { flagsSize, PTR_SIZE } from './layout.js';
import { CANONICAL_F32_NAN_BITS, CANONICAL_F64_NAN_BITS, MAX_LIST_BYTE_LENGTH } from './limits.js';
import { CallScope, lowerBorrow, lowerOwn } from './resources.js';
import { storeString } from './strings.js';

function storePrim(cx: LiftLowerContext, v: unknown, p: PrimValType, ptr: number): void {
  if (p === 'string') {
    storeString(cx, v, ptr);
    return;
  }
  // Note: check the value before touching memory, and take the view afterwards.
  switch (p) {
    case 'bool':
      cx.memory.view().setUint8(ptr, expectBool(v) ? 1 : 0);
      return;
    case 'u8':
    case 's8':
      cx.memory.view().setUint8(ptr, expectInt(v, p) & 0xff);
      return;
    case 'u16':
    case 's16':
      cx.memory.view().setUint16(ptr, expectInt(v, p) & 0xffff, true);
      return;
    case 'u32':
    case 's32':
      cx.memory.view().setUint32(ptr, expectInt(v, p) >>> 0, true);
      return;
    case 'u64':
    case 's64':
      cx.memory.view().setBigUint64(ptr, BigInt.asUintN(64, expectBigInt(v, p)), true);
      return;
    case 'f32': {
      const x = expectFloat(v, p);
      // Note: the deterministic profile stores the canonical NaN for every NaN.
      if (Number.isNaN(x)) cx.memory.view().setUint32(ptr, CANONICAL_F32_NAN_BITS, true);
      else cx.memory.view().setFloat32(ptr, x, true);
      return;
    }
    case 'f64': {
      const x = expectFloat(v, p);
      if (Number.isNaN(x)) cx.memory.view().setBigUint64(ptr, CANONICAL_F64_NAN_BITS, true);
      else cx.memory.view().setFloat64(ptr, x, true);
      return;
    }
    case 'char':
      cx.memory.view().setUint32(ptr, expectChar(v), true);
      return;
  }
}

/**
 * `store`: writes the JS value `v` of type `t` at `ptr`, which the caller has checked to be
 * aligned and in bounds. Strings and lists are allocated with `realloc`.
 */
export function store(cx: LiftLowerContext, v: unknown, t: ValueType, ptr: number): void {
  switch (t.kind) {
    case 'prim':
      storePrim(cx, v, t.prim, ptr);
      return;
    case 'list': {
      if (t.length !== undefined) {
        storeListIntoValidRange(cx, expectList(v, t.elem, t.length), ptr, t.elem);
        return;
      }
      const [begin, length] = storeListIntoRange(cx, v, t.elem);
      cx.memory.storeUint(ptr, 4, begin);
      cx.memory.storeUint(ptr + PTR_SIZE, 4, length);
      return;
    }
    case 'record': {
      const values = expectRecord(t, v);
      const offs = cx.types.info(t).offsets;
      for (let i = 0; i < t.fields.length; i++) {
        const f = t.fields[i]!;
        try {
          store(cx, values[i], f.type, ptr + offs[i]!);
        } catch (e) {
          rethrowWithin(e, `field "${f.name}"`);
        }
      }
      return;
    }
    case 'tuple': {
      const values = expectTuple(t, v);
      const offs = cx.types.info(t).offsets;
      for (let i = 0; i < t.types.length; i++) {
        try {
          store(cx, values[i], t.types[i]!, ptr + offs[i]!);
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
      cx.memory.storeUint(ptr, info.discriminantSize, c.index);
      if (c.type !== null) {
        try {
          store(cx, c.payload, c.type, ptr + info.payloadOffset);
        } catch (e) {
          rethrowWithin(e, `case "${c.name}"`);
        }
      }
      return;
    }
    case 'flags': {
      const words = expectFlags(t.names, v);
      if (words.length === 1) cx.memory.storeUint(ptr, flagsSize(t.names.length) as 1 | 2 | 4, words[0]!);
      else words.forEach((w, i) => cx.memory.storeUint(ptr + 4 * i, 4, w));
      return;
    }
    case 'own':
      cx.memory.storeUint(ptr, 4, lowerOwn(cx.instance, v, t.resource));
      return;
    case 'borrow':
      cx.memory.storeUint(ptr, 4, lowerBorrow(cx.instance, cx.scope instanceof CallScope ? cx.scope : null, v, t.resource));
      return;
  }
}

/** Stores the elements of `values` one after the other from `ptr` (already allocated and checked). */
export function storeListIntoValidRange(cx: LiftLowerContext, values: ArrayLike<unknown>, ptr: number, elem: ValueType): void {
  if (elem.kind === 'prim' && elem.prim === 'u8') {
    if (!(values instanceof Uint8Array)) {
      for (let i = 0; i < values.length; i++) {
        try {
          expectInt(values[i], 'u8');
        } catch (e) {
          rethrowWithin(e, `[${i}]`);
        }
      }
    }
    cx.memory.bytes().set(values as ArrayLike<number>, ptr);
    return;
  }
  const size = cx.types.info(elem).size;
  for (let i = 0; i < values.length; i++) {
    try {
      store(cx, values[i], elem, ptr + i * size);
    } catch (e) {
      rethrowWithin(e, `[${i}]`);
    }
  }
}

/**
 * `store_list_into_range`: allocates room for the list `v` with `realloc` (even when it is empty),
 * checks the pointer, stores the elements and returns (pointer, length).
 */
export function storeListIntoRange(cx: LiftLowerContext, v: unknown, elem: ValueType): [number, number] {
  const values = expectList(v, elem);
  const info = cx.types.info(elem);
  const byteLength = values.length * info.size;
  if (byteLength > MAX_LIST_BYTE_LENGTH) {
    throw new ComponentValueError(`list too long: ${byteLength} bytes exceeds the canonical ABI limit of ${MAX_LIST_BYTE_LENGTH}`);
  }
  const alignment = info.align;
  const ptr = cx.allocate(alignment, byteLength);
  cx.checkAllocation(ptr, alignment, byteLength, 'list');
  storeListIntoValidRange(cx, values, ptr, elem);
  return [ptr, values.length];
}
