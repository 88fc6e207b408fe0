/**
 * The lexer of the WebAssembly text format (Wasm 2.0 `.wat` and `.wast`).
 *
 * It turns the whole text into a flat token list held in typed arrays (kind, start, end, and
 * the matching parenthesis of each `(`), which keeps multi-megabyte inputs cheap. Tokens are
 * classified the way the reference interpreter's lexer does: a token is a maximal run of
 * identifier characters and string literals; the whole run must then be a number, an `$id`,
 * a string, a known keyword or an `offset=`/`align=` immediate, and anything else becomes an
 * {@link TokenKind.Unknown} token ("unknown operator ..."). Errors are not thrown here: they are
 * tokens, and the parser throws when it reaches one, so the first error in reading order wins.
 */

import { WAST_KEYWORDS } from './keywords.js';

/** Token kinds. */
export const TokenKind = {
  /** `(` */
  LParen: 0,
  /** `)` */
  RParen: 1,
  /** A known keyword (instruction name, `module`, `func`, `nan:canonical`, ...). */
  Keyword: 2,
  /** `$name` */
  Id: 3,
  /** A string literal (text still escaped; see {@link stringBytes}). */
  String: 4,
  /** An unsigned integer literal (decimal or `0x` hex). */
  Nat: 5,
  /** A signed integer literal (`+` or `-` followed by a nat). */
  Int: 6,
  /** A float literal (decimal, hex, `inf`, `nan`, `nan:0x...`). */
  Float: 7,
  /** `offset=<nat>` or `align=<nat>`. */
  MemArg: 8,
  /** A token that is not part of the language: reaching it is "unknown operator <text>". */
  Unknown: 9,
  /** A lexical error (message in {@link TokenList.errors}); lexing stops after it. */
  Error: 10,
  /** End of input (always the last token). */
  Eof: 11,
} as const;

/** One of the {@link TokenKind} values. */
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** The tokens of a text, as parallel arrays indexed by token number. */
export interface TokenList {
  /** The source text. */
  readonly text: string;
  /** Number of tokens, including the final {@link TokenKind.Eof}. */
  readonly count: number;
  readonly kinds: Uint8Array;
  /** Start offset (UTF-16 units) of each token in `text`. */
  readonly starts: Int32Array;
  /** End offset (exclusive) of each token. */
  readonly ends: Int32Array;
  /** For a `(` token, the index of its matching `)`, or -1 when unbalanced; -1 for others. */
  readonly partner: Int32Array;
  /** Messages of {@link TokenKind.Error} tokens, by token index. */
  readonly errors: ReadonlyMap<number, string>;
}

const NUM = '\\d(?:_?\\d)*';
const HEXNUM = '[0-9a-fA-F](?:_?[0-9a-fA-F])*';
const NAT_RE = new RegExp(`^(?:${NUM}|0x${HEXNUM})$`);
const INT_RE = new RegExp(`^[+-](?:${NUM}|0x${HEXNUM})$`);
const FLOAT_RE = new RegExp(
  `^[+-]?(?:${NUM}\\.(?:${NUM})?|${NUM}(?:\\.(?:${NUM})?)?[eE][+-]?${NUM}` +
    `|0x${HEXNUM}\\.(?:${HEXNUM})?|0x${HEXNUM}(?:\\.(?:${HEXNUM})?)?[pP][+-]?${NUM}` +
    `|inf|nan|nan:0x${HEXNUM})$`,
);
const KEYWORD_RE = /^[a-z][A-Za-z0-9_.:]+$/;
const MEMARG_RE = new RegExp(`^(?:offset|align)=(?:${NUM}|0x${HEXNUM})$`);

/** Character classes of ASCII: 1 = identifier character, 2 = whitespace. */
const CHAR_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  for (const ch of "!#$%&'*+-./:<=>?@\\^_`|~") t[ch.charCodeAt(0)] = 1;
  for (const ch of ' \t\n\r') t[ch.charCodeAt(0)] = 2;
  return t;
})();

function isIdChar(c: number): boolean {
  return c < 128 && CHAR_CLASS[c] === 1;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Growable parallel arrays for the token list under construction. */
class TokenBuffer {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  partner: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.partner = new Int32Array(capacity);
  }

  push(kind: TokenKind, start: number, end: number): number {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.partner[i] = -1;
    return i;
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const k = new Uint8Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const s = new Int32Array(cap);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(cap);
    e.set(this.ends);
    this.ends = e;
    const p = new Int32Array(cap);
    p.set(this.partner);
    this.partner = p;
  }
}

