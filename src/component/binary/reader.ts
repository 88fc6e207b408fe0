/**
 * Low-level readers for the productions of Binary.md: sorts, value types, type definitions,
 * declarators, extern names, aliases and canonical definitions. Each reads from a {@link ByteReader}
 * and throws {@link CompileError} with the offset of the malformed byte.
 */

import type { ByteReader } from '../../util/byte-reader.js';
import type { CoreFuncSig, CoreValType, PrimValType } from '../types.js';
import type {
  Alias,
  Canon,
  CanonOption,
  ComponentTypeDecl,
  CoreImportDesc,
  CoreSort,
  CoreTypeDecl,
  DefValType,
  ExternDesc,
  LabelledType,
  ModuleTypeDeclarator,
  NameAttributes,
  Sort,
  TypeDecl,
  TypeDeclarator,
  ValTypeRef,
} from './ast.js';
import { parseExternName, type ExternName } from './names.js';

/** Primitive value type codes (`primvaltype`). */
export const PRIM_CODES: ReadonlyMap<number, PrimValType> = new Map<number, PrimValType>([
  [0x7f, 'bool'],
  [0x7e, 's8'],
  [0x7d, 'u8'],
  [0x7c, 's16'],
  [0x7b, 'u16'],
  [0x7a, 's32'],
  [0x79, 'u32'],
  [0x78, 's64'],
  [0x77, 'u64'],
  [0x76, 'f32'],
  [0x75, 'f64'],
  [0x74, 'char'],
  [0x73, 'string'],
]);

const CORE_SORTS: ReadonlyMap<number, CoreSort> = new Map<number, CoreSort>([
  [0x00, 'func'],
  [0x01, 'table'],
  [0x02, 'memory'],
  [0x03, 'global'],
  [0x04, 'tag'],
  [0x10, 'type'],
  [0x11, 'module'],
  [0x12, 'instance'],
]);

/** Reads a `core:sort` byte. */
export function readCoreSort(r: ByteReader): CoreSort {
  const at = r.pos;
  const b = r.u8();
  const s = CORE_SORTS.get(b);
  if (s === undefined) r.fail(`invalid leading byte (0x${b.toString(16)}) for core external kind`, at);
  return s;
}

/** Reads a `sort`. */
export function readSort(r: ByteReader): Sort {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00:
      return `core ${readCoreSort(r)}`;
    case 0x01:
      return 'func';
    case 0x02:
      return 'value';
    case 0x03:
      return 'type';
    case 0x04:
      return 'component';
    case 0x05:
      return 'instance';
    default:
      return r.fail(`invalid leading byte (0x${b.toString(16)}) for component external kind`, at);
  }
}

/** Reads a vector length and checks it against the bytes left (each element takes at least one byte). */
export function readCount(r: ByteReader): number {
  const at = r.pos;
  const n = r.u32();
  if (n > r.remaining()) r.fail(r.eofMessage, at);
  return n;
}

/** Reads a `valtype`: a primitive code or a non-negative type index (as s33). */
export function readValType(r: ByteReader): ValTypeRef {
  const at = r.pos;
  const b = r.peek();
  if (b >= 0x40 && b <= 0x7f) {
    r.u8();
    const p = PRIM_CODES.get(b);
    if (p === undefined) {
      if (b === 0x64) r.fail('error-context types are not supported here', at);
      r.fail(`invalid leading byte (0x${b.toString(16)}) for component value type`, at);
    }
    return { kind: 'prim', prim: p };
  }
  const idx = r.s33();
  if (idx < 0) r.fail('invalid value type index', at);
  return { kind: 'index', index: idx };
}

function readOptional<T>(r: ByteReader, read: () => T, what: string): T | null {
  const at = r.pos;
  const b = r.u8();
  if (b === 0x00) return null;
  if (b === 0x01) return read();
  return r.fail(`invalid leading byte (0x${b.toString(16)}) for optional ${what}`, at);
}

