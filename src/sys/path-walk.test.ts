import { describe, expect, it } from 'vitest';
import { SysError } from './errno.js';
import { resolvePath, splitComponents, type LookupResult } from './path-walk.js';

// A tiny tree: directories are strings (their absolute name), symlinks map to targets.
const dirs = new Set(['/', '/a', '/a/b', '/c']);
const files = new Set(['/a/f', '/a/b/g']);
const links: Record<string, string> = {
  '/l1': 'a/b',
  '/l2': 'l1',
  '/loop': 'loop',
  '/abs': '/etc',
  '/up': '..',
  '/a/up2': '../..',
  '/a/sib': '../c',
  '/dirslash': 'a/',
  '/dangling': 'nope',
};

function lookup(dir: string, name: string): LookupResult<string> {
  const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
  if (dirs.has(p)) return { kind: 'dir', dir: p };
  if (p in links) return { kind: 'symlink', target: links[p]! };
  if (files.has(p)) return { kind: 'other' };
  return { kind: 'missing' };
}

function resolve(base: string, path: string, follow: boolean): string {
  try {
    const r = resolvePath(lookup, base, path, follow);
    return `${r.dir}|${r.name}${r.trailingSlash ? '|/' : ''}`;
  } catch (e) {
    if (e instanceof SysError) return e.errno;
    throw e;
  }
}

describe('resolvePath', () => {
  it.each([
    // [base, path, follow, expected]
    ['/', 'a', false, '/|a'],
    ['/', 'a/b/g', false, '/a/b|g'],
    ['/', './a//b/./g', false, '/a/b|g'],
    ['/', '.', false, '/|.'],
    ['/', 'a/..', false, '/|.'],
    ['/', 'a/b/../f', false, '/a|f'],
    ['/', 'a/', false, '/|a|/'],
    ['/', 'a///', false, '/|a|/'],
    ['/', '', false, 'ENOENT'],
    ['/', '/a', false, 'ENOTCAPABLE'],
    ['/', '..', false, 'ENOTCAPABLE'],
    ['/', 'a/../..', false, 'ENOTCAPABLE'],
    ['/', 'a/../../a', false, 'ENOTCAPABLE'],
    ['/a', '..', false, 'ENOTCAPABLE'],
    ['/a', 'b/..', false, '/a|.'],
    ['/', 'a\0', false, 'EINVAL'],
    ['/', 'missing/x', false, 'ENOENT'],
    ['/', 'a/f/x', false, 'ENOTDIR'],
    // final symlinks: kept without follow, expanded with follow or a trailing slash
    ['/', 'l1', false, '/|l1'],
    ['/', 'l1', true, '/a|b'],
    ['/', 'l1/', false, '/a|b|/'],
    ['/', 'l2', true, '/a|b'],
    ['/', 'l2/g', false, '/a/b|g'],
    ['/', 'loop', false, '/|loop'],
    ['/', 'loop', true, 'ELOOP'],
    ['/', 'loop/x', false, 'ELOOP'],
    ['/', 'abs', false, '/|abs'],
    ['/', 'abs', true, 'ENOTCAPABLE'],
    ['/', 'abs/x', false, 'ENOTCAPABLE'],
    ['/', 'up', true, 'ENOTCAPABLE'],
    ['/', 'a/up2', true, 'ENOTCAPABLE'],
    ['/', 'a/sib', true, '/|c'],
    ['/', 'dirslash', true, '/|a|/'],
    ['/', 'dangling', true, '/|nope'],
  ])('%s + %j (follow=%s) -> %s', (base, path, follow, expected) => {
    expect(resolve(base, path, follow)).toBe(expected);
  });

  it('splits components ignoring repeated slashes', () => {
    expect(splitComponents('a//b/./c/')).toEqual(['a', 'b', '.', 'c']);
    expect(splitComponents('')).toEqual([]);
  });
});
