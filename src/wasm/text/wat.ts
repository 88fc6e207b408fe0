/**
 * `parseWat`: the entry point of the `.wat` front end.
 */

import { decodeUtf8Strict } from '../../util/utf8.js';
import type { Module } from '../module.js';
import { WatParseError } from './errors.js';
import { lineColumn, tokenize } from './lexer.js';
import { WatModuleParser } from './module-parser.js';
import type { TextOrigin } from './token-cursor.js';
import { TokenCursor } from './token-cursor.js';

/** Options of {@link parseWat}. */
export interface WatParseOptions {
  /**
   * Where the text starts in a larger file (1-based line and column), so that error positions
   * point into that file; used for modules embedded in `.wast` scripts.
   */
  readonly origin?: TextOrigin;
}

/**
 * Parses a module in the WebAssembly text format (Wasm 2.0 with every abbreviation): either
 * `(module $id? field*)` or a bare sequence of module fields.
 *
 * Bytes are accepted too (for `(module quote ...)` texts, which need not be valid UTF-8).
 * Identifiers become a name section in `module.names` (module, function and local names).
 *
 * @throws {WatParseError} for malformed text, with the position and the reference
 *   interpreter's message; semantic problems that are validation errors (type mismatches,
 *   out-of-range numeric indices) are left to the validator.
 */
export function parseWat(source: string | Uint8Array, filename = '<input>', options: WatParseOptions = {}): Module {
  const text = typeof source === 'string' ? source : decodeSource(source, filename, options.origin);
  const cursor = new TokenCursor(tokenize(text), filename, options.origin);
  return new WatModuleParser(cursor).parseText();
}

/** Decodes UTF-8 text, failing with "malformed UTF-8 encoding" at the first bad byte. */
function decodeSource(bytes: Uint8Array, filename: string, origin: TextOrigin | undefined): string {
  const text = decodeUtf8Strict(bytes);
  if (text !== null) return text;
  let bad = 0;
  while (bad < bytes.length && decodeUtf8Strict(bytes.subarray(0, bad + 1)) !== null) bad++;
  // Note: the first prefix that fails may be an incomplete but valid sequence; step back to its start.
  while (bad > 0 && (bytes[bad]! & 0xc0) === 0x80) bad--;
  const prefix = decodeUtf8Strict(bytes.subarray(0, bad)) ?? '';
  const { line, column } = lineColumn(prefix, prefix.length);
  const o = origin ?? { line: 1, column: 1 };
  throw new WatParseError('malformed UTF-8 encoding', o.line + line - 1, line === 1 ? o.column + column - 1 : column, filename);
}