/** Reads a `labellit` (a plain string; its kebab-case check happens in validation). */
export function readLabel(r: ByteReader): string {
  return r.name();
}

function readLabelled(r: ByteReader): LabelledType {
  const name = readLabel(r);
  return { name, type: readValType(r) };
}

/** Reads a `defvaltype` whose leading byte is `b` (already consumed). */
function readDefValType(r: ByteReader, b: number, at: number): DefValType {
  const p = PRIM_CODES.get(b);
  if (p !== undefined) return { kind: 'prim', prim: p };
  switch (b) {
    case 0x72: {
      const n = readCount(r);
      const fields: LabelledType[] = [];
      for (let i = 0; i < n; i++) fields.push(readLabelled(r));
      return { kind: 'record', fields };
    }
    case 0x71: {
      const n = readCount(r);
      const cases: { name: string; type: ValTypeRef | null }[] = [];
      for (let i = 0; i < n; i++) {
        const name = readLabel(r);
        const type = readOptional(r, () => readValType(r), 'variant case type');
        const zeroAt = r.pos;
        const zero = r.u8();
        if (zero !== 0x00) r.fail(`invalid leading byte (0x${zero.toString(16)}) for zero byte required`, zeroAt);
        cases.push({ name, type });
      }
      return { kind: 'variant', cases };
    }
    case 0x70:
      return { kind: 'list', elem: readValType(r) };
    case 0x67: {
      const elem = readValType(r);
      return { kind: 'list', elem, length: r.u32() };
    }
    case 0x6f: {
      const n = readCount(r);
      const types: ValTypeRef[] = [];
      for (let i = 0; i < n; i++) types.push(readValType(r));
      return { kind: 'tuple', types };
    }
    case 0x6e:
    case 0x6d: {
      const n = readCount(r);
      const names: string[] = [];
      for (let i = 0; i < n; i++) names.push(readLabel(r));
      return { kind: b === 0x6e ? 'flags' : 'enum', names };
    }
    case 0x6b:
      return { kind: 'option', type: readValType(r) };
    case 0x6a: {
      const ok = readOptional(r, () => readValType(r), 'result ok type');
      const err = readOptional(r, () => readValType(r), 'result error type');
      return { kind: 'result', ok, err };
    }
    case 0x69:
      return { kind: 'own', index: r.u32() };
    case 0x68:
      return { kind: 'borrow', index: r.u32() };
    case 0x66:
      return { kind: 'stream', elem: readOptional(r, () => readValType(r), 'stream element type') };
    case 0x65:
      return { kind: 'future', elem: readOptional(r, () => readValType(r), 'future element type') };
    case 0x64:
      return { kind: 'error-context' };
    case 0x63: {
      const key = readValType(r);
      return { kind: 'map', key, value: readValType(r) };
    }
    default:
      return r.fail(`invalid leading byte (0x${b.toString(16)}) for component defined type`, at);
  }
}

/** Reads a component-level `type` (deftype). */
export function readTypeDecl(r: ByteReader): TypeDecl {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x40:
    case 0x43: {
      const n = readCount(r);
      const params: LabelledType[] = [];
      for (let i = 0; i < n; i++) params.push(readLabelled(r));
      const rat = r.pos;
      const rk = r.u8();
      let result: ValTypeRef | null = null;
      if (rk === 0x00) result = readValType(r);
      else if (rk === 0x01) {
        const zat = r.pos;
        const z = r.u8();
        if (z !== 0x00) r.fail(`invalid leading byte (0x${z.toString(16)}) for number of results (named results are not supported)`, zat);
      } else r.fail(`invalid leading byte (0x${rk.toString(16)}) for component function results`, rat);
      return { kind: 'func', async: b === 0x43, params, result };
    }
    case 0x41:
    case 0x42: {
      const n = readCount(r);
      const decls: TypeDeclarator[] = [];
      for (let i = 0; i < n; i++) decls.push(readDeclarator(r, b === 0x41));
      const t: ComponentTypeDecl = { kind: b === 0x41 ? 'component' : 'instance', decls };
      return t;
    }
    case 0x3f: {
      const rat = r.pos;
      const rep = r.u8();
      if (rep !== 0x7f && rep !== 0x7e) r.fail('resource representation must be i32 or i64', rat);
      const dtor = readOptional(r, () => r.u32(), 'resource destructor');
      return { kind: 'resource', rep: rep === 0x7f ? 'i32' : 'i64', dtor };
    }
    default:
      return { kind: 'defined', type: readDefValType(r, b, at) };
  }
}

