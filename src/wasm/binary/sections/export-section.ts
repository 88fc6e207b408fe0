/** The export section (id 7): name, kind and index of each export. */

import type { Export } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';
import { Feature, withFeature } from '../features.js';

const KINDS: readonly Export['kind'][] = ['func', 'table', 'memory', 'global'];

/** Reads the contents of an export section. */
export function readExportSection(r: BinaryReader, out: Export[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    const name = r.name();
    const at = r.pos;
    const k = r.u8();
    const kind = KINDS[k];
    if (kind === undefined) r.fail(withFeature('malformed export kind', k === 0x04 ? Feature.exceptions : undefined), at);
    out.push({ name, kind, index: r.u32() });
  }
}
