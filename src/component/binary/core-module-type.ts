/**
 * Computes the type of an embedded core module (its imports and exports) by scanning only the
 * sections that declare them: type, import, function, table, memory, global, tag and export. The
 * component validator needs this to check core instantiation and `alias core export`; function
 * bodies are not looked at here (the core decoder and validator do that when the module is compiled).
 */

import { ByteReader } from '../../util/byte-reader.js';
import type { CoreExternType, CoreFuncSig, CoreModuleType } from '../types.js';
import { readCoreFuncSig, readCoreImportDesc, readCoreValType, readCount, readLimits } from './reader.js';

const CORE_MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/**
 * Scans the core module stored in `bytes[start, end)` for its type. Offsets in errors are absolute
 * positions in `bytes` (the outermost component), so they point at the real byte.
 */
export function scanCoreModuleType(bytes: Uint8Array, start: number, end: number): CoreModuleType {
  const r: ByteReader = new ByteReader(bytes, start, end);
  if (end - start < 8) r.fail('unexpected end', end);
  for (let i = 0; i < 4; i++) if (bytes[start + i] !== CORE_MAGIC[i]) r.fail('magic header not detected', start + i);
  for (let i = 4; i < 8; i++) if (bytes[start + i] !== CORE_MAGIC[i]) r.fail('expected a version header for a module: unknown binary version', start + 4);
  r.pos = start + 8;
  const types: (CoreFuncSig | null)[] = [];
  const funcs: (CoreFuncSig | null)[] = [];
  const tables: CoreExternType[] = [];
  const memories: CoreExternType[] = [];
  const globals: CoreExternType[] = [];
  const tags: CoreExternType[] = [];
  const imports: { module: string; name: string; type: CoreExternType }[] = [];
  const exports = new Map<string, CoreExternType>();
  const sig = (idx: number, at: number): CoreFuncSig => {
    const t = types[idx];
    if (t === undefined) return r.fail(`unknown type ${idx}: type index out of bounds`, at);
    if (t === null) return r.fail(`type ${idx} is not a function type`, at);
    return t;
  };
  // Note: section order is checked here too, so the message is the component validator's.
  // Order: type, import, func, table, memory, tag, global, export, start, elem, datacount, code, data.
  const rank: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 5.5, 6: 6, 7: 7, 8: 8, 9: 9, 12: 9.5, 10: 10, 11: 11 };
  let lastRank = 0;
  while (!r.atEnd()) {
    const idAt = r.pos;
    const id = r.u8();
    const rk = rank[id];
    if (rk !== undefined) {
      if (rk <= lastRank) r.fail('section out of order', idAt);
      lastRank = rk;
    }
    const size = r.u32();
    const secStart = r.pos;
    const secEnd = secStart + size;
    if (secEnd > end) r.fail('unexpected end of section or function', secStart);
    const s: ByteReader = new ByteReader(bytes, secStart, secEnd, 'unexpected end of section or function');
    switch (id) {
      case 1:
        readTypeSection(s, types);
        break;
      case 2: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const module = s.name();
          const name = s.name();
          const at = s.pos;
          const d = readCoreImportDesc(s);
          const type: CoreExternType = d.kind === 'func' || d.kind === 'tag' ? { kind: d.kind, type: sig(d.typeIndex, at) } : d;
          if (imports.some((x) => x.module === module && x.name === name)) s.fail(`duplicate import name \`${module}:${name}\``, at);
          imports.push({ module, name, type });
          if (type.kind === 'func') funcs.push(type.type);
          else if (type.kind === 'table') tables.push(type);
          else if (type.kind === 'memory') memories.push(type);
          else if (type.kind === 'global') globals.push(type);
          else tags.push(type);
        }
        break;
      }
      case 3: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          funcs.push(sig(s.u32(), at));
        }
        break;
      }
      case 4: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          // Note: a table with an initializer expression starts with 0x40 0x00.
          const withInit = s.peek() === 0x40;
          if (withInit) s.pos += 2;
          const elem = readCoreValType(s);
          const l = readLimits(s, 'table');
          tables.push({ kind: 'table', type: { elem, min: l.min, max: l.max, table64: l.is64 } });
          if (withInit) skipConstExpr(s);
        }
        break;
      }
      case 5: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const l = readLimits(s, 'memory');
          const mem: { min: number; max: number | null; shared: boolean; memory64: boolean; pageSizeLog2?: number } = { min: l.min, max: l.max, shared: l.shared, memory64: l.is64 };
          if (l.pageSizeLog2 !== undefined) mem.pageSizeLog2 = l.pageSizeLog2;
          memories.push({ kind: 'memory', type: mem });
        }
        break;
      }
      case 6: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const type = readCoreValType(s);
          const at = s.pos;
          const m = s.u8();
          if (m > 1) s.fail('malformed mutability', at);
          globals.push({ kind: 'global', type: { type, mutable: m === 1 } });
          skipConstExpr(s);
        }
        break;
      }
      case 13: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          if (s.u8() !== 0) s.fail('invalid tag attribute', at);
          tags.push({ kind: 'tag', type: sig(s.u32(), at + 1) });
        }
        break;
      }
      case 7: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const name = s.name();
          const at = s.pos;
          const kind = s.u8();
          const idx = s.u32();
          const space = kind === 0 ? funcs : kind === 1 ? tables : kind === 2 ? memories : kind === 3 ? globals : kind === 4 ? tags : null;
          if (space === null) s.fail(`invalid export kind 0x${kind.toString(16)}`, at);
          const item = space[idx];
          if (item === undefined || item === null) s.fail(`unknown ${['function', 'table', 'memory', 'global', 'tag'][kind]} ${idx}`, at);
          if (exports.has(name)) s.fail('duplicate export name', at);
          exports.set(name, kind === 0 ? { kind: 'func', type: item as CoreFuncSig } : (item as CoreExternType));
        }
        break;
      }
      default:
        break;
    }
    r.pos = secEnd;
  }
  return { kind: 'module', imports, exports };
}