function readDeclarator(r: ByteReader, inComponent: boolean): TypeDeclarator {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00:
      return { kind: 'core-type', type: readCoreTypeDecl(r), offset };
    case 0x01:
      return { kind: 'type', type: readTypeDecl(r), offset };
    case 0x02:
      return { kind: 'alias', alias: readAlias(r), offset };
    case 0x03: {
      if (!inComponent) r.fail('invalid leading byte (0x3) for component or instance type declaration: instance types cannot contain imports', offset);
      const { name, attrs } = readNameAttributes(r);
      return { kind: 'import', name, attrs, desc: readExternDesc(r), offset };
    }
    case 0x04: {
      const { name, attrs } = readNameAttributes(r);
      return { kind: 'export', name, attrs, desc: readExternDesc(r), offset };
    }
    default:
      return r.fail(`invalid leading byte (0x${b.toString(16)}) for component or instance type declaration`, offset);
  }
}

/** Reads an `externtype`. */
export function readExternDesc(r: ByteReader): ExternDesc {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: {
      const m = r.u8();
      if (m !== 0x11) r.fail('invalid leading byte (0x0) for component external kind: only core modules may be imported or exported', at);
      return { kind: 'module', index: r.u32() };
    }
    case 0x01:
      return { kind: 'func', index: r.u32() };
    case 0x02: {
      const vb = r.u8();
      if (vb === 0x00) return { kind: 'value', bound: { kind: 'eq', index: r.u32() } };
      if (vb === 0x01) return { kind: 'value', bound: { kind: 'type', type: readValType(r) } };
      return r.fail(`invalid leading byte (0x${vb.toString(16)}) for value bound`, at + 1);
    }
    case 0x03: {
      const tb = r.u8();
      if (tb === 0x00) return { kind: 'type', bound: { kind: 'eq', index: r.u32() } };
      if (tb === 0x01) return { kind: 'type', bound: { kind: 'sub-resource' } };
      return r.fail(`invalid leading byte (0x${tb.toString(16)}) for type bound`, at + 1);
    }
    case 0x04:
      return { kind: 'component', index: r.u32() };
    case 0x05:
      return { kind: 'instance', index: r.u32() };
    default:
      return r.fail(`invalid leading byte (0x${b.toString(16)}) for component external kind`, at);
  }
}

/** Reads and validates an extern name (the `nameattributes` production, with its attributes). */
export function readNameAttributes(r: ByteReader): { name: ExternName; attrs: NameAttributes } {
  const at = r.pos;
  const b = r.u8();
  if (b !== 0x00 && b !== 0x01 && b !== 0x02) r.fail(`invalid leading byte (0x${b.toString(16)}) for component name`, at);
  const nameAt = r.pos;
  const raw = r.name();
  const parsed = parseExternName(raw);
  if (!parsed.ok) r.fail(parsed.error, nameAt);
  const attrs: { implements?: string; versionSuffix?: string; externalId?: string } = {};
  if (b === 0x02) {
    const n = readCount(r);
    for (let i = 0; i < n; i++) {
      const aat = r.pos;
      const k = r.u8();
      const v = r.name();
      const key = k === 0x00 ? 'implements' : k === 0x01 ? 'versionSuffix' : k === 0x02 ? 'externalId' : null;
      if (key === null) r.fail(`invalid leading byte (0x${k.toString(16)}) for name option`, aat);
      if (attrs[key] !== undefined) r.fail(`duplicate '${key === 'versionSuffix' ? 'versionsuffix' : key === 'externalId' ? 'external-id' : key}' option in name`, aat);
      attrs[key] = v;
    }
  }
  return { name: parsed.name, attrs };
}

