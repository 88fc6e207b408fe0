/**
 * Translation of the instructions outside the core arithmetic: globals, memory size/growth,
 * references, tables, bulk memory and all of SIMD.
 */

import { CompileError } from '../../api/errors.js';
import type { ValType } from '../../api/types.js';
import { Op, OP_INFO } from '../../wasm/opcodes.js';
import { IOp, SIMD_BASE } from './ops.js';
import type { Translator } from './translate.js';

const SIG_TYPES: Readonly<Record<string, ValType>> = { i: 'i32', I: 'i64', f: 'f32', F: 'f64', v: 'v128' };

/** Translates one instruction not handled by the core translator. */
export function translateOther(t: Translator, op: number): void {
  const r = t.reader;
  const code = t.code;
  switch (op) {
    case Op.global_get: {
      const g = r.u32();
      const type = t.vm.globalTypes[g]!.valType;
      t.emitResultOp(globalOp(type, 'get'), type, [g]);
      return;
    }
    case Op.global_set: {
      const g = r.u32();
      const e = t.pop();
      code.push(globalOp(e.type, 'set'), g, t.use(e));
      t.lastResult = null;
      return;
    }
    case Op.memory_size:
      r.zeroByte();
      t.emitResultOp(IOp.MEMORY_SIZE, 'i32', []);
      return;
    case Op.memory_grow: {
      r.zeroByte();
      const a = t.pop();
      t.emitResultOp(IOp.MEMORY_GROW, 'i32', [t.use(a)]);
      return;
    }
    case Op.ref_null: {
      const type = r.refType();
      t.pushConst(type, 0);
      return;
    }
    case Op.ref_is_null: {
      const a = t.pop();
      t.emitResultOp(IOp.REF_IS_NULL, 'i32', [t.use(a)]);
      return;
    }
    case Op.ref_func:
      t.emitResultOp(IOp.REF_FUNC, 'funcref', [r.u32()]);
      return;
    case Op.table_get: {
      const table = r.u32();
      const a = t.pop();
      t.emitResultOp(IOp.TABLE_GET, t.vm.tableTypes[table]!.elemType, [table, t.use(a)]);
      return;
    }
    case Op.table_set: {
      const table = r.u32();
      const v = t.pop();
      const a = t.pop();
      const ca = t.use(a);
      code.push(IOp.TABLE_SET, table, ca, t.use(v));
      t.lastResult = null;
      return;
    }
  }
  if (op >= 0xfc00 && op < 0xfd00) {
    bulkOp(t, op);
    return;
  }
  if (op >= 0xfd00) {
    simdOp(t, op);
    return;
  }
  throw new CompileError(`internal: the interpreter cannot translate opcode 0x${op.toString(16)}`, r.opStart);
}

function globalOp(type: ValType, dir: 'get' | 'set'): number {
  switch (type) {
    case 'i32':
    case 'f32':
      return dir === 'get' ? IOp.GLOBAL_GET32 : IOp.GLOBAL_SET32;
    case 'i64':
    case 'f64':
      return dir === 'get' ? IOp.GLOBAL_GET64 : IOp.GLOBAL_SET64;
    case 'v128':
      return dir === 'get' ? IOp.GLOBAL_GET128 : IOp.GLOBAL_SET128;
    default:
      return dir === 'get' ? IOp.GLOBAL_GET_REF : IOp.GLOBAL_SET_REF;
  }
}

/** Pops `n` entries and returns their cells, deepest first. */
function operands(t: Translator, n: number): number[] {
  const es = [];
  for (let i = 0; i < n; i++) es.push(t.pop());
  es.reverse();
  return es.map((e) => t.use(e));
}

