/**
 * The component binary encoder: writes resolved component fields as a component binary
 * (Binary.md). Consecutive definitions of one section kind share a section, as wasm-tools
 * writes them; core modules, nested components, start and custom sections stand alone. A
 * `component-name` section at the end names what the text named with `$id`s.
 */

import { ByteWriter } from '../../util/byte-writer.js';
import { COMPONENT_PREAMBLE, SectionId } from '../binary/decoder.js';
import type { Sort } from '../binary/ast.js';
import type { BuiltinImm, Canon, CanonOpt, CoreExport, ExportField, Field } from './ast.js';
import { coreSortCode, num, writeAlias, writeCoreTypeDef, writeCoreValType, writeExternDesc, writeExternName, writeSort, writeTypeDef, writeValType } from './encode-types.js';

/** Collects the items of the section being written. */
class SectionWriter {
  private readonly out = new ByteWriter();
  private id: number | null = null;
  private count = 0;
  private items = new ByteWriter();

  constructor() {
    this.out.bytes(COMPONENT_PREAMBLE);
  }

  /** The writer of a new item of section `id` (continuing the current section when it is the same). */
  item(id: number): ByteWriter {
    if (this.id !== id) this.flush();
    this.id = id;
    this.count++;
    return this.items;
  }

  /** Writes a section whose content is `content` as is (core module, component, start, custom). */
  raw(id: number, content: Uint8Array): void {
    this.flush();
    this.out.u8(id).sized(content);
  }

  flush(): void {
    if (this.id === null) return;
    const body = new ByteWriter().u32(this.count).bytes(this.items.finish()).finish();
    this.out.u8(this.id).sized(body);
    this.id = null;
    this.count = 0;
    this.items = new ByteWriter();
  }

  finish(): Uint8Array {
    this.flush();
    return this.out.finish();
  }
}

/** The order in which the `component-name` section lists the sorts (as wasm-tools writes it). */
const NAME_SORTS: readonly Sort[] = [
  'core func',
  'core table',
  'core memory',
  'core global',
  'core tag',
  'core type',
  'core module',
  'core instance',
  'func',
  'value',
  'type',
  'component',
  'instance',
];

/** Collects, per sort, the name of each index (from `$id`s; generated ids have none). */
class NameCollector {
  private readonly sorts = new Map<Sort, (string | null)[]>();

  add(sort: Sort, id: string | null): void {
    let list = this.sorts.get(sort);
    if (list === undefined) {
      list = [];
      this.sorts.set(sort, list);
    }
    // Note: identifiers made up by the expander contain a space, which no text can spell.
    list.push(id === null || id.includes(' ') ? null : id.slice(1));
  }

  /** The contents of the `component-name` custom section, or null when there is no name. */
  section(component: string | null): Uint8Array | null {
    const w = new ByteWriter().name('component-name');
    let any = false;
    if (component !== null && !component.includes(' ')) {
      w.u8(0x00).sized(new ByteWriter().name(component.slice(1)).finish());
      any = true;
    }
    for (const sort of NAME_SORTS) {
      const list = this.sorts.get(sort) ?? [];
      const named = list.flatMap((n, i) => (n === null ? [] : [[i, n] as const]));
      if (named.length === 0) continue;
      const sub = new ByteWriter();
      writeSort(sub, sort);
      sub.u32(named.length);
      for (const [i, n] of named) sub.u32(i).name(n);
      w.u8(0x01).sized(sub.finish());
      any = true;
    }
    return any ? w.finish() : null;
  }
}

function sigSort(f: Extract<Field, { kind: 'import' }>): Sort {
  const d = f.sig.desc;
  return d.kind === 'module' ? 'core module' : d.kind;
}

/**
 * Encodes resolved fields as a component binary, with a `component-name` section naming the
 * component (`id`) and every definition that has an identifier.
 */
export function encodeFields(fields: readonly Field[], id: string | null = null): Uint8Array {
  const s = new SectionWriter();
  const names = new NameCollector();
  for (const f of fields) {
    noteNames(names, f);
    switch (f.kind) {
      case 'core-module':
        if (f.body.kind !== 'inline') throw new Error('internal error: core module import left after expansion');
        s.raw(SectionId.CoreModule, f.body.bytes);
        break;
      case 'core-instance': {
        const w = s.item(SectionId.CoreInstance);
        if (f.body.kind === 'instantiate') {
          w.u8(0x00).u32(num(f.body.module.idx)).u32(f.body.args.length);
          for (const a of f.body.args) {
            if (a.arg.kind !== 'ref') throw new Error('internal error: inline instance left after expansion');
            w.name(a.name).u8(0x12).u32(num(a.arg.ref.idx));
          }
        } else {
          writeCoreExports(w, f.body.exports);
        }
        break;
      }
      case 'core-type':
        writeCoreTypeDef(s.item(SectionId.CoreType), f.type.def);
        break;
      case 'component':
        if (f.body.kind !== 'inline') throw new Error('internal error: component import left after expansion');
        s.raw(SectionId.Component, encodeFields(f.body.fields, f.id));
        break;
      case 'instance': {
        const w = s.item(SectionId.Instance);
        if (f.body.kind === 'instantiate') {
          w.u8(0x00).u32(num(f.body.component.idx)).u32(f.body.args.length);
          for (const a of f.body.args) {
            if (a.arg.kind !== 'ref') throw new Error('internal error: inline instance left after expansion');
            w.name(a.name);
            writeSort(w, a.arg.ref.sort);
            w.u32(num(a.arg.ref.idx));
          }
        } else if (f.body.kind === 'exports') {
          writeExports(w, f.body.exports);
        } else {
          throw new Error('internal error: instance import left after expansion');
        }
        break;
      }
      case 'alias':
        writeAlias(s.item(SectionId.Alias), f.alias);
        break;
      case 'type':
        writeTypeDef(s.item(SectionId.Type), f.type.def);
        break;
      case 'canon':
        writeCanon(s.item(SectionId.Canon), f.canon);
        break;
      case 'start': {
        const w = new ByteWriter().u32(num(f.func)).u32(f.args.length);
        for (const a of f.args) w.u32(num(a.idx));
        w.u32(f.results.length);
        s.raw(SectionId.Start, w.finish());
        break;
      }
      case 'import': {
        const w = s.item(SectionId.Import);
        writeExternName(w, f.name);
        writeExternDesc(w, f.sig.desc);
        break;
      }
      case 'export': {
        const w = s.item(SectionId.Export);
        const e = f.export;
        writeExternName(w, e.name);
        writeSort(w, e.item.sort);
        w.u32(num(e.item.idx));
        if (e.type === null) w.u8(0x00);
        else {
          w.u8(0x01);
          writeExternDesc(w, e.type.desc);
        }
        break;
      }
      case 'custom':
        s.raw(SectionId.Custom, new ByteWriter().name(f.name).bytes(f.data).finish());
        break;
      case 'core-func':
      case 'func':
        throw new Error('internal error: abbreviation left after expansion');
    }
  }
  const section = names.section(id);
  if (section !== null) s.raw(SectionId.Custom, section);
  return s.finish();
}

