import { describe, expect, it } from 'vitest';
import { checkRelativePath, collisionKey, compareUtf8 } from './entry-path.js';

describe('checkRelativePath', () => {
  it.each([
    ['bin/app.wasm', false],
    ['manifest.toml', false],
    ['assets/ünïcode/файл.txt', false],
    ['dir/', true],
    ['a/b/c/', true],
  ])('accepts %j', (path, dir) => {
    expect(checkRelativePath(path, dir)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['../evil', 'climbs out'],
    ['a/../../evil', 'climbs out'],
    ['a/./b', '"." segment'],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/x', 'drive letter'],
    ['c:evil', 'drive letter'],
    ['a\\..\\evil', 'backslash'],
    ['a//b', 'empty path segment'],
    ['a/', 'empty path segment'],
    ['a\u0000b', 'control character'],
    ['a\nb', 'control character'],
    ['x/file:stream', 'not portable'],
    ['what?', 'not portable'],
    ['dots.', 'ends with a dot'],
    ['space ', 'ends with a dot or a space'],
    ['CON', 'reserved device name'],
    ['x/nul.txt', 'reserved device name'],
    ['x/com1.log', 'reserved device name'],
    ['a'.repeat(1025), 'longer than 1024'],
  ])('refuses %j (%s)', (path, why) => {
    const p = checkRelativePath(path);
    expect(p).not.toBeNull();
    expect(p!.code).toBe('unsafe-path');
    expect(p!.problem).toContain(why);
  });

  it('allows a trailing slash only for directories', () => {
    expect(checkRelativePath('dir/', false)).not.toBeNull();
    expect(checkRelativePath('dir/', true)).toBeNull();
  });
});

describe('collisionKey', () => {
  it('folds case and Unicode normalization', () => {
    expect(collisionKey('Readme.TXT')).toBe(collisionKey('readme.txt'));
    expect(collisionKey('caf\u00e9')).toBe(collisionKey('cafe\u0301'));
    expect(collisionKey('a')).not.toBe(collisionKey('b'));
  });
});

describe('compareUtf8', () => {
  it('orders by code point (UTF-8 byte order), not UTF-16 code units', () => {
    const astral = '\u{1F600}';
    const bmpHigh = '\uFF01';
    // UTF-16 puts the surrogate pair (0xD83D...) before U+FF01; UTF-8 puts it after.
    expect(astral < bmpHigh).toBe(true);
    expect(compareUtf8(astral, bmpHigh)).toBe(1);
    expect(compareUtf8('a', 'ab')).toBe(-1);
    expect(compareUtf8('b', 'a')).toBe(1);
    expect(compareUtf8('x', 'x')).toBe(0);
  });
});
