/**
 * The WAVE lexer (WebAssembly Value Encoding, the text form of component values that wasmtime's
 * `--invoke` and wasm-tools use): numbers (with `nan`, `inf`, `-inf`), chars, strings and
 * multiline strings with their escapes decoded, labels and keywords (`%` marks a label that would
 * otherwise be a keyword), and the punctuation `{ } ( ) [ ] : ,`. Whitespace and `//` comments
 * separate tokens.
 */

import { WaveError } from './errors.js';

/** The kind of a {@link WaveToken}. */
export type WaveTokenKind = 'number' | 'char' | 'string' | 'label' | '{' | '}' | '(' | ')' | '[' | ']' | ':' | ',';

/** One token of WAVE text. */
export interface WaveToken {
  readonly kind: WaveTokenKind;
  /** Offset of the first character (in UTF-16 code units of the source). */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /**
   * The source text for numbers; the decoded value for chars and strings; for labels the label
   * without its `%`.
   */
  readonly text: string;
  /** For labels: true when written with a leading `%` (then never a keyword). */
  readonly escaped?: boolean;
}

/** The WAVE keywords: labels equal to one of these must be written with `%`. */
export const WAVE_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const LABEL = /(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(?:-(?:[a-z0-9]+|[A-Z0-9]+))*/y;
const PUNCT = new Set(['{', '}', '(', ')', '[', ']', ':', ',']);

/** True when `s` is a WAVE label (kebab-case words, each all-lowercase or all-uppercase). */
export function isWaveLabel(s: string): boolean {
  LABEL.lastIndex = 0;
  const m = LABEL.exec(s);
  return m !== null && m[0].length === s.length;
}

function match(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? null : m[0];
}

/**
 * Decodes the escapes of a char, string or multiline-string body (`raw` starts at `offset` in
 * the source). Raw newlines are refused unless `multiline`.
 */
function unescape(raw: string, offset: number, multiline: boolean): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\n' && !multiline) throw new WaveError('unterminated literal: raw line break', offset + i, offset + i + 1);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[i + 1];
    const at = offset + i;
    switch (e) {
      case '\\':
      case "'":
      case '"':
        out += e;
        i++;
        break;
      case 't':
        out += '\t';
        i++;
        break;
      case 'n':
        out += '\n';
        i++;
        break;
      case 'r':
        out += '\r';
        i++;
        break;
      case 'u': {
        const m = /^u\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i + 1));
        if (m === null) throw new WaveError('invalid character escape', at, at + 2);
        const cp = parseInt(m[1]!, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          throw new WaveError(`invalid character escape: U+${cp.toString(16).toUpperCase()} is not a Unicode scalar value`, at, at + 1 + m[0].length);
        }
        out += String.fromCodePoint(cp);
        i += m[0].length;
        break;
      }
      default:
        throw new WaveError('invalid character escape', at, at + 2);
    }
  }
  return out;
}

function checkScalars(s: string, start: number, end: number): void {
  if (/\p{Cs}/u.test(s)) throw new WaveError('invalid text: lone surrogate', start, end);
}

/** Lexes a multiline string starting at `at` (at the opening `"""`); returns its end and value. */
function multiline(text: string, at: number): { end: number; value: string } {
  const close = text.indexOf('"""', at + 3);
  if (close < 0) throw new WaveError('unterminated multiline string', at, text.length);
  const body = text.slice(at + 3, close);
  const first = /^\r?\n/.exec(body);
  if (first === null) throw new WaveError('invalid multiline string: `"""` must be followed by a line break', at, at + 3);
  // Note: raw CR LF line breaks count as one; an escaped `\r` is text here and is decoded later.
  const content = body.slice(first[0].length).replace(/\r\n/g, '\n');
  const lastBreak = content.lastIndexOf('\n');
  const indentText = lastBreak < 0 ? null : content.slice(lastBreak + 1);
  if (indentText === null || !/^ *$/.test(indentText)) {
    throw new WaveError('invalid multiline string: the closing `"""` must be on its own line', close, close + 3);
  }
  const indent = indentText.length;
  const lines = content.slice(0, lastBreak).split('\n');
  const contentStart = at + 3 + first[0].length;
  const dedented = lines.map((line) => {
    if (line.length === 0) return line;
    if (!line.startsWith(' '.repeat(indent))) {
      throw new WaveError(`invalid multiline string: every line must be indented by at least ${indent} spaces`, contentStart, close);
    }
    return line.slice(indent);
  });
  // Note: the lines were split on raw line breaks, which become `\n`; escapes are decoded after.
  return { end: close + 3, value: unescape(dedented.join('\n'), contentStart, true) };
}

/**
 * Splits WAVE text (from offset `start` on) into tokens. Throws a {@link WaveError} at the first
 * invalid character.
 */
export function tokenizeWave(text: string, start = 0): WaveToken[] {
  const out: WaveToken[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (PUNCT.has(c)) {
      out.push({ kind: c as WaveTokenKind, start: i, end: i + 1, text: c });
      i++;
      continue;
    }
    if (c === '-' && text.startsWith('-inf', i) && !/[a-zA-Z0-9-]/.test(text[i + 4] ?? '')) {
      out.push({ kind: 'number', start: i, end: i + 4, text: '-inf' });
      i += 4;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = match(NUMBER, text, i);
      if (m === null) throw new WaveError('invalid token', i, i + 1);
      out.push({ kind: 'number', start: i, end: i + m.length, text: m });
      i += m.length;
      continue;
    }
    if (c === '%' || /[a-zA-Z]/.test(c)) {
      const at = c === '%' ? i + 1 : i;
      const m = match(LABEL, text, at);
      if (m === null) throw new WaveError('invalid token', i, i + 1);
      out.push({ kind: 'label', start: i, end: at + m.length, text: m, escaped: c === '%' });
      i = at + m.length;
      continue;
    }
    if (c === '"' && text.startsWith('"""', i)) {
      const { end, value } = multiline(text, i);
      checkScalars(value, i, end);
      out.push({ kind: 'string', start: i, end, text: value });
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length || text[j] !== c) throw new WaveError(`unterminated ${c === '"' ? 'string' : 'char'}`, i, Math.min(j, text.length));
      const value = unescape(text.slice(i + 1, j), i + 1, false);
      checkScalars(value, i, j + 1);
      if (c === "'" && [...value].length !== 1) {
        throw new WaveError(value.length === 0 ? 'empty char' : 'multiple characters in char value', i, j + 1);
      }
      out.push({ kind: c === '"' ? 'string' : 'char', start: i, end: j + 1, text: value });
      i = j + 1;
      continue;
    }
    throw new WaveError('invalid token', i, i + 1);
  }
  return out;
}
