/**
 * Component-level type syntax: value types (primitive, referenced or inline), defined types,
 * function types, component and instance types with their declarators, resource types, item
 * signatures of imports and exports, and aliases.
 */

import type { Sort } from '../binary/ast.js';
import type { PrimValType } from '../types.js';
import { TokenKind } from '../../wasm/text/lexer.js';
import type { Alias, ComponentTypeDecl, CoreType, CoreTypeUse, DefinedType, ExternDesc, FuncType, ItemSig, ModuleType, TypeBound, TypeDef, TypeUse, ValType } from './ast.js';
import { parseCoreTypeDef, parseModuleTypeBody, parseRep, parseU32Literal } from './parse-core-types.js';
import { type ComponentCursor, coreItemRefRest, corePrefixedRef, isIdxAt, isOpen, isRefAt, itemRefRest, kwAt, parseExternName, parseIdx } from './parse-common.js';

/** The primitive value type keywords (`float32`/`float64` are old spellings of `f32`/`f64`). */
const PRIMS: Readonly<Record<string, PrimValType | 'error-context'>> = {
  bool: 'bool',
  s8: 's8',
  u8: 'u8',
  s16: 's16',
  u16: 'u16',
  s32: 's32',
  u32: 'u32',
  s64: 's64',
  u64: 'u64',
  f32: 'f32',
  f64: 'f64',
  float32: 'f32',
  float64: 'f64',
  char: 'char',
  string: 'string',
  'error-context': 'error-context',
};

/** The keywords that open an inline defined type. */
const DEFINED_KWS = new Set(['record', 'variant', 'list', 'map', 'tuple', 'flags', 'enum', 'option', 'result', 'own', 'borrow', 'stream', 'future']);

/** True at a value type: an index, a primitive keyword, or `(` and a defined-type keyword. */
export function isValTypeAt(cur: ComponentCursor, i: number = cur.pos): boolean {
  if (isIdxAt(cur, i)) return true;
  const kw = kwAt(cur, i);
  if (kw !== null) return kw in PRIMS;
  return cur.rawKind(i) === TokenKind.LParen && DEFINED_KWS.has(kwAt(cur, i + 1) ?? '');
}

/** Reads a value type. */
export function parseValType(cur: ComponentCursor): ValType {
  if (isIdxAt(cur)) return { kind: 'ref', idx: parseIdx(cur) };
  const kw = kwAt(cur, cur.pos);
  if (kw !== null && kw in PRIMS) {
    cur.pos++;
    return { kind: 'prim', prim: PRIMS[kw]! };
  }
  return cur.nested(() => {
    cur.expect(TokenKind.LParen);
    const def = parseDefinedBody(cur);
    cur.close();
    return { kind: 'inline', def };
  });
}

/** Reads the inside of `( ... )` of a non-primitive defined type, starting at its keyword. */
function parseDefinedBody(cur: ComponentCursor): DefinedType {
  const kw = kwAt(cur, cur.pos);
  if (kw === null || !DEFINED_KWS.has(kw)) cur.unexpected();
  cur.pos++;
  switch (kw) {
    case 'record': {
      const fields: { name: string; type: ValType }[] = [];
      while (cur.peek() === TokenKind.LParen) {
        cur.open('field');
        const name = cur.name();
        fields.push({ name, type: parseValType(cur) });
        cur.close();
      }
      return { kind: 'record', fields };
    }
    case 'variant': {
      const cases: { name: string; type: ValType | null }[] = [];
      while (cur.peek() === TokenKind.LParen) {
        cur.open('case');
        cur.optionalId();
        const name = cur.name();
        const type = isValTypeAt(cur) ? parseValType(cur) : null;
        if (isOpen(cur, 'refines')) cur.fail('`refines` is no longer supported in variant cases');
        cases.push({ name, type });
        cur.close();
      }
      return { kind: 'variant', cases };
    }
    case 'list': {
      const elem = parseValType(cur);
      const length = cur.peek() === TokenKind.Nat ? parseU32Literal(cur) : null;
      return { kind: 'list', elem, length };
    }
    case 'map': {
      const key = parseValType(cur);
      return { kind: 'map', key, value: parseValType(cur) };
    }
    case 'tuple': {
      const types: ValType[] = [];
      while (cur.peek() !== TokenKind.RParen) types.push(parseValType(cur));
      return { kind: 'tuple', types };
    }
    case 'flags':
    case 'enum': {
      const names: string[] = [];
      while (cur.peek() === TokenKind.String) names.push(cur.name());
      return { kind: kw, names };
    }
    case 'option':
      return { kind: 'option', type: parseValType(cur) };
    case 'result': {
      const ok = isValTypeAt(cur) ? parseValType(cur) : null;
      let err: ValType | null = null;
      if (cur.peek() === TokenKind.LParen) {
        cur.open('error');
        err = parseValType(cur);
        cur.close();
      }
      return { kind: 'result', ok, err };
    }
    case 'own':
    case 'borrow':
      return { kind: kw, idx: parseIdx(cur) };
    case 'stream':
    case 'future':
      return { kind: kw, elem: isValTypeAt(cur) ? parseValType(cur) : null };
  }
  return cur.unexpected();
}