/**
 * Splits `text` into tokens. Never throws: lexical errors become {@link TokenKind.Error} or
 * {@link TokenKind.Unknown} tokens.
 *
 * @param keywords the keywords that count as known (default: Wasm 2.0 modules and scripts).
 */
export function tokenize(text: string, keywords: ReadonlySet<string> = WAST_KEYWORDS): TokenList {
  const n = text.length;
  const buf = new TokenBuffer(Math.max(16, n >> 2));
  const errors = new Map<number, string>();
  const open: number[] = [];
  let pos = 0;

  const fatal = (start: number, end: number, message: string): void => {
    errors.set(buf.push(TokenKind.Error, start, end), message);
    pos = n;
  };

  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c < 128 && CHAR_CLASS[c] === 2) {
      pos++;
      continue;
    }
    if (c === 0x28 /* ( */) {
      if (text.charCodeAt(pos + 1) === 0x3b /* ; */) {
        const end = skipBlockComment(text, pos);
        if (end < 0) fatal(pos, pos + 2, 'unclosed comment');
        else pos = end;
        continue;
      }
      open.push(buf.push(TokenKind.LParen, pos, pos + 1));
      pos++;
      continue;
    }
    if (c === 0x29 /* ) */) {
      const i = buf.push(TokenKind.RParen, pos, pos + 1);
      const o = open.pop();
      if (o !== undefined) buf.partner[o] = i;
      pos++;
      continue;
    }
    if (c === 0x3b /* ; */) {
      if (text.charCodeAt(pos + 1) === 0x3b) {
        pos += 2;
        while (pos < n) {
          const d = text.charCodeAt(pos);
          if (d === 0x0a || d === 0x0d) break;
          pos++;
        }
        continue;
      }
      buf.push(TokenKind.Unknown, pos, pos + 1);
      pos++;
      continue;
    }
    if (isIdChar(c) || c === 0x22 /* " */) {
      const start = pos;
      let strings = 0;
      let idchars = false;
      let failed = false;
      while (pos < n) {
        const d = text.charCodeAt(pos);
        if (isIdChar(d)) {
          idchars = true;
          pos++;
        } else if (d === 0x22) {
          const r = scanString(text, pos);
          if (typeof r === 'string') {
            fatal(pos, pos + 1, r);
            failed = true;
            break;
          }
          pos = r;
          strings++;
        } else break;
      }
      if (failed) break;
      const kind = strings === 1 && !idchars ? TokenKind.String : strings > 0 ? TokenKind.Unknown : classify(text, start, pos, keywords);
      buf.push(kind, start, pos);
      continue;
    }
    if (c < 0x20 || c === 0x7f) {
      errors.set(buf.push(TokenKind.Error, pos, pos + 1), 'misplaced control character');
      break;
    }
    if (c < 128) {
      // Note: `,` `[` `]` `{` `}` are reserved single-character tokens.
      buf.push(TokenKind.Unknown, pos, pos + 1);
      pos++;
      continue;
    }
    const isPair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(pos + 1) & 0xfc00) === 0xdc00;
    const isLone = !isPair && c >= 0xd800 && c <= 0xdfff;
    errors.set(
      buf.push(TokenKind.Error, pos, pos + (isPair ? 2 : 1)),
      isLone ? 'malformed UTF-8 encoding' : 'misplaced unicode character',
    );
    break;
  }
  buf.push(TokenKind.Eof, n, n);
  return {
    text,
    count: buf.count,
    kinds: buf.kinds,
    starts: buf.starts,
    ends: buf.ends,
    partner: buf.partner,
    errors,
  };
}

function classify(text: string, start: number, end: number, keywords: ReadonlySet<string>): TokenKind {
  const c = text.charCodeAt(start);
  const s = text.slice(start, end);
  if (c === 0x24 /* $ */) return end - start > 1 ? TokenKind.Id : TokenKind.Unknown;
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d) {
    if (NAT_RE.test(s)) return TokenKind.Nat;
    if (INT_RE.test(s)) return TokenKind.Int;
    if (FLOAT_RE.test(s)) return TokenKind.Float;
    return TokenKind.Unknown;
  }
  if (c >= 0x61 && c <= 0x7a) {
    if ((c === 0x69 /* i */ || c === 0x6e) /* n */ && FLOAT_RE.test(s)) return TokenKind.Float;
    if (KEYWORD_RE.test(s)) return keywords.has(s) ? TokenKind.Keyword : TokenKind.Unknown;
    if (MEMARG_RE.test(s)) return TokenKind.MemArg;
  }
  return TokenKind.Unknown;
}

