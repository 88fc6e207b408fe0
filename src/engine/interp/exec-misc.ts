/**
 * The executor's rare instructions (op numbers from MISC_BASE): v128 constants/selects/globals,
 * reference-typed globals and selects, tables, bulk memory and saturating truncation.
 */

import { CompileError } from '../../api/errors.js';
import { dataDrop, elemDrop, memoryCopy, memoryFill, memoryInit, tableCopy, tableFill, tableGet, tableGrow, tableInit, tableSet } from './bulk.js';
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
    case 307: // TABLE_GET
      R[fp + code[pc + 1]] = tableGet(inst.tables[code[pc + 2]], I[fp + code[pc + 3]]);
      return pc + 4;
    case 308: // TABLE_SET
      tableSet(inst.tables[code[pc + 1]], I[fp + code[pc + 2]], R[fp + code[pc + 3]]);
      return pc + 4;
    case 309: // TABLE_SIZE
      I[fp + code[pc + 1]] = inst.tables[code[pc + 2]].elements.length;
      return pc + 3;
    case 310: // TABLE_GROW
      I[fp + code[pc + 1]] = tableGrow(inst.tables[code[pc + 2]], R[fp + code[pc + 3]], I[fp + code[pc + 4]]);
      return pc + 5;
    case 311: // TABLE_FILL
      tableFill(inst.tables[code[pc + 1]], I[fp + code[pc + 2]], R[fp + code[pc + 3]], I[fp + code[pc + 4]]);
      return pc + 5;
    case 312: // TABLE_COPY
      tableCopy(inst.tables[code[pc + 1]], inst.tables[code[pc + 2]], I[fp + code[pc + 3]], I[fp + code[pc + 4]], I[fp + code[pc + 5]]);
      return pc + 6;
    case 313: // TABLE_INIT
      tableInit(inst.tables[code[pc + 1]], inst.elems[code[pc + 2]], I[fp + code[pc + 3]], I[fp + code[pc + 4]], I[fp + code[pc + 5]]);
      return pc + 6;
    case 314: // ELEM_DROP
      elemDrop(inst.elems, code[pc + 1]);
      return pc + 2;
    case 315: // MEMORY_INIT
      memoryInit(inst.memory0!, inst.datas[code[pc + 1]], I[fp + code[pc + 2]], I[fp + code[pc + 3]], I[fp + code[pc + 4]]);
      return pc + 5;
    case 316: // DATA_DROP
      dataDrop(inst.datas, code[pc + 1]);
      return pc + 2;
    case 317: // MEMORY_COPY
      memoryCopy(inst.memory0!, I[fp + code[pc + 1]], I[fp + code[pc + 2]], I[fp + code[pc + 3]]);
      return pc + 4;
    case 318: // MEMORY_FILL
      memoryFill(inst.memory0!, I[fp + code[pc + 1]], I[fp + code[pc + 2]], I[fp + code[pc + 3]]);
      return pc + 4;
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
