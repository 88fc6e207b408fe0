/**
 * Evaluation of constant expressions (global initialisers, segment offsets and element items)
 * against a partly built instance.
 */

import { CompileError } from '../../api/errors.js';
import type { Value } from '../../api/values.js';
import { CodeReader } from '../../wasm/binary/code-reader.js';
import type { Code } from '../../wasm/module.js';
import { Op } from '../../wasm/opcodes.js';
import type { InterpFunc } from './func.js';
import type { InterpGlobal } from './global.js';

/** What a constant expression may refer to. */
export interface ConstContext {
  readonly funcs: readonly InterpFunc[];
  readonly globals: readonly InterpGlobal[];
}

/**
 * Evaluates a constant expression (validated) to its single value. Besides the Wasm 2.0
 * instructions it accepts the extended-const `i32`/`i64` add, sub and mul.
 */
export function evalConst(code: Code, ctx: ConstContext): Value {
  const r = new CodeReader(code);
  const stack: Value[] = [];
  for (;;) {
    const op = r.op();
    switch (op) {
      case Op.end: {
        const v = stack.pop();
        if (v === undefined) throw new CompileError('internal: empty constant expression', code.start);
        return v;
      }
      case Op.i32_const:
        stack.push({ type: 'i32', value: r.s32() });
        break;
      case Op.i64_const:
        stack.push({ type: 'i64', value: r.s64() });
        break;
      case Op.f32_const:
        stack.push({ type: 'f32', bits: r.f32Bits() });
        break;
      case Op.f64_const:
        stack.push({ type: 'f64', bits: r.f64Bits() });
        break;
      case Op.v128_const:
        stack.push({ type: 'v128', bytes: r.v128().slice() });
        break;
      case Op.ref_null:
        stack.push({ type: r.refType(), value: null } as Value);
        break;
      case Op.ref_func:
        stack.push({ type: 'funcref', value: ctx.funcs[r.u32()]! });
        break;
      case Op.global_get:
        stack.push(ctx.globals[r.u32()]!.getExact());
        break;
      case Op.i32_add:
      case Op.i32_sub:
      case Op.i32_mul: {
        const b = stack.pop() as { value: number };
        const a = stack.pop() as { value: number };
        const v = op === Op.i32_add ? a.value + b.value : op === Op.i32_sub ? a.value - b.value : Math.imul(a.value, b.value);
        stack.push({ type: 'i32', value: v | 0 });
        break;
      }
      case Op.i64_add:
      case Op.i64_sub:
      case Op.i64_mul: {
        const b = stack.pop() as { value: bigint };
        const a = stack.pop() as { value: bigint };
        const v = op === Op.i64_add ? a.value + b.value : op === Op.i64_sub ? a.value - b.value : a.value * b.value;
        stack.push({ type: 'i64', value: BigInt.asIntN(64, v) });
        break;
      }
      default:
        throw new CompileError(`constant expression required`, r.opStart);
    }
  }
}
