/**
 * Code generation for memory instructions. Loads and stores inline the common case, an aligned
 * in-bounds access below 2 GiB, as a typed-array access through views cached in locals:
 *
 * ```
 * ea = (x + 8) | 0;
 * g3 = (x | ea) >= 0 && (ea & 7) === 0 && ea <= L8 ? HF64[ea >> 3] : ldf64(M, (x >>> 0) + 8);
 * ```
 *
 * Everything else (unaligned, out of bounds, addresses of 2 GiB and more, offsets of 2^31 and more)
 * takes the slow path, which uses the DataView or traps exactly like the interpreter. The views
 * (`H32`, `L4`, ...) are reloaded after every call and memory.grow (see compiler.ts, VIEWS); `M` is
 * the instance's memory ({@link JitMemory}).
 */

import type { MemArg } from '../../../wasm/binary/code-reader.js';
import { Op } from '../../../wasm/opcodes.js';
import type { FuncCompiler } from './compiler.js';
import { homeHiName } from './values.js';

/** How an access's effective address is available. */
interface Address {
  /** The int32 effective address expression for the fast path. */
  readonly ea: string;
  /** The fast path's guard (non-negative address, no wrap-around), or null: always the slow path. */
  readonly guard: string | null;
  /** The exact effective address (a number, possibly above 2^32) for the slow path. */
  readonly exact: string;
}

/** Pops the address operand of an access with memarg `m` and prepares its effective address. */
function address(fc: FuncCompiler, m: MemArg): Address {
  const x = fc.popSimple();
  fc.flush();
  fc.use('M');
  if (m.offset === 0) return { ea: x, guard: `${x} >= 0`, exact: `${x} >>> 0` };
  const exact = `(${x} >>> 0) + ${m.offset}`;
  if (m.offset >= 0x80000000) return { ea: '', guard: null, exact };
  const ea = fc.scratch('ea');
  fc.out.push(`${ea} = (${x} + ${m.offset}) | 0;`);
  // Note: with x >= 0 and offset < 2^31 the sum cannot wrap, so ea >= 0 means it is below 2^31.
  return { ea, guard: `(${x} | ${ea}) >= 0`, exact };
}

/** The fast-path condition of an access of `size` bytes. */
function fast(fc: FuncCompiler, a: Address, size: number): string {
  const align = size === 1 ? '' : ` && (${a.ea} & ${size - 1}) === 0`;
  return `${a.guard}${align} && ${a.ea} <= ${fc.view(`L${size}`)}`;
}

/** The typed-array element of the access (view `v`, element size `size`). */
function elem(fc: FuncCompiler, a: Address, v: string, size: number): string {
  const shift = size === 1 ? '' : ` >> ${Math.log2(size)}`;
  return `${fc.view(v)}[${a.ea}${shift}]`;
}

/** A load expression: typed-array fast path or helper `slow`. */
function loadExpr(fc: FuncCompiler, a: Address, v: string, size: number, slow: string): string {
  const s = `${fc.use(slow)}(M, ${a.exact})`;
  if (a.guard === null) return s;
  return `${fast(fc, a, size)} ? ${elem(fc, a, v, size)} : ${s}`;
}

/** A store statement of `value`: typed-array fast path or helper `slow`. */
function storeStmt(fc: FuncCompiler, a: Address, v: string, size: number, slow: string, value: string, extra = ''): string {
  const s = `${fc.use(slow)}(M, ${a.exact}, ${value});`;
  if (a.guard === null) return s;
  return `if (${extra}${fast(fc, a, size)}) ${elem(fc, a, v, size)} = ${value}; else ${s}`;
}

/** Emits a load of an i32/f32/f64 value. */
function load(fc: FuncCompiler, t: 'i32' | 'f32' | 'f64', v: string, size: number, slow: string): void {
  const a = address(fc, fc.reader.memArg());
  const home = fc.resultHome(t);
  fc.out.push(`${home} = ${loadExpr(fc, a, v, size, slow)};`);
  // Note: a NaN read as a float lost its signalling bit; read its bits again.
  if (t === 'f32') fc.out.push(`if (${home} !== ${home}) ${home} = ${fc.use('ldf32')}(M, ${a.exact});`);
  fc.pushTemp(t);
}

