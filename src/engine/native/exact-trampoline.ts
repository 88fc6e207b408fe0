/**
 * Exact calls on the native engine. The JS API turns f32/f64 values into JS numbers (which may quiet a
 * signalling NaN) and cannot pass v128 at all, so exact calls and global accesses go through a tiny
 * generated wasm module that moves the values through linear memory as raw bits.
 */

import type { FuncType, GlobalType, ValType } from '../../api/types.js';
import { isRefType } from '../../api/types.js';
import type { Value } from '../../api/values.js';
import { ByteWriter } from '../../util/byte-writer.js';
import { VALTYPE_CODES } from '../../wasm/module.js';

/** Bytes reserved per value in the trampoline's memory. */
const SLOT = 16;

const LOAD: Record<Exclude<ValType, 'funcref' | 'externref'>, number[]> = {
  i32: [0x28],
  i64: [0x29],
  f32: [0x2a],
  f64: [0x2b],
  v128: [0xfd, 0x00],
};
const STORE: Record<Exclude<ValType, 'funcref' | 'externref'>, number[]> = {
  i32: [0x36],
  i64: [0x37],
  f32: [0x38],
  f64: [0x39],
  v128: [0xfd, 0x0b],
};

type NumValType = Exclude<ValType, 'funcref' | 'externref'>;

/** True when a signature needs a trampoline for exact calls (it has a float or v128 value). */
export function needsTrampoline(types: readonly ValType[]): boolean {
  return types.some((t) => t === 'f32' || t === 'f64' || t === 'v128');
}

function section(w: ByteWriter, id: number, body: ByteWriter): void {
  const b = body.finish();
  w.u8(id).u32(b.length).bytes(b);
}

function funcTypeBytes(w: ByteWriter, params: readonly ValType[], results: readonly ValType[]): void {
  w.u8(0x60).u32(params.length);
  for (const p of params) w.u8(VALTYPE_CODES[p]);
  w.u32(results.length);
  for (const r of results) w.u8(VALTYPE_CODES[r]);
}

function pagesFor(n: number): number {
  return Math.max(1, Math.ceil((n * SLOT) / 65536));
}

/**
 * Builds a module importing `t.f` of type `type` and exporting `call` (taking only the reference
 * parameters, returning only the reference results) and memory `m`. Numeric arguments are read from
 * slot i of `m`, numeric results are written to slot (params + j).
 */
export function buildCallTrampoline(type: FuncType): Uint8Array {
  const refParams = type.params.filter(isRefType);
  const refResults = type.results.filter(isRefType);
  const w = new ByteWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const types = new ByteWriter().u32(2);
  funcTypeBytes(types, type.params, type.results);
  funcTypeBytes(types, refParams, refResults);
  section(w, 1, types);
  section(w, 2, new ByteWriter().u32(1).name('t').name('f').u8(0x00).u32(0));
  section(w, 3, new ByteWriter().u32(1).u32(1));
  section(w, 5, new ByteWriter().u32(1).u8(0x00).u32(pagesFor(type.params.length + type.results.length)));
  const exp = new ByteWriter().u32(2);
  exp.name('call').u8(0x00).u32(1);
  exp.name('m').u8(0x02).u32(0);
  section(w, 7, exp);

  const body = new ByteWriter();
  // Locals: one per result, after the reference parameters.
  body.u32(type.results.length);
  for (const r of type.results) body.u32(1).u8(VALTYPE_CODES[r]);
  let refIdx = 0;
  type.params.forEach((p, i) => {
    if (isRefType(p)) body.u8(0x20).u32(refIdx++);
    else body.u8(0x41).s32(i * SLOT).bytes(LOAD[p as NumValType]).u8(0).u8(0);
  });
  body.u8(0x10).u32(0);
  const firstResultLocal = refParams.length;
  for (let k = type.results.length - 1; k >= 0; k--) body.u8(0x21).u32(firstResultLocal + k);
  type.results.forEach((r, k) => {
    if (isRefType(r)) return;
    body
      .u8(0x41)
      .s32((type.params.length + k) * SLOT)
      .u8(0x20)
      .u32(firstResultLocal + k)
      .bytes(STORE[r as NumValType])
      .u8(0)
      .u8(0);
  });
  type.results.forEach((r, k) => {
    if (isRefType(r)) body.u8(0x20).u32(firstResultLocal + k);
  });
  body.u8(0x0b);
  section(w, 10, new ByteWriter().u32(1).sized(body.finish()));
  return w.finish();
}

