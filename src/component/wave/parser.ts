/**
 * The untyped WAVE grammar: tokens to a tree of {@link WaveNode}s. Bools, variants, enums,
 * options and results look alike without their type (`none` may be an option or, written `%none`,
 * an enum case), so this tree keeps what was written and {@link ./typed.ts} gives it meaning.
 */

import { WaveError } from './errors.js';
import { tokenizeWave, WAVE_KEYWORDS, type WaveToken } from './lexer.js';

/** A parsed WAVE value before type checking. */
export type WaveNode =
  | { readonly kind: 'number'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'char' | 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly start: number; readonly end: number }
  /** A label, possibly with a payload: a variant case, an enum case (or `%`-escaped keyword). */
  | { readonly kind: 'case'; readonly name: string; readonly payload: WaveNode | null; readonly start: number; readonly end: number }
  /** `some(x)`, `none`, `ok`, `ok(x)`, `err`, `err(x)` written with their keywords. */
  | { readonly kind: 'some' | 'none' | 'ok' | 'err'; readonly payload: WaveNode | null; readonly start: number; readonly end: number }
  | { readonly kind: 'tuple' | 'list'; readonly items: readonly WaveNode[]; readonly start: number; readonly end: number }
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly value: WaveNode }[]; readonly start: number; readonly end: number }
  | { readonly kind: 'flags'; readonly names: readonly string[]; readonly start: number; readonly end: number };

/** Nesting deeper than this is refused (guards the host stack against hostile input). */
export const MAX_WAVE_DEPTH = 100;

/** A cursor over WAVE tokens. */
export class WaveCursor {
  #i = 0;

  constructor(
    readonly tokens: readonly WaveToken[],
    /** The source length, for errors at the end. */
    readonly length: number,
  ) {}

