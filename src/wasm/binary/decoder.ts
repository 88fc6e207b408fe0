/**
 * The module decoder: Wasm 2.0 binary bytes -> {@link Module}.
 *
 * It follows the binary format chapter of the spec and reports errors with the messages of the
 * spec's reference interpreter ("magic header not detected", "section size mismatch", ...), as
 * {@link CompileError}s carrying the byte offset. Function bodies and constant expressions are
 * checked instruction by instruction but kept as byte ranges (see `module.ts`).
 */

import { CompileError } from '../../api/errors.js';
import type { Module, NameSection } from '../module.js';
import { emptyModule } from '../module.js';
import { BinaryReader } from './binary-reader.js';
import { ExprWalker } from './expr-walker.js';
import { sectionIdFeature, withFeature } from './features.js';
import { attachOffsets, emptyOffsets } from './module-offsets.js';
import { decodeNameSection } from './name-section.js';
import type { DecodedBody } from './sections/code-section.js';
import { readCodeSection } from './sections/code-section.js';
import { readCustomSection } from './sections/custom-section.js';
import { readDataCountSection } from './sections/data-count-section.js';
import { readDataSection } from './sections/data-section.js';
import { readElementSection } from './sections/element-section.js';
import { readExportSection } from './sections/export-section.js';
import { readFunctionSection } from './sections/function-section.js';
import { readGlobalSection } from './sections/global-section.js';
import { readImportSection } from './sections/import-section.js';
import { readMemorySection } from './sections/memory-section.js';
import { readStartSection } from './sections/start-section.js';
import { readTableSection } from './sections/table-section.js';
import { readTypeSection } from './sections/type-section.js';

/** The section ids of Wasm 2.0. */
export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const;

/** The `\0asm` magic number, read as a little-endian u32. */
const MAGIC = 0x6d736100;
/** The binary format version of Wasm 1.0 and 2.0. */
const VERSION = 1;

/**
 * Position of each non-custom section in the required order, by section id. The data count
 * section (12) sits between the element (9) and code (10) sections.
 */
const SECTION_RANK: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

/** Options of {@link decodeModule}. */
export interface DecodeOptions {
  /**
   * Check every instruction of the function bodies (default true). Only for a caller that
   * validates the module at once with a validator that checks them itself: see
   * `decodeAndValidate` in `wasm/validate`, which also keeps the messages of malformed modules.
   * @internal
   */
  readonly checkBodies?: boolean;
}

/**
 * Decodes a binary module. Throws {@link CompileError} when the bytes are malformed; `reason` is
 * the spec's message, possibly followed by a parenthesised note naming an unsupported proposal.
 */
export function decodeModule(bytes: Uint8Array, options: DecodeOptions = {}): Module {
  const checkBodies = options.checkBodies !== false;
  const r = new BinaryReader(bytes);
  readHeader(r);
  const m = emptyModule();
  const walker = new ExprWalker();
  const offsets = emptyOffsets();
  let funcTypeIdx: number[] | null = null;
  let bodies: DecodedBody[] | null = null;
  let bodiesUseData = false;
  let lastRank = 0;

  while (!r.atEnd()) {
    const idAt = r.pos;
    const id = r.u8();
    if (id > SectionId.dataCount) r.fail(withFeature('malformed section id', sectionIdFeature(id)), idAt);
    if (id !== SectionId.custom) {
      // Note: like the reference decoder, a repeated or out-of-order section is reported as
      // content after the last section, since it can only be read as trailing bytes.
      const rank = SECTION_RANK[id]!;
      if (rank <= lastRank) r.fail('unexpected content after last section', idAt);
      lastRank = rank;
    }
    const size = r.len32();
    const start = r.pos;
    switch (id) {
      case SectionId.custom:
        m.customs.push(readCustomSection(r, size));
        break;
      case SectionId.type:
        readTypeSection(r, m.types, offsets.types);
        break;
      case SectionId.import:
        readImportSection(r, m.imports, offsets.imports);
        break;
      case SectionId.function:
        funcTypeIdx = readFunctionSection(r, offsets.funcs);
        break;
      case SectionId.table:
        readTableSection(r, m.tables, offsets.tables);
        break;
      case SectionId.memory:
        readMemorySection(r, m.memories, offsets.memories);
        break;
      case SectionId.global:
        readGlobalSection(r, walker, m.globals, offsets.globals);
        break;
      case SectionId.export:
        readExportSection(r, m.exports, offsets.exports);
        break;
      case SectionId.start:
        offsets.start = r.pos;
        m.start = readStartSection(r);
        break;
      case SectionId.element:
        readElementSection(r, walker, m.elems, offsets.elems);
        break;
      case SectionId.code:
        walker.usesDataIndex = false;
        bodies = readCodeSection(r, checkBodies ? walker : null);
        bodiesUseData = walker.usesDataIndex;
        break;
      case SectionId.data:
        readDataSection(r, walker, m.datas, offsets.datas);
        break;
      case SectionId.dataCount:
        m.dataCount = readDataCountSection(r);
        break;
    }
    if (r.pos !== start + size) r.fail('section size mismatch', start);
  }

  const end = bytes.length;
  const types = funcTypeIdx ?? [];
  const codes = bodies ?? [];
  if (types.length !== codes.length) {
    throw new CompileError('function and code section have inconsistent lengths', end);
  }
  if (m.dataCount !== null && m.dataCount !== m.datas.length) {
    throw new CompileError('data count and data section have inconsistent lengths', end);
  }
  if (m.dataCount === null && bodiesUseData) throw new CompileError('data count section required', end);
  for (let i = 0; i < types.length; i++) {
    const { locals, body } = codes[i]!;
    m.funcs.push({ typeIdx: types[i]!, locals, body });
  }
  const nameSection = m.customs.find((c) => c.name === 'name');
  if (nameSection) {
    // Note: decoded on first use (backtraces, tools): a large module's names take about a
    // millisecond to decode, which every start-up would pay. A malformed name section decodes to
    // null, so deferring it never changes whether the module is accepted.
    let names: NameSection | null | undefined;
    Object.defineProperty(m, 'names', {
      enumerable: true,
      configurable: true,
      get: () => (names === undefined ? (names = decodeNameSection(nameSection.bytes)) : names),
      set: (v: NameSection | null) => {
        names = v;
      },
    });
  }
  attachOffsets(m, offsets);
  return m;
}

/** The magic number and version. */
function readHeader(r: BinaryReader): void {
  r.eofMessage = 'unexpected end';
  const magic = r.f32Bits();
  if (magic !== MAGIC) r.fail('magic header not detected', 0);
  const version = r.f32Bits();
  if (version !== VERSION) r.fail('unknown binary version', 4);
  r.eofMessage = 'unexpected end of section or function';
}