/** Reads a plain core name (instantiate args, core exports). */
export function readCoreName(r: ByteReader): string {
  return r.name();
}

/** Reads an `alias`. */
export function readAlias(r: ByteReader): Alias {
  // Note: an outer alias only allows core module, core type, component and type; the reference
  // decoder names the offending sort byte ("for component outer alias kind"), so peek ahead.
  const sortAt = r.pos;
  const b0 = r.bytes[sortAt];
  const targetAt = b0 === 0x00 ? sortAt + 2 : sortAt + 1;
  if (r.bytes[targetAt] === 0x02 && targetAt < r.end) {
    const b1 = r.bytes[sortAt + 1];
    const ok = b0 === 0x00 ? b1 === 0x10 || b1 === 0x11 : b0 === 0x03 || b0 === 0x04;
    if (!ok) {
      const bad = b0 === 0x00 ? b1! : b0!;
      r.fail(`invalid leading byte (0x${bad.toString(16)}) for component outer alias kind`, b0 === 0x00 ? sortAt + 1 : sortAt);
    }
  }
  const sort = readSort(r);
  const at = r.pos;
  const k = r.u8();
  switch (k) {
    case 0x00:
      return { kind: 'export', sort, instance: r.u32(), name: r.name() };
    case 0x01:
      return { kind: 'core-export', sort, instance: r.u32(), name: r.name() };
    case 0x02:
      return { kind: 'outer', sort, count: r.u32(), index: r.u32() };
    default:
      return r.fail(`invalid leading byte (0x${k.toString(16)}) for alias target`, at);
  }
}

/** Reads a core value type as text (`i32`, `funcref`, `(ref null 3)`, ...). */
export function readCoreValType(r: ByteReader): CoreValType {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x7f:
      return 'i32';
    case 0x7e:
      return 'i64';
    case 0x7d:
      return 'f32';
    case 0x7c:
      return 'f64';
    case 0x7b:
      return 'v128';
    case 0x70:
      return 'funcref';
    case 0x6f:
      return 'externref';
    case 0x6e:
      return 'anyref';
    case 0x6d:
      return 'eqref';
    case 0x6c:
      return 'i31ref';
    case 0x6b:
      return 'structref';
    case 0x6a:
      return 'arrayref';
    case 0x69:
      return 'exnref';
    case 0x71:
      return 'nullref';
    case 0x72:
      return 'nullexternref';
    case 0x73:
      return 'nullfuncref';
    case 0x74:
      return 'nullexnref';
    case 0x63:
    case 0x64: {
      const ht = r.s33();
      const names: Record<number, string> = { [-16]: 'func', [-17]: 'extern', [-18]: 'any', [-19]: 'eq', [-20]: 'i31', [-21]: 'struct', [-22]: 'array', [-23]: 'exn', [-15]: 'none', [-14]: 'noextern', [-13]: 'nofunc', [-12]: 'noexn' };
      const h = ht >= 0 ? String(ht) : names[ht];
      if (h === undefined) r.fail('invalid heap type', at + 1);
      if (b === 0x63 && h === 'func') return 'funcref';
      if (b === 0x63 && h === 'extern') return 'externref';
      return `(ref ${b === 0x63 ? 'null ' : ''}${h})`;
    }
    default:
      return r.fail(`invalid value type 0x${b.toString(16)}`, at);
  }
}

