/**
 * Tokens of the component text format: the core lexer's tokens, with every keyword-shaped word
 * counted as a keyword.
 */

import { tokenize, TokenKind, type TokenList } from '../../wasm/text/lexer.js';

/** A word that reads as a keyword of the component grammar (`post-return`, `string-encoding=utf8`). */
const WORD_RE = /^[a-z][A-Za-z0-9_.:=+\-]*$/;

/**
 * Splits component text into tokens. The core lexer only knows the keywords of core modules and
 * scripts; the component grammar adds many more, several of them with `-`, `=` or `+` in them.
 *
 * Note: the component parser checks every keyword where the grammar expects one, so a misspelt
 * word becomes "unexpected token" at that spot. Core modules nested in a component are lexed
 * again by the core text front end, with its own keyword set and its "unknown operator" errors.
 */
export function tokenizeComponent(text: string): TokenList {
  const toks = tokenize(text);
  const kinds = toks.kinds;
  for (let i = 0; i < toks.count; i++) {
    if (kinds[i] !== TokenKind.Unknown) continue;
    const word = text.slice(toks.starts[i], toks.ends[i]);
    if (WORD_RE.test(word)) kinds[i] = TokenKind.Keyword;
  }
  return toks;
}
