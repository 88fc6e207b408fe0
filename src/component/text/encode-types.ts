/**
 * Binary encodings (Binary.md) of resolved type syntax: sorts, value types, defined types,
 * function, component, instance and resource types, core types, module types and extern
 * descriptions. Every index must be resolved (numeric) before encoding.
 */

import type { Sort } from '../binary/ast.js';
import type { ByteWriter } from '../../util/byte-writer.js';
import type { Alias, ComponentTypeDecl, CoreFuncSig, CoreItemSig, CoreLimits, CoreTypeDef, CoreValType, DefinedType, ExternDesc, ExternName, FuncType, Idx, ModuleType, TypeDef, ValType } from './ast.js';

/** The number an index was resolved to (resolution leaves no names behind). */
export function num(idx: Idx): number {
  if (idx.kind !== 'num') throw new Error(`internal error: unresolved name ${idx.name}`);
  return idx.value;
}

const CORE_SORT_CODES: Readonly<Record<string, number>> = { func: 0x00, table: 0x01, memory: 0x02, global: 0x03, tag: 0x04, type: 0x10, module: 0x11, instance: 0x12 };
const SORT_CODES: Readonly<Record<string, number>> = { func: 0x01, value: 0x02, type: 0x03, component: 0x04, instance: 0x05 };

/** The byte of a core sort (`core func` -> 0x00). */
export function coreSortCode(s: Sort): number {
  return CORE_SORT_CODES[s.slice(5)]!;
}

/** Writes a `sort`: `0x00 core:sort` or the component sort byte. */
export function writeSort(w: ByteWriter, s: Sort): void {
  if (s.startsWith('core ')) w.u8(0x00).u8(coreSortCode(s));
  else w.u8(SORT_CODES[s]!);
}

const PRIM_CODES: Readonly<Record<string, number>> = {
  bool: 0x7f,
  s8: 0x7e,
  u8: 0x7d,
  s16: 0x7c,
  u16: 0x7b,
  s32: 0x7a,
  u32: 0x79,
  s64: 0x78,
  u64: 0x77,
  f32: 0x76,
  f64: 0x75,
  char: 0x74,
  string: 0x73,
  'error-context': 0x64,
};

/** Writes a `valtype`: a primitive code or a type index as s33. */
export function writeValType(w: ByteWriter, t: ValType): void {
  if (t.kind === 'prim') w.u8(PRIM_CODES[t.prim]!);
  else if (t.kind === 'ref') w.s32(num(t.idx));
  else if (t.def.kind === 'prim') w.u8(PRIM_CODES[t.def.prim]!);
  else throw new Error('internal error: inline value type left after expansion');
}

function writeOptValType(w: ByteWriter, t: ValType | null): void {
  if (t === null) w.u8(0x00);
  else {
    w.u8(0x01);
    writeValType(w, t);
  }
}

/** Writes a `defvaltype`. */
export function writeDefinedType(w: ByteWriter, d: DefinedType): void {
  switch (d.kind) {
    case 'prim':
      w.u8(PRIM_CODES[d.prim]!);
      return;
    case 'record':
      w.u8(0x72).u32(d.fields.length);
      for (const f of d.fields) {
        w.name(f.name);
        writeValType(w, f.type);
      }
      return;
    case 'variant':
      w.u8(0x71).u32(d.cases.length);
      for (const c of d.cases) {
        w.name(c.name);
        writeOptValType(w, c.type);
        w.u8(0x00);
      }
      return;
    case 'list':
      if (d.length === null) {
        w.u8(0x70);
        writeValType(w, d.elem);
      } else {
        w.u8(0x67);
        writeValType(w, d.elem);
        w.u32(d.length);
      }
      return;
    case 'map':
      w.u8(0x63);
      writeValType(w, d.key);
      writeValType(w, d.value);
      return;
    case 'tuple':
      w.u8(0x6f).u32(d.types.length);
      for (const t of d.types) writeValType(w, t);
      return;
    case 'flags':
    case 'enum':
      w.u8(d.kind === 'flags' ? 0x6e : 0x6d).u32(d.names.length);
      for (const n of d.names) w.name(n);
      return;
    case 'option':
      w.u8(0x6b);
      writeValType(w, d.type);
      return;
    case 'result':
      w.u8(0x6a);
      writeOptValType(w, d.ok);
      writeOptValType(w, d.err);
      return;
    case 'own':
    case 'borrow':
      w.u8(d.kind === 'own' ? 0x69 : 0x68).u32(num(d.idx));
      return;
    case 'stream':
    case 'future':
      w.u8(d.kind === 'stream' ? 0x66 : 0x65);
      writeOptValType(w, d.elem);
      return;
  }
}