function bulkOp(t: Translator, op: number): void {
  const r = t.reader;
  const code = t.code;
  t.lastResult = null;
  switch (op) {
    case Op.i32_trunc_sat_f32_s:
    case Op.i32_trunc_sat_f32_u:
    case Op.i32_trunc_sat_f64_s:
    case Op.i32_trunc_sat_f64_u:
    case Op.i64_trunc_sat_f32_s:
    case Op.i64_trunc_sat_f32_u:
    case Op.i64_trunc_sat_f64_s:
    case Op.i64_trunc_sat_f64_u: {
      const sub = op & 0xff;
      const a = t.pop();
      t.emitResultOp(IOp.I32_TRUNC_SAT_F32_S + sub, sub < 4 ? 'i32' : 'i64', [t.use(a)]);
      return;
    }
    case Op.memory_init: {
      const seg = r.u32();
      r.zeroByte();
      code.push(IOp.MEMORY_INIT, seg, ...operands(t, 3));
      return;
    }
    case Op.data_drop:
      code.push(IOp.DATA_DROP, r.u32());
      return;
    case Op.memory_copy:
      r.zeroByte();
      r.zeroByte();
      code.push(IOp.MEMORY_COPY, ...operands(t, 3));
      return;
    case Op.memory_fill:
      r.zeroByte();
      code.push(IOp.MEMORY_FILL, ...operands(t, 3));
      return;
    case Op.table_init: {
      const seg = r.u32();
      const table = r.u32();
      code.push(IOp.TABLE_INIT, table, seg, ...operands(t, 3));
      return;
    }
    case Op.elem_drop:
      code.push(IOp.ELEM_DROP, r.u32());
      return;
    case Op.table_copy: {
      const dst = r.u32();
      const src = r.u32();
      code.push(IOp.TABLE_COPY, dst, src, ...operands(t, 3));
      return;
    }
    case Op.table_grow: {
      const table = r.u32();
      const [v, n] = operands(t, 2);
      t.emitResultOp(IOp.TABLE_GROW, 'i32', [table, v!, n!]);
      return;
    }
    case Op.table_size:
      t.emitResultOp(IOp.TABLE_SIZE, 'i32', [r.u32()]);
      return;
    case Op.table_fill: {
      const table = r.u32();
      code.push(IOp.TABLE_FILL, table, ...operands(t, 3));
      return;
    }
  }
  throw new CompileError(`internal: the interpreter cannot translate opcode 0x${op.toString(16)}`, r.opStart);
}

function simdOp(t: Translator, op: number): void {
  const r = t.reader;
  const code = t.code;
  const info = OP_INFO.get(op)!;
  const iop = SIMD_BASE + (op & 0xff);
  const [ins, out] = info.sig!.split(':') as [string, string];
  const resultType = out ? SIG_TYPES[out]! : null;
  switch (info.imm) {
    case 'v128': {
      const b = r.v128();
      const w = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
      t.pushConst('v128', w(0), w(4), w(8), w(12));
      return;
    }
    case 'memarg': {
      const m = r.memArg();
      if (resultType !== null) {
        const [a] = operands(t, 1);
        t.emitResultOp(iop, resultType, [a!, m.offset | 0]);
      } else {
        code.push(iop, ...operands(t, 2), m.offset | 0);
        t.lastResult = null;
      }
      return;
    }
    case 'memarg_lane': {
      const m = r.memArg();
      const lane = r.lane();
      if (resultType !== null) {
        const [a, v] = operands(t, 2);
        t.emitResultOp(iop, resultType, [a!, v!, m.offset | 0, lane]);
      } else {
        code.push(iop, ...operands(t, 2), m.offset | 0, lane);
        t.lastResult = null;
      }
      return;
    }
    case 'lane': {
      const lane = r.lane();
      t.emitResultOp(iop, resultType!, [...operands(t, ins.length), lane]);
      return;
    }
    case 'shuffle': {
      const b = r.v128();
      const w = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
      t.emitResultOp(iop, 'v128', [...operands(t, 2), w(0), w(4), w(8), w(12)]);
      return;
    }
    case 'none':
      t.emitResultOp(iop, resultType!, operands(t, ins.length));
      return;
  }
  throw new CompileError(`internal: the interpreter cannot translate opcode 0x${op.toString(16)}`, r.opStart);
}