/** Emits an i64 load of `size` bytes (sign- or zero-extended). */
function loadI64(fc: FuncCompiler, size: number, signed: boolean): void {
  const a = address(fc, fc.reader.memArg());
  const lo = fc.resultHome('i64');
  const hi = homeHiName(fc.stack.length);
  if (size === 8) {
    fc.use('RET');
    const slow = `${lo} = ${fc.use('ld64')}(M, ${a.exact}); ${hi} = RET[0];`;
    if (a.guard === null) fc.out.push(slow);
    else {
      const h32 = fc.view('H32');
      fc.out.push(`if (${fast(fc, a, 8).replace(/& 7\)/, '& 3)')}) { ${lo} = ${h32}[${a.ea} >> 2]; ${hi} = ${h32}[(${a.ea} >> 2) + 1]; } else { ${slow} }`);
    }
  } else {
    const e =
      size === 1
        ? loadExpr(fc, a, signed ? 'H8' : 'HU8', 1, signed ? 'ld8s' : 'ld8u')
        : size === 2
          ? loadExpr(fc, a, signed ? 'H16' : 'HU16', 2, signed ? 'ld16s' : 'ld16u')
          : loadExpr(fc, a, 'H32', 4, 'ld32');
    fc.out.push(`${lo} = ${e}; ${hi} = ${signed ? `${lo} >> 31` : '0'};`);
  }
  fc.pushTemp('i64');
}

/** Emits a store of `size` bytes (1, 2 or 4) of the i32 value (or i64 low word) on the stack. */
function storeInt(fc: FuncCompiler, size: number, i64: boolean): void {
  const m = fc.reader.memArg();
  const v = i64 ? fc.popI64()[0] : fc.popSimple();
  const a = address(fc, m);
  if (size === 1) fc.out.push(storeStmt(fc, a, 'HU8', 1, 'st8', v));
  else if (size === 2) fc.out.push(storeStmt(fc, a, 'H16', 2, 'st16', v));
  else fc.out.push(storeStmt(fc, a, 'H32', 4, 'st32', v));
}

/** Emits a memory instruction (not SIMD); returns false when `op` is not one. */
export function emitMemory(fc: FuncCompiler, op: number): boolean {
  const r = fc.reader;
  switch (op) {
    case Op.i32_load:
      load(fc, 'i32', 'H32', 4, 'ld32');
      return true;
    case Op.i32_load8_s:
      load(fc, 'i32', 'H8', 1, 'ld8s');
      return true;
    case Op.i32_load8_u:
      load(fc, 'i32', 'HU8', 1, 'ld8u');
      return true;
    case Op.i32_load16_s:
      load(fc, 'i32', 'H16', 2, 'ld16s');
      return true;
    case Op.i32_load16_u:
      load(fc, 'i32', 'HU16', 2, 'ld16u');
      return true;
    case Op.f32_load:
      load(fc, 'f32', 'HF32', 4, 'ldf32');
      return true;
    case Op.f64_load:
      load(fc, 'f64', 'HF64', 8, 'ldf64');
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
      const a = address(fc, m);
      const slow = `${fc.use('st64')}(M, ${a.exact}, ${l}, ${h});`;
      if (a.guard === null) fc.out.push(slow);
      else {
        const h32 = fc.view('H32');
        fc.out.push(`if (${fast(fc, a, 8).replace(/& 7\)/, '& 3)')}) { ${h32}[${a.ea} >> 2] = ${l}; ${h32}[(${a.ea} >> 2) + 1] = ${h}; } else ${slow}`);
      }
      return true;
    }
    case Op.f32_store: {
      const m = r.memArg();
      const v = fc.popSimple();
      const a = address(fc, m);
      // Note: a NaN goes through the slow path, which writes its exact bits.
      fc.out.push(storeStmt(fc, a, 'HF32', 4, 'stf32', v, `${v} === ${v} && `));
      return true;
    }
    case Op.f64_store: {
      const m = r.memArg();
      const v = fc.popSimple();
      const a = address(fc, m);
      fc.out.push(storeStmt(fc, a, 'HF64', 8, 'stf64', v));
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
      fc.emit(`${fc.use('memoryInit')}(M, ${fc.use('D')}, ${seg}, ${d}, ${s}, ${n});`);
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