/** Records the indices (and names) a field introduces. */
function noteNames(names: NameCollector, f: Field): void {
  switch (f.kind) {
    case 'core-module':
      names.add('core module', f.id);
      return;
    case 'core-instance':
      names.add('core instance', f.id);
      return;
    case 'core-type':
      names.add('core type', f.type.id);
      return;
    case 'component':
      names.add('component', f.id);
      return;
    case 'instance':
      names.add('instance', f.id);
      return;
    case 'alias':
      names.add(f.alias.target.sort, f.alias.id);
      return;
    case 'type':
      names.add('type', f.type.id);
      return;
    case 'canon':
      names.add(f.canon.kind === 'lift' ? 'func' : 'core func', f.id);
      return;
    case 'start':
      for (const r of f.results) names.add('value', r);
      return;
    case 'import':
      names.add(sigSort(f), f.sig.id);
      return;
    case 'export':
      names.add(f.export.item.sort, f.export.id);
      return;
    default:
      return;
  }
}

function writeCoreExports(w: ByteWriter, exports: readonly CoreExport[]): void {
  w.u8(0x01).u32(exports.length);
  for (const e of exports) w.name(e.name).u8(coreSortCode(e.item.sort)).u32(num(e.item.idx));
}

function writeExports(w: ByteWriter, exports: readonly ExportField[]): void {
  w.u8(0x01).u32(exports.length);
  for (const e of exports) {
    writeExternName(w, e.name);
    writeSort(w, e.item.sort);
    w.u32(num(e.item.idx));
  }
}

function writeOpts(w: ByteWriter, opts: readonly CanonOpt[]): void {
  w.u32(opts.length);
  for (const o of opts) {
    switch (o.kind) {
      case 'string-encoding':
        w.u8(o.code);
        break;
      case 'memory':
        w.u8(0x03).u32(num(o.ref.idx));
        break;
      case 'realloc':
        w.u8(0x04).u32(num(o.ref.idx));
        break;
      case 'post-return':
        w.u8(0x05).u32(num(o.ref.idx));
        break;
      case 'async':
        w.u8(0x06);
        break;
      case 'callback':
        w.u8(0x07).u32(num(o.ref.idx));
        break;
      case 'core-type':
        w.u8(0x08).u32(num(o.ref.idx));
        break;
      case 'gc':
        w.u8(0x09);
        break;
    }
  }
}

function writeImm(w: ByteWriter, imm: BuiltinImm): void {
  switch (imm.kind) {
    case 'type':
      w.u32(num(imm.ref.idx));
      return;
    case 'core-ref':
      w.u32(num(imm.ref.idx));
      return;
    case 'flag':
      w.u8(imm.value ? 1 : 0);
      return;
    case 'u32':
      w.u32(imm.value);
      return;
    case 'core-valtype':
      writeCoreValType(w, imm.type);
      return;
    case 'opts':
      writeOpts(w, imm.opts);
      return;
    case 'result':
      if (imm.type === null) w.u8(0x01).u8(0x00);
      else {
        w.u8(0x00);
        writeValType(w, imm.type);
      }
      return;
  }
}

function writeCanon(w: ByteWriter, c: Canon): void {
  if (c.kind === 'lift') {
    if (c.type.kind !== 'ref') throw new Error('internal error: inline function type left after expansion');
    w.u8(0x00).u8(0x00).u32(num(c.func.idx));
    writeOpts(w, c.opts);
    w.u32(num(c.type.ref.idx));
    return;
  }
  const k = c.canon;
  switch (k.kind) {
    case 'lower':
      w.u8(0x01).u8(0x00).u32(num(k.func.idx));
      writeOpts(w, k.opts);
      return;
    case 'resource.new':
      w.u8(0x02).u32(num(k.type.idx));
      return;
    case 'resource.drop':
      w.u8(0x03).u32(num(k.type.idx));
      return;
    case 'resource.rep':
      w.u8(0x04).u32(num(k.type.idx));
      return;
    case 'builtin':
      w.u8(k.opcode);
      for (const imm of k.imms) writeImm(w, imm);
      return;
  }
}
