/**
 * Code generation for variables, references, tables and calls: local.get/set/tee, global.get/set,
 * select, ref.null/is_null/func, the table instructions, call and call_indirect.
 *
 * Calling convention of compiled functions (see README.md): `f(d, ...args)` where `d` is the
 * callee's call depth (absent when the engine does not count depth), an i64 argument is two int32 arguments (low, high), f32 and f64 are numbers,
 * v128 an Int32Array and references as they are. One result is the return value (an i64 returns
 * its low word and leaves the high word in `RET[0]`); several results come back as an array with
 * i64 values flattened to two entries.
 */

import type { FuncType, ValType } from '../../../api/types.js';
import { Op } from '../../../wasm/opcodes.js';
import { alignOf } from './align.js';
import type { FuncCompiler } from './compiler.js';
import { inlineSelfCall } from './inline.js';
import { Kind } from './values.js';

/** The global `i`'s preamble alias. */
function globalRef(fc: FuncCompiler, i: number): string {
  fc.use('G');
  return fc.constant(`G[${i}]`);
}

/** The preamble alias of table `i` (an InterpTable). */
export function tableRef(fc: FuncCompiler, i: number): string {
  fc.use('T');
  return fc.constant(`T[${i}]`);
}

/** Emits `global.get`. */
function globalGet(fc: FuncCompiler, i: number): void {
  const vm = fc.vm;
  const gt = vm.globalTypes[i]!;
  const t = gt.valType;
  const g = globalRef(fc, i);
  // Note: an immutable global never changes after instantiation: read it once per instance.
  const read = (e: string): string => (gt.mutable ? e : fc.constant(e));
  switch (t) {
    case 'i32':
      fc.pushPending('i32', read(`${g}.w0`));
      return;
    case 'f32':
      fc.pushPending('f32', read(`${fc.use('f32FromBits')}(${g}.w0)`));
      return;
    case 'f64':
      fc.pushPending('f64', read(`${fc.use('f64FromWords')}(${g}.w0, ${g}.w1)`));
      return;
    case 'v128':
      fc.pushPending('v128', read(`Int32Array.of(${g}.w0, ${g}.w1, ${g}.w2, ${g}.w3)`));
      return;
    case 'i64': {
      if (!gt.mutable) {
        fc.pushConst('i64', fc.constant(`${g}.w0`), fc.constant(`${g}.w1`));
        return;
      }
      const d = fc.stack.length;
      fc.emit(`${fc.resultHome('i64')} = ${g}.w0; ${fc.homeHi(d)} = ${g}.w1;`);
      fc.pushTemp('i64');
      return;
    }
    default:
      fc.pushPending(t, read(`${g}.ref`));
  }
}

/** Emits `global.set`. */
function globalSet(fc: FuncCompiler, i: number): void {
  const t = fc.vm.globalTypes[i]!.valType;
  const g = globalRef(fc, i);
  switch (t) {
    case 'i32':
      fc.emit(`${g}.w0 = ${fc.popE()};`);
      return;
    case 'f32':
      fc.emit(`${g}.w0 = ${fc.use('f32ToBits')}(${fc.popE()});`);
      return;
    case 'f64':
      fc.use('RET');
      fc.emit(`${g}.w0 = ${fc.use('f64ToWords')}(${fc.popE()}); ${g}.w1 = RET[0];`);
      return;
    case 'i64': {
      const [l, h] = fc.popI64();
      fc.emit(`${g}.w0 = ${l}; ${g}.w1 = ${h};`);
      return;
    }
    case 'v128': {
      const v = fc.popSimple();
      fc.emit(`${g}.w0 = ${v}[0]; ${g}.w1 = ${v}[1]; ${g}.w2 = ${v}[2]; ${g}.w3 = ${v}[3];`);
      return;
    }
    default:
      fc.emit(`${g}.ref = ${fc.popE()};`);
  }
}