/** Reads core limits; `kind` selects which flag bits are allowed. */
export function readLimits(r: ByteReader, kind: 'table' | 'memory'): { min: number; max: number | null; shared: boolean; is64: boolean; pageSizeLog2?: number } {
  const at = r.pos;
  const flags = r.u8();
  const allowed = kind === 'memory' ? 0x0f : 0x05;
  if (flags & ~allowed) r.fail(kind === 'memory' ? 'malformed memory limits flags' : 'malformed table limits flags', at);
  const is64 = (flags & 0x04) !== 0;
  const readNum = (): number => {
    if (!is64) return r.u32();
    const v = r.s64();
    return Number(BigInt.asUintN(64, v));
  };
  const min = readNum();
  const max = flags & 0x01 ? readNum() : null;
  const out: { min: number; max: number | null; shared: boolean; is64: boolean; pageSizeLog2?: number } = { min, max, shared: (flags & 0x02) !== 0, is64 };
  if (flags & 0x08) out.pageSizeLog2 = r.u32();
  return out;
}

/** Reads a core function type body (after the 0x60). */
export function readCoreFuncSig(r: ByteReader): CoreFuncSig {
  const np = readCount(r);
  const params: CoreValType[] = [];
  for (let i = 0; i < np; i++) params.push(readCoreValType(r));
  const nr = readCount(r);
  const results: CoreValType[] = [];
  for (let i = 0; i < nr; i++) results.push(readCoreValType(r));
  return { params, results };
}

/** Reads a core import/export descriptor (`core:importdesc` / `core:externtype`). */
export function readCoreImportDesc(r: ByteReader): CoreImportDesc {
  const at = r.pos;
  const k = r.u8();
  switch (k) {
    case 0x00:
      return { kind: 'func', typeIndex: r.u32() };
    case 0x01: {
      const elem = readCoreValType(r);
      const l = readLimits(r, 'table');
      return { kind: 'table', type: { elem, min: l.min, max: l.max, table64: l.is64 } };
    }
    case 0x02: {
      const l = readLimits(r, 'memory');
      const mem: { min: number; max: number | null; shared: boolean; memory64: boolean; pageSizeLog2?: number } = { min: l.min, max: l.max, shared: l.shared, memory64: l.is64 };
      if (l.pageSizeLog2 !== undefined) mem.pageSizeLog2 = l.pageSizeLog2;
      return { kind: 'memory', type: mem };
    }
    case 0x03: {
      const type = readCoreValType(r);
      const mat = r.pos;
      const m = r.u8();
      if (m > 1) r.fail('malformed mutability', mat);
      return { kind: 'global', type: { type, mutable: m === 1 } };
    }
    case 0x04: {
      const attr = r.u8();
      if (attr !== 0) r.fail('invalid tag attribute', at + 1);
      return { kind: 'tag', typeIndex: r.u32() };
    }
    default:
      return r.fail(`invalid leading byte (0x${k.toString(16)}) for external kind`, at);
  }
}

/** Reads a core type inside a component (`core:type`): a function type or a module type. */
export function readCoreTypeDecl(r: ByteReader): CoreTypeDecl {
  const at = r.pos;
  const b = r.u8();
  if (b === 0x60) return { kind: 'func', sig: readCoreFuncSig(r) };
  if (b === 0x50) {
    const n = readCount(r);
    const decls: ModuleTypeDeclarator[] = [];
    for (let i = 0; i < n; i++) {
      const dat = r.pos;
      const k = r.u8();
      switch (k) {
        case 0x00: {
          const module = r.name();
          const name = r.name();
          decls.push({ kind: 'import', module, name, type: readCoreImportDesc(r) });
          break;
        }
        case 0x01: {
          const t = readCoreTypeDecl(r);
          if (t.kind === 'module') r.fail('invalid leading byte (0x50) for core type in a module type: module types cannot be nested', dat);
          decls.push({ kind: 'type', type: t });
          break;
        }
        case 0x02: {
          const s = r.u8();
          if (s !== 0x10) r.fail(`invalid leading byte (0x${s.toString(16)}) for outer alias kind`, dat + 1);
          const o = r.u8();
          if (o !== 0x01) r.fail(`invalid leading byte (0x${o.toString(16)}) for outer alias target`, dat + 2);
          decls.push({ kind: 'alias-outer', count: r.u32(), index: r.u32() });
          break;
        }
        case 0x03: {
          const name = r.name();
          decls.push({ kind: 'export', name, type: readCoreImportDesc(r) });
          break;
        }
        default:
          r.fail(`invalid leading byte (0x${k.toString(16)}) for type definition`, dat);
      }
    }
    return { kind: 'module', decls };
  }
  if (b === 0x4e || b === 0x4f || b === 0x00 || b === 0x5e || b === 0x5f) {
    return r.fail('core GC types (rec/sub/struct/array) inside components are not supported', at);
  }
  return r.fail(`invalid leading byte (0x${b.toString(16)}) for core type`, at);
}

