/**
 * Core-level type syntax inside components: core value types, limits, function signatures,
 * `(core type ...)` definitions and core module types with their import/export declarators.
 */

import { TokenKind } from '../../wasm/text/lexer.js';
import { parseIntBits } from '../../wasm/text/numbers.js';
import type { Alias, CoreFuncSig, CoreFuncUse, CoreItemSig, CoreLimits, CoreTypeDef, CoreValType, ModuleType, ModuleTypeDecl } from './ast.js';
import { type ComponentCursor, isOpen, kwAt, parseIdx, parseU32Token } from './parse-common.js';

/** Binary codes of the numeric and vector types. */
const NUM_TYPES: Readonly<Record<string, number>> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Binary codes of the abstract heap types. */
const HEAP_TYPES: Readonly<Record<string, number>> = {
  func: 0x70,
  extern: 0x6f,
  any: 0x6e,
  eq: 0x6d,
  i31: 0x6c,
  struct: 0x6b,
  array: 0x6a,
  exn: 0x69,
  none: 0x71,
  noextern: 0x72,
  nofunc: 0x73,
  noexn: 0x74,
};

/** The nullable reference shorthands (`funcref` = `(ref null func)`). */
const REF_SHORTHANDS: Readonly<Record<string, string>> = {
  funcref: 'func',
  externref: 'extern',
  anyref: 'any',
  eqref: 'eq',
  i31ref: 'i31',
  structref: 'struct',
  arrayref: 'array',
  exnref: 'exn',
  nullref: 'none',
  nullexternref: 'noextern',
  nullfuncref: 'nofunc',
  nullexnref: 'noexn',
};

/** Reads a core value type. */
export function parseCoreValType(cur: ComponentCursor): CoreValType {
  const kw = kwAt(cur, cur.pos);
  if (kw !== null && kw in NUM_TYPES) {
    cur.pos++;
    return { kind: 'num', code: NUM_TYPES[kw]! };
  }
  if (kw !== null && kw in REF_SHORTHANDS) {
    cur.pos++;
    return { kind: 'ref', nullable: true, heap: { kind: 'abstract', code: HEAP_TYPES[REF_SHORTHANDS[kw]!]! } };
  }
  if (!isOpen(cur, 'ref')) cur.unexpected();
  cur.pos += 2;
  const nullable = kwAt(cur, cur.pos) === 'null';
  if (nullable) cur.pos++;
  const heapKw = kwAt(cur, cur.pos);
  let heap: Extract<CoreValType, { kind: 'ref' }>['heap'];
  if (heapKw !== null && heapKw in HEAP_TYPES) {
    cur.pos++;
    heap = { kind: 'abstract', code: HEAP_TYPES[heapKw]! };
  } else {
    heap = { kind: 'concrete', idx: parseIdx(cur) };
  }
  cur.close();
  return { kind: 'ref', nullable, heap };
}

/** Reads `(param $id? t*)* (result t*)*` into a signature. */
export function parseCoreFuncSig(cur: ComponentCursor): CoreFuncSig {
  const params: CoreValType[] = [];
  const results: CoreValType[] = [];
  while (isOpen(cur, 'param')) {
    cur.pos += 2;
    if (cur.peek() === TokenKind.Id) {
      cur.pos++;
      params.push(parseCoreValType(cur));
    } else {
      while (cur.peek() !== TokenKind.RParen) params.push(parseCoreValType(cur));
    }
    cur.close();
  }
  while (isOpen(cur, 'result')) {
    cur.pos += 2;
    while (cur.peek() !== TokenKind.RParen) results.push(parseCoreValType(cur));
    cur.close();
  }
  return { params, results };
}

/** Reads a core type definition inside `(core type $id? <here>)`: `(func ...)` or `(module ...)`. */
export function parseCoreTypeDef(cur: ComponentCursor): CoreTypeDef {
  cur.expect(TokenKind.LParen);
  const kw = kwAt(cur, cur.pos);
  let def: CoreTypeDef;
  if (kw === 'func') {
    cur.pos++;
    def = { kind: 'func', sig: parseCoreFuncSig(cur) };
  } else if (kw === 'module') {
    cur.pos++;
    def = { kind: 'module', type: parseModuleTypeBody(cur) };
  } else if (kw === 'struct' || kw === 'array' || kw === 'sub' || kw === 'rec') {
    cur.fail('core GC type definitions inside components are not supported');
  } else {
    cur.unexpected();
  }
  cur.close();
  return def;
}

