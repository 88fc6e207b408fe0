/**
 * On-stack replacement: loop back edges are counted in the interpreter, and a hot loop continues
 * in compiled code without waiting for the function to return.
 *
 * The interpreter runs an *instrumented* body for functions with eligible loops (an empty operand
 * stack at the loop, no loop parameters): at the top of each such loop a probe is inserted into the
 * wasm bytes before they are translated by the interpreter's own translator:
 *
 * ```
 * i32.const f; i32.const k; call $osrCheck        ;; counts the iteration: 1 = continue compiled
 * if
 *   local.get 0 ... local.get n-1                 ;; the frame: every local
 *   i32.const f; i32.const k; call $osrEnter       ;; runs the OSR entry of loop k to the end
 *   return                                         ;; ...and returns its results
 * end
 * ```
 *
 * `$osrCheck` and `$osrEnter` are host functions appended after the module's function space (like
 * the tier-up stub's, see stub.ts); `$osrEnter`'s type passes f32 and f64 locals as their bits. The
 * OSR entry (compiler.ts, OsrTarget) is the function compiled with every local as a parameter and
 * control starting at that loop: the code before it on the way in is skipped, the enclosing `if`s
 * take the arm that holds it, and the rest of the function runs normally.
 *
 * The byte offsets the interpreter records for traps are mapped back to the original body. Fuel
 * metering never runs the interpreter (resumable.ts), so the probes do not change fuel accounting.
 */

import type { FuncType, ValType } from '../../api/types.js';
import { ByteWriter } from '../../util/byte-writer.js';
import { Op } from '../../wasm/opcodes.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import { type FuncBody, translateFunction } from '../interp/index.js';
import type { OsrLoop } from './codegen/compiler.js';

/** The type of the OSR check: (function index, loop number) -> continue compiled (1) or not (0). */
export const OSR_CHECK_TYPE: FuncType = { params: ['i32', 'i32'], results: ['i32'] };

/** The bits type of a value for the host functions of the tiers (f32 as i32, f64 as i64). */
export function bitsType(t: ValType): ValType {
  return t === 'f32' ? 'i32' : t === 'f64' ? 'i64' : t;
}

/** The type of the OSR entry of a function: (its locals as bits..., function, loop) -> results as bits. */
export function osrEnterType(locals: readonly ValType[], results: readonly ValType[]): FuncType {
  return { params: [...locals.map(bitsType), 'i32', 'i32'], results: results.map(bitsType) };
}

/** The probe bytes of loop `k` of function `f`. */
function probe(w: ByteWriter, f: number, k: number, nLocals: number, check: number, enter: number): void {
  w.u8(Op.i32_const).s32(f).u8(Op.i32_const).s32(k).u8(Op.call).u32(check);
  w.u8(Op.if).u8(0x40);
  for (let i = 0; i < nLocals; i++) w.u8(Op.local_get).u32(i);
  w.u8(Op.i32_const).s32(f).u8(Op.i32_const).s32(k).u8(Op.call).u32(enter);
  w.u8(Op.return).u8(Op.end);
}

/**
 * The interpreter body of function `funcIdx` with OSR probes at `loops`: the function's bytes with
 * the probes inserted, translated by the interpreter, with its trap offsets mapped back.
 */
export function instrumentedBody(
  vm: ValidatedModule,
  funcIdx: number,
  loops: readonly OsrLoop[],
  check: number,
  enter: number,
  opts: { metering: boolean; typeIds: readonly number[] },
): FuncBody {
  const m = vm.module;
  const di = funcIdx - vm.numImportedFuncs;
  const def = m.funcs[di]!;
  const info = vm.funcInfo[di]!;
  const body = def.body;
  const w = new ByteWriter();
  /** Inserted ranges in the new bytes: [start, end, original offset of the loop]. */
  const inserted: [number, number, number][] = [];
  let pos = body.start;
  const sorted = [...loops].sort((a, b) => a.after - b.after);
  sorted.forEach((l) => {
    w.bytes(body.bytes.subarray(pos, l.after));
    pos = l.after;
    const at = w.length;
    probe(w, funcIdx, loops.indexOf(l), info.localTypes.length, check, enter);
    inserted.push([at, w.length, l.loop]);
  });
  w.bytes(body.bytes.subarray(pos, body.end));
  const bytes = w.finish();
  const funcs = m.funcs.slice();
  funcs[di] = { ...def, body: { bytes, start: 0, end: bytes.length } };
  const funcTypes = vm.funcTypes.slice();
  funcTypes[check] = OSR_CHECK_TYPE;
  funcTypes[enter] = osrEnterType(info.localTypes, vm.funcTypes[funcIdx]!.results);
  const translated = translateFunction({ ...vm, module: { ...m, funcs }, funcTypes }, funcIdx, opts);
  // Map the new bytes' offsets back to the module's: skip the inserted bytes before each offset; an
  // offset inside a probe belongs to its loop.
  const offsets = translated.offsets.map((o) => {
    let shift = 0;
    for (const [a, b, loop] of inserted) {
      if (o >= b) shift += b - a;
      else if (o >= a) return loop;
    }
    return o < 0 ? o : body.start + o - shift;
  });
  return { ...translated, offsets };
}
