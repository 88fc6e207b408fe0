/**
 * Lifting values out of guest memory (CanonicalABI.md "Loading"): `load` of every value type and
 * the list loads with their length, alignment and bounds checks.
 */

import type { PrimValType, ValueType } from '../types.js';
import { componentTrap } from './abi-errors.js';
import type { LiftLowerContext } from './context.js';
import { convertI32ToChar, makeCase, makeFlags } from './js-values.js';
import { flagsSize, flagsWordCount, PTR_SIZE } from './layout.js';
import { MAX_LIST_BYTE_LENGTH } from './limits.js';
import { LendScope, liftBorrow, liftOwn } from './resources.js';
import { loadString } from './strings.js';
import type { ComponentValue } from './values.js';

function loadPrim(cx: LiftLowerContext, ptr: number, p: PrimValType): ComponentValue {
  if (p === 'string') return loadString(cx, ptr);
  const v = cx.memory.view();
  switch (p) {
    case 'bool':
      return v.getUint8(ptr) !== 0;
    case 'u8':
      return v.getUint8(ptr);
    case 's8':
      return v.getInt8(ptr);
    case 'u16':
      return v.getUint16(ptr, true);
    case 's16':
      return v.getInt16(ptr, true);
    case 'u32':
      return v.getUint32(ptr, true);
    case 's32':
      return v.getInt32(ptr, true);
    case 'u64':
      return v.getBigUint64(ptr, true);
    case 's64':
      return v.getBigInt64(ptr, true);
    case 'f32':
      // Note: JS has one NaN, so every NaN payload is canonicalised here, as the spec requires.
      return v.getFloat32(ptr, true);
    case 'f64':
      return v.getFloat64(ptr, true);
    case 'char':
      return convertI32ToChar(v.getUint32(ptr, true));
  }
}

/**
 * `load`: the value of type `t` stored at `ptr`. The caller has checked that `ptr` is aligned and
 * the whole value is in bounds; nested pointers (strings, lists) are checked here.
 */
export function load(cx: LiftLowerContext, ptr: number, t: ValueType): ComponentValue {
  switch (t.kind) {
    case 'prim':
      return loadPrim(cx, ptr, t.prim);
    case 'list': {
      if (t.length !== undefined) return loadListFromValidRange(cx, ptr, t.length, t.elem);
      const mem = cx.memory;
      return loadListFromRange(cx, mem.loadUint(ptr, 4), mem.loadUint(ptr + PTR_SIZE, 4), t.elem);
    }
    case 'record': {
      const offs = cx.types.info(t).offsets;
      const out: Record<string, ComponentValue> = {};
      t.fields.forEach((f, i) => {
        out[f.name] = load(cx, ptr + offs[i]!, f.type);
      });
      return out;
    }
    case 'tuple': {
      const offs = cx.types.info(t).offsets;
      return t.types.map((ft, i) => load(cx, ptr + offs[i]!, ft));
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const info = cx.types.info(t);
      const n = info.cases.length;
      const index = cx.memory.loadUint(ptr, info.discriminantSize);
      if (index >= n) throw componentTrap(`invalid variant discriminant: ${index} for a ${t.kind} of ${n} cases`);
      const pt = info.cases[index]!;
      return makeCase(t, info, index, pt === null ? undefined : load(cx, ptr + info.payloadOffset, pt));
    }
    case 'flags': {
      const n = t.names.length;
      const words: number[] = [];
      if (n <= 32) words.push(cx.memory.loadUint(ptr, flagsSize(n) as 1 | 2 | 4));
      else for (let i = 0; i < flagsWordCount(n); i++) words.push(cx.memory.loadUint(ptr + 4 * i, 4));
      return makeFlags(t.names, words);
    }
    case 'own':
      return liftOwn(cx.instance, cx.memory.loadUint(ptr, 4), t.resource);
    case 'borrow':
      return liftBorrow(cx.instance, cx.scope instanceof LendScope ? cx.scope : null, cx.memory.loadUint(ptr, 4), t.resource);
  }
}

/** Loads `length` elements of type `elem` from `ptr`, already checked to be in bounds. */
export function loadListFromValidRange(cx: LiftLowerContext, ptr: number, length: number, elem: ValueType): ComponentValue {
  if (elem.kind === 'prim' && elem.prim === 'u8') return cx.memory.read(ptr, length);
  const size = cx.types.info(elem).size;
  const out: ComponentValue[] = new Array(length);
  for (let i = 0; i < length; i++) out[i] = load(cx, ptr + i * size, elem);
  return out;
}

/**
 * `load_list_from_range`: the list of `length` elements at `ptr`. Traps when its byte length is
 * over the limit, `ptr` is misaligned for the element type, or the range is out of bounds.
 */
export function loadListFromRange(cx: LiftLowerContext, ptr: number, length: number, elem: ValueType): ComponentValue {
  const info = cx.types.info(elem);
  const byteLength = length * info.size;
  if (byteLength > MAX_LIST_BYTE_LENGTH) {
    throw componentTrap(`list byte length too large: ${length} elements of ${info.size} bytes exceed ${MAX_LIST_BYTE_LENGTH} bytes`);
  }
  cx.checkRange('list', ptr, info.align, byteLength);
  return loadListFromValidRange(cx, ptr, length, elem);
}

/**
 * `load` for a pointer handed over by the guest (e.g. a spilled result): checks alignment and
 * bounds of the whole value first, then loads it.
 */
export function loadChecked(cx: LiftLowerContext, what: string, ptr: number, t: ValueType): ComponentValue {
  const info = cx.types.info(t);
  cx.checkRange(what, ptr, info.align, info.size);
  return load(cx, ptr, t);
}