/** Skips a (nested) block comment starting at `pos`; returns the offset after it, or -1. */
function skipBlockComment(text: string, pos: number): number {
  const n = text.length;
  let depth = 0;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 0x28 && text.charCodeAt(pos + 1) === 0x3b) {
      depth++;
      pos += 2;
    } else if (c === 0x3b && text.charCodeAt(pos + 1) === 0x29) {
      depth--;
      pos += 2;
      if (depth === 0) return pos;
    } else pos++;
  }
  return -1;
}

/**
 * Scans a string literal starting at the `"` at `pos`. Returns the offset after the closing
 * quote, or an error message.
 */
function scanString(text: string, pos: number): number | string {
  const n = text.length;
  pos++;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 0x22) return pos + 1;
    if (c === 0x0a || c === 0x0d) return 'unclosed string literal';
    if (c < 0x20 || c === 0x7f) return 'illegal control character in string literal';
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(pos + 1);
      if (e === 0x6e || e === 0x72 || e === 0x74 || e === 0x5c || e === 0x27 || e === 0x22) {
        pos += 2;
      } else if (e === 0x75 /* u */ && text.charCodeAt(pos + 2) === 0x7b /* { */) {
        let p = pos + 3;
        const digitsStart = p;
        while (p < n && (isHexDigit(text.charCodeAt(p)) || (text.charCodeAt(p) === 0x5f && p > digitsStart))) p++;
        if (p === digitsStart || text.charCodeAt(p) !== 0x7d || text.charCodeAt(p - 1) === 0x5f) return 'illegal escape';
        const v = parseInt(text.slice(digitsStart, p).replace(/_/g, ''), 16);
        if (!(v < 0xd800 || (v >= 0xe000 && v < 0x110000))) return 'illegal escape';
        pos = p + 1;
      } else if (isHexDigit(e) && isHexDigit(text.charCodeAt(pos + 2))) {
        pos += 3;
      } else {
        return 'illegal escape';
      }
    } else {
      pos++;
    }
  }
  return 'unclosed string literal';
}

/**
 * The bytes a string token denotes: UTF-8 of its characters with escapes decoded (`\hh` is one
 * raw byte, so the result need not be valid UTF-8).
 */
export function stringBytes(tokens: TokenList, index: number): Uint8Array {
  return decodeStringLiteral(tokens.text, tokens.starts[index]! + 1, tokens.ends[index]! - 1);
}

/** Decodes the contents of a string literal between `start` and `end` (quotes excluded). */
export function decodeStringLiteral(text: string, start: number, end: number): Uint8Array {
  const out = new Uint8Array((end - start) * 3);
  let k = 0;
  const putCodePoint = (cp: number): void => {
    if (cp < 0x80) out[k++] = cp;
    else if (cp < 0x800) {
      out[k++] = 0xc0 | (cp >> 6);
      out[k++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[k++] = 0xe0 | (cp >> 12);
      out[k++] = 0x80 | ((cp >> 6) & 0x3f);
      out[k++] = 0x80 | (cp & 0x3f);
    } else {
      out[k++] = 0xf0 | (cp >> 18);
      out[k++] = 0x80 | ((cp >> 12) & 0x3f);
      out[k++] = 0x80 | ((cp >> 6) & 0x3f);
      out[k++] = 0x80 | (cp & 0x3f);
    }
  };
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c) {
      if (c < 0x80) {
        out[k++] = c;
        i++;
      } else {
        const cp = text.codePointAt(i)!;
        // Note: a lone surrogate cannot come from UTF-8 text; encode it as ill-formed bytes
        // (0xed 0xa0..0xbf ..) so that name checks reject it as malformed UTF-8.
        putCodePoint(cp);
        i += cp > 0xffff ? 2 : 1;
      }
      continue;
    }
    const e = text.charCodeAt(i + 1);
    switch (e) {
      case 0x6e:
        out[k++] = 0x0a;
        i += 2;
        break;
      case 0x72:
        out[k++] = 0x0d;
        i += 2;
        break;
      case 0x74:
        out[k++] = 0x09;
        i += 2;
        break;
      case 0x5c:
      case 0x27:
      case 0x22:
        out[k++] = e;
        i += 2;
        break;
      case 0x75: {
        const close = text.indexOf('}', i + 3);
        putCodePoint(parseInt(text.slice(i + 3, close).replace(/_/g, ''), 16));
        i = close + 1;
        break;
      }
      default:
        out[k++] = parseInt(text.slice(i + 1, i + 3), 16);
        i += 3;
    }
  }
  return out.slice(0, k);
}

/** Maps text offsets to lines and columns quickly (for callers that need many positions). */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** 1-based line and column of a text offset. Counts `\n`, `\r` and `\r\n` as one line break. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return new LineMap(text).position(offset);
}
