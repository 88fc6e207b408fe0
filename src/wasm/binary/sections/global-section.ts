/** The global section (id 6): type and initialiser expression of each defined global. */

import type { GlobalDef } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';
import type { ExprWalker } from '../expr-walker.js';

/** Reads the contents of a global section. */
export function readGlobalSection(r: BinaryReader, walker: ExprWalker, out: GlobalDef[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    const type = r.globalType();
    out.push({ type, init: walker.expr(r) });
  }
}
