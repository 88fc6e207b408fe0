/**
 * The executor: the interpreter's dispatch loop over translated code (ops.ts). It runs on its
 * activation's own frame stack: wasm-to-wasm calls (also into other instances and through
 * `call_indirect`) push a frame in this loop instead of recursing in JS.
 *
 * Note: the loop is one large function on purpose (locals stay in registers), but its hot
 * instructions only: V8's optimizing compiler refuses functions with too much bytecode, so rare
 * instructions and SIMD run in exec-misc.ts / exec-simd.ts, and larger helpers live in numeric.ts.
 * Case labels are numeric literals so the switch compiles to a jump table; ops.test.ts checks each
 * against the op table.
 */

import { Trap, TrapCode } from '../../api/errors.js';
import type { DefinedFunc, HostFunc, InterpFunc } from './func.js';
import type { Execution } from './execution.js';
import { execMisc } from './exec-misc.js';
import { execSimd } from './exec-simd.js';
import { callHost } from './host-call.js';
import { OutOfFuelTrap } from './out-of-fuel.js';
import { MISC_BASE, SIMD_BASE } from './ops.js';
import { execCold } from './exec-cold.js';
import { i64Mul, i64Rotl, i64Shl, i64ShrS, i64ShrU, i64Compare } from './numeric.js';

/** The activation finished; its results are in cells 0.. of its entry frame. */
export const DONE = 0;
/** The activation is suspended on a host Promise (`ex.pending`). */
export const SUSPENDED = 1;

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

/**
 * Runs (or continues) activation `ex` from its saved state until its entry frame returns (DONE)
 * or it suspends on a host Promise (SUSPENDED). Traps throw, with the backtrace attached.
 */
