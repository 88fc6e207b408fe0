/**
 * The binary encoder: turns a {@link Module} back into the bytes of a `.wasm` file.
 *
 * Sections come in the canonical order of Wasm 2.0 (type, import, function, table, memory,
 * global, export, start, element, data count, code, data) and empty ones are left out. All
 * LEB128 numbers use their shortest form. Element segments take the most compact of the eight
 * encodings that expresses them. Custom sections follow the data section: first the `name`
 * section built from `module.names` (when set), then `module.customs` in order.
 */

import type { GlobalType, Limits, MemoryType, TableType, ValType } from '../../api/types.js';
import { ByteWriter } from '../../util/byte-writer.js';
import type { Code, ElemSegment, ImportDesc, Module, NameSection } from '../module.js';
import { VALTYPE_CODES } from '../module.js';

/** Section ids of the binary format. */
const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
} as const;

const EXTERN_KIND = { func: 0x00, table: 0x01, memory: 0x02, global: 0x03 } as const;

/** Encodes a module to the binary format. */
export function encodeModule(m: Module): Uint8Array {
  const w = new ByteWriter();
  w.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, count: number, body: (s: ByteWriter) => void): void => {
    if (count === 0) return;
    const s = new ByteWriter();
    body(s);
    w.u8(id).sized(s.finish());
  };

  section(SectionId.Type, m.types.length, (s) => {
    s.u32(m.types.length);
    for (const t of m.types) {
      s.u8(0x60);
      valTypes(s, t.params);
      valTypes(s, t.results);
    }
  });
  section(SectionId.Import, m.imports.length, (s) => {
    s.u32(m.imports.length);
    for (const imp of m.imports) {
      s.name(imp.module).name(imp.name);
      importDesc(s, imp.desc);
    }
  });
  section(SectionId.Function, m.funcs.length, (s) => {
    s.u32(m.funcs.length);
    for (const f of m.funcs) s.u32(f.typeIdx);
  });
  section(SectionId.Table, m.tables.length, (s) => {
    s.u32(m.tables.length);
    for (const t of m.tables) tableType(s, t);
  });
  section(SectionId.Memory, m.memories.length, (s) => {
    s.u32(m.memories.length);
    for (const mem of m.memories) memoryType(s, mem);
  });
  section(SectionId.Global, m.globals.length, (s) => {
    s.u32(m.globals.length);
    for (const g of m.globals) {
      globalType(s, g.type);
      code(s, g.init);
    }
  });
  section(SectionId.Export, m.exports.length, (s) => {
    s.u32(m.exports.length);
    for (const e of m.exports) s.name(e.name).u8(EXTERN_KIND[e.kind]).u32(e.index);
  });
  if (m.start !== null) section(SectionId.Start, 1, (s) => s.u32(m.start!));
  section(SectionId.Element, m.elems.length, (s) => {
    s.u32(m.elems.length);
    for (const e of m.elems) elemSegment(s, e);
  });
  if (m.dataCount !== null) section(SectionId.DataCount, 1, (s) => s.u32(m.dataCount!));
  section(SectionId.Code, m.funcs.length, (s) => {
    s.u32(m.funcs.length);
    for (const f of m.funcs) {
      const body = new ByteWriter();
      body.u32(f.locals.length);
      for (const l of f.locals) body.u32(l.count).u8(VALTYPE_CODES[l.type]);
      code(body, f.body);
      s.sized(body.finish());
    }
  });
  section(SectionId.Data, m.datas.length, (s) => {
    s.u32(m.datas.length);
    for (const d of m.datas) {
      if (d.mode === 'passive') s.u32(0x01);
      else if (d.memory === 0) {
        s.u32(0x00);
        code(s, d.offset!);
      } else {
        s.u32(0x02).u32(d.memory);
        code(s, d.offset!);
      }
      s.sized(d.bytes);
    }
  });
  if (m.names !== null) {
    const body = nameSection(m.names);
    section(SectionId.Custom, 1, (s) => s.name('name').bytes(body));
  }
  for (const c of m.customs) {
    // Note: with `names` set, the name section was just written from it; a raw copy kept by a
    // decoder would duplicate it.
    if (m.names !== null && c.name === 'name') continue;
    section(SectionId.Custom, 1, (s) => s.name(c.name).bytes(c.bytes));
  }
  return w.finish();
}

function valTypes(s: ByteWriter, ts: readonly ValType[]): void {
  s.u32(ts.length);
  for (const t of ts) s.u8(VALTYPE_CODES[t]);
}

