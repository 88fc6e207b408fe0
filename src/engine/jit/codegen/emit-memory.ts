/**
 * Code generation for memory instructions: every load and store is one DataView access at the
 * exact effective address, through the memory's DataView cached in the local `DV`:
 *
 * ```
 * g3 = DV.getFloat64((x >>> 0) + 8, true);
 * ```
 *
 * The DataView's own bounds check is the wasm bounds check: an access out of bounds throws a
 * RangeError, which the function's unwinding step (rt/traps.ts, makeUnwind) turns into the
 * "out of bounds memory access" trap. So the fast path has no check of ours, accesses need no
 * alignment, and the address is exact (no wrap-around at 2^32). A store that spans two words writes
 * the high word first, so a store that traps writes nothing.
 *
 * Note: V8 compiles DataView accesses to plain unaligned loads and stores plus one bounds check;
 * measured, this beat aligned typed-array accesses behind explicit checks. f32 values go through
 * their bits when they are NaNs (see rt/float.ts). `DV` comes from the JIT's views of the memory
 * (rt/memory.ts, MemViews: fields V8 can treat as constants) and is reloaded after every call and
 * memory.grow (a growth replaces the buffer; see compiler.ts, VIEWS).
 */

import type { MemArg } from '../../../wasm/binary/code-reader.js';
import { Op } from '../../../wasm/opcodes.js';
import { alignOf } from './align.js';
import type { FuncCompiler } from './compiler.js';

/** The effective address expression of an access `extra` bytes into the one at the top of stack. */
interface Address {
  /** The effective address plus `k` bytes. */
  at(k: number): string;
  /** The index of the access in an Int32Array, when it is an aligned 32-bit access (see align.ts). */
  readonly index: string | null;
}

/** Pops the address operand of an access with memarg `m`; `i32` for a 32-bit integer access. */
function address(fc: FuncCompiler, m: MemArg, i32: boolean): Address {
  const v = fc.pop();
  const x = fc.simpleOf(v, fc.stack.length);
  fc.flush();
  fc.use('M');
  const aligned = fc.align !== null && fc.align.access(i32, alignOf(v), m.offset);
  const typed = aligned && fc.opts.align!.typed;
  if (/^\(?-?\d+\)?$/.test(x)) {
    const base = (Number(x.replace(/[()]/g, '')) >>> 0) + m.offset;
    return { at: (k) => String(base + k), index: typed ? String(base / 4) : null };
  }
  return {
    at: (k) => (m.offset + k === 0 ? `${x} >>> 0` : `(${x} >>> 0) + ${m.offset + k}`),
    index: typed ? (m.offset === 0 ? `${x} >>> 2` : `(${x} >>> 2) + ${m.offset / 4}`) : null,
  };
}

/** Emits a load of an i32/f32/f64 value with DataView getter `get`. */
function load(fc: FuncCompiler, t: 'i32' | 'f32' | 'f64', get: string): void {
  const a = address(fc, fc.reader.memArg(), get === 'getInt32');
  const home = fc.resultHome(t);
  if (a.index !== null) {
    // An aligned Int32Array read; beyond the end it gives undefined (align.ts).
    fc.out.push(`${home} = (${fc.view('H32')}[${a.index}] ?? ${fc.use('trapMemory')}());`);
    fc.pushTemp(t);
    return;
  }
  fc.out.push(`${home} = ${fc.view('DV')}.${get}(${a.at(0)}, true);`);
  // Note: a NaN read as a float lost its signalling bit; read its bits again.
  if (t === 'f32') fc.out.push(`if (${home} !== ${home}) ${home} = ${fc.use('ldf32')}(M, ${a.at(0)});`);
  fc.pushTemp(t);
}

/** Emits an i64 load of `size` bytes (sign- or zero-extended). */
function loadI64(fc: FuncCompiler, size: number, signed: boolean): void {
  const a = address(fc, fc.reader.memArg(), false);
  const lo = fc.resultHome('i64');
  const hi = fc.homeHi(fc.stack.length);
  const dv = fc.view('DV');
  if (size === 8) {
    fc.out.push(`${lo} = ${dv}.getInt32(${a.at(0)}, true); ${hi} = ${dv}.getInt32(${a.at(4)}, true);`);
  } else {
    const get = size === 1 ? (signed ? 'getInt8' : 'getUint8') : size === 2 ? (signed ? 'getInt16' : 'getUint16') : 'getInt32';
    fc.out.push(`${lo} = ${dv}.${get}(${a.at(0)}, true); ${hi} = ${signed ? `${lo} >> 31` : '0'};`);
  }
  fc.pushTemp('i64');
}

