/**
 * The `name` custom section (spec appendix "Name Section"): the module name, function names and
 * local names, used for backtraces and tools.
 */

import { CompileError } from '../../api/errors.js';
import { ByteReader } from '../../util/byte-reader.js';
import { decodeUtf8Strict } from '../../util/utf8.js';
import type { NameSection } from '../module.js';

const SUB_MODULE = 0;
const SUB_FUNCS = 1;
const SUB_LOCALS = 2;

/**
 * Decodes the contents of a `name` section. Returns `null` when they are malformed.
 *
 * Note: a custom section can never make a module fail, so a malformed name section is ignored as
 * a whole rather than reported. Subsections must appear at most once and in increasing id order,
 * and name maps must list distinct indices in increasing order (as the appendix requires);
 * subsections this decoder does not know (labels, types, ... of later proposals) are skipped.
 */
export function decodeNameSection(bytes: Uint8Array): NameSection | null {
  try {
    return readNames(new ByteReader(bytes));
  } catch (e) {
    if (e instanceof CompileError) return null;
    throw e;
  }
}

function readNames(r: ByteReader): NameSection {
  const names: NameSection = { funcs: new Map(), locals: new Map() };
  let lastId = -1;
  while (!r.atEnd()) {
    const id = r.u8();
    if (id <= lastId) r.fail('name subsections out of order');
    lastId = id;
    const size = r.u32();
    if (size > r.remaining()) r.fail('unexpected end');
    const end = r.pos + size;
    const sub = new ByteReader(r.bytes, r.pos, end);
    switch (id) {
      case SUB_MODULE:
        names.module = readName(sub);
        break;
      case SUB_FUNCS:
        readNameMap(sub, names.funcs);
        break;
      case SUB_LOCALS: {
        const n = readCount(sub);
        let last = -1;
        for (let i = 0; i < n; i++) {
          const func = sub.u32();
          if (func <= last) sub.fail('function indices out of order');
          last = func;
          const map = new Map<number, string>();
          readNameMap(sub, map);
          names.locals.set(func, map);
        }
        break;
      }
      default:
        sub.pos = end;
    }
    if (sub.pos !== end) r.fail('name subsection size mismatch');
    r.pos = end;
  }
  return names;
}

/** A vector count, which cannot exceed the bytes left (each entry takes at least one byte). */
function readCount(r: ByteReader): number {
  const n = r.u32();
  if (n > r.remaining()) r.fail('length out of bounds');
  return n;
}

function readName(r: ByteReader): string {
  const n = readCount(r);
  const s = decodeUtf8Strict(r.take(n));
  if (s === null) r.fail('malformed UTF-8 encoding');
  return s;
}

function readNameMap(r: ByteReader, out: Map<number, string>): void {
  const n = readCount(r);
  let last = -1;
  for (let i = 0; i < n; i++) {
    const idx = r.u32();
    if (idx <= last) r.fail('indices out of order');
    last = idx;
    out.set(idx, readName(r));
  }
}
