import { describe, expect, it } from 'vitest';
import { isKebabLabel, parseExternName, uniquenessKey } from './names.js';
import { compareSemVer, formatSemVer, parseSemVer } from './semver.js';

describe('kebab-case labels', () => {
  it.each(['a', 'a-b-c', 'a1-2-3', 'A', 'A-B-C', 'A1-2-3', 'a11-w0rds', 'A11-4CR0NYMS', 'm1x3d-4CR0NYMS', 'is-XML'])('accepts %s', (s) => {
    expect(isKebabLabel(s)).toBe(true);
  });
  it.each(['', '1', '1-a', 'a-', 'a--b', 'aBc', '-a', 'a_b', 'a.b', 'Ab'])('rejects %j', (s) => {
    expect(isKebabLabel(s)).toBe(false);
  });
});

describe('extern names', () => {
  const valid: [string, string][] = [
    ['foo', 'label'],
    ['[constructor]foo', 'constructor'],
    ['[method]foo.bar', 'method'],
    ['[static]foo.baz', 'static'],
    ['wasi:http/types', 'interface'],
    ['wasi:cli/run@0.2.3', 'interface'],
    ['a:b/c@0.0.0-abcd.1.2+efg.4.ee.5', 'interface'],
    ['ns-1-a:b-1-c/D-2', 'interface'],
  ];
  it.each(valid)('parses %s as %s', (raw, kind) => {
    const r = parseExternName(raw);
    expect(r.ok && r.name.kind).toBe(kind);
  });

  it('splits interface names', () => {
    const r = parseExternName('wasi:cli/run@0.2.3');
    expect(r).toMatchObject({ ok: true, name: { namespace: 'wasi', package: 'cli', interface: 'run', version: '0.2.3', semver: { major: 0, minor: 2, patch: 3 } } });
  });

  const invalid: [string, RegExp][] = [
    ['aBc', /`aBc` is not in kebab case/],
    ['wasi/http', /`wasi\/http` is not in kebab case/],
    ['wasi:', /`` is not in kebab case/],
    [':/', /`` is not in kebab case/],
    ['A:b/c', /is not a valid extern name/],
    ['ns:pkg-A/b', /is not a valid extern name/],
    ['1:a/b', /is not in kebab case/],
    ['[method]a', /failed to find `.` character/],
    ['[static]', /failed to find `.` character/],
    ['foo:bar:baz/qux', /expected `\/` after package name/],
    ['foo:bar/baz/qux', /trailing characters found: `\/qux`/],
    ['a:b/c@', /empty string/],
    ['a:b/c@.', /unexpected character '\.'/],
    ['a:b/c@1.', /unexpected end of input/],
    ['a:b/c@2.0x0', /unexpected character 'x'/],
    ['a:b/c@2.0.0+', /empty identifier segment/],
    ['a:b/c@2.0.0-', /empty identifier segment/],
  ];
  it.each(invalid)('rejects %s', (raw, message) => {
    const r = parseExternName(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('compares names for strong uniqueness', () => {
    const key = (s: string): string => {
      const r = parseExternName(s);
      if (!r.ok) throw new Error(r.error);
      return uniquenessKey(r.name);
    };
    const distinct = ['foo', 'foo-bar', '[constructor]foo', '[method]foo.bar', '[static]foo.baz', 'foo:bar/baz'].map(key);
    expect(new Set(distinct).size).toBe(distinct.length);
    expect(key('FOO')).toBe(key('foo'));
    expect(key('[method]foo.foo')).toBe(key('foo'));
    expect(key('[static]foo.bar')).toBe(key('[method]foo.bar'));
    expect(key('[static]foo-BAR.FOO-bar')).toBe(key('foo-bar'));
  });
});

describe('semver', () => {
  it('parses and formats', () => {
    const r = parseSemVer('1.2.3-rc.1+build.5');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.version).toEqual({ major: 1, minor: 2, patch: 3, pre: ['rc', '1'], build: ['build', '5'] });
      expect(formatSemVer(r.version)).toBe('1.2.3-rc.1+build.5');
    }
  });
  it.each([
    ['01.0.0', /invalid leading zero in major version number/],
    ['1.0', /unexpected end of input while parsing patch version number/],
    ['1.0.0-01', /invalid leading zero in pre-release identifier/],
    ['1.0.0 ', /unexpected character ' '/],
  ])('rejects %j', (text, message) => {
    const r = parseSemVer(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
  it('orders by precedence', () => {
    const v = (s: string) => {
      const r = parseSemVer(s);
      if (!r.ok) throw new Error(r.error);
      return r.version;
    };
    const sorted = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
    for (let i = 1; i < sorted.length; i++) expect(compareSemVer(v(sorted[i - 1]!), v(sorted[i]!))).toBeLessThan(0);
  });
});
