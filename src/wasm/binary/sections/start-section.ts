/** The start section (id 8): the index of the start function. */

import type { BinaryReader } from '../binary-reader.js';

/** Reads the contents of a start section. */
export function readStartSection(r: BinaryReader): number {
  return r.u32();
}