/** Emits a store of `size` bytes (1, 2 or 4) of the i32 value (or i64 low word) on the stack. */
function storeInt(fc: FuncCompiler, size: number, i64: boolean): void {
  const m = fc.reader.memArg();
  const v = i64 ? fc.popI64()[0] : fc.popE();
  const a = address(fc, m, size === 4 && !i64);
  if (a.index !== null) {
    // Note: an Int32Array drops a store beyond its end silently; check the effective address first.
    fc.out.push(`if ((${a.at(0)}) > ${fc.view('B4')}) ${fc.use('trapMemory')}(); ${fc.view('H32')}[${a.index}] = ${v};`);
    return;
  }
  const set = size === 1 ? 'setInt8' : size === 2 ? 'setInt16' : 'setInt32';
  fc.out.push(`${fc.view('DV')}.${set}(${a.at(0)}, ${v}${size === 1 ? '' : ', true'});`);
}

/** Emits a memory instruction (not SIMD); returns false when `op` is not one. */
export function emitMemory(fc: FuncCompiler, op: number): boolean {
  const r = fc.reader;
  switch (op) {
    case Op.i32_load:
      load(fc, 'i32', 'getInt32');
      return true;
    case Op.i32_load8_s:
      load(fc, 'i32', 'getInt8');
      return true;
    case Op.i32_load8_u:
      load(fc, 'i32', 'getUint8');
      return true;
    case Op.i32_load16_s:
      load(fc, 'i32', 'getInt16');
      return true;
    case Op.i32_load16_u:
      load(fc, 'i32', 'getUint16');
      return true;
    case Op.f32_load:
      load(fc, 'f32', 'getFloat32');
      return true;
    case Op.f64_load:
      load(fc, 'f64', 'getFloat64');
      return true;
    case Op.i64_load:
      loadI64(fc, 8, false);
      return true;
    case Op.i64_load8_s:
    case Op.i64_load8_u:
      loadI64(fc, 1, op === Op.i64_load8_s);
      return true;
    case Op.i64_load16_s:
    case Op.i64_load16_u:
      loadI64(fc, 2, op === Op.i64_load16_s);
      return true;
    case Op.i64_load32_s:
    case Op.i64_load32_u:
      loadI64(fc, 4, op === Op.i64_load32_s);
      return true;
    case Op.i32_store:
      storeInt(fc, 4, false);
      return true;
    case Op.i32_store8:
      storeInt(fc, 1, false);
      return true;
    case Op.i32_store16:
      storeInt(fc, 2, false);
      return true;
    case Op.i64_store8:
      storeInt(fc, 1, true);
      return true;
    case Op.i64_store16:
      storeInt(fc, 2, true);
      return true;
    case Op.i64_store32:
      storeInt(fc, 4, true);
      return true;
    case Op.i64_store: {
      const m = r.memArg();
      const [l, h] = fc.popI64();
      const a = address(fc, m, false);
      const dv = fc.view('DV');
      // Note: the high word first: if the access is out of bounds, that store already throws.
      fc.out.push(`${dv}.setInt32(${a.at(4)}, ${h}, true); ${dv}.setInt32(${a.at(0)}, ${l}, true);`);
      return true;
    }
    case Op.f32_store: {
      const m = r.memArg();
      const v = fc.popSimple();
      const a = address(fc, m, false);
      // Note: a NaN goes through its bits (the conversion to single would quiet it).
      fc.out.push(`if (${v} === ${v}) ${fc.view('DV')}.setFloat32(${a.at(0)}, ${v}, true); else ${fc.use('stf32')}(M, ${a.at(0)}, ${v});`);
      return true;
    }
    case Op.f64_store: {
      const m = r.memArg();
      const v = fc.popE();
      const a = address(fc, m, false);
      fc.out.push(`${fc.view('DV')}.setFloat64(${a.at(0)}, ${v}, true);`);
      return true;
    }
    case Op.memory_size:
      r.zeroByte();
      fc.use('M');
      fc.pushPending('i32', `((M.byteLength / 65536) | 0)`);
      return true;
    case Op.memory_grow: {
      r.zeroByte();
      fc.use('M');
      const n = fc.popE();
      fc.emit(`${fc.resultHome('i32')} = M.growPages(${n} >>> 0);`);
      fc.reloadViews();
      fc.pushTemp('i32');
      return true;
    }
    case Op.memory_init: {
      const seg = r.u32();
      r.zeroByte();
      const n = fc.popE();
      const s = fc.popE();
      const d = fc.popE();
      fc.use('M');
      fc.emit(`${fc.use('memoryInit')}(M, ${fc.use('D')}[${seg}], ${d}, ${s}, ${n});`);
      return true;
    }
    case Op.data_drop:
      fc.emit(`${fc.use('dataDrop')}(${fc.use('D')}, ${r.u32()});`);
      return true;
    case Op.memory_copy: {
      r.zeroByte();
      r.zeroByte();
      const n = fc.popE();
      const s = fc.popE();
      const d = fc.popE();
      fc.use('M');
      fc.emit(`${fc.use('memoryCopy')}(M, ${d}, ${s}, ${n});`);
      return true;
    }
    case Op.memory_fill: {
      r.zeroByte();
      const n = fc.popE();
      const v = fc.popE();
      const d = fc.popE();
      fc.use('M');
      fc.emit(`${fc.use('memoryFill')}(M, ${d}, ${v}, ${n});`);
      return true;
    }
  }
  return false;
}
