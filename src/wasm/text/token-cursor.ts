/**
 * The s-expression level of the text parser: a cursor over a {@link TokenList} with
 * lookahead, expectations, string and name literals, and the two kinds of errors.
 *
 * - Syntax errors are thrown at once (the reference interpreter reports them while parsing).
 * - Semantic errors found while elaborating (unknown identifiers, constants out of range,
 *   mismatching labels, duplicate bindings) are *deferred*: the first one is kept and thrown by
 *   {@link TokenCursor.finish} only if no syntax error turns up first. The reference
 *   interpreter parses a whole module before it elaborates it, so a syntax error anywhere beats
 *   a semantic error earlier in the text; deferring reproduces that order.
 */

import { decodeUtf8Strict } from '../../util/utf8.js';
import { WatParseError } from './errors.js';
import type { TokenList } from './lexer.js';
import { TokenKind, lineColumn, stringBytes } from './lexer.js';

/** Where a text starts inside a larger file, for error positions (1-based). */
export interface TextOrigin {
  readonly line: number;
  readonly column: number;
}

/** A cursor over tokens with error reporting. */
export class TokenCursor {
  /** Index of the current token. */
  pos = 0;
  private deferred: WatParseError | null = null;

  constructor(
    readonly toks: TokenList,
    readonly filename: string = '<input>',
    readonly origin: TextOrigin = { line: 1, column: 1 },
  ) {}

  /**
   * The kind of token `i`. Reaching an unknown or erroneous token throws its error, as the
   * reference lexer does when the parser asks for that token.
   */
  kindAt(i: number): TokenKind {
    const k = this.toks.kinds[i] as TokenKind;
    if (k === TokenKind.Unknown) this.fail(`unknown operator ${this.textAt(i)}`, i);
    if (k === TokenKind.Error) this.fail(this.toks.errors.get(i) ?? 'malformed text', i);
    return k;
  }

  /** The kind of the current token. */
  peek(): TokenKind {
    return this.kindAt(this.pos);
  }

  /** The raw kind of token `i`, without raising errors (for look-ahead scans). */
  rawKind(i: number): TokenKind {
    return (i < this.toks.count ? this.toks.kinds[i] : TokenKind.Eof) as TokenKind;
  }

  /** The source text of token `i`. */
  textAt(i: number): string {
    return this.toks.text.slice(this.toks.starts[i], this.toks.ends[i]);
  }

  /** The keyword at token `i`, or null when it is not a keyword (raises on error tokens). */
  keywordAt(i: number): string | null {
    return this.kindAt(i) === TokenKind.Keyword ? this.textAt(i) : null;
  }

  /** The keyword at token `i` without raising errors, or null. */
  rawKeywordAt(i: number): string | null {
    return this.rawKind(i) === TokenKind.Keyword ? this.textAt(i) : null;
  }

  /** True when the current token is the keyword `kw`. */
  atKeyword(kw: string): boolean {
    return this.peek() === TokenKind.Keyword && this.textAt(this.pos) === kw;
  }

  /** True when the cursor is at `(` followed by the keyword `kw`. */
  atOpen(kw: string): boolean {
    return this.peek() === TokenKind.LParen && this.keywordAt(this.pos + 1) === kw;
  }

  /** Consumes `(` and the keyword `kw`, or fails with "unexpected token". */
  open(kw: string): void {
    if (!this.atOpen(kw)) this.unexpected(this.peek() === TokenKind.LParen ? this.pos + 1 : this.pos);
    this.pos += 2;
  }

  /** Consumes a token of kind `k`, or fails with "unexpected token". Returns its index. */
  expect(k: TokenKind): number {
    if (this.peek() !== k) this.unexpected();
    return this.pos++;
  }

  /**
   * Consumes `)`. At a `(` instead, the error points at the token after it, which is the one
   * the grammar cannot accept there (as in the reference parser, which shifts the `(` first).
   */
  close(): void {
    const k = this.peek();
    if (k === TokenKind.RParen) {
      this.pos++;
      return;
    }
    if (k === TokenKind.LParen) this.kindAt(this.pos + 1);
    this.unexpected(k === TokenKind.LParen ? this.pos + 1 : this.pos);
  }

  /** Consumes the keyword `kw`. */
  expectKeyword(kw: string): void {
    if (!this.atKeyword(kw)) this.unexpected();
    this.pos++;
  }

  /** Consumes an `$id` if there is one and returns it (with the `$`), else null. */
  optionalId(): string | null {
    if (this.peek() !== TokenKind.Id) return null;
    return this.textAt(this.pos++);
  }

  /** Consumes a string literal and returns its bytes. */
  stringLiteral(): Uint8Array {
    const i = this.expect(TokenKind.String);
    return stringBytes(this.toks, i);
  }

  /** Consumes a string literal that must be valid UTF-8 (a name) and returns it. */
  name(): string {
    const i = this.expect(TokenKind.String);
    const s = decodeUtf8Strict(stringBytes(this.toks, i));
    if (s === null) this.fail('malformed UTF-8 encoding', i);
    return s;
  }

  /** Concatenates consecutive string literals. */
  strings(): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (this.peek() === TokenKind.String) {
      const b = this.stringLiteral();
      parts.push(b);
      total += b.length;
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(total);
    let k = 0;
    for (const p of parts) {
      out.set(p, k);
      k += p.length;
    }
    return out;
  }

  /** Moves past the parenthesised group that starts at the current `(`. */
  skipGroup(): void {
    const end = this.toks.partner[this.pos]!;
    if (end < 0) {
      this.pos = this.toks.count - 1;
      this.unexpected();
    }
    this.pos = end + 1;
  }

  /** The error for token `i` (not thrown). */
  errorAt(reason: string, i: number): WatParseError {
    const { line, column } = lineColumn(this.toks.text, this.toks.starts[Math.min(i, this.toks.count - 1)]!);
    const absLine = this.origin.line + line - 1;
    const absColumn = line === 1 ? this.origin.column + column - 1 : column;
    return new WatParseError(reason, absLine, absColumn, this.filename);
  }

  /** Throws a syntax error at token `i` (default: the current token). */
  fail(reason: string, i: number = this.pos): never {
    throw this.errorAt(reason, i);
  }

  /** Throws "unexpected token" at token `i`. */
  unexpected(i: number = this.pos): never {
    this.fail('unexpected token', i);
  }

  /** Records a semantic error at token `i`; only the first one is kept. */
  defer(reason: string, i: number = this.pos): void {
    if (this.deferred === null) this.deferred = this.errorAt(reason, i);
  }

  /** True when a semantic error has been recorded. */
  hasDeferred(): boolean {
    return this.deferred !== null;
  }

  /** Throws the first deferred semantic error, if any. */
  finish(): void {
    if (this.deferred !== null) throw this.deferred;
  }
}
