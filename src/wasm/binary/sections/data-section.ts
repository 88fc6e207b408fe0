/**
 * The data section (id 11), in the three encodings of Wasm 2.0: active in memory 0, passive, and
 * active with an explicit memory index. Segment bytes are views into the module, not copies.
 */

import type { DataSegment } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';
import type { ExprWalker } from '../expr-walker.js';

/** Reads the contents of a data section. */
export function readDataSection(r: BinaryReader, walker: ExprWalker, out: DataSegment[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    out.push(readSegment(r, walker));
  }
}

function readSegment(r: BinaryReader, walker: ExprWalker): DataSegment {
  const at = r.pos;
  const flags = r.u32();
  switch (flags) {
    case 0: {
      const offset = walker.expr(r);
      return { mode: 'active', memory: 0, offset, bytes: readBytes(r) };
    }
    case 1:
      return { mode: 'passive', memory: 0, offset: null, bytes: readBytes(r) };
    case 2: {
      const memory = r.u32();
      const offset = walker.expr(r);
      return { mode: 'active', memory, offset, bytes: readBytes(r) };
    }
    default:
      return r.fail('malformed data segment kind', at);
  }
}

function readBytes(r: BinaryReader): Uint8Array {
  return r.take(r.len32());
}