export function execute(ex: Execution): number {
  const store = ex.store;
  let I = ex.i32;
  let F32 = ex.f32;
  let F64 = ex.f64;
  const R = ex.refs;
  let fPc = ex.fPc;
  let fFp = ex.fFp;
  let fFn = ex.fFn;
  let func = ex.func!;
  let code = func.body!.code;
  let pc = ex.pc;
  let fp = ex.fp;
  let depth = ex.depth;
  const limit = ex.limit;
  let inst = func.instance;
  let funcs: InterpFunc[] = inst.funcs;
  let globals = inst.globals;
  let mem = inst.memory0;
  let mv = mem === null ? EMPTY_VIEW : mem.view;
  let memLen = mem === null ? 0 : mem.byteLength;
  let fuel = store.fuel;
  try {
    for (;;) {
      switch (code[pc]) {
        case 0: // UNREACHABLE
          throw new Trap(TrapCode.Unreachable);
        case 1: pc = code[pc + 1]; break; // BR
        case 2: pc = I[fp + code[pc + 1]] !== 0 ? code[pc + 2] : pc + 3; break; // BR_IF
        case 3: pc = I[fp + code[pc + 1]] === 0 ? code[pc + 2] : pc + 3; break; // BR_IFZ
        case 4: {
          // BR_TABLE
          let i = I[fp + code[pc + 1]] >>> 0;
          const n = code[pc + 2];
          if (i > n) i = n;
          pc = code[pc + 3 + i]; break;
        }
        case 5: // RETURN
        case 6: // RETURN32
        case 7: {
          // RETURN64
          const op = code[pc];
          if (op !== 5) {
            const a = fp + code[pc + 1];
            if (op === 7) I[fp + 1] = I[a + 1];
            I[fp] = I[a];
          }
          depth--;
          if (depth === 0) {
            ex.depth = 0;
            store.fuel = fuel;
            return DONE;
          }
          pc = fPc[depth];
          fp = fFp[depth];
          func = fFn[depth]!;
          code = func.body!.code;
          if (func.instance !== inst) {
            inst = func.instance;
            funcs = inst.funcs;
            globals = inst.globals;
            mem = inst.memory0;
          }
          if (mem !== null) {
            mv = mem.view;
            memLen = mem.byteLength;
          }
          break;
        }
        case 8: // CALL
        case 9: {
          // CALL_INDIRECT
          let callee: InterpFunc;
          let base: number;
          let next: number;
          if (code[pc] === 8) {
            callee = funcs[code[pc + 1]];
            base = fp + code[pc + 2];
            next = pc + 3;
          } else {
            const elems = inst.tables[code[pc + 1]].elements;
            const i = I[fp + code[pc + 3]] >>> 0;
            if (i >= elems.length) throw new Trap(TrapCode.UndefinedElement);
            const f = elems[i] as InterpFunc | null;
            if (f === null) throw new Trap(TrapCode.UninitializedElement);
            if (f.typeId !== code[pc + 2]) throw new Trap(TrapCode.IndirectCallTypeMismatch);
            callee = f;
            base = fp + code[pc + 4];
            next = pc + 5;
          }
          if (!callee.isHost) {
            const df = callee as DefinedFunc;
            // The JIT's entry (DefinedFunc.jit): when it ran the call, the results are at `base`.
            if (df.jit !== null && df.jit(ex, base, depth)) {
              if (mem !== null) {
                mv = mem.view;
                memLen = mem.byteLength;
              }
              pc = next; break;
            }
            const body = df.body ?? df.compile();
            if (depth >= limit) throw new Trap(TrapCode.CallStackExhausted);
            const top = base + body.frameCells;
            if (top > I.length) {
              ex.growStack(top);
              I = ex.i32;
              F32 = ex.f32;
              F64 = ex.f64;
            }
            if (body.hasRefs && top > R.length) ex.growRefs(top);
            if (depth >= fPc.length) {
              ex.growFrames();
              fPc = ex.fPc;
              fFp = ex.fFp;
              fFn = ex.fFn;
            }
            fPc[depth] = next;
            fFp[depth] = fp;
            fFn[depth] = func;
            if (++depth > ex.maxDepth) ex.maxDepth = depth;
            const z = base + body.paramCells;
            const ze = base + body.localCells;
            if (ze - z <= 32) for (let i = z; i < ze; i++) I[i] = 0;
            else I.fill(0, z, ze);
            const rl = body.refLocals;
            if (rl !== null) for (let i = 0; i < rl.length; i++) R[base + rl[i]] = null;
            func = df;
            code = body.code;
            fp = base;
            pc = body.entry;
            if (df.instance !== inst) {
              inst = df.instance;
              funcs = inst.funcs;
              globals = inst.globals;
              mem = inst.memory0;
              mv = mem === null ? EMPTY_VIEW : mem.view;
              memLen = mem === null ? 0 : mem.byteLength;
            }
            break;
          }
          ex.func = func;
          ex.pc = next;
          ex.fp = fp;
          ex.depth = depth;
          store.fuel = fuel;
          if (callHost(ex, callee as HostFunc, base) !== DONE) return SUSPENDED;
          fuel = store.fuel;
          if (mem !== null) {
            mv = mem.view;
            memLen = mem.byteLength;
          }
          pc = next; break;
        }
        case 10: {
          // FUEL
          const n = code[pc + 1];
          if (fuel < n) {
            ex.func = func;
            ex.pc = pc;
            ex.fp = fp;
            ex.depth = depth;
            store.fuel = fuel;
            throw new OutOfFuelTrap(ex);
          }
          fuel -= n;
          pc += 2; break;
        }
        case 11: I[fp + code[pc + 1]] = I[fp + code[pc + 2]]; pc += 3; break; // COPY32
        case 12: {
          // COPY64
          const d = fp + code[pc + 1];
          const a = fp + code[pc + 2];
          I[d] = I[a];
          I[d + 1] = I[a + 1];
          pc += 3; break;
        }
        case 13: {
          // COPY128
          const d = fp + code[pc + 1];
          const a = fp + code[pc + 2];
          const w0 = I[a], w1 = I[a + 1], w2 = I[a + 2], w3 = I[a + 3];
          I[d] = w0;
          I[d + 1] = w1;
          I[d + 2] = w2;
          I[d + 3] = w3;
          pc += 3; break;
        }
        case 14: R[fp + code[pc + 1]] = R[fp + code[pc + 2]]; pc += 3; break; // COPY_REF
        case 15: I[fp + code[pc + 1]] = code[pc + 2]; pc += 3; break; // CONST32
        case 16: {
          // CONST64
          const d = fp + code[pc + 1];
          I[d] = code[pc + 2];
          I[d + 1] = code[pc + 3];
          pc += 4; break;
        }
        case 17: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] !== 0 ? I[fp + code[pc + 3]] : I[fp + code[pc + 4]]; pc += 5; break; // SELECT32
        case 18: {
          // SELECT64
          const d = fp + code[pc + 1];
          const s = fp + (I[fp + code[pc + 2]] !== 0 ? code[pc + 3] : code[pc + 4]);
          const lo = I[s];
          I[d + 1] = I[s + 1];
          I[d] = lo;
          pc += 5; break;
        }
        case 19: I[fp + code[pc + 1]] = globals[code[pc + 2]].w0; pc += 3; break; // GLOBAL_GET32
        case 20: {
          // GLOBAL_GET64
          const g = globals[code[pc + 2]];
          const d = fp + code[pc + 1];
          I[d] = g.w0;
          I[d + 1] = g.w1;
          pc += 3; break;
        }
        case 21: globals[code[pc + 1]].w0 = I[fp + code[pc + 2]]; pc += 3; break; // GLOBAL_SET32
        case 22: {
          // GLOBAL_SET64
          const g = globals[code[pc + 1]];
          const a = fp + code[pc + 2];
          g.w0 = I[a];
          g.w1 = I[a + 1];
          pc += 3; break;
        }
        case 27: {
          // MEMORY_GROW
          const r = mem!.growPages(I[fp + code[pc + 2]] >>> 0);
          mv = mem!.view;
          memLen = mem!.byteLength;
          I[fp + code[pc + 1]] = r;
          pc += 3; break;
        }
        case 28: pc = I[fp + code[pc + 1]] === I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; break; // BR_I32_EQ
        case 29: pc = I[fp + code[pc + 1]] !== I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; break; // BR_I32_NE
        case 30: pc = I[fp + code[pc + 1]] < I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; break; // BR_I32_LT_S
        case 31: pc = I[fp + code[pc + 1]] >>> 0 < I[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_LT_U
        case 32: pc = I[fp + code[pc + 1]] > I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; break; // BR_I32_GT_S
        case 33: pc = I[fp + code[pc + 1]] >>> 0 > I[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_GT_U
        case 34: pc = I[fp + code[pc + 1]] <= I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; break; // BR_I32_LE_S
        case 35: pc = I[fp + code[pc + 1]] >>> 0 <= I[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_LE_U
        case 36: pc = I[fp + code[pc + 1]] >= I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; break; // BR_I32_GE_S
        case 37: pc = I[fp + code[pc + 1]] >>> 0 >= I[fp + code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_GE_U
        case 38: pc = I[fp + code[pc + 1]] === code[pc + 2] ? code[pc + 3] : pc + 4; break; // BR_I32_EQ_IMM
        case 39: pc = I[fp + code[pc + 1]] !== code[pc + 2] ? code[pc + 3] : pc + 4; break; // BR_I32_NE_IMM
        case 40: pc = I[fp + code[pc + 1]] < code[pc + 2] ? code[pc + 3] : pc + 4; break; // BR_I32_LT_S_IMM
        case 41: pc = I[fp + code[pc + 1]] >>> 0 < code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_LT_U_IMM
        case 42: pc = I[fp + code[pc + 1]] > code[pc + 2] ? code[pc + 3] : pc + 4; break; // BR_I32_GT_S_IMM
        case 43: pc = I[fp + code[pc + 1]] >>> 0 > code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_GT_U_IMM
        case 44: pc = I[fp + code[pc + 1]] <= code[pc + 2] ? code[pc + 3] : pc + 4; break; // BR_I32_LE_S_IMM
        case 45: pc = I[fp + code[pc + 1]] >>> 0 <= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_LE_U_IMM
        case 46: pc = I[fp + code[pc + 1]] >= code[pc + 2] ? code[pc + 3] : pc + 4; break; // BR_I32_GE_S_IMM
        case 47: pc = I[fp + code[pc + 1]] >>> 0 >= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4; break; // BR_I32_GE_U_IMM
        case 48: // BR_I64_EQ
        case 49: // BR_I64_NE
        case 50: // BR_I64_LT_S
        case 51: // BR_I64_LT_U
        case 52: // BR_I64_GT_S
        case 53: // BR_I64_GT_U
        case 54: // BR_I64_LE_S
        case 55: // BR_I64_LE_U
        case 56: // BR_I64_GE_S
        case 57: {
          // BR_I64_GE_U
          const a = fp + code[pc + 1];
          const b = fp + code[pc + 2];
          pc = i64Compare(code[pc] - 48, I[a], I[a + 1], I[b], I[b + 1]) ? code[pc + 3] : pc + 4; break;
        }
        case 58: {
          // LOAD32
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 1]] = mv.getInt32(ea, true);
          pc += 4; break;
        }
        case 59: {
          // LOAD64
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          const d = fp + code[pc + 1];
          I[d] = mv.getInt32(ea, true);
          I[d + 1] = mv.getInt32(ea + 4, true);
          pc += 4; break;
        }
        case 60: // LOAD8_S
        case 61: // LOAD8_U
        case 62: // LOAD16_S
        case 63: {
          // LOAD16_U
          const op = code[pc];
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + (op < 62 ? 1 : 2) > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 1]] =
            op === 60 ? mv.getInt8(ea) : op === 61 ? mv.getUint8(ea) : op === 62 ? mv.getInt16(ea, true) : mv.getUint16(ea, true);
          pc += 4; break;
        }
        case 70: {
          // STORE32
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt32(ea, I[fp + code[pc + 2]], true);
          pc += 4; break;
        }
        case 71: {
          // STORE64
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          const v = fp + code[pc + 2];
          mv.setInt32(ea, I[v], true);
          mv.setInt32(ea + 4, I[v + 1], true);
          pc += 4; break;
        }
        case 72: {
          // STORE8
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt8(ea, I[fp + code[pc + 2]]);
          pc += 4; break;
        }
        case 73: {
          // STORE16
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt16(ea, I[fp + code[pc + 2]], true);
          pc += 4; break;
        }
        case 216: {
          // STORE32_IMM
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt32(ea, code[pc + 2], true);
          pc += 4; break;
        }
        case 217: {
          // CONSTS
          const end = pc + 2 + 3 * code[pc + 1];
          for (let k = pc + 2; k < end; k += 3) {
            const d = fp + code[k];
            I[d] = code[k + 1];
            I[d + 1] = code[k + 2];
          }
          pc = 0; break;
        }
        case 218: {
          // ADD_IMM_LOAD32
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 4 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 4]] = mv.getInt32(ea, true);
          pc += 6; break;
        }
        case 219: {
          // ADD_IMM_LOAD64
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 8 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          const d = fp + code[pc + 4];
          I[d] = mv.getInt32(ea, true);
          I[d + 1] = mv.getInt32(ea + 4, true);
          pc += 6; break;
        }
        case 220: {
          // ADD_IMM_LOAD8_S
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 1 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 4]] = mv.getInt8(ea);
          pc += 6; break;
        }
        case 221: {
          // ADD_IMM_LOAD8_U
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 1 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 4]] = mv.getUint8(ea);
          pc += 6; break;
        }
        case 222: {
          // ADD_IMM_LOAD16_S
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 2 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 4]] = mv.getInt16(ea, true);
          pc += 6; break;
        }
        case 223: {
          // ADD_IMM_LOAD16_U
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 2 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          I[fp + code[pc + 4]] = mv.getUint16(ea, true);
          pc += 6; break;
        }
        case 224: {
          // ADD_IMM_STORE32
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 4 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt32(ea, I[fp + code[pc + 4]], true);
          pc += 6; break;
        }
        case 225: {
          // ADD_IMM_STORE64
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 8 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          const v = fp + code[pc + 4];
          mv.setInt32(ea, I[v], true);
          mv.setInt32(ea + 4, I[v + 1], true);
          pc += 6; break;
        }
        case 226: {
          // ADD_IMM_STORE8
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 1 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt8(ea, I[fp + code[pc + 4]]);
          pc += 6; break;
        }
        case 227: {
          // ADD_IMM_STORE16
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          const ea = (t >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 2 > memLen) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
          mv.setInt16(ea, I[fp + code[pc + 4]], true);
          pc += 6; break;
        }
        case 228: {
          // ADD_IMM_BR_NE
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          pc = t !== I[fp + code[pc + 4]] ? code[pc + 5] : pc + 6; break;
        }
        case 229: {
          // ADD_IMM_BR_NE_IMM
          const t = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
          I[fp + code[pc + 1]] = t;
          pc = t !== code[pc + 4] ? code[pc + 5] : pc + 6; break;
        }
        case 230: I[fp + code[pc + 1]] = I[fp + code[pc + 2]]; pc = code[pc + 3]; break; // COPY32_BR
        case 231: {
          // COPY64_BR
          const d = fp + code[pc + 1];
          const a = fp + code[pc + 2];
          I[d] = I[a];
          I[d + 1] = I[a + 1];
          pc = code[pc + 3]; break;
        }
        case 232: {
          // I64_SHL_IMM
          const a = fp + code[pc + 2];
          const n = code[pc + 3];
          const lo = I[a];
          const hi = I[a + 1];
          const d = fp + code[pc + 1];
          if (n === 0) {
            I[d] = lo;
            I[d + 1] = hi;
          } else if (n < 32) {
            I[d] = lo << n;
            I[d + 1] = (hi << n) | (lo >>> (32 - n));
          } else {
            I[d] = 0;
            I[d + 1] = lo << (n - 32);
          }
          pc += 4; break;
        }
        case 233: // I64_SHR_S_IMM
        case 234: {
          // I64_SHR_U_IMM
          const a = fp + code[pc + 2];
          const n = code[pc + 3];
          const lo = I[a];
          const hi = I[a + 1];
          const d = fp + code[pc + 1];
          const signed = code[pc] === 233;
          if (n === 0) {
            I[d] = lo;
            I[d + 1] = hi;
          } else if (n < 32) {
            I[d] = (lo >>> n) | (hi << (32 - n));
            I[d + 1] = signed ? hi >> n : hi >>> n;
          } else {
            I[d] = signed ? hi >> (n - 32) : hi >>> (n - 32);
            I[d + 1] = signed ? hi >> 31 : 0;
          }
          pc += 4; break;
        }
        case 235: i64Rotl(I, fp + code[pc + 1], fp + code[pc + 2], code[pc + 3]); pc += 4; break; // I64_ROTL_IMM
        case 74: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] === 0 ? 1 : 0; pc += 3; break; // I32_EQZ
        case 75: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] === I[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // I32_EQ
        case 76: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] !== I[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // I32_NE
        case 77: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] < I[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // I32_LT_S
        case 78: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 < I[fp + code[pc + 3]] >>> 0 ? 1 : 0; pc += 4; break; // I32_LT_U
        case 79: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] > I[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // I32_GT_S
        case 80: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 > I[fp + code[pc + 3]] >>> 0 ? 1 : 0; pc += 4; break; // I32_GT_U
        case 81: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] <= I[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // I32_LE_S
        case 82: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 <= I[fp + code[pc + 3]] >>> 0 ? 1 : 0; pc += 4; break; // I32_LE_U
        case 83: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >= I[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // I32_GE_S
        case 84: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 >= I[fp + code[pc + 3]] >>> 0 ? 1 : 0; pc += 4; break; // I32_GE_U
        case 88: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] + I[fp + code[pc + 3]]; pc += 4; break; // I32_ADD
        case 89: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] - I[fp + code[pc + 3]]; pc += 4; break; // I32_SUB
        case 90: I[fp + code[pc + 1]] = Math.imul(I[fp + code[pc + 2]], I[fp + code[pc + 3]]); pc += 4; break; // I32_MUL
        case 91: {
          // I32_DIV_S
          const a = I[fp + code[pc + 2]];
          const b = I[fp + code[pc + 3]];
          if (b === 0) throw new Trap(TrapCode.IntegerDivideByZero);
          if (a === -2147483648 && b === -1) throw new Trap(TrapCode.IntegerOverflow);
          I[fp + code[pc + 1]] = a / b;
          pc += 4; break;
        }
        case 92: {
          // I32_DIV_U
          const b = I[fp + code[pc + 3]] >>> 0;
          if (b === 0) throw new Trap(TrapCode.IntegerDivideByZero);
          I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) / b;
          pc += 4; break;
        }
        case 93: {
          // I32_REM_S
          const b = I[fp + code[pc + 3]];
          if (b === 0) throw new Trap(TrapCode.IntegerDivideByZero);
          I[fp + code[pc + 1]] = I[fp + code[pc + 2]] % b;
          pc += 4; break;
        }
        case 94: {
          // I32_REM_U
          const b = I[fp + code[pc + 3]] >>> 0;
          if (b === 0) throw new Trap(TrapCode.IntegerDivideByZero);
          I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) % b;
          pc += 4; break;
        }
        case 95: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & I[fp + code[pc + 3]]; pc += 4; break; // I32_AND
        case 96: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] | I[fp + code[pc + 3]]; pc += 4; break; // I32_OR
        case 97: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ I[fp + code[pc + 3]]; pc += 4; break; // I32_XOR
        case 98: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] << I[fp + code[pc + 3]]; pc += 4; break; // I32_SHL
        case 99: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >> I[fp + code[pc + 3]]; pc += 4; break; // I32_SHR_S
        case 100: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> I[fp + code[pc + 3]]; pc += 4; break; // I32_SHR_U
        case 101: {
          // I32_ROTL
          const a = I[fp + code[pc + 2]];
          const n = I[fp + code[pc + 3]];
          I[fp + code[pc + 1]] = (a << n) | (a >>> (32 - (n & 31)));
          pc += 4; break;
        }
        case 102: {
          // I32_ROTR
          const a = I[fp + code[pc + 2]];
          const n = I[fp + code[pc + 3]];
          I[fp + code[pc + 1]] = (a >>> n) | (a << (32 - (n & 31)));
          pc += 4; break;
        }
        case 103: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] + code[pc + 3]; pc += 4; break; // I32_ADD_IMM
        case 104: I[fp + code[pc + 1]] = Math.imul(I[fp + code[pc + 2]], code[pc + 3]); pc += 4; break; // I32_MUL_IMM
        case 105: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & code[pc + 3]; pc += 4; break; // I32_AND_IMM
        case 106: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] | code[pc + 3]; pc += 4; break; // I32_OR_IMM
        case 107: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ code[pc + 3]; pc += 4; break; // I32_XOR_IMM
        case 108: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] << code[pc + 3]; pc += 4; break; // I32_SHL_IMM
        case 109: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >> code[pc + 3]; pc += 4; break; // I32_SHR_S_IMM
        case 110: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> code[pc + 3]; pc += 4; break; // I32_SHR_U_IMM
        case 111: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] === code[pc + 3] ? 1 : 0; pc += 4; break; // I32_EQ_IMM
        case 112: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] !== code[pc + 3] ? 1 : 0; pc += 4; break; // I32_NE_IMM
        case 113: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] < code[pc + 3] ? 1 : 0; pc += 4; break; // I32_LT_S_IMM
        case 114: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 < code[pc + 3] >>> 0 ? 1 : 0; pc += 4; break; // I32_LT_U_IMM
        case 115: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] > code[pc + 3] ? 1 : 0; pc += 4; break; // I32_GT_S_IMM
        case 116: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 > code[pc + 3] >>> 0 ? 1 : 0; pc += 4; break; // I32_GT_U_IMM
        case 117: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] <= code[pc + 3] ? 1 : 0; pc += 4; break; // I32_LE_S_IMM
        case 118: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 <= code[pc + 3] >>> 0 ? 1 : 0; pc += 4; break; // I32_LE_U_IMM
        case 119: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >= code[pc + 3] ? 1 : 0; pc += 4; break; // I32_GE_S_IMM
        case 120: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0 >= code[pc + 3] >>> 0 ? 1 : 0; pc += 4; break; // I32_GE_U_IMM
        case 121: {
          // I64_EQZ
          const a = fp + code[pc + 2];
          I[fp + code[pc + 1]] = (I[a] | I[a + 1]) === 0 ? 1 : 0;
          pc += 3; break;
        }
        case 122: // I64_EQ
        case 123: // I64_NE
        case 124: // I64_LT_S
        case 125: // I64_LT_U
        case 126: // I64_GT_S
        case 127: // I64_GT_U
        case 128: // I64_LE_S
        case 129: // I64_LE_U
        case 130: // I64_GE_S
        case 131: {
          // I64_GE_U
          const a = fp + code[pc + 2];
          const b = fp + code[pc + 3];
          I[fp + code[pc + 1]] = i64Compare(code[pc] - 122, I[a], I[a + 1], I[b], I[b + 1]) ? 1 : 0;
          pc += 4; break;
        }
        case 135: {
          // I64_ADD
          const a = fp + code[pc + 2];
          const b = fp + code[pc + 3];
          const al = I[a];
          const lo = (al + I[b]) | 0;
          const hi = (I[a + 1] + I[b + 1] + (lo >>> 0 < al >>> 0 ? 1 : 0)) | 0;
          const d = fp + code[pc + 1];
          I[d] = lo;
          I[d + 1] = hi;
          pc += 4; break;
        }
        case 136: {
          // I64_SUB
          const a = fp + code[pc + 2];
          const b = fp + code[pc + 3];
          const al = I[a];
          const bl = I[b];
          const lo = (al - bl) | 0;
          const hi = (I[a + 1] - I[b + 1] - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
          const d = fp + code[pc + 1];
          I[d] = lo;
          I[d + 1] = hi;
          pc += 4; break;
        }
        case 137: i64Mul(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]); pc += 4; break; // I64_MUL
        case 142: // I64_AND
        case 143: // I64_OR
        case 144: {
          // I64_XOR
          const a = fp + code[pc + 2];
          const b = fp + code[pc + 3];
          const d = fp + code[pc + 1];
          const op = code[pc];
          const al = I[a], ah = I[a + 1], bl = I[b], bh = I[b + 1];
          if (op === 142) {
            I[d] = al & bl;
            I[d + 1] = ah & bh;
          } else if (op === 143) {
            I[d] = al | bl;
            I[d + 1] = ah | bh;
          } else {
            I[d] = al ^ bl;
            I[d + 1] = ah ^ bh;
          }
          pc += 4; break;
        }
        case 145: i64Shl(I, fp + code[pc + 1], fp + code[pc + 2], I[fp + code[pc + 3]]); pc += 4; break; // I64_SHL
        case 146: i64ShrS(I, fp + code[pc + 1], fp + code[pc + 2], I[fp + code[pc + 3]]); pc += 4; break; // I64_SHR_S
        case 147: i64ShrU(I, fp + code[pc + 1], fp + code[pc + 2], I[fp + code[pc + 3]]); pc += 4; break; // I64_SHR_U
        case 148: i64Rotl(I, fp + code[pc + 1], fp + code[pc + 2], I[fp + code[pc + 3]]); pc += 4; break; // I64_ROTL
        case 149: i64Rotl(I, fp + code[pc + 1], fp + code[pc + 2], 64 - (I[fp + code[pc + 3]] & 63)); pc += 4; break; // I64_ROTR
        case 150: {
          // I64_ADD_IMM
          const a = fp + code[pc + 2];
          const imm = code[pc + 3];
          const al = I[a];
          const lo = (al + imm) | 0;
          const carry = lo >>> 0 < al >>> 0 ? 1 : 0;
          const hi = (I[a + 1] + (imm >> 31) + carry) | 0;
          const d = fp + code[pc + 1];
          I[d] = lo;
          I[d + 1] = hi;
          pc += 4; break;
        }
        case 151: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] === F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // F32_EQ
        case 152: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] !== F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // F32_NE
        case 153: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] < F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // F32_LT
        case 154: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] > F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // F32_GT
        case 155: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] <= F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // F32_LE
        case 156: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] >= F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; break; // F32_GE
        case 157: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & 0x7fffffff; pc += 3; break; // F32_ABS
        case 158: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ -2147483648; pc += 3; break; // F32_NEG
        case 163: F32[fp + code[pc + 1]] = Math.sqrt(F32[fp + code[pc + 2]]); pc += 3; break; // F32_SQRT
        case 164: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] + F32[fp + code[pc + 3]]; pc += 4; break; // F32_ADD
        case 165: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] - F32[fp + code[pc + 3]]; pc += 4; break; // F32_SUB
        case 166: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] * F32[fp + code[pc + 3]]; pc += 4; break; // F32_MUL
        case 167: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] / F32[fp + code[pc + 3]]; pc += 4; break; // F32_DIV
        case 168: F32[fp + code[pc + 1]] = Math.min(F32[fp + code[pc + 2]], F32[fp + code[pc + 3]]); pc += 4; break; // F32_MIN
        case 169: F32[fp + code[pc + 1]] = Math.max(F32[fp + code[pc + 2]], F32[fp + code[pc + 3]]); pc += 4; break; // F32_MAX
        case 170: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] & 0x7fffffff) | (I[fp + code[pc + 3]] & -2147483648); pc += 4; break; // F32_COPYSIGN
        case 171: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] === F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; break; // F64_EQ
        case 172: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] !== F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; break; // F64_NE
        case 173: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] < F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; break; // F64_LT
        case 174: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] > F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; break; // F64_GT
        case 175: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] <= F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; break; // F64_LE
        case 176: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] >= F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; break; // F64_GE
        case 177: // F64_ABS
        case 178: // F64_NEG
        case 190: {
          // F64_COPYSIGN
          const op = code[pc];
          const a = fp + code[pc + 2];
          const lo = I[a];
          let hi = I[a + 1];
          if (op === 177) hi &= 0x7fffffff;
          else if (op === 178) hi ^= -2147483648;
          else hi = (hi & 0x7fffffff) | (I[fp + code[pc + 3] + 1] & -2147483648);
          const d = fp + code[pc + 1];
          I[d] = lo;
          I[d + 1] = hi;
          pc += op === 190 ? 4 : 3; break;
        }
        case 183: F64[(fp + code[pc + 1]) >> 1] = Math.sqrt(F64[(fp + code[pc + 2]) >> 1]); pc += 3; break; // F64_SQRT
        case 184: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] + F64[(fp + code[pc + 3]) >> 1]; pc += 4; break; // F64_ADD
        case 185: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1]; pc += 4; break; // F64_SUB
        case 186: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1]; pc += 4; break; // F64_MUL
        case 187: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] / F64[(fp + code[pc + 3]) >> 1]; pc += 4; break; // F64_DIV
        case 188: F64[(fp + code[pc + 1]) >> 1] = Math.min(F64[(fp + code[pc + 2]) >> 1], F64[(fp + code[pc + 3]) >> 1]); pc += 4; break; // F64_MIN
        case 189: F64[(fp + code[pc + 1]) >> 1] = Math.max(F64[(fp + code[pc + 2]) >> 1], F64[(fp + code[pc + 3]) >> 1]); pc += 4; break; // F64_MAX
        case 195: {
          // I64_EXTEND_I32_S
          const v = I[fp + code[pc + 2]];
          const d = fp + code[pc + 1];
          I[d] = v;
          I[d + 1] = v >> 31;
          pc += 3; break;
        }
        case 196: {
          // I64_EXTEND_I32_U
          const d = fp + code[pc + 1];
          I[d] = I[fp + code[pc + 2]];
          I[d + 1] = 0;
          pc += 3; break;
        }
        case 201: F32[fp + code[pc + 1]] = I[fp + code[pc + 2]]; pc += 3; break; // F32_CONVERT_I32_S
        case 202: F32[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0; pc += 3; break; // F32_CONVERT_I32_U
        case 205: F32[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1]; pc += 3; break; // F32_DEMOTE_F64
        case 206: F64[(fp + code[pc + 1]) >> 1] = I[fp + code[pc + 2]]; pc += 3; break; // F64_CONVERT_I32_S
        case 207: F64[(fp + code[pc + 1]) >> 1] = I[fp + code[pc + 2]] >>> 0; pc += 3; break; // F64_CONVERT_I32_U
        case 208: {
          // F64_CONVERT_I64_S
          const a = fp + code[pc + 2];
          F64[(fp + code[pc + 1]) >> 1] = I[a + 1] * 4294967296 + (I[a] >>> 0);
          pc += 3; break;
        }
        case 209: {
          // F64_CONVERT_I64_U
          const a = fp + code[pc + 2];
          F64[(fp + code[pc + 1]) >> 1] = (I[a + 1] >>> 0) * 4294967296 + (I[a] >>> 0);
          pc += 3; break;
        }
        case 210: F64[(fp + code[pc + 1]) >> 1] = F32[fp + code[pc + 2]]; pc += 3; break; // F64_PROMOTE_F32
        case 211: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] << 24) >> 24; pc += 3; break; // I32_EXTEND8_S
        case 212: // I32_EXTEND16_S
          I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] << 16) >> 16;
          pc += 3; break;
        case 236: // LOOP_PROBE
          // When the store's hook ran the rest of the call, continue at the RETURN that follows.
          pc += ++func.hotness >= store.probeThreshold && store.onHotLoop(ex, func, code[pc + 1], fp, depth) ? 2 : 3;
          break;
        default: {
          const op = code[pc];
          if (op >= SIMD_BASE) pc = execSimd(op - SIMD_BASE, ex, inst, code, pc, fp);
          else if (op >= MISC_BASE) pc = execMisc(op, ex, inst, code, pc, fp);
          else pc = execCold(op, ex, inst, code, pc, fp);
        }
      }
    }
  } catch (e) {
    ex.func = func;
    ex.pc = pc;
    ex.fp = fp;
    ex.depth = depth;
    store.fuel = fuel;
    throw withBacktrace(e, ex);
  }
}

/**
 * Attaches the wasm backtrace to a trap leaving the executor (appending to the frames of a trap
 * that already crossed an inner activation) and turns a JS stack overflow into the spec's
 * "call stack exhausted" trap. Other errors (host exceptions) pass through unchanged.
 *
 * Note: this runs when the JS stack may be nearly full (a host function recursing through wasm), so
 * it avoids anything that needs stack (no regular expressions); if it overflows anyway, the
 * RangeError it throws reaches the next enclosing activation, which has more room.
 */
export function withBacktrace(e: unknown, ex: Execution): unknown {
  if (e instanceof Trap) {
    e.frames.push(...ex.backtrace());
    return e;
  }
  if (e instanceof RangeError && e.message.indexOf('call stack') >= 0) {
    const t = new Trap(TrapCode.CallStackExhausted, TrapCode.CallStackExhausted, { cause: e });
    t.frames = ex.backtrace();
    return t;
  }
  return e;
}