/** Writes a component function type. */
export function writeFuncType(w: ByteWriter, f: FuncType): void {
  w.u8(f.async ? 0x43 : 0x40).u32(f.params.length);
  for (const p of f.params) {
    w.name(p.name);
    writeValType(w, p.type);
  }
  if (f.result === null) w.u8(0x01).u8(0x00);
  else {
    w.u8(0x00);
    writeValType(w, f.result);
  }
}

/** Writes a component-level `deftype`. */
export function writeTypeDef(w: ByteWriter, d: TypeDef): void {
  switch (d.kind) {
    case 'defined':
      writeDefinedType(w, d.def);
      return;
    case 'func':
      writeFuncType(w, d.type);
      return;
    case 'component':
    case 'instance':
      w.u8(d.kind === 'component' ? 0x41 : 0x42).u32(d.decls.length);
      for (const decl of d.decls) writeTypeDecl(w, decl);
      return;
    case 'resource':
      w.u8(0x3f);
      writeCoreValType(w, d.rep);
      if (d.dtor === null) w.u8(0x00);
      else w.u8(0x01).u32(num(d.dtor.idx));
      return;
  }
}

function writeTypeDecl(w: ByteWriter, d: ComponentTypeDecl): void {
  switch (d.kind) {
    case 'core-type':
      w.u8(0x00);
      writeCoreTypeDef(w, d.type.def);
      return;
    case 'type':
      w.u8(0x01);
      writeTypeDef(w, d.type.def);
      return;
    case 'alias':
      w.u8(0x02);
      writeAlias(w, d.alias);
      return;
    case 'import':
    case 'export':
      w.u8(d.kind === 'import' ? 0x03 : 0x04);
      writeExternName(w, d.name);
      writeExternDesc(w, d.sig.desc);
      return;
  }
}

/** Writes an `alias` (sort and target). */
export function writeAlias(w: ByteWriter, a: Alias): void {
  const t = a.target;
  writeSort(w, t.sort);
  switch (t.kind) {
    case 'export':
      w.u8(0x00).u32(num(t.instance)).name(t.name);
      return;
    case 'core-export':
      w.u8(0x01).u32(num(t.instance)).name(t.name);
      return;
    case 'outer':
      w.u8(0x02).u32(num(t.outer)).u32(num(t.index));
      return;
  }
}

/** Writes an extern name: `0x00 name`, or `0x02 name vec(attribute)` when it has attributes. */
export function writeExternName(w: ByteWriter, n: ExternName): void {
  const attrs: [number, string][] = [];
  if (n.implements !== undefined) attrs.push([0x00, n.implements]);
  if (n.versionSuffix !== undefined) attrs.push([0x01, n.versionSuffix]);
  if (n.externalId !== undefined) attrs.push([0x02, n.externalId]);
  w.u8(attrs.length === 0 ? 0x00 : 0x02).name(n.name);
  if (attrs.length === 0) return;
  w.u32(attrs.length);
  for (const [k, v] of attrs) w.u8(k).name(v);
}

