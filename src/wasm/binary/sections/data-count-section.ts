/** The data count section (id 12): the number of data segments, announced before the code section. */

import type { BinaryReader } from '../binary-reader.js';

/** Reads the contents of a data count section. */
export function readDataCountSection(r: BinaryReader): number {
  return r.u32();
}