/** Reads `async? (param "name" t)* (result t)?`. */
export function parseFuncTypeBody(cur: ComponentCursor): FuncType {
  const isAsync = kwAt(cur, cur.pos) === 'async';
  if (isAsync) cur.pos++;
  const params: { name: string; type: ValType }[] = [];
  while (isOpen(cur, 'param')) {
    cur.pos += 2;
    const name = cur.name();
    params.push({ name, type: parseValType(cur) });
    cur.close();
  }
  let result: ValType | null = null;
  if (isOpen(cur, 'result')) {
    cur.pos += 2;
    result = parseValType(cur);
    cur.close();
  }
  return { async: isAsync, params, result };
}

/** Reads a type definition (the part after `(type $id? (export ...)*`). */
export function parseTypeDef(cur: ComponentCursor): TypeDef {
  if (cur.peek() !== TokenKind.LParen) {
    const kw = kwAt(cur, cur.pos);
    if (kw === null || !(kw in PRIMS)) cur.unexpected();
    cur.pos++;
    return { kind: 'defined', def: { kind: 'prim', prim: PRIMS[kw]! } };
  }
  return cur.nested(() => parseTypeDefBody(cur));
}

/** Reads the parenthesised part of a type definition, after its `(`. */
function parseTypeDefBody(cur: ComponentCursor): TypeDef {
  cur.pos++;
  const kw = kwAt(cur, cur.pos);
  let def: TypeDef;
  switch (kw) {
    case 'func':
      cur.pos++;
      def = { kind: 'func', type: parseFuncTypeBody(cur) };
      break;
    case 'component':
      cur.pos++;
      def = { kind: 'component', decls: parseTypeDecls(cur, true) };
      break;
    case 'instance':
      cur.pos++;
      def = { kind: 'instance', decls: parseTypeDecls(cur, false) };
      break;
    case 'resource': {
      cur.pos++;
      const rep = parseRep(cur);
      let dtor = null;
      if (cur.peek() === TokenKind.LParen) {
        cur.open('dtor');
        dtor = corePrefixedRef(cur, 'func');
        cur.close();
      }
      def = { kind: 'resource', rep, dtor };
      break;
    }
    default:
      def = { kind: 'defined', def: parseDefinedBody(cur) };
  }
  cur.close();
  return def;
}

/** Reads the declarators of a component type (`imports` true) or an instance type, up to `)`. */
export function parseTypeDecls(cur: ComponentCursor, imports: boolean): ComponentTypeDecl[] {
  return cur.nested(() => parseTypeDeclList(cur, imports));
}

function parseTypeDeclList(cur: ComponentCursor, imports: boolean): ComponentTypeDecl[] {
  const decls: ComponentTypeDecl[] = [];
  while (cur.peek() === TokenKind.LParen) {
    const at = cur.pos;
    cur.pos++;
    const kw = kwAt(cur, cur.pos);
    switch (kw) {
      case 'core':
        cur.pos++;
        cur.expectKeyword('type');
        decls.push({ kind: 'core-type', type: parseCoreTypeRest(cur, at) });
        break;
      case 'type':
        cur.pos++;
        decls.push({ kind: 'type', type: { id: cur.optionalId(), exports: [], def: parseTypeDef(cur), at } });
        break;
      case 'alias':
        cur.pos++;
        decls.push({ kind: 'alias', alias: parseAliasRest(cur, at) });
        break;
      case 'import':
        if (!imports) cur.unexpected();
        cur.pos++;
        decls.push({ kind: 'import', name: parseExternName(cur), sig: parseItemSig(cur) });
        break;
      case 'export':
        cur.pos++;
        decls.push({ kind: 'export', name: parseExternName(cur), sig: parseItemSig(cur) });
        break;
      default:
        cur.unexpected();
    }
    cur.close();
  }
  return decls;
}

/** Reads `$id? coretype` after `core type`. */
export function parseCoreTypeRest(cur: ComponentCursor, at: number): CoreType {
  const id = cur.optionalId();
  return { id, def: parseCoreTypeDef(cur), at };
}

/** Reads a component type use: `(type idx "export"*)` or the type written inline. */
export function parseTypeUse<T>(cur: ComponentCursor, inline: (cur: ComponentCursor) => T): TypeUse<T> {
  if (isRefAt(cur, ['type'])) {
    cur.pos += 2;
    const ref = itemRefRest(cur, 'type');
    cur.close();
    return { kind: 'ref', ref };
  }
  return { kind: 'inline', type: inline(cur) };
}

/** Reads a core type use of a module type: `(type idx "export"?)` or the declarators inline. */
export function parseCoreModuleTypeUse(cur: ComponentCursor): CoreTypeUse<ModuleType> {
  if (isRefAt(cur, ['type'])) {
    cur.pos += 2;
    const ref = coreItemRefRest(cur, 'core type');
    cur.close();
    return { kind: 'ref', ref };
  }
  return { kind: 'inline', type: parseModuleTypeBody(cur) };
}