/** Writes an `externdesc`. */
export function writeExternDesc(w: ByteWriter, d: ExternDesc): void {
  switch (d.kind) {
    case 'module':
      if (d.type.kind !== 'ref') throw new Error('internal error: inline module type left after expansion');
      w.u8(0x00).u8(0x11).u32(num(d.type.ref.idx));
      return;
    case 'func':
    case 'component':
    case 'instance':
      if (d.type.kind !== 'ref') throw new Error('internal error: inline type left after expansion');
      w.u8(d.kind === 'func' ? 0x01 : d.kind === 'component' ? 0x04 : 0x05).u32(num(d.type.ref.idx));
      return;
    case 'value':
      w.u8(0x02).u8(0x01);
      writeValType(w, d.type);
      return;
    case 'type':
      w.u8(0x03);
      if (d.bound.kind === 'eq') w.u8(0x00).u32(num(d.bound.idx));
      else w.u8(0x01);
      return;
  }
}

/** Writes a core value type. */
export function writeCoreValType(w: ByteWriter, t: CoreValType): void {
  if (t.kind === 'num') {
    w.u8(t.code);
    return;
  }
  if (t.heap.kind === 'abstract') {
    if (t.nullable) w.u8(t.heap.code);
    else w.u8(0x64).u8(t.heap.code);
    return;
  }
  w.u8(t.nullable ? 0x63 : 0x64).s32(num(t.heap.idx));
}

function writeCoreFuncSig(w: ByteWriter, s: CoreFuncSig): void {
  w.u8(0x60).u32(s.params.length);
  for (const t of s.params) writeCoreValType(w, t);
  w.u32(s.results.length);
  for (const t of s.results) writeCoreValType(w, t);
}

/** Writes an unsigned LEB128 of any width. */
function writeULeb(w: ByteWriter, v: bigint): void {
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    w.u8(b);
  } while (v !== 0n);
}

function writeLimits(w: ByteWriter, l: CoreLimits): void {
  w.u8((l.max !== null ? 0x01 : 0) | (l.shared ? 0x02 : 0) | (l.is64 ? 0x04 : 0));
  writeULeb(w, l.min);
  if (l.max !== null) writeULeb(w, l.max);
}

function writeCoreItemSig(w: ByteWriter, s: CoreItemSig): void {
  switch (s.kind) {
    case 'func':
    case 'tag':
      if (s.type.index === null) throw new Error('internal error: inline core function type left after expansion');
      if (s.kind === 'func') w.u8(0x00).u32(num(s.type.index));
      else w.u8(0x04).u8(0x00).u32(num(s.type.index));
      return;
    case 'table':
      w.u8(0x01);
      writeCoreValType(w, s.elem);
      writeLimits(w, s.limits);
      return;
    case 'memory':
      w.u8(0x02);
      writeLimits(w, s.limits);
      return;
    case 'global':
      w.u8(0x03);
      writeCoreValType(w, s.type);
      w.u8(s.mutable ? 0x01 : 0x00);
      return;
  }
}

function writeModuleType(w: ByteWriter, m: ModuleType): void {
  w.u8(0x50).u32(m.decls.length);
  for (const d of m.decls) {
    switch (d.kind) {
      case 'import':
        w.u8(0x00).name(d.module).name(d.name);
        writeCoreItemSig(w, d.sig);
        break;
      case 'type':
        w.u8(0x01);
        writeCoreFuncSig(w, d.sig);
        break;
      case 'alias': {
        const t = d.alias.target;
        if (t.kind !== 'outer') throw new Error('internal error: only outer aliases appear in module types');
        w.u8(0x02).u8(0x10).u8(0x01).u32(num(t.outer)).u32(num(t.index));
        break;
      }
      case 'export':
        w.u8(0x03).name(d.name);
        writeCoreItemSig(w, d.sig);
        break;
    }
  }
}

/** Writes a core type definition (a function type or a module type). */
export function writeCoreTypeDef(w: ByteWriter, d: CoreTypeDef): void {
  if (d.kind === 'func') writeCoreFuncSig(w, d.sig);
  else writeModuleType(w, d.type);
}
