/**
 * The component binary decoder (Binary.md): checks the preamble, reads every section, and
 * validates each definition as it is read, so that indices, sorts and types are known to be right
 * when the linker walks {@link Component.definitions}. Malformed or invalid input throws
 * {@link CompileError} with the byte offset.
 */

import { CompileError } from '../../api/errors.js';
import { ByteReader } from '../../util/byte-reader.js';
import { decodeAndValidate, decodeAndValidateDeferred, type ValidatedModule } from '../../wasm/validate/index.js';
import type { ComponentNames, CoreInstanceDecl, CustomSection, Definition, InstanceDecl, Sort } from './ast.js';
import { applyAlias, buildCoreType, buildTypeDecl, resolveValType } from './build-types.js';
import type { Component } from './component.js';
import { scanCoreModuleType } from './core-module-type.js';
import { parseExternName } from './names.js';
import { readAlias, readCanon, readCoreName, readCoreSort, readCoreTypeDecl, readCount, readExternDesc, readNameAttributes, readSort, readTypeDecl, readValType } from './reader.js';
import { Scope } from './scope.js';
import { componentTypeOf, coreInstanceType, instanceType, validateCanon, validateExport, validateImport, validateStart } from './validator.js';

/** The 8-byte preamble of a component: magic, version 0x0d, layer 1. */
export const COMPONENT_PREAMBLE: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** Section ids of the component binary format. */
export const SectionId = {
  Custom: 0,
  CoreModule: 1,
  CoreInstance: 2,
  CoreType: 3,
  Component: 4,
  Instance: 5,
  Alias: 6,
  Type: 7,
  Canon: 8,
  Start: 9,
  Import: 10,
  Export: 11,
  Value: 12,
} as const;

/** Most nested components accepted (guards the host stack against hostile input). */
export const MAX_NESTING = 100;

/** Options of {@link decodeComponent}. */
export interface DecodeComponentOptions {
  /**
   * Decode and validate every embedded core module (function bodies included) with the core
   * decoder and validator. Default true; tools that only read types may turn it off.
   */
  readonly validateCoreModules?: boolean;
  /**
   * Leave the function bodies of embedded core modules to be validated when an engine compiles
   * them (see `decodeAndValidateDeferred`): the native engine lets the host's compiler check them,
   * the others run kpio's validator then. Everything else is validated now. Default false.
   */
  readonly deferCoreBodies?: boolean;
}

/** True when `bytes` start with the component preamble (as opposed to a core module's). */
export function isComponent(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 4; i++) if (bytes[i] !== COMPONENT_PREAMBLE[i]) return false;
  return bytes[6] === 0x01 && bytes[7] === 0x00;
}

/** Decodes and validates a component binary. */
export function decodeComponent(bytes: Uint8Array, options: DecodeComponentOptions = {}): Component {
  try {
    const validate = options.validateCoreModules === false ? 'no' : options.deferCoreBodies === true ? 'defer-bodies' : 'yes';
    return decodeAt(bytes, 0, bytes.length, null, 0, validate);
  } catch (e) {
    // Note: a safety net for pathologically deep type structures that reach the host stack limit
    // in the remaining recursive comparisons; the input is rejected, the host is not crashed.
    if (e instanceof RangeError) throw new CompileError(`component too complex to validate: ${e.message}`, 0);
    throw e;
  }
}

/** How {@link decodeAt} treats embedded core modules (see {@link DecodeComponentOptions}). */
type CoreValidation = 'yes' | 'defer-bodies' | 'no';

function validateCore(bytes: Uint8Array, start: number, end: number, how: 'yes' | 'defer-bodies'): ValidatedModule {
  const inComponent = (e: CompileError): CompileError =>
    new CompileError(`invalid core module: ${e.reason}`, e.offset >= 0 ? start + e.offset : start);
  const module = bytes.subarray(start, end);
  if (how === 'defer-bodies') return decodeAndValidateDeferred(module, inComponent);
  try {
    // Note: decodeAndValidate walks the function bodies once (the validator reads them) and gives
    // exactly validateModule(decodeModule(...))'s result or error.
    return decodeAndValidate(module);
  } catch (e) {
    if (e instanceof CompileError) throw inComponent(e);
    throw e;
  }
}

