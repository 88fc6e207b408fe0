/**
 * Validation of constant expressions (global initialisers, segment offsets, element
 * expressions): Wasm 2.0 allows only `t.const`, `v128.const`, `ref.null`, `ref.func` and
 * `global.get` of an immutable imported global, and the expression must produce exactly one value
 * of the expected type.
 */

import { CompileError } from '../../api/errors.js';
import { CodeReader } from '../binary/code-reader.js';
import { Feature, withFeature } from '../binary/features.js';
import { codeErrorOffset } from '../binary/synthetic-code.js';
import type { Code } from '../module.js';
import { VALTYPE_CODES } from '../module.js';
import type { ModuleContext } from './module-context.js';
import { F32, F64, FUNCREF, I32, I64, UNKNOWN, V128, typeName } from './op-types.js';

/** Opcodes of the extended-const proposal (integer add, sub, mul in constant expressions). */
const EXTENDED_CONST_OPS: ReadonlySet<number> = new Set([0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e]);

/**
 * Checks that `code` is a constant expression producing one value of type code `expected`.
 * Function indices named by `ref.func` are added to `refs` (they count as declared).
 * `funcCount` is the size of the function index space.
 */
export function validateConstExpr(
  code: Code,
  expected: number,
  c: ModuleContext,
  funcCount: number,
  refs: Set<number>,
): void {
  const r = new CodeReader(code);
  let count = 0;
  let produced = UNKNOWN;
  const fail = (message: string, at: number): never => {
    throw new CompileError(message, codeErrorOffset(code, at));
  };
  for (;;) {
    if (r.pos >= r.end) fail(r.eofMessage, r.end);
    const at = r.pos;
    const b = r.bytes[r.pos++]!;
    let t = UNKNOWN;
    switch (b) {
      case 0x0b:
        if (r.pos !== r.end) fail('operators remaining after end of constant expression', r.pos);
        if (count !== 1 || produced !== expected) {
          const has = count === 0 ? 'nothing' : count === 1 ? typeName(produced) : `${count} values`;
          fail(`type mismatch: constant expression must produce ${typeName(expected)} but produces ${has}`, at);
        }
        return;
      case 0x41:
        r.s32();
        t = I32;
        break;
      case 0x42:
        r.s64();
        t = I64;
        break;
      case 0x43:
        r.f32Bits();
        t = F32;
        break;
      case 0x44:
        r.f64Bits();
        t = F64;
        break;
      case 0xd0:
        t = VALTYPE_CODES[r.refType()];
        break;
      case 0xd2: {
        const f = r.u32();
        if (f >= funcCount) fail(`unknown function ${f}`, at);
        refs.add(f);
        t = FUNCREF;
        break;
      }
      case 0x23: {
        const g = r.u32();
        if (g >= c.numImportedGlobals) fail(`unknown global ${g}`, at);
        if (c.globalMutable[g]) fail('constant expression required: global.get of a mutable global', at);
        t = c.globalTypes[g]!;
        break;
      }
      case 0xfd: {
        if (r.u32() !== 0x0c) fail('constant expression required', at);
        r.v128();
        t = V128;
        break;
      }
      default:
        return fail(withFeature('constant expression required', EXTENDED_CONST_OPS.has(b) ? Feature.extendedConst : undefined), at);
    }
    if (count++ === 0) produced = t;
  }
}