/** Reads an item signature `(sort $id? type)` of an import or export declaration. */
export function parseItemSig(cur: ComponentCursor, named = true): ItemSig {
  const at = cur.expect(TokenKind.LParen);
  const desc = parseItemSigBody(cur, named);
  cur.close();
  return { ...desc, at };
}

function parseItemSigBody(cur: ComponentCursor, named: boolean): { id: string | null; desc: ExternDesc } {
  const kw = kwAt(cur, cur.pos);
  const id = (): string | null => (named ? cur.optionalId() : null);
  switch (kw) {
    case 'core': {
      cur.pos++;
      cur.expectKeyword('module');
      const i = id();
      return { id: i, desc: { kind: 'module', type: parseCoreModuleTypeUse(cur) } };
    }
    case 'func': {
      cur.pos++;
      const i = id();
      return { id: i, desc: { kind: 'func', type: parseTypeUse(cur, parseFuncTypeBody) } };
    }
    case 'component': {
      cur.pos++;
      const i = id();
      return { id: i, desc: { kind: 'component', type: parseTypeUse(cur, (c) => parseTypeDecls(c, true)) } };
    }
    case 'instance': {
      cur.pos++;
      const i = id();
      return { id: i, desc: { kind: 'instance', type: parseTypeUse(cur, (c) => parseTypeDecls(c, false)) } };
    }
    case 'value': {
      cur.pos++;
      const i = id();
      let type: ValType;
      if (isRefAt(cur, ['type'])) {
        cur.pos += 2;
        type = { kind: 'ref', idx: parseIdx(cur) };
        cur.close();
      } else {
        type = parseValType(cur);
      }
      return { id: i, desc: { kind: 'value', type } };
    }
    case 'type': {
      cur.pos++;
      const i = id();
      return { id: i, desc: { kind: 'type', bound: parseTypeBound(cur) } };
    }
    default:
      return cur.unexpected();
  }
}

/** Reads `(eq idx)` or `(sub resource)`. */
function parseTypeBound(cur: ComponentCursor): TypeBound {
  cur.expect(TokenKind.LParen);
  const kw = kwAt(cur, cur.pos);
  let bound: TypeBound;
  if (kw === 'eq') {
    cur.pos++;
    bound = { kind: 'eq', idx: parseIdx(cur) };
  } else if (kw === 'sub') {
    cur.pos++;
    cur.expectKeyword('resource');
    bound = { kind: 'sub-resource' };
  } else {
    cur.unexpected();
  }
  cur.close();
  return bound;
}

/** The sorts of `alias export`. */
const EXPORT_ALIAS_SORTS = new Set(['func', 'value', 'type', 'component', 'instance']);
/** The core sorts of `alias core export`. */
const CORE_EXPORT_SORTS = new Set(['func', 'table', 'memory', 'global', 'tag']);

/** Reads the rest of `(alias ...)` after the `alias` keyword. */
export function parseAliasRest(cur: ComponentCursor, at: number): Alias {
  const kw = kwAt(cur, cur.pos);
  if (kw === 'outer') {
    cur.pos++;
    const outer = parseIdx(cur);
    const index = parseIdx(cur);
    cur.expect(TokenKind.LParen);
    let sort: Sort;
    const s = kwAt(cur, cur.pos);
    if (s === 'core') {
      cur.pos++;
      const c = kwAt(cur, cur.pos);
      if (c !== 'module' && c !== 'type') cur.unexpected();
      cur.pos++;
      sort = c === 'module' ? 'core module' : 'core type';
    } else if (s === 'type' || s === 'component') {
      cur.pos++;
      sort = s;
    } else {
      cur.unexpected();
    }
    const id = cur.optionalId();
    cur.close();
    return { id, at, target: { kind: 'outer', outer, index, sort } };
  }
  if (kw === 'export') {
    cur.pos++;
    const instance = parseIdx(cur);
    const name = cur.name();
    cur.expect(TokenKind.LParen);
    let sort: Sort;
    const s = kwAt(cur, cur.pos);
    if (s === 'core') {
      cur.pos++;
      cur.expectKeyword('module');
      sort = 'core module';
    } else if (s !== null && EXPORT_ALIAS_SORTS.has(s)) {
      cur.pos++;
      sort = s as Sort;
    } else {
      cur.unexpected();
    }
    const id = cur.optionalId();
    cur.close();
    return { id, at, target: { kind: 'export', instance, name, sort } };
  }
  if (kw === 'core') {
    cur.pos++;
    cur.expectKeyword('export');
    const instance = parseIdx(cur);
    const name = cur.name();
    cur.expect(TokenKind.LParen);
    cur.expectKeyword('core');
    const s = kwAt(cur, cur.pos);
    if (s === null || !CORE_EXPORT_SORTS.has(s)) cur.unexpected();
    cur.pos++;
    const id = cur.optionalId();
    cur.close();
    return { id, at, target: { kind: 'core-export', instance, name, sort: `core ${s}` as Sort } };
  }
  return cur.unexpected();
}