function checkPreamble(r: ByteReader, start: number): void {
  if (r.end - start < 8) {
    // Note: report the first byte that is missing or wrong, like core decoders do.
    for (let i = 0; i < Math.min(4, r.end - start); i++) if (r.bytes[start + i] !== COMPONENT_PREAMBLE[i]) r.fail('magic header not detected', start);
    r.fail('unexpected end-of-file', r.end);
  }
  for (let i = 0; i < 4; i++) if (r.bytes[start + i] !== COMPONENT_PREAMBLE[i]) r.fail('magic header not detected', start);
  const layer = r.bytes[start + 6]! | (r.bytes[start + 7]! << 8);
  const version = r.bytes[start + 4]! | (r.bytes[start + 5]! << 8);
  if (layer === 0) r.fail('expected a version header for a component: this is a core module, not a component (layer 0)', start + 6);
  if (layer !== 1) r.fail(`unknown binary layer ${layer}`, start + 6);
  if (version !== 0x0d) r.fail(`unknown binary version 0x${version.toString(16)}: expected component binary version 0xd`, start + 4);
  r.pos = start + 8;
}

function decodeAt(bytes: Uint8Array, start: number, end: number, parent: Scope | null, depth: number, validate: CoreValidation): Component {
  if (depth > MAX_NESTING) throw new CompileError(`components nested more than ${MAX_NESTING} deep`, start);
  const r: ByteReader = new ByteReader(bytes, start, end, 'unexpected end-of-file');
  checkPreamble(r, start);
  const scope = new Scope('component', parent);
  const definitions: Definition[] = [];
  const customSections: CustomSection[] = [];
  let names: ComponentNames | null = null;
  const add = (d: Definition): number => {
    definitions.push(d);
    return definitions.length - 1;
  };
  while (!r.atEnd()) {
    const idAt = r.pos;
    const id = r.u8();
    // Note: the id is checked before the size is read, so a stray unknown byte at the end is a
    // "malformed section id" rather than a truncated section (binary.wast expects that order).
    if (id > SectionId.Value) r.fail(`malformed section id: unknown section id ${id}`, idAt);
    const sizeAt = r.pos;
    const size = r.u32();
    const secStart = r.pos;
    const secEnd = secStart + size;
    if (secEnd > end) r.fail('unexpected end-of-file: section size out of bounds', sizeAt);
    const s: ByteReader = new ByteReader(bytes, secStart, secEnd, 'unexpected end-of-file');
    switch (id) {
      case SectionId.Custom: {
        const name = s.name();
        const data = bytes.subarray(s.pos, secEnd);
        if (name === 'component-name') names = readNameSection(bytes, s.pos, secEnd);
        else customSections.push({ name, data, offset: secStart });
        s.pos = secEnd;
        break;
      }
      case SectionId.CoreModule: {
        const type = scanCoreModuleType(bytes, secStart, secEnd);
        const module = { bytes: bytes.subarray(secStart, secEnd), offset: secStart };
        const def = add({ kind: 'core-module', module: validate !== 'no' ? { ...module, validated: validateCore(bytes, secStart, secEnd, validate) } : module, offset: secStart });
        scope.push('core module', type, def);
        s.pos = secEnd;
        break;
      }
      case SectionId.CoreInstance: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const instance = readCoreInstance(s);
          const type = coreInstanceType(scope, instance, at);
          scope.push('core instance', type, add({ kind: 'core-instance', instance, offset: at }));
        }
        break;
      }
      case SectionId.CoreType: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const type = readCoreTypeDecl(s);
          scope.push('core type', buildCoreType(scope, type, at), add({ kind: 'core-type', type, offset: at }));
        }
        break;
      }
      case SectionId.Component: {
        const inner = decodeAt(bytes, secStart, secEnd, scope, depth + 1, validate);
        scope.push('component', inner.type, add({ kind: 'component', component: inner, offset: secStart }));
        s.pos = secEnd;
        break;
      }
      case SectionId.Instance: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const instance = readInstance(s);
          const type = instanceType(scope, instance, at);
          scope.push('instance', type, add({ kind: 'instance', instance, offset: at }));
        }
        break;
      }
      case SectionId.Alias: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const alias = readAlias(s);
          applyAlias(scope, alias, at, add({ kind: 'alias', alias, offset: at }));
        }
        break;
      }
      case SectionId.Type: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const type = readTypeDecl(s);
          const t = buildTypeDecl(scope, type, at, scope.spaces.types.length);
          scope.push('type', t, add({ kind: 'type', type, offset: at }));
        }
        break;
      }
      case SectionId.Canon: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const canon = readCanon(s);
          validateCanon(scope, canon, at, add({ kind: 'canon', canon, offset: at }));
        }
        break;
      }
      case SectionId.Start: {
        const func = s.u32();
        const nargs = readCount(s);
        const args: number[] = [];
        for (let i = 0; i < nargs; i++) args.push(s.u32());
        const results = s.u32();
        const d: Extract<Definition, { kind: 'start' }> = { kind: 'start', func, args, results, offset: secStart };
        validateStart(scope, d, add(d));
        break;
      }
      case SectionId.Import: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const { name, attrs } = readNameAttributes(s);
          const desc = readExternDesc(s);
          const d: Extract<Definition, { kind: 'import' }> = { kind: 'import', name, attrs, desc, offset: at };
          validateImport(scope, d, add(d));
        }
        break;
      }
      case SectionId.Export: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const { name, attrs } = readNameAttributes(s);
          const sort = readSort(s);
          const index = s.u32();
          const flagAt = s.pos;
          const flag = s.u8();
          let desc = null;
          if (flag === 0x01) desc = readExternDesc(s);
          else if (flag !== 0x00) s.fail(`invalid leading byte (0x${flag.toString(16)}) for optional component export type`, flagAt);
          const d: Extract<Definition, { kind: 'export' }> = { kind: 'export', name, attrs, sort, index, desc, offset: at };
          validateExport(scope, d, add(d));
        }
        break;
      }
      case SectionId.Value: {
        const n = readCount(s);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const type = readValType(s);
          const len = s.u32();
          const data = s.take(len);
          const t = resolveValType(scope, type, at);
          scope.push('value', t, add({ kind: 'value', type, bytes: data, offset: at }));
        }
        break;
      }
      default:
        r.fail(`malformed section id: unknown section id ${id}`, idAt);
    }
    if (s.pos !== secEnd) r.fail('section size mismatch: unexpected content after last item', s.pos);
    r.pos = secEnd;
  }
  return {
    definitions,
    customSections,
    names,
    spaces: scope.spaces,
    imports: scope.imports,
    exports: scope.exports,
    type: componentTypeOf(scope),
    localResources: scope.localResources,
    copiedFrom: scope.copiedFrom,
    offset: start,
    end,
  };
}

