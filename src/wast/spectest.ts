/**
 * The `spectest` host module the spec scripts import: print functions, four immutable globals of
 * value 666 / 666.6, a funcref table of 10..20 and a memory of 1..2 pages.
 */

import type { Linker } from '../runtime/linker.js';
import { f32ToBits, f64ToBits } from '../util/float-bits.js';

/** Defines the `spectest` module in `linker`. `print` receives what the print functions print. */
export function defineSpectest(linker: Linker, print: (line: string) => void = () => {}): void {
  const fmt = (...args: unknown[]) => print(args.map(String).join(' '));
  linker.defineFunc('spectest', 'print', { params: [], results: [] }, () => fmt());
  linker.defineFunc('spectest', 'print_i32', { params: ['i32'], results: [] }, (x) => fmt(x, ': i32'));
  linker.defineFunc('spectest', 'print_i64', { params: ['i64'], results: [] }, (x) => fmt(x, ': i64'));
  linker.defineFunc('spectest', 'print_f32', { params: ['f32'], results: [] }, (x) => fmt(x, ': f32'));
  linker.defineFunc('spectest', 'print_f64', { params: ['f64'], results: [] }, (x) => fmt(x, ': f64'));
  linker.defineFunc('spectest', 'print_i32_f32', { params: ['i32', 'f32'], results: [] }, (x, y) => fmt(x, y));
  linker.defineFunc('spectest', 'print_f64_f64', { params: ['f64', 'f64'], results: [] }, (x, y) => fmt(x, y));
  linker.defineGlobal('spectest', 'global_i32', { valType: 'i32', mutable: false }, { type: 'i32', value: 666 });
  linker.defineGlobal('spectest', 'global_i64', { valType: 'i64', mutable: false }, { type: 'i64', value: 666n });
  linker.defineGlobal('spectest', 'global_f32', { valType: 'f32', mutable: false }, { type: 'f32', bits: f32ToBits(666.6) });
  linker.defineGlobal('spectest', 'global_f64', { valType: 'f64', mutable: false }, { type: 'f64', bits: f64ToBits(666.6) });
  linker.defineTable('spectest', 'table', { elemType: 'funcref', limits: { min: 10, max: 20 } });
  linker.defineMemory('spectest', 'memory', { limits: { min: 1, max: 2 } });
}