function readCanonOptions(r: ByteReader): CanonOption[] {
  const n = readCount(r);
  const opts: CanonOption[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const b = r.u8();
    switch (b) {
      case 0x00:
        opts.push({ kind: 'string-encoding', encoding: 'utf8' });
        break;
      case 0x01:
        opts.push({ kind: 'string-encoding', encoding: 'utf16' });
        break;
      case 0x02:
        opts.push({ kind: 'string-encoding', encoding: 'latin1+utf16' });
        break;
      case 0x03:
        opts.push({ kind: 'memory', index: r.u32() });
        break;
      case 0x04:
        opts.push({ kind: 'realloc', index: r.u32() });
        break;
      case 0x05:
        opts.push({ kind: 'post-return', index: r.u32() });
        break;
      case 0x06:
        opts.push({ kind: 'async' });
        break;
      case 0x07:
        opts.push({ kind: 'callback', index: r.u32() });
        break;
      default:
        r.fail(`invalid leading byte (0x${b.toString(16)}) for canonical option`, at);
    }
  }
  return opts;
}

/** Names of the async/thread built-ins by opcode, with the immediates each takes. */
const BUILTINS: ReadonlyMap<number, { name: string; imm: readonly ('type' | 'opts' | 'flag' | 'coretype' | 'u32' | 'resultlist')[] }> = new Map([
  [0x24, { name: 'backpressure.inc', imm: [] }],
  [0x25, { name: 'backpressure.dec', imm: [] }],
  [0x08, { name: 'backpressure.set', imm: [] }],
  [0x09, { name: 'task.return', imm: ['resultlist', 'opts'] }],
  [0x05, { name: 'task.cancel', imm: [] }],
  [0x0a, { name: 'context.get', imm: ['coretype', 'u32'] }],
  [0x0b, { name: 'context.set', imm: ['coretype', 'u32'] }],
  [0x06, { name: 'subtask.cancel', imm: ['flag'] }],
  [0x0d, { name: 'subtask.drop', imm: [] }],
  [0x0e, { name: 'stream.new', imm: ['type'] }],
  [0x0f, { name: 'stream.read', imm: ['type', 'opts'] }],
  [0x10, { name: 'stream.write', imm: ['type', 'opts'] }],
  [0x11, { name: 'stream.cancel-read', imm: ['type', 'flag'] }],
  [0x12, { name: 'stream.cancel-write', imm: ['type', 'flag'] }],
  [0x13, { name: 'stream.drop-readable', imm: ['type'] }],
  [0x14, { name: 'stream.drop-writable', imm: ['type'] }],
  [0x15, { name: 'future.new', imm: ['type'] }],
  [0x16, { name: 'future.read', imm: ['type', 'opts'] }],
  [0x17, { name: 'future.write', imm: ['type', 'opts'] }],
  [0x18, { name: 'future.cancel-read', imm: ['type', 'flag'] }],
  [0x19, { name: 'future.cancel-write', imm: ['type', 'flag'] }],
  [0x1a, { name: 'future.drop-readable', imm: ['type'] }],
  [0x1b, { name: 'future.drop-writable', imm: ['type'] }],
  [0x1c, { name: 'error-context.new', imm: ['opts'] }],
  [0x1d, { name: 'error-context.debug-message', imm: ['opts'] }],
  [0x1e, { name: 'error-context.drop', imm: [] }],
  [0x1f, { name: 'waitable-set.new', imm: [] }],
  [0x20, { name: 'waitable-set.wait', imm: ['flag', 'u32'] }],
  [0x21, { name: 'waitable-set.poll', imm: ['flag', 'u32'] }],
  [0x22, { name: 'waitable-set.drop', imm: [] }],
  [0x23, { name: 'waitable.join', imm: [] }],
  [0x26, { name: 'thread.index', imm: [] }],
  [0x27, { name: 'thread.new-indirect', imm: ['u32', 'u32'] }],
  [0x28, { name: 'thread.resume-later', imm: [] }],
  [0x29, { name: 'thread.suspend', imm: ['flag'] }],
  [0x0c, { name: 'thread.yield', imm: ['flag'] }],
  [0x2a, { name: 'thread.suspend-then-resume', imm: ['flag'] }],
  [0x2b, { name: 'thread.yield-then-resume', imm: ['flag'] }],
  [0x2c, { name: 'thread.suspend-then-promote', imm: ['flag'] }],
  [0x2d, { name: 'thread.yield-then-promote', imm: ['flag'] }],
  [0x40, { name: 'thread.spawn-ref', imm: ['flag', 'u32'] }],
  [0x41, { name: 'thread.spawn-indirect', imm: ['flag', 'u32', 'u32'] }],
  [0x42, { name: 'thread.available-parallelism', imm: ['flag'] }],
]);

