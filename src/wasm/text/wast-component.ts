/**
 * The component commands of `.wast` scripts (wasmtime's dialect, as the component-model reference
 * tests use it): `(component ...)` definitions in their text, `binary` and `quote` forms,
 * `(component definition ...)`, `(component instance $i $c)`, and component values
 * (`(u32.const 1)`, `(str.const "x")`, `(record.const (field "a" u8.const 1))`, ...).
 *
 * The script's lexer knows only the keywords of core modules, so the component words arrive here
 * as unknown tokens; this parser reads them by their text. Component text is not parsed here:
 * it is kept as text for the component text front end, like core modules are.
 */

import { decodeUtf8Strict } from '../../util/utf8.js';
import { stringBytes, TokenKind } from './lexer.js';
import { parseF32Bits, parseF64Bits, parseIntBits } from './numbers.js';
import type { TokenCursor } from './token-cursor.js';
import type { WastComponent, WastComponentCommand, WastComponentValue, WastPosition } from './wast-types.js';

/** A word-shaped token's text (a keyword, known or not), or null. */
export function wordAt(cur: TokenCursor, i: number): string | null {
  const k = cur.rawKind(i);
  if (k !== TokenKind.Keyword && k !== TokenKind.Unknown) return null;
  const t = cur.textAt(i);
  return /^[a-z]/.test(t) ? t : null;
}

/** True when token `i` is `(` followed by the word `word`. */
export function isOpenWord(cur: TokenCursor, word: string, i: number = cur.pos): boolean {
  return cur.rawKind(i) === TokenKind.LParen && wordAt(cur, i + 1) === word;
}

/** Consumes `(` and the word `word`, or fails with "unexpected token". */
function openWord(cur: TokenCursor, word: string): void {
  if (!isOpenWord(cur, word)) cur.unexpected(cur.rawKind(cur.pos) === TokenKind.LParen ? cur.pos + 1 : cur.pos);
  cur.pos += 2;
}

/**
 * Reads `(component ...)` at the cursor: a definition (`definition`, text, `binary`, `quote`)
 * or `(component instance $name $definition)`.
 */
export function parseComponentCommand(cur: TokenCursor, position: (i: number) => WastPosition): WastComponentCommand {
  const at = cur.pos;
  if (wordAt(cur, at + 2) === 'instance') {
    cur.pos += 3;
    const name = cur.optionalId();
    const i = cur.expect(TokenKind.Id);
    cur.close();
    return { kind: 'component_instance', name, component: cur.textAt(i), ...position(at) };
  }
  return parseComponentDefinition(cur, position);
}

/** Reads `(component definition? $name? (binary|quote "..."* | field*))` at the cursor. */
export function parseComponentDefinition(cur: TokenCursor, position: (i: number) => WastPosition): WastComponent {
  const at = cur.pos;
  const pos = position(at);
  openWord(cur, 'component');
  const definition = wordAt(cur, cur.pos) === 'definition';
  if (definition) cur.pos++;
  const name = cur.optionalId();
  const form = wordAt(cur, cur.pos);
  if (form === 'binary' || form === 'quote') {
    cur.pos++;
    const bytes = cur.strings();
    cur.close();
    return { kind: 'component', name, definition, source: { kind: form, bytes }, ...pos };
  }
  const first = cur.pos;
  const close = cur.toks.partner[at]!;
  if (close < 0) cur.unexpected(cur.toks.count - 1);
  const text = cur.toks.text.slice(cur.toks.starts[first], cur.toks.starts[close]);
  const start = position(first);
  cur.pos = close + 1;
  return { kind: 'component', name, definition, source: { kind: 'text', text, line: start.line, column: start.column }, ...pos };
}

/** The integer kinds of component values with their ranges. */
const INTS: Readonly<Record<string, { bits: number; signed: boolean }>> = {
  'u8.const': { bits: 8, signed: false },
  's8.const': { bits: 8, signed: true },
  'u16.const': { bits: 16, signed: false },
  's16.const': { bits: 16, signed: true },
  'u32.const': { bits: 32, signed: false },
  's32.const': { bits: 32, signed: true },
  'u64.const': { bits: 64, signed: false },
  's64.const': { bits: 64, signed: true },
};

/** True when the cursor is at `(` followed by the keyword of a component value. */
export function isComponentValueAt(cur: TokenCursor, i: number = cur.pos): boolean {
  if (cur.rawKind(i) !== TokenKind.LParen) return false;
  const w = wordAt(cur, i + 1);
  return w !== null && VALUE_WORDS.has(w);
}

const VALUE_WORDS: ReadonlySet<string> = new Set([
  'bool.const',
  ...Object.keys(INTS),
  'f32.const',
  'f64.const',
  'char.const',
  'str.const',
  'list.const',
  'record.const',
  'tuple.const',
  'variant.const',
  'enum.const',
  'option.none',
  'option.some',
  'result.ok',
  'result.err',
  'flags.const',
]);

