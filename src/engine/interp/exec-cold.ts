/**
 * The executor's cold scalar instructions: references, memory.size, the narrow i64 loads, bit
 * counts, 64-bit division, float rounding, and the float-to-integer conversions with their traps. They keep their numbers in the main op range but
 * run outside the dispatch loop, which stays small enough for V8 to optimize well.
 */

import { CompileError, Trap, TrapCode } from '../../api/errors.js';
import type { Execution } from './execution.js';
import type { InterpInstance } from './instance.js';
import {
  ctz32,
  i64DivS,
  i64DivU,
  i64RemS,
  i64RemU,
  i64ToF32Source,
  i64Trunc,
  nearest,
  popcnt32,
  quiet,
  truncTrap,
} from './numeric.js';

/** Runs the cold instruction `op` at `pc`; returns the next pc. */
export function execCold(op: number, ex: Execution, inst: InterpInstance, code: Int32Array, pc: number, fp: number): number {
  const I = ex.i32;
  const F32 = ex.f32;
  const F64 = ex.f64;
  const R = ex.refs;
  switch (op) {
    case 23: // REF_NULL
      R[fp + code[pc + 1]] = null;
      return pc + 2;
    case 24: // REF_IS_NULL
      I[fp + code[pc + 1]] = R[fp + code[pc + 2]] === null ? 1 : 0;
      return pc + 3;
    case 25: // REF_FUNC
      R[fp + code[pc + 1]] = inst.funcs[code[pc + 2]];
      return pc + 3;
    case 26: // MEMORY_SIZE
      I[fp + code[pc + 1]] = inst.memory0!.byteLength / 65536;
      return pc + 2;
    case 64: // I64_LOAD8_S
    case 65: // I64_LOAD8_U
    case 66: // I64_LOAD16_S
    case 67: // I64_LOAD16_U
    case 68: // I64_LOAD32_S
    case 69: {
      // I64_LOAD32_U
      const m = inst.memory0!;
      const size = op < 66 ? 1 : op < 68 ? 2 : 4;
      const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
      if (ea + size > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
      const mv = m.view;
      const v =
        op === 64 ? mv.getInt8(ea) : op === 65 ? mv.getUint8(ea) : op === 66 ? mv.getInt16(ea, true) : op === 67 ? mv.getUint16(ea, true) : mv.getInt32(ea, true);
      const d = fp + code[pc + 1];
      I[d] = v;
      I[d + 1] = op === 64 || op === 66 || op === 68 ? v >> 31 : 0;
      return pc + 4;
    }
    case 85: // I32_CLZ
      I[fp + code[pc + 1]] = Math.clz32(I[fp + code[pc + 2]]);
      return pc + 3;
    case 86: // I32_CTZ
      I[fp + code[pc + 1]] = ctz32(I[fp + code[pc + 2]]);
      return pc + 3;
    case 87: // I32_POPCNT
      I[fp + code[pc + 1]] = popcnt32(I[fp + code[pc + 2]]);
      return pc + 3;
    case 132: {
      // I64_CLZ
      const a = fp + code[pc + 2];
      const hi = I[a + 1];
      const d = fp + code[pc + 1];
      I[d] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(I[a]);
      I[d + 1] = 0;
      return pc + 3;
    }
    case 133: {
      // I64_CTZ
      const a = fp + code[pc + 2];
      const lo = I[a];
      const d = fp + code[pc + 1];
      I[d] = lo !== 0 ? ctz32(lo) : 32 + ctz32(I[a + 1]);
      I[d + 1] = 0;
      return pc + 3;
    }
    case 134: {
      // I64_POPCNT
      const a = fp + code[pc + 2];
      const d = fp + code[pc + 1];
      I[d] = popcnt32(I[a]) + popcnt32(I[a + 1]);
      I[d + 1] = 0;
      return pc + 3;
    }
    case 138: // I64_DIV_S
      i64DivS(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
      return pc + 4;
    case 139: // I64_DIV_U
      i64DivU(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
      return pc + 4;
    case 140: // I64_REM_S
      i64RemS(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
      return pc + 4;
    case 141: // I64_REM_U
      i64RemU(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
      return pc + 4;
    case 159: // F32_CEIL
      F32[fp + code[pc + 1]] = Math.ceil(F32[fp + code[pc + 2]]);
      return pc + 3;
    case 160: // F32_FLOOR
      F32[fp + code[pc + 1]] = Math.floor(F32[fp + code[pc + 2]]);
      return pc + 3;
    case 161: // F32_TRUNC
      F32[fp + code[pc + 1]] = Math.trunc(F32[fp + code[pc + 2]]);
      return pc + 3;
    case 162: // F32_NEAREST
      F32[fp + code[pc + 1]] = nearest(F32[fp + code[pc + 2]]);
      return pc + 3;
    case 179: // F64_CEIL
      F64[(fp + code[pc + 1]) >> 1] = quiet(Math.ceil(F64[(fp + code[pc + 2]) >> 1]));
      return pc + 3;
    case 180: // F64_FLOOR
      F64[(fp + code[pc + 1]) >> 1] = quiet(Math.floor(F64[(fp + code[pc + 2]) >> 1]));
      return pc + 3;
    case 181: // F64_TRUNC
      F64[(fp + code[pc + 1]) >> 1] = quiet(Math.trunc(F64[(fp + code[pc + 2]) >> 1]));
      return pc + 3;
    case 182: // F64_NEAREST
      F64[(fp + code[pc + 1]) >> 1] = quiet(nearest(F64[(fp + code[pc + 2]) >> 1]));
      return pc + 3;
    case 191: // I32_TRUNC_F32_S
    case 193: {
      // I32_TRUNC_F64_S
      const x = code[pc] === 191 ? F32[fp + code[pc + 2]] : F64[(fp + code[pc + 2]) >> 1];
      if (!(x > -2147483649 && x < 2147483648)) throw truncTrap(x);
      I[fp + code[pc + 1]] = x;
      return pc + 3;
    }
    case 192: // I32_TRUNC_F32_U
    case 194: {
      // I32_TRUNC_F64_U
      const x = code[pc] === 192 ? F32[fp + code[pc + 2]] : F64[(fp + code[pc + 2]) >> 1];
      if (!(x > -1 && x < 4294967296)) throw truncTrap(x);
      I[fp + code[pc + 1]] = x;
      return pc + 3;
    }
    case 197: // I64_TRUNC_F32_S
      i64Trunc(I, fp + code[pc + 1], F32[fp + code[pc + 2]], true);
      return pc + 3;
    case 198: // I64_TRUNC_F32_U
      i64Trunc(I, fp + code[pc + 1], F32[fp + code[pc + 2]], false);
      return pc + 3;
    case 199: // I64_TRUNC_F64_S
      i64Trunc(I, fp + code[pc + 1], F64[(fp + code[pc + 2]) >> 1], true);
      return pc + 3;
    case 200: // I64_TRUNC_F64_U
      i64Trunc(I, fp + code[pc + 1], F64[(fp + code[pc + 2]) >> 1], false);
      return pc + 3;
    case 203: // F32_CONVERT_I64_S
    case 204: {
      // F32_CONVERT_I64_U
      const a = fp + code[pc + 2];
      F32[fp + code[pc + 1]] = i64ToF32Source(I[a], I[a + 1], code[pc] === 203);
      return pc + 3;
    }
    case 213: // I64_EXTEND8_S
    case 214: // I64_EXTEND16_S
    case 215: {
      // I64_EXTEND32_S
      const op = code[pc];
      const x = I[fp + code[pc + 2]];
      const v = op === 213 ? (x << 24) >> 24 : op === 214 ? (x << 16) >> 16 : x;
      const d = fp + code[pc + 1];
      I[d] = v;
      I[d + 1] = v >> 31;
      return pc + 3;
    }
  }
  throw new CompileError(`internal: unknown interpreter op ${op} at ${pc}`);
}