  /** The next token without consuming it. */
  peek(offset = 0): WaveToken | undefined {
    return this.tokens[this.#i + offset];
  }

  /** True when every token was consumed. */
  get done(): boolean {
    return this.#i >= this.tokens.length;
  }

  /** Consumes and returns the next token; fails with "unexpected end" when there is none. */
  next(): WaveToken {
    const t = this.tokens[this.#i];
    if (t === undefined) throw new WaveError('unexpected end', this.length, this.length);
    this.#i++;
    return t;
  }

  /** Consumes a token of `kind` or fails naming what was found. */
  expect(kind: WaveToken['kind']): WaveToken {
    const t = this.next();
    if (t.kind !== kind) throw unexpected(t, `\`${kind}\``);
    return t;
  }

  /** Consumes the next token when it is of `kind`. */
  eat(kind: WaveToken['kind']): WaveToken | undefined {
    if (this.peek()?.kind !== kind) return undefined;
    return this.next();
  }
}

function describe(t: WaveToken): string {
  switch (t.kind) {
    case 'number':
      return `number ${t.text}`;
    case 'label':
      return `label \`${t.escaped ? '%' : ''}${t.text}\``;
    case 'char':
      return 'char';
    case 'string':
      return 'string';
    default:
      return `\`${t.kind}\``;
  }
}

function unexpected(t: WaveToken, wanted?: string): WaveError {
  return new WaveError(`unexpected token: ${describe(t)}${wanted === undefined ? '' : `, expected ${wanted}`}`, t.start, t.end);
}

/** Parses one WAVE value at the cursor. */
export function parseNode(c: WaveCursor, depth = 0): WaveNode {
  const t = c.next();
  if (depth >= MAX_WAVE_DEPTH) throw new WaveError(`values nested more than ${MAX_WAVE_DEPTH} deep`, t.start, t.end);
  switch (t.kind) {
    case 'number':
      return { kind: 'number', text: t.text, start: t.start, end: t.end };
    case 'char':
    case 'string':
      return { kind: t.kind, value: t.text, start: t.start, end: t.end };
    case '(': {
      const items = sequence(c, ')', depth);
      const end = c.peek(-1)!.end;
      if (items.length === 0) throw new WaveError('empty tuple', t.start, end);
      return { kind: 'tuple', items, start: t.start, end };
    }
    case '[': {
      const items = sequence(c, ']', depth);
      return { kind: 'list', items, start: t.start, end: c.peek(-1)!.end };
    }
    case '{':
      return recordOrFlags(c, t, depth);
    case 'label': {
      if (!t.escaped && WAVE_KEYWORDS.has(t.text)) return keyword(c, t, depth);
      let payload: WaveNode | null = null;
      if (c.eat('(')) {
        payload = parseNode(c, depth + 1);
        c.expect(')');
      }
      return { kind: 'case', name: t.text, payload, start: t.start, end: c.peek(-1)!.end };
    }
    default:
      throw unexpected(t, 'a value');
  }
}

function keyword(c: WaveCursor, t: WaveToken, depth: number): WaveNode {
  switch (t.text) {
    case 'true':
    case 'false':
      return { kind: 'bool', value: t.text === 'true', start: t.start, end: t.end };
    case 'inf':
    case 'nan':
      return { kind: 'number', text: t.text, start: t.start, end: t.end };
    case 'none':
      return { kind: 'none', payload: null, start: t.start, end: t.end };
    case 'some': {
      c.expect('(');
      const payload = parseNode(c, depth + 1);
      const close = c.expect(')');
      return { kind: 'some', payload, start: t.start, end: close.end };
    }
    default: {
      const kind = t.text as 'ok' | 'err';
      if (!c.eat('(')) return { kind, payload: null, start: t.start, end: t.end };
      const payload = parseNode(c, depth + 1);
      const close = c.expect(')');
      return { kind, payload, start: t.start, end: close.end };
    }
  }
}

/** Values separated by commas (a trailing comma allowed) up to the closing `close`. */
function sequence(c: WaveCursor, close: ')' | ']', depth: number): WaveNode[] {
  const items: WaveNode[] = [];
  if (c.eat(close)) return items;
  for (;;) {
    items.push(parseNode(c, depth + 1));
    const t = c.next();
    if (t.kind === close) return items;
    if (t.kind !== ',') throw unexpected(t, `\`,\` or \`${close}\``);
    if (c.eat(close)) return items;
  }
}

function recordOrFlags(c: WaveCursor, open: WaveToken, depth: number): WaveNode {
  if (c.eat(':')) {
    const close = c.expect('}');
    return { kind: 'record', fields: [], start: open.start, end: close.end };
  }
  const empty = c.eat('}');
  if (empty) return { kind: 'flags', names: [], start: open.start, end: empty.end };
  const isRecord = c.peek(1)?.kind === ':';
  const fields: { name: string; value: WaveNode }[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (;;) {
    const label = c.next();
    if (label.kind !== 'label') throw unexpected(label, isRecord ? 'a field name' : 'a flag name');
    if (seen.has(label.text)) throw new WaveError(`duplicate ${isRecord ? 'field' : 'flag'} \`${label.text}\``, label.start, label.end);
    seen.add(label.text);
    if (isRecord) {
      c.expect(':');
      fields.push({ name: label.text, value: parseNode(c, depth + 1) });
    } else {
      names.push(label.text);
    }
    const t = c.next();
    if (t.kind === '}') return isRecord ? { kind: 'record', fields, start: open.start, end: t.end } : { kind: 'flags', names, start: open.start, end: t.end };
    if (t.kind !== ',') throw unexpected(t, '`,` or `}`');
    const close = c.eat('}');
    if (close) return isRecord ? { kind: 'record', fields, start: open.start, end: close.end } : { kind: 'flags', names, start: open.start, end: close.end };
  }
}

/** Parses WAVE text holding exactly one value (whitespace and comments around it allowed). */
export function parseWaveNode(text: string): WaveNode {
  const c = new WaveCursor(tokenizeWave(text), text.length);
  const node = parseNode(c);
  const rest = c.peek();
  if (rest !== undefined) throw new WaveError('trailing characters', rest.start, rest.end);
  return node;
}
