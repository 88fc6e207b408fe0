/**
 * Canonicalising sequences: they replace any NaN by the canonical NaN, turning a value whose NaN
 * bits the spec leaves open into one with deterministic bits (see gen-context.ts on exactness).
 */

import type { FuncState } from './gen-context.js';
import { Op } from '../wasm/opcodes.js';
import { F32_CANONICAL_NAN, F64_CANONICAL_NAN } from './interesting-values.js';

/** Replaces the f32/f64 on top of the stack by the canonical NaN when it is a NaN. */
export function canonicalizeScalar(s: FuncState, t: 'f32' | 'f64'): void {
  const tmp = s.scratchLocal(t);
  s.b.localSet(tmp);
  if (t === 'f32') s.b.f32Const(F32_CANONICAL_NAN);
  else s.b.f64Const(F64_CANONICAL_NAN);
  s.b.localGet(tmp);
  s.b.localGet(tmp);
  s.b.localGet(tmp);
  s.b.simple(t === 'f32' ? Op.f32_ne : Op.f64_ne);
  s.b.select();
}

/** Replaces every NaN lane (of shape f32x4 or f64x2) of the v128 on top of the stack by the canonical NaN. */
export function canonicalizeV128(s: FuncState, shape: 'f32x4' | 'f64x2'): void {
  const tmp = s.scratchLocal('v128');
  s.b.localSet(tmp);
  const nan = new Uint8Array(16);
  const view = new DataView(nan.buffer);
  if (shape === 'f32x4') for (let i = 0; i < 4; i++) view.setUint32(i * 4, F32_CANONICAL_NAN, true);
  else for (let i = 0; i < 2; i++) view.setBigUint64(i * 8, F64_CANONICAL_NAN, true);
  s.b.v128Const(nan);
  s.b.localGet(tmp);
  s.b.localGet(tmp);
  s.b.localGet(tmp);
  s.b.simple(shape === 'f32x4' ? Op.f32x4_ne : Op.f64x2_ne);
  s.b.simple(Op.v128_bitselect);
}
