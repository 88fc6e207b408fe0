/** The function section (id 3): the type index of each defined function. */

import type { BinaryReader } from '../binary-reader.js';

/** Reads the contents of a function section. */
export function readFunctionSection(r: BinaryReader, offsets: number[]): number[] {
  const n = r.len32();
  const typeIdx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    typeIdx[i] = r.u32();
  }
  return typeIdx;
}
