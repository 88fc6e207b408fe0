/**
 * Small productions shared by the component text parser: indices, item references (with the
 * export-name sugar), extern names with attributes, and token look-ahead helpers.
 */

import type { Sort } from '../binary/ast.js';
import { lineColumn, TokenKind } from '../../wasm/text/lexer.js';
import { parseU32 } from '../../wasm/text/numbers.js';
import { TokenCursor, type TextOrigin } from '../../wasm/text/token-cursor.js';
import type { CoreItemRef, ExternName, Idx, ItemRef } from './ast.js';

/** Most nested components, types and value types accepted (guards the host stack). */
export const MAX_TEXT_NESTING = 100;

/** A token cursor that also counts how deeply the component grammar's productions nest. */
export class ComponentCursor extends TokenCursor {
  private depth = 0;

  /** Runs `parse` one nesting level deeper; fails past {@link MAX_TEXT_NESTING} levels. */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_TEXT_NESTING) this.fail(`nesting too deep: more than ${MAX_TEXT_NESTING} nested components or types`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

/** The keyword at token `i`, or null (never throws; for look-ahead). */
export function kwAt(cur: TokenCursor, i: number): string | null {
  return cur.rawKeywordAt(i);
}

/** True when token `i` is `(` and token `i + 1` is the keyword `kw`. */
export function isOpen(cur: TokenCursor, kw: string, i: number = cur.pos): boolean {
  return cur.rawKind(i) === TokenKind.LParen && cur.rawKeywordAt(i + 1) === kw;
}

/** True when token `i` is an index: a natural number or an `$id`. */
export function isIdxAt(cur: TokenCursor, i: number = cur.pos): boolean {
  const k = cur.rawKind(i);
  return k === TokenKind.Nat || k === TokenKind.Id;
}

/** Consumes an index (`0`, `0x10`, `$name`). */
export function parseIdx(cur: TokenCursor): Idx {
  const at = cur.pos;
  const k = cur.peek();
  if (k === TokenKind.Id) {
    cur.pos++;
    return { kind: 'id', name: cur.textAt(at), at };
  }
  if (k === TokenKind.Nat) {
    cur.pos++;
    const v = parseU32(cur.textAt(at));
    if (v === null) cur.fail('index out of range: must fit in 32 bits', at);
    return { kind: 'num', value: v, at };
  }
  return cur.unexpected();
}

/** Consumes an unsigned 32-bit number. */
export function parseU32Token(cur: TokenCursor): number {
  const at = cur.expect(TokenKind.Nat);
  const v = parseU32(cur.textAt(at));
  if (v === null) cur.fail('constant out of range: must fit in 32 bits', at);
  return v;
}

/**
 * True when `(kw idx ...` at token `i` is a reference (the index is followed by `)` or an export
 * name) rather than an inline definition such as `(type $t (func))`.
 */
export function isRefAt(cur: TokenCursor, kws: readonly string[], i: number = cur.pos): boolean {
  if (cur.rawKind(i) !== TokenKind.LParen) return false;
  let j = i + 1;
  for (const kw of kws) {
    if (cur.rawKeywordAt(j) !== kw) return false;
    j++;
  }
  if (!isIdxAt(cur, j)) return false;
  const next = cur.rawKind(j + 1);
  return next === TokenKind.RParen || next === TokenKind.String;
}

/** Reads the rest of an item reference after its sort keyword: `idx "export"*` up to `)`. */
export function itemRefRest(cur: TokenCursor, sort: Sort): ItemRef {
  const idx = parseIdx(cur);
  const exports: string[] = [];
  while (cur.peek() === TokenKind.String) exports.push(cur.name());
  return { sort, idx, exports };
}

/** Reads the rest of a core item reference after its sort keyword: `idx "export"?`. */
export function coreItemRefRest(cur: TokenCursor, sort: Sort): CoreItemRef {
  const idx = parseIdx(cur);
  const name = cur.peek() === TokenKind.String ? cur.name() : null;
  return { sort, idx, export: name };
}

/** The core sort keywords of core item references. */
const CORE_REF_SORTS: Readonly<Record<string, Sort>> = {
  func: 'core func',
  table: 'core table',
  memory: 'core memory',
  global: 'core global',
  tag: 'core tag',
  type: 'core type',
  module: 'core module',
  instance: 'core instance',
};

/**
 * Reads `core-prefix(<core:sortidx>)`: a bare index, or `(core <kw> idx "name"?)`. The legacy
 * form without `core` is refused, as wasm-tools does in strict mode.
 */
export function corePrefixedRef(cur: TokenCursor, kw: string): CoreItemRef {
  const sort = CORE_REF_SORTS[kw]!;
  if (isIdxAt(cur)) return { sort, idx: parseIdx(cur), export: null };
  cur.expect(TokenKind.LParen);
  if (kwAt(cur, cur.pos) === kw) {
    cur.fail(`the \`core\` keyword is required in this reference: \`(${kw} ...)\` should be written \`(core ${kw} ...)\``);
  }
  cur.expectKeyword('core');
  cur.expectKeyword(kw);
  const ref = coreItemRefRest(cur, sort);
  cur.close();
  return ref;
}

/**
 * Reads the contents of an option whose keyword names the sort (`(memory ...)` after `memory`):
 * a bare index or a nested `(core memory idx "name"?)`.
 */
export function corePrefixedContents(cur: TokenCursor, kw: string): CoreItemRef {
  const sort = CORE_REF_SORTS[kw]!;
  if (isIdxAt(cur)) {
    const idx = parseIdx(cur);
    if (cur.peek() === TokenKind.String) {
      cur.fail(`an export name must be written inside a nested reference: \`(${kw} $i "name")\` should be written \`(${kw} (core ${kw} $i "name"))\``);
    }
    return { sort, idx, export: null };
  }
  cur.expect(TokenKind.LParen);
  cur.expectKeyword('core');
  cur.expectKeyword(kw);
  const ref = coreItemRefRest(cur, sort);
  cur.close();
  return ref;
}

/** Reads an extern name: `"name"` or `(interface "name")`, then `(implements ...)`, `(versionsuffix ...)`, `(external-id ...)`. */
export function parseExternName(cur: TokenCursor): ExternName {
  let at = cur.pos;
  let name: string;
  if (isOpen(cur, 'interface')) {
    cur.pos += 2;
    at = cur.pos;
    name = cur.name();
    cur.close();
  } else {
    name = cur.name();
  }
  const out: ExternName = { name, at };
  // Note: the attributes come in this order, each at most once; anything else is a syntax error
  // at the token that breaks the order.
  if (isOpen(cur, 'implements')) {
    cur.pos += 2;
    out.implements = cur.name();
    cur.close();
  }
  if (isOpen(cur, 'versionsuffix')) {
    cur.pos += 2;
    out.versionSuffix = cur.name();
    cur.close();
  }
  if (isOpen(cur, 'external-id')) {
    cur.pos += 2;
    out.externalId = cur.name();
    cur.close();
  }
  return out;
}

/** True at an inline `(export "name")` / `(export (interface "name"))` abbreviation. */
export function isInlineExport(cur: TokenCursor, i: number = cur.pos): boolean {
  return isInlineNameClause(cur, 'export', i);
}

/** True at an inline `(import "name")` abbreviation. */
export function isInlineImport(cur: TokenCursor, i: number = cur.pos): boolean {
  return isInlineNameClause(cur, 'import', i);
}

function isInlineNameClause(cur: TokenCursor, kw: string, i: number): boolean {
  if (!isOpen(cur, kw, i)) return false;
  const j = i + 2;
  if (cur.rawKind(j) === TokenKind.String) return cur.rawKind(j + 1) === TokenKind.RParen;
  return isOpen(cur, 'interface', j) && cur.rawKind(j + 2) === TokenKind.String && cur.rawKind(j + 3) === TokenKind.RParen && cur.rawKind(j + 4) === TokenKind.RParen;
}

/** Reads inline `(export "name")*` clauses. */
export function inlineExports(cur: TokenCursor): ExternName[] {
  const out: ExternName[] = [];
  while (isInlineExport(cur)) {
    cur.pos += 2;
    out.push(parseExternName(cur));
    cur.close();
  }
  return out;
}

/** Reads an inline `(import "name")` clause if there is one. */
export function inlineImport(cur: TokenCursor): ExternName | null {
  if (!isInlineImport(cur)) return null;
  cur.pos += 2;
  const name = parseExternName(cur);
  cur.close();
  return name;
}

/** The position of token `i` in the whole file (1-based), for texts handed to other parsers. */
export function originOf(cur: TokenCursor, i: number): TextOrigin {
  const { line, column } = lineColumn(cur.toks.text, cur.toks.starts[i]!);
  return { line: cur.origin.line + line - 1, column: line === 1 ? cur.origin.column + column - 1 : column };
}
