/**
 * The WIT lexer (WIT.md, "Lexical structure"): identifiers (with `%` escapes), keywords, version
 * numbers, string literals, operators, and doc comments (`///`, `/** *\/`) carried on the token
 * that follows them. Positions are line and column, for `file:line:col` error messages.
 */

import { CompileError } from '../../api/errors.js';
import { WIT_KEYWORDS } from './keywords.js';

/** A source position. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** A token. `docs` holds the doc comments written right before it. */
export interface Token {
  readonly kind: 'id' | 'kw' | 'op' | 'num' | 'string' | 'eof';
  readonly text: string;
  readonly span: Span;
  /** True for `%name` identifiers (never keywords). */
  readonly explicit: boolean;
  readonly docs: readonly string[];
}

/** Formats a span as `file:line:col`. */
export function spanText(s: Span): string {
  return `${s.file}:${s.line}:${s.col}`;
}

/** A WIT error at a position: a {@link CompileError} whose message starts with `file:line:col`. */
export function witError(span: Span, message: string): CompileError {
  return new CompileError(`${spanText(span)}: ${message}`);
}

const OPS = ['->', '=', ',', ':', ';', '(', ')', '{', '}', '<', '>', '*', '/', '.', '@', '_'];

/** Splits WIT source text into tokens. */
export function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let docs: string[] = [];
  const span = (p: number): Span => ({ file, line, col: p - lineStart + 1 });
  const advanceLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (pos < text.length) {
    const c = text[pos]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (c === '\n') {
        line++;
        lineStart = pos + 1;
      }
      pos++;
      continue;
    }
    if (c === '/' && text[pos + 1] === '/') {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      const body = text.slice(pos, end).replace(/\r$/, '');
      if (body.startsWith('///') && !body.startsWith('////')) docs.push(body.slice(3).replace(/^ /, ''));
      pos = end;
      continue;
    }
    if (c === '/' && text[pos + 1] === '*') {
      const start = pos;
      const isDoc = text[pos + 2] === '*' && text[pos + 3] !== '*' && text[pos + 3] !== '/';
      let depth = 1;
      pos += 2;
      while (pos < text.length && depth > 0) {
        if (text[pos] === '/' && text[pos + 1] === '*') {
          depth++;
          pos += 2;
        } else if (text[pos] === '*' && text[pos + 1] === '/') {
          depth--;
          pos += 2;
        } else pos++;
      }
      if (depth > 0) throw witError(span(start), 'unterminated block comment');
      if (isDoc) {
        const body = text.slice(start + 3, pos - 2);
        for (const l of body.split('\n')) docs.push(l.replace(/^\s*\*? ?/, '').replace(/\s+$/, ''));
        while (docs.length > 0 && docs[docs.length - 1] === '') docs.pop();
      }
      advanceLines(start, pos);
      continue;
    }
    const start = pos;
    const sp = span(start);
    const push = (kind: Token['kind'], t: string, explicit = false): void => {
      out.push({ kind, text: t, span: sp, explicit, docs });
      docs = [];
    };
    if (c === '%' || /[A-Za-z]/.test(c)) {
      const explicit = c === '%';
      if (explicit) pos++;
      const idStart = pos;
      while (pos < text.length && /[A-Za-z0-9-]/.test(text[pos]!)) pos++;
      const word = text.slice(idStart, pos);
      if (word.length === 0) throw witError(sp, 'expected an identifier after `%`');
      push(!explicit && WIT_KEYWORDS.has(word) && word !== 'error-context' ? 'kw' : 'id', word, explicit);
      continue;
    }
    if (/[0-9]/.test(c)) {
      // Note: numbers double as semantic versions (`0.2.0-rc.1+b`), so take the longest run of
      // version characters, giving back a trailing `.` (as in `@0.2.0.{a, b}`).
      while (pos < text.length && /[0-9A-Za-z.+-]/.test(text[pos]!)) pos++;
      while (text[pos - 1] === '.') pos--;
      push('num', text.slice(start, pos));
      continue;
    }
    if (c === '"') {
      pos++;
      let s = '';
      while (pos < text.length && text[pos] !== '"') {
        if (text[pos] === '\n') throw witError(sp, 'unterminated string literal');
        if (text[pos] === '\\') {
          const e = text[pos + 1];
          if (e === 'n') s += '\n';
          else if (e === 't') s += '\t';
          else if (e === 'r') s += '\r';
          else if (e === '"' || e === '\\' || e === "'") s += e;
          else if (e === 'u' && text[pos + 2] === '{') {
            const close = text.indexOf('}', pos);
            const cp = parseInt(text.slice(pos + 3, close), 16);
            if (close < 0 || Number.isNaN(cp) || cp > 0x10ffff) throw witError(span(pos), 'invalid string escape');
            s += String.fromCodePoint(cp);
            pos = close - 1;
          } else throw witError(span(pos), 'invalid string escape');
          pos += 2;
          continue;
        }
        s += text[pos];
        pos++;
      }
      if (pos >= text.length) throw witError(sp, 'unterminated string literal');
      pos++;
      push('string', s);
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, pos));
    if (op !== undefined) {
      pos += op.length;
      push('op', op);
      continue;
    }
    const cp = text.codePointAt(pos)!;
    throw witError(sp, `unexpected character ${JSON.stringify(String.fromCodePoint(cp))}`);
  }
  out.push({ kind: 'eof', text: '', span: span(pos), explicit: false, docs });
  return out;
}
