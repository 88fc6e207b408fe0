/**
 * `parseComponentText`: the component text format to component binary bytes, through parsing
 * (`parse-*.ts`), abbreviation expansion (`expand.ts`), name resolution (`resolve.ts`) and
 * encoding (`encode.ts`). The bytes are not validated here: decode them with
 * `decodeComponent`, which validates, so an invalid component is the validator's to reject.
 */

import { decodeUtf8Strict } from '../../util/utf8.js';
import { WatParseError } from '../../wasm/text/errors.js';
import { lineColumn, TokenKind } from '../../wasm/text/lexer.js';
import type { TextOrigin } from '../../wasm/text/token-cursor.js';
import { encodeFields } from './encode.js';
import { expandFields, Gensym } from './expand.js';
import { tokenizeComponent } from './lexer.js';
import { ComponentCursor, isOpen, kwAt } from './parse-common.js';
import { parseFields } from './parse-fields.js';
import { resolveComponent } from './resolve.js';

/** Options of {@link parseComponentText}. */
export interface ComponentTextOptions {
  /** Where the text starts in a larger file (1-based), so error positions point into that file. */
  readonly origin?: TextOrigin;
  /**
   * The `$id` of the component when the text is a bare list of fields (as a script's
   * `(component $C ...)` hands them over): `(alias outer $C ...)` inside refers to it.
   */
  readonly id?: string | null;
}

/**
 * Parses a component in the text format and encodes it as a component binary. The text is
 * either `(component $id? field*)`, `(component $id? binary "..."*)`, `(component $id? quote
 * "..."*)`, or a bare sequence of component fields that does not start with a nested
 * `(component ...)` (use {@link parseComponentFields} for any field list). Core modules inside
 * are parsed by the core text front end (`parseWat`).
 *
 * @throws {WatParseError} for malformed text or names that do not resolve, with the position
 *   and a message worded like wasm-tools'.
 */
export function parseComponentText(source: string | Uint8Array, filename = '<input>', options: ComponentTextOptions = {}): Uint8Array {
  const text = typeof source === 'string' ? source : decodeText(source, filename, options.origin);
  const cur = new ComponentCursor(tokenizeComponent(text), filename, options.origin);
  let bytes: Uint8Array;
  if (isOpen(cur, 'component')) {
    cur.pos += 2;
    const id = cur.optionalId();
    const form = kwAt(cur, cur.pos);
    if (form === 'binary') {
      cur.pos++;
      bytes = cur.strings();
    } else if (form === 'quote') {
      cur.pos++;
      const quoted = cur.strings();
      bytes = parseComponentFields(quoted, filename, { id });
    } else {
      bytes = fieldsToBinary(cur, id);
    }
    cur.close();
  } else {
    bytes = fieldsToBinary(cur, options.id ?? null);
  }
  cur.expect(TokenKind.Eof);
  return bytes;
}

/**
 * Parses the fields of a component (the body of `(component $id? ...)`, as a script hands it
 * over, or the text of `(component quote ...)`) and encodes them as a component binary. Unlike
 * {@link parseComponentText}, a first field `(component ...)` is a nested component.
 *
 * @throws {WatParseError} as {@link parseComponentText} does.
 */
export function parseComponentFields(source: string | Uint8Array, filename = '<input>', options: ComponentTextOptions = {}): Uint8Array {
  const text = typeof source === 'string' ? source : decodeText(source, filename, options.origin);
  const cur = new ComponentCursor(tokenizeComponent(text), filename, options.origin);
  const bytes = fieldsToBinary(cur, options.id ?? null);
  cur.expect(TokenKind.Eof);
  return bytes;
}

function fieldsToBinary(cur: ComponentCursor, id: string | null): Uint8Array {
  const fields = parseFields(cur);
  const expanded = expandFields(fields, new Gensym());
  resolveComponent(id, expanded, cur);
  return encodeFields(expanded, id);
}

/** Decodes text given as bytes, failing with "malformed UTF-8 encoding" at the first bad byte. */
function decodeText(bytes: Uint8Array, filename: string, origin: TextOrigin | undefined): string {
  const text = decodeUtf8Strict(bytes);
  if (text !== null) return text;
  let good = 0;
  while (good < bytes.length && decodeUtf8Strict(bytes.subarray(0, good + 1)) !== null) good++;
  while (good > 0 && (bytes[good]! & 0xc0) === 0x80) good--;
  const prefix = decodeUtf8Strict(bytes.subarray(0, good)) ?? '';
  const { line, column } = lineColumn(prefix, prefix.length);
  const o = origin ?? { line: 1, column: 1 };
  throw new WatParseError('malformed UTF-8 encoding', o.line + line - 1, line === 1 ? o.column + column - 1 : column, filename);
}