/** Emits `local.set` (and the store half of `local.tee`). */
function localSet(fc: FuncCompiler, i: number): void {
  const v = fc.pop();
  const dst = fc.local(i);
  fc.flush();
  fc.materializeLocal(i);
  if (fc.boolLocals.has(i)) {
    // A boolean local (see compiler.ts, booleanLocals).
    const c = v.k === Kind.Cond ? v.e : `(${v.e} !== 0)`;
    if (c !== dst.e) fc.out.push(`${dst.e} = ${c};`);
    return;
  }
  const e = v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
  if (dst.t === 'i32' && fc.align !== null) fc.align.cur[i] = alignOf(v);
  if (dst.t === 'i64') {
    if (v.e !== dst.e || v.h !== dst.h) fc.out.push(`${dst.e} = ${e}; ${dst.h} = ${v.h};`);
  } else if (e !== dst.e) {
    fc.out.push(`${dst.e} = ${e};`);
  }
}

/** Pops a call's arguments (types `params`) as argument expressions. */
function popArgs(fc: FuncCompiler, params: readonly ValType[]): string[] {
  const parts: string[][] = [];
  for (let i = params.length - 1; i >= 0; i--) {
    const v = fc.pop();
    const e = v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
    parts.push(v.t === 'i64' ? [e, v.h] : [e]);
  }
  return parts.reverse().flat();
}

/** Emits a call expression `callee` with the results of type `type` pushed. */
function emitCall(fc: FuncCompiler, type: FuncType, call: string): void {
  const results = type.results;
  if (results.length === 0) {
    fc.emit(`${call};`);
    fc.reloadViews();
    return;
  }
  if (results.length === 1) {
    const t = results[0]!;
    const d = fc.stack.length;
    if (t === 'i64') {
      fc.use('RET');
      fc.emit(`${fc.resultHome('i64')} = ${call}; ${fc.homeHi(d)} = RET[0];`);
    } else {
      fc.emit(`${fc.resultHome(t)} = ${call};`);
    }
    fc.reloadViews();
    fc.pushTemp(t);
    return;
  }
  // Several results come back in the scratch (rt/scratch.ts).
  fc.use('MR');
  fc.emit(`${call};`);
  results.forEach((t, k) => {
    const d = fc.stack.length;
    const home = fc.resultHome(t);
    if (t === 'i32') fc.out.push(`${home} = MR.ri[${2 * k}];`);
    else if (t === 'i64') fc.out.push(`${home} = MR.ri[${2 * k}]; ${fc.homeHi(d)} = MR.ri[${2 * k + 1}];`);
    else if (t === 'f32' || t === 'f64') fc.out.push(`${home} = MR.rf[${k}];`);
    else fc.out.push(`${home} = MR.ro[${k}];`);
    fc.pushTemp(t);
  });
  fc.reloadViews();
}

