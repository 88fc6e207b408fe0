import { describe, expect, it } from 'vitest';
import { outputLines, outputMatches } from './match-output.js';

describe('outputMatches', () => {
  it.each([
    { expected: ['a', 'b'], actual: ['a', 'b'], ok: true },
    { expected: ['a', 'b'], actual: ['a', 'c'], ok: false },
    { expected: ['a'], actual: ['a', 'b'], ok: false },
    { expected: ['a', 'b'], actual: ['a'], ok: false },
    { expected: ['size ... bytes'], actual: ['size 123 bytes'], ok: true },
    { expected: ['size ... bytes'], actual: ['size 123 KiB'], ok: false },
    { expected: ['x (1+1)...'], actual: ['x (1+1) = 2'], ok: true },
    { expected: ['x (1+1)...'], actual: ['x (11) = 2'], ok: false },
    { expected: ['start', '...', 'end'], actual: ['start', 'end'], ok: true },
    { expected: ['start', '...', 'end'], actual: ['start', '1', '2', 'end'], ok: true },
    { expected: ['start', '...', 'end'], actual: ['start', '1', '2'], ok: false },
    { expected: ['...'], actual: [], ok: true },
    { expected: [], actual: [], ok: true },
    { expected: [], actual: ['noise'], ok: false },
  ])('$expected vs $actual -> $ok', ({ expected, actual, ok }) => {
    expect(outputMatches(expected, actual)).toBe(ok);
  });

  it('stays fast with many ellipses', () => {
    const expected = Array.from({ length: 30 }, () => '...').concat(['never']);
    const actual = Array.from({ length: 200 }, (_, i) => String(i));
    expect(outputMatches(expected, actual)).toBe(false);
  });
});

describe('outputLines', () => {
  it('drops trailing blanks, trailing empty lines and carriage returns', () => {
    expect(outputLines('a  \r\nb\n\n\n')).toEqual(['a', 'b']);
    expect(outputLines('')).toEqual([]);
  });
});