/** Reads the declarators of a module type up to its `)`. */
export function parseModuleTypeBody(cur: ComponentCursor): ModuleType {
  const decls: ModuleTypeDecl[] = [];
  while (cur.peek() === TokenKind.LParen) {
    const at = cur.pos;
    cur.pos++;
    const kw = kwAt(cur, cur.pos);
    switch (kw) {
      case 'type': {
        cur.pos++;
        const id = cur.optionalId();
        cur.expect(TokenKind.LParen);
        cur.expectKeyword('func');
        const sig = parseCoreFuncSig(cur);
        cur.close();
        decls.push({ kind: 'type', id, sig, at });
        break;
      }
      case 'alias':
        cur.pos++;
        decls.push({ kind: 'alias', alias: parseOuterCoreTypeAlias(cur, at) });
        break;
      case 'import': {
        cur.pos++;
        const module = cur.name();
        const name = cur.name();
        decls.push({ kind: 'import', module, name, sig: parseCoreItemSig(cur), at });
        break;
      }
      case 'export': {
        cur.pos++;
        const name = cur.name();
        decls.push({ kind: 'export', name, sig: parseCoreItemSig(cur), at });
        break;
      }
      default:
        cur.unexpected();
    }
    cur.close();
  }
  return { decls };
}

/** `alias outer idx idx (type $id?)` inside a module type: always a core type. */
function parseOuterCoreTypeAlias(cur: ComponentCursor, at: number): Alias {
  cur.expectKeyword('outer');
  const outer = parseIdx(cur);
  const index = parseIdx(cur);
  cur.expect(TokenKind.LParen);
  if (kwAt(cur, cur.pos) === 'core') cur.fail('expected type for outer alias');
  cur.expectKeyword('type');
  const id = cur.optionalId();
  cur.close();
  return { id, at, target: { kind: 'outer', outer, index, sort: 'core type' } };
}

/** Reads a core item signature `(func $id? typeuse)`, `(memory ...)`, `(table ...)`, `(global ...)`, `(tag ...)`. */
export function parseCoreItemSig(cur: ComponentCursor): CoreItemSig {
  cur.expect(TokenKind.LParen);
  const kw = kwAt(cur, cur.pos);
  cur.pos++;
  cur.optionalId();
  let sig: CoreItemSig;
  switch (kw) {
    case 'func':
    case 'tag':
      sig = { kind: kw, type: parseCoreFuncUse(cur) };
      break;
    case 'memory':
      sig = { kind: 'memory', limits: parseLimits(cur, true) };
      break;
    case 'table': {
      const limits = parseLimits(cur, false);
      sig = { kind: 'table', limits, elem: parseCoreValType(cur) };
      break;
    }
    case 'global':
      if (isOpen(cur, 'mut')) {
        cur.pos += 2;
        const type = parseCoreValType(cur);
        cur.close();
        sig = { kind: 'global', type, mutable: true };
      } else {
        sig = { kind: 'global', type: parseCoreValType(cur), mutable: false };
      }
      break;
    default:
      cur.unexpected(cur.pos - 1);
  }
  cur.close();
  return sig;
}

/** Reads `(type idx)? (param ...)* (result ...)*`. */
function parseCoreFuncUse(cur: ComponentCursor): CoreFuncUse {
  let index = null;
  if (isOpen(cur, 'type')) {
    cur.pos += 2;
    index = parseIdx(cur);
    cur.close();
  }
  const hasInline = isOpen(cur, 'param') || isOpen(cur, 'result');
  const sig = parseCoreFuncSig(cur);
  return { index, inline: index === null || hasInline ? sig : null };
}

/** Reads core limits `i64? min max? shared?` (memories) or `i64? min max?` (tables). */
function parseLimits(cur: ComponentCursor, memory: boolean): CoreLimits {
  const is64 = kwAt(cur, cur.pos) === 'i64';
  if (is64) cur.pos++;
  const num = (): bigint => {
    const at = cur.expect(TokenKind.Nat);
    const v = parseIntBits(cur.textAt(at), is64 ? 64 : 32);
    if (v === null) cur.fail('constant out of range', at);
    return BigInt.asUintN(64, v);
  };
  const min = num();
  const max = cur.peek() === TokenKind.Nat ? num() : null;
  const shared = memory && kwAt(cur, cur.pos) === 'shared';
  if (shared) cur.pos++;
  return { min, max, is64, shared };
}

/** Reads a `(rep i32)`-style core value type wrapper used by resources. */
export function parseRep(cur: ComponentCursor): CoreValType {
  cur.open('rep');
  const t = parseCoreValType(cur);
  cur.close();
  return t;
}

/** Reads a bare u32 literal (fixed-length list sizes, built-in immediates). */
export function parseU32Literal(cur: ComponentCursor): number {
  return parseU32Token(cur);
}