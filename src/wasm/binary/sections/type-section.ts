/** The type section (id 1): a vector of function types. */

import type { FuncType, ValType } from '../../../api/types.js';
import type { BinaryReader } from '../binary-reader.js';

/** Reads the contents of a type section. */
export function readTypeSection(r: BinaryReader, out: FuncType[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    r.funcTypeForm();
    const params = readResultType(r);
    const results = readResultType(r);
    out.push({ params, results });
  }
}

/** A vector of value types. */
function readResultType(r: BinaryReader): ValType[] {
  const n = r.len32();
  const ts = new Array<ValType>(n);
  for (let i = 0; i < n; i++) ts[i] = r.valType();
  return ts;
}