/** Emits a variable, reference, table or call instruction; returns false when `op` is not one. */
export function emitAccess(fc: FuncCompiler, op: number): boolean {
  const r = fc.reader;
  switch (op) {
    case Op.local_get:
      fc.push(fc.local(r.u32()));
      return true;
    case Op.local_set:
      localSet(fc, r.u32());
      return true;
    case Op.local_tee: {
      const i = r.u32();
      localSet(fc, i);
      fc.push(fc.local(i));
      return true;
    }
    case Op.global_get:
      globalGet(fc, r.u32());
      return true;
    case Op.global_set:
      globalSet(fc, r.u32());
      return true;
    case Op.select:
    case Op.select_t: {
      if (op === Op.select_t) r.selectTypes();
      const c = fc.popCond();
      const b = fc.pop();
      const a = fc.pop();
      if (a.t === 'i64') {
        const d = fc.stack.length;
        const q = fc.scratch('q0');
        fc.emit(`${q} = ${c} ? ${a.e} : ${b.e}; ${fc.homeHi(d)} = ${c} ? ${a.h} : ${b.h}; ${fc.resultHome('i64')} = ${q};`);
        fc.pushTemp('i64');
      } else {
        const ae = a.k === Kind.Cond ? `(${a.e} | 0)` : a.e;
        const be = b.k === Kind.Cond ? `(${b.e} | 0)` : b.e;
        fc.pushPending(a.t, `(${c} ? ${ae} : ${be})`);
      }
      return true;
    }
    case Op.ref_null:
      fc.pushConst(r.refType(), 'null');
      return true;
    case Op.ref_is_null:
      fc.pushCond(`(${fc.popE()} === null)`);
      return true;
    case Op.ref_func: {
      fc.use('FN');
      fc.pushConst('funcref', fc.constant(`FN[${r.u32()}]`));
      return true;
    }
    case Op.call: {
      const j = r.u32();
      const type = fc.vm.funcTypes[j]!;
      const params = popArgs(fc, type.params);
      if (j === fc.funcIdx && inlineSelfCall(fc, type, params, fc.inlineCopies)) return true;
      const args = [...fc.depthArg(), ...params].join(', ');
      // Note: an OSR entry is not the function itself (its parameters are all the locals).
      const callee = j === fc.funcIdx && !fc.opts.osr ? fc.selfName : `${fc.use('F')}[${j}]`;
      emitCall(fc, type, fc.call(callee, args));
      return true;
    }
    case Op.call_indirect: {
      const typeIdx = r.u32();
      const table = r.u32();
      const type = fc.vm.module.types[typeIdx]!;
      const idx = fc.popE();
      const args = [...fc.depthArg(), ...popArgs(fc, type.params)].join(', ');
      const fr = fc.scratch('fr', 'null');
      const elems = fc.constant(`${tableRef(fc, table)}.elements`);
      fc.emit(`${fr} = ${fc.use('callTarget')}(${elems}, ${idx}, ${fc.opts.typeIds[typeIdx]});`);
      emitCall(fc, type, fc.call(`${fr}.${fc.opts.resumable ? 'gcall' : 'jcall'}`, args));
      return true;
    }
    case Op.table_get: {
      const ti = r.u32();
      const t = tableRef(fc, ti);
      const et = fc.vm.tableTypes[ti]!.elemType;
      const i = fc.popE();
      fc.emit(`${fc.resultHome(et)} = ${fc.use('tableGet')}(${t}, ${i});`);
      fc.pushTemp(et);
      return true;
    }
    case Op.table_set: {
      const t = tableRef(fc, r.u32());
      const v = fc.popE();
      const i = fc.popE();
      fc.emit(`${fc.use('tableSet')}(${t}, ${i}, ${v});`);
      return true;
    }
    case Op.table_size: {
      const t = tableRef(fc, r.u32());
      fc.pushPending('i32', `${t}.elements.length`);
      return true;
    }
    case Op.table_grow: {
      const t = tableRef(fc, r.u32());
      const n = fc.popE();
      const init = fc.popE();
      fc.emit(`${fc.resultHome('i32')} = ${fc.use('tableGrow')}(${t}, ${init}, ${n});`);
      fc.pushTemp('i32');
      return true;
    }
    case Op.table_fill: {
      const t = tableRef(fc, r.u32());
      const n = fc.popE();
      const v = fc.popE();
      const i = fc.popE();
      fc.emit(`${fc.use('tableFill')}(${t}, ${i}, ${v}, ${n});`);
      return true;
    }
    case Op.table_copy: {
      const dt = tableRef(fc, r.u32());
      const st = tableRef(fc, r.u32());
      const n = fc.popE();
      const s = fc.popE();
      const d = fc.popE();
      fc.emit(`${fc.use('tableCopy')}(${dt}, ${st}, ${d}, ${s}, ${n});`);
      return true;
    }
    case Op.table_init: {
      const seg = r.u32();
      const t = tableRef(fc, r.u32());
      const n = fc.popE();
      const s = fc.popE();
      const d = fc.popE();
      fc.emit(`${fc.use('tableInit')}(${t}, ${fc.use('EL')}[${seg}], ${d}, ${s}, ${n});`);
      return true;
    }
    case Op.elem_drop:
      fc.emit(`${fc.use('elemDrop')}(${fc.use('EL')}, ${r.u32()});`);
      return true;
  }
  return false;
}
