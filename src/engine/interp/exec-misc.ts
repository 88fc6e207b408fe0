/**
 * The executor's rare instructions (op numbers from MISC_BASE): v128 constants/selects/globals,
 * reference-typed globals and selects, tables, bulk memory and saturating truncation.
 */

import { CompileError, Trap, TrapCode } from '../../api/errors.js';
import type { Execution } from './execution.js';
import type { InterpInstance } from './instance.js';
import { i32TruncSatS, i32TruncSatU, i64TruncSat } from './numeric.js';

/** Runs the misc instruction `op` at `pc`; returns the next pc. */
export function execMisc(op: number, ex: Execution, inst: InterpInstance, code: Int32Array, pc: number, fp: number): number {
  const I = ex.i32;
  const R = ex.refs;
  switch (op) {
    case 300: {
      // CONST128
      const d = fp + code[pc + 1];
      I[d] = code[pc + 2];
      I[d + 1] = code[pc + 3];
      I[d + 2] = code[pc + 4];
      I[d + 3] = code[pc + 5];
      return pc + 6;
    }
    case 301: {
      // SELECT128
      const d = fp + code[pc + 1];
      const s = fp + (I[fp + code[pc + 2]] !== 0 ? code[pc + 3] : code[pc + 4]);
      const w0 = I[s], w1 = I[s + 1], w2 = I[s + 2], w3 = I[s + 3];
      I[d] = w0;
      I[d + 1] = w1;
      I[d + 2] = w2;
      I[d + 3] = w3;
      return pc + 5;
    }
    case 302: // SELECT_REF
      R[fp + code[pc + 1]] = R[fp + (I[fp + code[pc + 2]] !== 0 ? code[pc + 3] : code[pc + 4])];
      return pc + 5;
    case 303: {
      // GLOBAL_GET128
      const g = inst.globals[code[pc + 2]];
      const d = fp + code[pc + 1];
      I[d] = g.w0;
      I[d + 1] = g.w1;
      I[d + 2] = g.w2;
      I[d + 3] = g.w3;
      return pc + 3;
    }
    case 304: // GLOBAL_GET_REF
      R[fp + code[pc + 1]] = inst.globals[code[pc + 2]].ref;
      return pc + 3;
    case 305: {
      // GLOBAL_SET128
      const g = inst.globals[code[pc + 1]];
      const a = fp + code[pc + 2];
      g.w0 = I[a];
      g.w1 = I[a + 1];
      g.w2 = I[a + 2];
      g.w3 = I[a + 3];
      return pc + 3;
    }
    case 306: // GLOBAL_SET_REF
      inst.globals[code[pc + 1]].ref = R[fp + code[pc + 2]];
      return pc + 3;
    case 307: {
      // TABLE_GET
      const t = inst.tables[code[pc + 2]];
      const i = I[fp + code[pc + 3]] >>> 0;
      if (i >= t.elements.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
      R[fp + code[pc + 1]] = t.elements[i];
      return pc + 4;
    }
    case 308: {
      // TABLE_SET
      const t = inst.tables[code[pc + 1]];
      const i = I[fp + code[pc + 2]] >>> 0;
      if (i >= t.elements.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
      t.elements[i] = R[fp + code[pc + 3]];
      return pc + 4;
    }
    case 309: // TABLE_SIZE
      I[fp + code[pc + 1]] = inst.tables[code[pc + 2]].elements.length;
      return pc + 3;
    case 310: {
      // TABLE_GROW
      const t = inst.tables[code[pc + 2]];
      const init = R[fp + code[pc + 3]];
      const n = I[fp + code[pc + 4]] >>> 0;
      I[fp + code[pc + 1]] = t.growElements(n, init);
      return pc + 5;
    }
    case 311: {
      // TABLE_FILL
      const t = inst.tables[code[pc + 1]];
      const i = I[fp + code[pc + 2]] >>> 0;
      const v = R[fp + code[pc + 3]];
      const n = I[fp + code[pc + 4]] >>> 0;
      if (i + n > t.elements.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
      t.elements.fill(v, i, i + n);
      return pc + 5;
    }
    case 312: {
      // TABLE_COPY
      const dt = inst.tables[code[pc + 1]].elements;
      const st = inst.tables[code[pc + 2]].elements;
      const d = I[fp + code[pc + 3]] >>> 0;
      const s = I[fp + code[pc + 4]] >>> 0;
      const n = I[fp + code[pc + 5]] >>> 0;
      if (s + n > st.length || d + n > dt.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
      if (dt === st) dt.copyWithin(d, s, s + n);
      else for (let k = 0; k < n; k++) dt[d + k] = st[s + k];
      return pc + 6;
    }
    case 313: {
      // TABLE_INIT
      const t = inst.tables[code[pc + 1]].elements;
      const seg = inst.elems[code[pc + 2]];
      const d = I[fp + code[pc + 3]] >>> 0;
      const s = I[fp + code[pc + 4]] >>> 0;
      const n = I[fp + code[pc + 5]] >>> 0;
      if (s + n > seg.length || d + n > t.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
      for (let k = 0; k < n; k++) t[d + k] = seg[s + k];
      return pc + 6;
    }
    case 314: // ELEM_DROP
      inst.elems[code[pc + 1]] = [];
      return pc + 2;
    case 315: {
      // MEMORY_INIT
      const data = inst.datas[code[pc + 1]];
      const m = inst.memory0!;
      const d = I[fp + code[pc + 2]] >>> 0;
      const s = I[fp + code[pc + 3]] >>> 0;
      const n = I[fp + code[pc + 4]] >>> 0;
      if (s + n > data.length || d + n > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
      m.u8.set(data.subarray(s, s + n), d);
      return pc + 5;
    }
    case 316: // DATA_DROP
      inst.datas[code[pc + 1]] = EMPTY_BYTES;
      return pc + 2;
    case 317: {
      // MEMORY_COPY
      const m = inst.memory0!;
      const d = I[fp + code[pc + 1]] >>> 0;
      const s = I[fp + code[pc + 2]] >>> 0;
      const n = I[fp + code[pc + 3]] >>> 0;
      if (s + n > m.byteLength || d + n > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
      m.u8.copyWithin(d, s, s + n);
      return pc + 4;
    }
    case 318: {
      // MEMORY_FILL
      const m = inst.memory0!;
      const d = I[fp + code[pc + 1]] >>> 0;
      const v = I[fp + code[pc + 2]] & 0xff;
      const n = I[fp + code[pc + 3]] >>> 0;
      if (d + n > m.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
      m.u8.fill(v, d, d + n);
      return pc + 4;
    }
    case 319: // I32_TRUNC_SAT_F32_S
      I[fp + code[pc + 1]] = i32TruncSatS(ex.f32[fp + code[pc + 2]]);
      return pc + 3;
    case 320: // I32_TRUNC_SAT_F32_U
      I[fp + code[pc + 1]] = i32TruncSatU(ex.f32[fp + code[pc + 2]]);
      return pc + 3;
    case 321: // I32_TRUNC_SAT_F64_S
      I[fp + code[pc + 1]] = i32TruncSatS(ex.f64[(fp + code[pc + 2]) >> 1]);
      return pc + 3;
    case 322: // I32_TRUNC_SAT_F64_U
      I[fp + code[pc + 1]] = i32TruncSatU(ex.f64[(fp + code[pc + 2]) >> 1]);
      return pc + 3;
    case 323: // I64_TRUNC_SAT_F32_S
      i64TruncSat(I, fp + code[pc + 1], ex.f32[fp + code[pc + 2]], true);
      return pc + 3;
    case 324: // I64_TRUNC_SAT_F32_U
      i64TruncSat(I, fp + code[pc + 1], ex.f32[fp + code[pc + 2]], false);
      return pc + 3;
    case 325: // I64_TRUNC_SAT_F64_S
      i64TruncSat(I, fp + code[pc + 1], ex.f64[(fp + code[pc + 2]) >> 1], true);
      return pc + 3;
    case 326: // I64_TRUNC_SAT_F64_U
      i64TruncSat(I, fp + code[pc + 1], ex.f64[(fp + code[pc + 2]) >> 1], false);
      return pc + 3;
  }
  throw new CompileError(`internal: unknown interpreter op ${op} at ${pc}`);
}

const EMPTY_BYTES = new Uint8Array(0);
