/** The memory section (id 5): the type of each defined memory. */

import type { MemoryType } from '../../../api/types.js';
import type { BinaryReader } from '../binary-reader.js';

/** Reads the contents of a memory section. */
export function readMemorySection(r: BinaryReader, out: MemoryType[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    out.push(r.memoryType());
  }
}