/** Reads a `canon` definition. */
export function readCanon(r: ByteReader): Canon {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: {
      const s = r.u8();
      if (s !== 0x00) r.fail(`invalid leading byte (0x${s.toString(16)}) for canonical function lift`, at + 1);
      const coreFunc = r.u32();
      const options = readCanonOptions(r);
      return { kind: 'lift', coreFunc, options, typeIndex: r.u32() };
    }
    case 0x01: {
      const s = r.u8();
      if (s !== 0x00) r.fail(`invalid leading byte (0x${s.toString(16)}) for canonical function lower`, at + 1);
      const func = r.u32();
      return { kind: 'lower', func, options: readCanonOptions(r) };
    }
    case 0x02:
      return { kind: 'resource.new', typeIndex: r.u32() };
    case 0x03:
      return { kind: 'resource.drop', typeIndex: r.u32() };
    case 0x04:
      return { kind: 'resource.rep', typeIndex: r.u32() };
    default: {
      const info = BUILTINS.get(b);
      if (info === undefined) return r.fail(`invalid leading byte (0x${b.toString(16)}) for canonical function`, at);
      const immediates: number[] = [];
      let typeIndex: number | undefined;
      let options: CanonOption[] | undefined;
      for (const k of info.imm) {
        if (k === 'type') typeIndex = r.u32();
        else if (k === 'opts') options = readCanonOptions(r);
        else if (k === 'flag') {
          const fat = r.pos;
          const f = r.u8();
          if (f > 1) r.fail(`invalid boolean value 0x${f.toString(16)}`, fat);
          immediates.push(f);
        }
        else if (k === 'u32') immediates.push(r.u32());
        else if (k === 'coretype') {
          const t = readCoreValType(r);
          immediates.push(t === 'i32' ? 0x7f : 0x7e);
        } else {
          const rk = r.u8();
          if (rk === 0x00) {
            const v = readValType(r);
            if (v.kind === 'index') typeIndex = v.index;
          } else if (rk === 0x01) r.u8();
        }
      }
      const out: { kind: 'builtin'; opcode: number; name: string; immediates: number[]; typeIndex?: number; options?: CanonOption[] } = { kind: 'builtin', opcode: b, name: info.name, immediates };
      if (typeIndex !== undefined) out.typeIndex = typeIndex;
      if (options !== undefined) out.options = options;
      return out;
    }
  }
}

