/**
 * Code generation for SIMD instructions. A v128 is an immutable Int32Array (see
 * rt/simd-scratch.ts); every instruction calls the helper named after it (dots as underscores),
 * driven by the opcode table's signature: `vv:v` becomes `i8x16_add(a, b)`, lane immediates and
 * memory effective addresses become extra arguments. SIMD is compiled, not fast: each operation
 * allocates its result.
 */

import { OP_INFO } from '../../../wasm/opcodes.js';
import type { FuncCompiler } from './compiler.js';

/** The value type of a signature letter. */
const LETTER: Readonly<Record<string, 'i32' | 'i64' | 'f32' | 'f64' | 'v128'>> = {
  i: 'i32',
  I: 'i64',
  f: 'f32',
  F: 'f64',
  v: 'v128',
};

/** Pops operands per signature `ins` (e.g. "vI"); returns argument expressions in order. */
function popOperands(fc: FuncCompiler, ins: string): string[] {
  const parts: string[][] = [];
  for (let i = ins.length - 1; i >= 0; i--) {
    if (ins[i] === 'I') {
      const [l, h] = fc.popI64();
      parts.push([l, h]);
    } else {
      parts.push([fc.popE()]);
    }
  }
  return parts.reverse().flat();
}

/** Pushes the result of helper call `call` (of signature result letter `out`, or none). */
function pushResult(fc: FuncCompiler, out: string, call: string, pure: boolean): void {
  if (out === '') {
    fc.emit(`${call};`);
    return;
  }
  const t = LETTER[out]!;
  if (t === 'i64') {
    fc.use('RET');
    const d = fc.stack.length;
    fc.emit(`${fc.resultHome('i64')} = ${call}; ${fc.homeHi(d)} = RET[0];`);
    fc.pushTemp('i64');
    return;
  }
  if (pure) {
    fc.pushPending(t, call);
    return;
  }
  fc.emit(`${fc.resultHome(t)} = ${call};`);
  fc.pushTemp(t);
}

/** Emits a SIMD instruction; returns false when `op` is not one. */
export function emitSimd(fc: FuncCompiler, op: number): boolean {
  if (op >> 8 !== 0xfd) return false;
  const info = OP_INFO.get(op)!;
  const r = fc.reader;
  const name = info.name.replace(/\./g, '_');
  const [ins, out] = (info.sig ?? ':').split(':') as [string, string];
  switch (info.imm) {
    case 'v128': {
      const b = r.v128();
      const w = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
      fc.pushConst('v128', fc.constant(`Int32Array.of(${w(0)}, ${w(4)}, ${w(8)}, ${w(12)})`));
      return true;
    }
    case 'shuffle': {
      const lanes = Array.from(r.v128());
      const k = fc.constant(`Uint8Array.of(${lanes.join(', ')})`);
      const args = popOperands(fc, ins);
      pushResult(fc, out, `${fc.use(name)}(${args.join(', ')}, ${k})`, true);
      return true;
    }
    case 'lane': {
      const lane = r.lane();
      const args = popOperands(fc, ins);
      // The lane index goes right after the vector operand.
      pushResult(fc, out, `${fc.use(name)}(${[args[0], lane, ...args.slice(1)].join(', ')})`, true);
      return true;
    }
    case 'memarg': {
      const m = r.memArg();
      const args = popOperands(fc, ins);
      fc.use('M');
      const ea = m.offset === 0 ? `${args[0]} >>> 0` : `(${args[0]} >>> 0) + ${m.offset}`;
      pushResult(fc, out, `${fc.use(name)}(M, ${[ea, ...args.slice(1)].join(', ')})`, false);
      return true;
    }
    case 'memarg_lane': {
      const m = r.memArg();
      const lane = r.lane();
      const args = popOperands(fc, ins);
      fc.use('M');
      const ea = m.offset === 0 ? `${args[0]} >>> 0` : `(${args[0]} >>> 0) + ${m.offset}`;
      const size = Number(/(\d+)_lane$/.exec(info.name)![1]) / 8;
      const helper = fc.use(info.name.startsWith('v128.load') ? 'v128_load_lane' : 'v128_store_lane');
      pushResult(fc, out, `${helper}(M, ${ea}, ${args[1]}, ${size}, ${lane})`, false);
      return true;
    }
    default: {
      const args = popOperands(fc, ins);
      pushResult(fc, out, `${fc.use(name)}(${args.join(', ')})`, true);
      return true;
    }
  }
}
