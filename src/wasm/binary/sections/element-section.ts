/**
 * The element section (id 9), in all eight encodings of Wasm 2.0: flag bit 0 selects passive or
 * declarative, bit 1 an explicit table index (active) or declarative (passive), bit 2 expressions
 * instead of function indices.
 */

import type { RefType } from '../../../api/types.js';
import type { Code, ElemSegment } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';
import type { ExprWalker } from '../expr-walker.js';
import type { SyntheticCode } from '../synthetic-code.js';

/** Reads the contents of an element section. */
export function readElementSection(r: BinaryReader, walker: ExprWalker, out: ElemSegment[], offsets: number[]): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    out.push(readSegment(r, walker));
  }
}

function readSegment(r: BinaryReader, walker: ExprWalker): ElemSegment {
  const at = r.pos;
  const flags = r.u32();
  switch (flags) {
    case 0: {
      const offset = walker.expr(r);
      return { mode: 'active', elemType: 'funcref', table: 0, offset, init: readFuncIndices(r) };
    }
    case 1: {
      const elemType = readElemKind(r);
      return { mode: 'passive', elemType, table: 0, offset: null, init: readFuncIndices(r) };
    }
    case 2: {
      const table = r.u32();
      const offset = walker.expr(r);
      const elemType = readElemKind(r);
      return { mode: 'active', elemType, table, offset, init: readFuncIndices(r) };
    }
    case 3: {
      const elemType = readElemKind(r);
      return { mode: 'declarative', elemType, table: 0, offset: null, init: readFuncIndices(r) };
    }
    case 4: {
      const offset = walker.expr(r);
      return { mode: 'active', elemType: 'funcref', table: 0, offset, init: readExprs(r, walker) };
    }
    case 5: {
      const elemType = r.refType();
      return { mode: 'passive', elemType, table: 0, offset: null, init: readExprs(r, walker) };
    }
    case 6: {
      const table = r.u32();
      const offset = walker.expr(r);
      const elemType = r.refType();
      return { mode: 'active', elemType, table, offset, init: readExprs(r, walker) };
    }
    case 7: {
      const elemType = r.refType();
      return { mode: 'declarative', elemType, table: 0, offset: null, init: readExprs(r, walker) };
    }
    default:
      return r.fail('malformed elements segment kind', at);
  }
}

/** The element kind byte of the index encodings: only 0x00 (funcref) exists. */
function readElemKind(r: BinaryReader): RefType {
  const at = r.pos;
  if (r.u8() !== 0x00) r.fail('malformed element kind', at);
  return 'funcref';
}

function readExprs(r: BinaryReader, walker: ExprWalker): Code[] {
  const n = r.len32();
  const init = new Array<Code>(n);
  for (let i = 0; i < n; i++) init[i] = walker.expr(r);
  return init;
}

/**
 * A vector of function indices, each turned into the expression `ref.func x; end`.
 * Note: the index's LEB128 bytes are copied verbatim, so the synthesized expressions decode to
 * exactly the indices of the binary. All of a segment's expressions share one buffer, sized in a
 * first pass over the indices so that a huge declared count cannot over-allocate.
 */
function readFuncIndices(r: BinaryReader): Code[] {
  const n = r.len32();
  const first = r.pos;
  for (let i = 0; i < n; i++) r.u32();
  const buf = new Uint8Array(r.pos - first + 2 * n);
  r.pos = first;
  const init = new Array<Code>(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const from = r.pos;
    r.u32();
    const start = w;
    buf[w++] = 0xd2;
    buf.set(r.bytes.subarray(from, r.pos), w);
    w += r.pos - from;
    buf[w++] = 0x0b;
    const code: SyntheticCode = { bytes: buf, start, end: w, origin: from };
    init[i] = code;
  }
  return init;
}
