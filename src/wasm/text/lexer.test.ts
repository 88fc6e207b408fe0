import { describe, expect, it } from 'vitest';
import type { TokenKind as Kind } from './lexer.js';
import { LineMap, lineColumn, stringBytes, tokenize, TokenKind } from './lexer.js';

const KIND_NAMES = Object.fromEntries(Object.entries(TokenKind).map(([k, v]) => [v, k])) as Record<Kind, string>;

/** Tokens as `Kind:text` strings, without the final EOF. */
function lex(text: string): string[] {
  const t = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < t.count - 1; i++) out.push(`${KIND_NAMES[t.kinds[i] as Kind]}:${text.slice(t.starts[i], t.ends[i])}`);
  return out;
}

describe('tokenize', () => {
  it.each([
    ['(module)', ['LParen:(', 'Keyword:module', 'RParen:)']],
    ['$x $a.b/c', ['Id:$x', 'Id:$a.b/c']],
    ['0 0x1F 1_000', ['Nat:0', 'Nat:0x1F', 'Nat:1_000']],
    ['+1 -0x10', ['Int:+1', 'Int:-0x10']],
    ['1.5 1e10 0x1p-3 0x1.8 inf -nan nan:0x7f', ['Float:1.5', 'Float:1e10', 'Float:0x1p-3', 'Float:0x1.8', 'Float:inf', 'Float:-nan', 'Float:nan:0x7f']],
    ['offset=16 align=0x8', ['MemArg:offset=16', 'MemArg:align=0x8']],
    ['nan:canonical nan:arithmetic', ['Keyword:nan:canonical', 'Keyword:nan:arithmetic']],
    ['"a\\"b"', ['String:"a\\"b"']],
    // Maximal runs: a number glued to a name, a string glued to anything, unknown words.
    ['0$l', ['Unknown:0$l']],
    ['"a"b', ['Unknown:"a"b']],
    ['$l"a"', ['Unknown:$l"a"']],
    ['i32.const0', ['Unknown:i32.const0']],
    ['get_local', ['Unknown:get_local']],
    ['1_', ['Unknown:1_']],
    ['0x_1', ['Unknown:0x_1']],
    ['1.0e', ['Unknown:1.0e']],
    ['$', ['Unknown:$']],
    ['a', ['Unknown:a']],
    ['offset=-1', ['Unknown:offset=-1']],
    [', ; [', ['Unknown:,', 'Unknown:;', 'Unknown:[']],
    // Comments.
    [';; line\nnop', ['Keyword:nop']],
    [';; line\rnop', ['Keyword:nop']],
    ['(; block (; nested ;) still ;)nop', ['Keyword:nop']],
    ['(;;)(;a;;b;)nop', ['Keyword:nop']],
    ['nop;;x', ['Keyword:nop']],
    ['(;\u0000\u0001;)nop', ['Keyword:nop']],
  ])('%j', (text, tokens) => expect(lex(text)).toEqual(tokens));

  it.each([
    ['"abc', 'unclosed string literal'],
    ['"ab\nc"', 'unclosed string literal'],
    ['"a\u0001"', 'illegal control character in string literal'],
    ['"\\q"', 'illegal escape'],
    ['"\\u{d800}"', 'illegal escape'],
    ['"\\u{110000}"', 'illegal escape'],
    ['(; open', 'unclosed comment'],
    ['nop \u0001', 'misplaced control character'],
    ['nop é', 'misplaced unicode character'],
  ])('%j is a lexical error: %s', (text, message) => {
    const t = tokenize(text);
    const errorAt = [...t.errors.keys()][0]!;
    expect(t.kinds[errorAt]).toBe(TokenKind.Error);
    expect(t.errors.get(errorAt)).toBe(message);
    expect(t.kinds[t.count - 1]).toBe(TokenKind.Eof);
  });

  it('matches parentheses', () => {
    const t = tokenize('(a (b) (c (d)))  )');
    const partners = [...t.partner.subarray(0, t.count)];
    expect(partners[0]).toBe(11);
    expect(partners[2]).toBe(4);
    expect(partners[5]).toBe(10);
    expect(partners[7]).toBe(9);
    expect(partners[12]).toBe(-1);
  });

  it('decodes string escapes to bytes', () => {
    const text = '"a\\n\\t\\r\\\\\\\'\\"\\00\\ff\\u{41}\\u{1F600}é"';
    const t = tokenize(text);
    expect(t.kinds[0]).toBe(TokenKind.String);
    expect([...stringBytes(t, 0)]).toEqual([
      0x61, 0x0a, 0x09, 0x0d, 0x5c, 0x27, 0x22, 0x00, 0xff, 0x41, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9,
    ]);
  });

  it('handles large inputs without recursion', () => {
    const text = '('.repeat(100000) + ')'.repeat(100000);
    const t = tokenize(text);
    expect(t.count).toBe(200001);
    expect(t.partner[0]).toBe(199999);
  });
});

describe('positions', () => {
  it('counts LF, CR and CRLF as one line break each', () => {
    const text = 'a\nb\rc\r\nd';
    expect(lineColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(text, 2)).toEqual({ line: 2, column: 1 });
    expect(lineColumn(text, 4)).toEqual({ line: 3, column: 1 });
    expect(lineColumn(text, 7)).toEqual({ line: 4, column: 1 });
    const map = new LineMap(text);
    for (let i = 0; i <= text.length; i++) expect(map.position(i)).toEqual(lineColumn(text, i));
  });
});