/**
 * Builds a module importing global `t.g` and exporting `get` (stores the value at address 0 of
 * memory `m`) and, for mutable globals, `set` (loads it from address 0).
 */
export function buildGlobalTrampoline(type: GlobalType): Uint8Array {
  const vt = type.valType as NumValType;
  const w = new ByteWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  section(w, 1, new ByteWriter().u32(1).u8(0x60).u32(0).u32(0));
  section(
    w,
    2,
    new ByteWriter()
      .u32(1)
      .name('t')
      .name('g')
      .u8(0x03)
      .u8(VALTYPE_CODES[vt])
      .u8(type.mutable ? 1 : 0),
  );
  const nf = type.mutable ? 2 : 1;
  const funcs = new ByteWriter().u32(nf);
  for (let i = 0; i < nf; i++) funcs.u32(0);
  section(w, 3, funcs);
  section(w, 5, new ByteWriter().u32(1).u8(0x00).u32(1));
  const exp = new ByteWriter().u32(nf + 1);
  exp.name('get').u8(0x00).u32(0);
  if (type.mutable) exp.name('set').u8(0x00).u32(1);
  exp.name('m').u8(0x02).u32(0);
  section(w, 7, exp);
  const code = new ByteWriter().u32(nf);
  const get = new ByteWriter().u32(0).u8(0x41).s32(0).u8(0x23).u32(0).bytes(STORE[vt]).u8(0).u8(0).u8(0x0b);
  code.sized(get.finish());
  if (type.mutable) {
    const set = new ByteWriter().u32(0).u8(0x41).s32(0).bytes(LOAD[vt]).u8(0).u8(0).u8(0x24).u32(0).u8(0x0b);
    code.sized(set.finish());
  }
  section(w, 10, code);
  return w.finish();
}

/**
 * Builds a module that defines and exports (as `g`) a global of `type` initialised to the exact
 * float or v128 value `v` (the JS API cannot create those bit-exactly).
 */
export function buildGlobalDefinition(type: GlobalType, v: Value): Uint8Array {
  const w = new ByteWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const g = new ByteWriter().u32(1).u8(VALTYPE_CODES[type.valType]).u8(type.mutable ? 1 : 0);
  if (v.type === 'f32') g.u8(0x43).u32Fixed(v.bits);
  else if (v.type === 'f64') g.u8(0x44).u64Fixed(v.bits);
  else if (v.type === 'v128') g.u8(0xfd).u32(0x0c).bytes(v.bytes);
  else throw new Error(`buildGlobalDefinition: unexpected ${v.type}`);
  g.u8(0x0b);
  section(w, 6, g);
  section(w, 7, new ByteWriter().u32(1).name('g').u8(0x03).u32(0));
  return w.finish();
}

/** Writes a numeric exact value into trampoline memory at `addr`. */
export function writeExact(view: DataView, addr: number, v: Value): void {
  switch (v.type) {
    case 'i32':
      view.setInt32(addr, v.value, true);
      return;
    case 'i64':
      view.setBigInt64(addr, v.value, true);
      return;
    case 'f32':
      view.setUint32(addr, v.bits, true);
      return;
    case 'f64':
      view.setBigUint64(addr, BigInt.asUintN(64, v.bits), true);
      return;
    case 'v128':
      new Uint8Array(view.buffer, view.byteOffset + addr, 16).set(v.bytes);
      return;
    default:
      throw new Error(`writeExact: ${v.type} is not numeric`);
  }
}

/** Reads a numeric exact value of type `t` from trampoline memory at `addr`. */
export function readExact(view: DataView, addr: number, t: ValType): Value {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: view.getInt32(addr, true) };
    case 'i64':
      return { type: 'i64', value: view.getBigInt64(addr, true) };
    case 'f32':
      return { type: 'f32', bits: view.getUint32(addr, true) };
    case 'f64':
      return { type: 'f64', bits: view.getBigUint64(addr, true) };
    case 'v128':
      return { type: 'v128', bytes: new Uint8Array(view.buffer.slice(view.byteOffset + addr, view.byteOffset + addr + 16)) };
    default:
      throw new Error(`readExact: ${t} is not numeric`);
  }
}

/** The memory slot size used by the trampolines. */
export const TRAMPOLINE_SLOT = SLOT;