function limits(s: ByteWriter, l: Limits, shared = false): void {
  const flags = (l.max !== undefined ? 0x01 : 0x00) | (shared ? 0x02 : 0x00);
  s.u8(flags).u32(l.min);
  if (l.max !== undefined) s.u32(l.max);
}

function tableType(s: ByteWriter, t: TableType): void {
  s.u8(VALTYPE_CODES[t.elemType]);
  limits(s, t.limits);
}

function memoryType(s: ByteWriter, m: MemoryType): void {
  limits(s, m.limits, m.shared === true);
}

function globalType(s: ByteWriter, g: GlobalType): void {
  s.u8(VALTYPE_CODES[g.valType]).u8(g.mutable ? 0x01 : 0x00);
}

function importDesc(s: ByteWriter, d: ImportDesc): void {
  s.u8(EXTERN_KIND[d.kind]);
  switch (d.kind) {
    case 'func':
      s.u32(d.typeIdx);
      return;
    case 'table':
      tableType(s, d.type);
      return;
    case 'memory':
      memoryType(s, d.type);
      return;
    case 'global':
      globalType(s, d.type);
  }
}

/** Writes the instruction bytes of `c` (they already end with `end`). */
function code(s: ByteWriter, c: Code): void {
  s.bytes(c.bytes.subarray(c.start, c.end));
}

/**
 * The function index of a constant expression that is exactly `ref.func x end`, or -1.
 */
function refFuncIndex(c: Code): number {
  const b = c.bytes;
  if (c.end - c.start < 3 || b[c.start] !== 0xd2 || b[c.end - 1] !== 0x0b) return -1;
  let v = 0;
  let shift = 0;
  let p = c.start + 1;
  for (; p < c.end - 1 && shift < 35; p++) {
    const byte = b[p]!;
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return p === c.end - 2 && v <= 0xffffffff ? v : -1;
  }
  return -1;
}

/**
 * Writes an element segment in the most compact encoding: function indices (flags 0-3) when
 * the type is funcref and every item is `ref.func x`, expressions (flags 4-7) otherwise; the
 * table index is left out (flags 0 and 4) for active segments on table 0 of type funcref.
 */
function elemSegment(s: ByteWriter, e: ElemSegment): void {
  const indices = e.elemType === 'funcref' ? e.init.map(refFuncIndex) : [];
  const asIndices = e.elemType === 'funcref' && indices.every((i) => i >= 0);
  const implicitTable = e.mode === 'active' && e.table === 0 && e.elemType === 'funcref';
  const flags =
    (e.mode === 'passive' ? 0x01 : e.mode === 'declarative' ? 0x03 : implicitTable ? 0x00 : 0x02) | (asIndices ? 0 : 0x04);
  s.u32(flags);
  if (e.mode === 'active') {
    if (!implicitTable) s.u32(e.table);
    code(s, e.offset!);
  }
  if (!implicitTable) {
    // elemkind 0x00 (funcref) for index lists, a reference type for expression lists.
    s.u8(asIndices ? 0x00 : VALTYPE_CODES[e.elemType]);
  }
  s.u32(e.init.length);
  if (asIndices) for (const i of indices) s.u32(i);
  else for (const c of e.init) code(s, c);
}

/** The contents of the `name` custom section: module (0), function (1) and local (2) names. */
function nameSection(n: NameSection): Uint8Array {
  const w = new ByteWriter();
  const sub = (id: number, body: ByteWriter): void => {
    w.u8(id).sized(body.finish());
  };
  if (n.module !== undefined) sub(0, new ByteWriter().name(n.module));
  if (n.funcs.size > 0) {
    const b = new ByteWriter();
    nameMap(b, n.funcs);
    sub(1, b);
  }
  const locals = [...n.locals].filter(([, m]) => m.size > 0).sort((a, b) => a[0] - b[0]);
  if (locals.length > 0) {
    const b = new ByteWriter().u32(locals.length);
    for (const [func, map] of locals) {
      b.u32(func);
      nameMap(b, map);
    }
    sub(2, b);
  }
  return w.finish();
}

/** A name map: a vector of (index, name) sorted by index. */
function nameMap(w: ByteWriter, m: ReadonlyMap<number, string>): void {
  const entries = [...m].sort((a, b) => a[0] - b[0]);
  w.u32(entries.length);
  for (const [i, name] of entries) w.u32(i).name(name);
}