function readTypeSection(s: ByteReader, types: (CoreFuncSig | null)[]): void {
  const n = readCount(s);
  for (let i = 0; i < n; i++) {
    const b = s.peek();
    if (b === 0x4e) {
      s.u8();
      const m = readCount(s);
      for (let j = 0; j < m; j++) types.push(readSubType(s));
    } else types.push(readSubType(s));
  }
}

function readSubType(s: ByteReader): CoreFuncSig | null {
  const b = s.peek();
  if (b === 0x50 || b === 0x4f) {
    s.u8();
    const n = readCount(s);
    for (let i = 0; i < n; i++) s.u32();
  }
  return readCompType(s);
}

function readCompType(s: ByteReader): CoreFuncSig | null {
  const at = s.pos;
  const b = s.u8();
  if (b === 0x60) return readCoreFuncSig(s);
  if (b === 0x5f) {
    const n = readCount(s);
    for (let i = 0; i < n; i++) readFieldType(s);
    return null;
  }
  if (b === 0x5e) {
    readFieldType(s);
    return null;
  }
  return s.fail(`invalid leading byte (0x${b.toString(16)}) for core type`, at);
}

function readFieldType(s: ByteReader): void {
  const b = s.peek();
  if (b === 0x78 || b === 0x77) s.u8();
  else readCoreValType(s);
  s.u8();
}

/** Skips a constant expression up to and including its `end` opcode. */
function skipConstExpr(s: ByteReader): void {
  for (;;) {
    const at = s.pos;
    const op = s.u8();
    switch (op) {
      case 0x0b:
        return;
      case 0x41:
        s.s32();
        break;
      case 0x42:
        s.s64();
        break;
      case 0x43:
        s.take(4);
        break;
      case 0x44:
        s.take(8);
        break;
      case 0x23:
      case 0xd2:
        s.u32();
        break;
      case 0xd0:
        s.s33();
        break;
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break;
      case 0xfd: {
        const sub = s.u32();
        if (sub !== 12) s.fail('unsupported constant expression opcode', at);
        s.take(16);
        break;
      }
      case 0xfb: {
        const sub = s.u32();
        if (sub === 0 || sub === 1 || sub === 6 || sub === 7) s.u32();
        else if (sub === 8) {
          s.u32();
          s.u32();
        } else if (sub === 28 || sub === 26 || sub === 27) {
          // ref.i31, any.convert_extern, extern.convert_any
        } else s.fail('unsupported constant expression opcode', at);
        break;
      }
      default:
        s.fail('unsupported constant expression opcode', at);
    }
  }
}