function readCoreInstance(s: ByteReader): CoreInstanceDecl {
  const at = s.pos;
  const k = s.u8();
  if (k === 0x00) {
    const module = s.u32();
    const n = readCount(s);
    const args: { name: string; instance: number }[] = [];
    for (let i = 0; i < n; i++) {
      const name = readCoreName(s);
      const kat = s.pos;
      const kind = s.u8();
      if (kind !== 0x12) s.fail(`invalid leading byte (0x${kind.toString(16)}) for instantiation arg kind: only core instances may be passed`, kat);
      args.push({ name, instance: s.u32() });
    }
    return { kind: 'instantiate', module, args };
  }
  if (k === 0x01) {
    const n = readCount(s);
    const exports: { name: string; sort: Sort; index: number }[] = [];
    for (let i = 0; i < n; i++) {
      const name = readCoreName(s);
      const sort: Sort = `core ${readCoreSort(s)}`;
      exports.push({ name, sort, index: s.u32() });
    }
    return { kind: 'exports', exports };
  }
  return s.fail(`invalid leading byte (0x${k.toString(16)}) for core instance`, at);
}

function readInstance(s: ByteReader): InstanceDecl {
  const at = s.pos;
  const k = s.u8();
  if (k === 0x00) {
    const component = s.u32();
    const n = readCount(s);
    const args: { name: string; sort: Sort; index: number }[] = [];
    for (let i = 0; i < n; i++) {
      const name = s.name();
      const sort = readSort(s);
      args.push({ name, sort, index: s.u32() });
    }
    return { kind: 'instantiate', component, args };
  }
  if (k === 0x01) {
    const n = readCount(s);
    const exports: (ReturnType<typeof readNameAttributes> & { sort: Sort; index: number })[] = [];
    for (let i = 0; i < n; i++) {
      const { name, attrs } = readNameAttributes(s);
      const sort = readSort(s);
      exports.push({ name, attrs, sort, index: s.u32() });
    }
    return { kind: 'exports', exports };
  }
  return s.fail(`invalid leading byte (0x${k.toString(16)}) for instance`, at);
}

/** Reads the `component-name` section; an ill-formed one is ignored (returns null), as the spec asks. */
function readNameSection(bytes: Uint8Array, start: number, end: number): ComponentNames | null {
  try {
    const r: ByteReader = new ByteReader(bytes, start, end);
    let component: string | undefined;
    const sorts = new Map<Sort, Map<number, string>>();
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.u32();
      const sub: ByteReader = new ByteReader(bytes, r.pos, r.pos + size);
      if (r.pos + size > end) return null;
      if (id === 0) component = sub.name();
      else if (id === 1) {
        const sort = readSort(sub);
        const n = readCount(sub);
        const m = new Map<number, string>();
        for (let i = 0; i < n; i++) {
          const idx = sub.u32();
          m.set(idx, sub.name());
        }
        sorts.set(sort, m);
      }
      r.pos += size;
    }
    return component === undefined ? { sorts } : { component, sorts };
  } catch {
    return null;
  }
}

/** Re-exported for tools that parse names without decoding a component. */
export { parseExternName };
