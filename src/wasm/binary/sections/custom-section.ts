/** Custom sections (id 0): a name and uninterpreted bytes, kept verbatim. */

import type { CustomSection } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';

/**
 * Reads the contents of a custom section of `size` bytes starting at the reader's position. The
 * name must be valid UTF-8 and fit in the section; the rest is kept as a view into the module.
 */
export function readCustomSection(r: BinaryReader, size: number): CustomSection {
  const start = r.pos;
  const name = r.name();
  const rest = size - (r.pos - start);
  if (rest < 0) r.fail(r.eofMessage, r.end);
  const offset = r.pos;
  return { name, bytes: r.take(rest), offset };
}
