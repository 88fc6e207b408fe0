/** A disassembler for the interpreter's internal code (debugging, tests and the JIT's tooling). */

import { OP_INFO } from '../../wasm/opcodes.js';
import type { FuncBody } from './func-body.js';
import { IOP_NAMES, IOP_OPERANDS, SIMD_BASE } from './ops.js';

/** The operand names of internal op `op` (BR_TABLE's targets are listed as `t*`). */
export function operandsOf(op: number): string[] {
  if (op >= SIMD_BASE) return simdOperands(op - SIMD_BASE);
  const name = IOP_NAMES.get(op);
  if (name === undefined) throw new Error(`internal: unknown interpreter op ${op}`);
  const s = IOP_OPERANDS[name];
  return s ? s.split(' ') : [];
}

/** Operand layout of a SIMD op, as the translator emits it (see translate-other.ts). */
function simdOperands(sub: number): string[] {
  const info = OP_INFO.get(0xfd00 | sub);
  if (info === undefined) throw new Error(`internal: unknown SIMD op ${sub}`);
  const [ins, out] = info.sig!.split(':') as [string, string];
  switch (info.imm) {
    case 'memarg':
      return out ? ['d', 'a', 'off'] : ['a', 'v', 'off'];
    case 'memarg_lane':
      return out ? ['d', 'a', 'v', 'off', 'lane'] : ['a', 'v', 'off', 'lane'];
    case 'lane':
      return ins.length === 1 ? ['d', 'a', 'lane'] : ['d', 'a', 'b', 'lane'];
    case 'shuffle':
      return ['d', 'a', 'b', 'w0', 'w1', 'w2', 'w3'];
    default:
      return ['d', ...['a', 'b', 'c'].slice(0, ins.length)];
  }
}

/** The name of internal op `op`. */
export function opNameOf(op: number): string {
  if (op >= SIMD_BASE) return OP_INFO.get(0xfd00 | (op - SIMD_BASE))?.name ?? `simd?${op}`;
  return IOP_NAMES.get(op) ?? `?${op}`;
}

/** One line per instruction: `pc: NAME operand=value ...`. */
export function disassemble(body: FuncBody): string {
  const code = body.code;
  const lines: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const op = code[pc]!;
    if (opNameOf(op) === 'CONSTS') {
      const n = code[pc + 1]!;
      const parts: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = pc + 2 + 3 * i;
        parts.push(`[${code[k]}]=${code[k + 1]},${code[k + 2]}`);
      }
      lines.push(`${String(pc).padStart(5)}: CONSTS ${parts.join(' ')}`);
      pc += 2 + 3 * n;
      continue;
    }
    const names = operandsOf(op);
    const parts: string[] = [];
    let k = pc + 1;
    for (const n of names) {
      if (n === 't*') {
        const count = code[pc + 2]! + 1;
        const ts: number[] = [];
        for (let i = 0; i < count; i++) ts.push(code[k++]!);
        parts.push(`targets=[${ts.join(',')}]`);
      } else {
        parts.push(`${n}=${code[k++]}`);
      }
    }
    lines.push(`${String(pc).padStart(5)}: ${opNameOf(op)} ${parts.join(' ')}`.trimEnd());
    pc = k;
  }
  return lines.join('\n');
}