/** Reads a parenthesised component value `(kw ...)`. */
export function parseComponentValue(cur: TokenCursor, depth = 0): WastComponentValue {
  cur.expect(TokenKind.LParen);
  const v = parseBareValue(cur, depth);
  cur.close();
  return v;
}

function str(cur: TokenCursor): string {
  const i = cur.expect(TokenKind.String);
  const s = decodeUtf8Strict(stringBytes(cur.toks, i));
  if (s === null) cur.fail('malformed UTF-8 encoding', i);
  return s;
}

function numberText(cur: TokenCursor): { text: string; at: number } {
  const k = cur.peek();
  if (k !== TokenKind.Nat && k !== TokenKind.Int && k !== TokenKind.Float) cur.unexpected();
  const at = cur.pos++;
  return { text: cur.textAt(at), at };
}

/** Reads a component value without its parentheses, starting at its keyword. */
function parseBareValue(cur: TokenCursor, depth: number): WastComponentValue {
  // Note: values nest as deeply as the script writes them; a hostile script must not reach the
  // host stack limit.
  if (depth > 100) cur.fail('component value nested too deeply');
  const kwAt = cur.pos;
  const kw = wordAt(cur, kwAt);
  if (kw === null || !VALUE_WORDS.has(kw)) cur.fail('expected a [type].const expression', kwAt);
  cur.pos++;
  const nested = (): WastComponentValue => parseComponentValue(cur, depth + 1);
  const many = (): WastComponentValue[] => {
    const out: WastComponentValue[] = [];
    while (cur.peek() === TokenKind.LParen) out.push(nested());
    return out;
  };
  const optional = (): WastComponentValue | null => (cur.peek() === TokenKind.LParen ? nested() : null);
  const int = INTS[kw];
  if (int !== undefined) {
    const { text, at } = numberText(cur);
    const bits = /^[+-]/.test(text) && !int.signed ? null : parseIntBits(text, int.bits);
    if (bits === null) cur.fail('constant out of range', at);
    const value = int.signed ? BigInt.asIntN(int.bits, bits) : bits;
    // Note: a signed literal must be written in the signed range (`(s8.const 255)` is refused).
    if (int.signed && !/^[+-]/.test(text) && !text.startsWith('0x') && value < 0n) cur.fail('constant out of range', at);
    const k = kw.slice(0, kw.indexOf('.'));
    if (int.bits === 64) return { kind: k as 'u64' | 's64', value };
    return { kind: k as 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32', value: Number(value) };
  }
  switch (kw) {
    case 'bool.const': {
      const w = wordAt(cur, cur.pos);
      if (w !== 'true' && w !== 'false') cur.unexpected();
      cur.pos++;
      return { kind: 'bool', value: w === 'true' };
    }
    case 'f32.const': {
      const { text, at } = numberText(cur);
      const bits = parseF32Bits(text);
      if (bits === null) cur.fail('constant out of range', at);
      return { kind: 'f32', bits };
    }
    case 'f64.const': {
      const { text, at } = numberText(cur);
      const bits = parseF64Bits(text);
      if (bits === null) cur.fail('constant out of range', at);
      return { kind: 'f64', bits };
    }
    case 'char.const': {
      const at = cur.pos;
      const s = str(cur);
      if (s.length === 0) cur.fail('empty string', at);
      if ([...s].length !== 1) cur.fail('more than one character', at);
      return { kind: 'char', value: s };
    }
    case 'str.const':
      return { kind: 'string', value: str(cur) };
    case 'list.const':
      return { kind: 'list', items: many() };
    case 'tuple.const':
      return { kind: 'tuple', items: many() };
    case 'record.const': {
      const fields: { name: string; value: WastComponentValue }[] = [];
      while (cur.peek() === TokenKind.LParen) {
        openWord(cur, 'field');
        const name = str(cur);
        // Note: wasmtime writes the field value without its own parentheses
        // (`(field "a" u32.const 1)`); the parenthesised form is accepted too.
        const value = cur.rawKind(cur.pos) === TokenKind.LParen ? nested() : parseBareValue(cur, depth + 1);
        cur.close();
        fields.push({ name, value });
      }
      return { kind: 'record', fields };
    }
    case 'variant.const': {
      const name = str(cur);
      return { kind: 'variant', case: name, payload: optional() };
    }
    case 'enum.const':
      return { kind: 'enum', case: str(cur) };
    case 'option.none':
      return { kind: 'option', value: null };
    case 'option.some':
      return { kind: 'option', value: nested() };
    case 'result.ok':
    case 'result.err':
      return { kind: 'result', ok: kw === 'result.ok', payload: optional() };
    case 'flags.const': {
      const names: string[] = [];
      while (cur.peek() === TokenKind.String) names.push(str(cur));
      return { kind: 'flags', names };
    }
  }
  return cur.unexpected(kwAt);
}
