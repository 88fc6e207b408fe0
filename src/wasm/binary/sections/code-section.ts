/**
 * The code section (id 10): for each defined function, its size, local declarations and body.
 * Bodies are walked in full (see {@link ExprWalker}) but kept as byte ranges.
 */

import type { Code, LocalGroup } from '../../module.js';
import type { BinaryReader } from '../binary-reader.js';
import type { ExprWalker } from '../expr-walker.js';

/** One decoded function body, before it is paired with its type from the function section. */
export interface DecodedBody {
  readonly locals: LocalGroup[];
  readonly body: Code;
}

/** Locals of a function must number fewer than 2^32 (the binary format's limit). */
const MAX_LOCALS = 2 ** 32;

/**
 * Reads the contents of a code section. With `walker` null the instructions are not checked: each
 * body is taken to end where its size says (for a validator that checks them itself).
 */
export function readCodeSection(r: BinaryReader, walker: ExprWalker | null): DecodedBody[] {
  const n = r.len32();
  const out = new Array<DecodedBody>(n);
  for (let i = 0; i < n; i++) {
    const size = r.len32();
    const start = r.pos;
    const locals = readLocals(r);
    const bodyStart = r.pos;
    if (walker !== null) walker.walk(r);
    else if (r.pos <= start + size && start + size <= r.end) r.pos = start + size;
    if (r.pos !== start + size) r.fail('section size mismatch', start);
    out[i] = { locals, body: { bytes: r.bytes, start: bodyStart, end: r.pos } };
  }
  return out;
}

function readLocals(r: BinaryReader): LocalGroup[] {
  const at = r.pos;
  const n = r.len32();
  const groups = new Array<LocalGroup>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const count = r.u32();
    total += count;
    groups[i] = { count, type: r.valType() };
  }
  if (total >= MAX_LOCALS) r.fail('too many locals', at);
  return groups;
}
