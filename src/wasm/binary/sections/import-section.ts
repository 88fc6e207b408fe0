/** The import section (id 2): module name, item name and description of each import. */

import type { Import, ImportDesc } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';
import { Feature, withFeature } from '../features.js';

/** Reads the contents of an import section. */
export function readImportSection(r: BinaryReader, out: Import[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    const module = r.name();
    const name = r.name();
    out.push({ module, name, desc: readImportDesc(r) });
  }
}

function readImportDesc(r: BinaryReader): ImportDesc {
  const at = r.pos;
  const kind = r.u8();
  switch (kind) {
    case 0x00:
      return { kind: 'func', typeIdx: r.u32() };
    case 0x01:
      return { kind: 'table', type: r.tableType() };
    case 0x02:
      return { kind: 'memory', type: r.memoryType() };
    case 0x03:
      return { kind: 'global', type: r.globalType() };
    default:
      return r.fail(withFeature('malformed import kind', kind === 0x04 ? Feature.exceptions : undefined), at);
  }
}
