/** The table section (id 4): the type of each defined table. */

import type { TableType } from '../../../api/types.js';
import type { BinaryReader } from '../binary-reader.js';

/** Reads the contents of a table section. */
export function readTableSection(r: BinaryReader, out: TableType[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    out.push(r.tableType());
  }
}
