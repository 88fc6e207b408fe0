import { describe, expect, it } from 'vitest';
import { matchesNetworkPattern, networkAllowed, parseNetworkPattern } from './network-pattern.js';
import type { NetworkPattern } from './network-pattern.js';

function parse(s: string): NetworkPattern {
  const p = parseNetworkPattern(s);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

describe('parseNetworkPattern', () => {
  it.each([
    ['example.com:443', 'name', 443, 443],
    ['API.Example.com:80', 'name', 80, 80],
    ['*.example.org:8000-8099', 'suffix', 8000, 8099],
    ['*:*', 'any', 1, 65535],
    ['127.0.0.1:8080', 'ipv4', 8080, 8080],
    ['[::1]:443', 'ipv6', 443, 443],
    ['[2001:db8::1]:*', 'ipv6', 1, 65535],
    ['[::ffff:127.0.0.1]:80', 'ipv6', 80, 80],
  ])('parses %j', (text, kind, lo, hi) => {
    const p = parse(text);
    expect(p.host.kind).toBe(kind);
    expect(p.portMin).toBe(lo);
    expect(p.portMax).toBe(hi);
  });

  it.each([
    ['example.com', 'host:port'],
    ['example.com:0', 'out of range'],
    ['example.com:65536', 'out of range'],
    ['example.com:90-80', 'empty'],
    ['example.com:http', 'not a port'],
    ['exa mple.com:80', 'not a valid host name'],
    ['-bad.com:80', 'not a valid host name'],
    ['ex*.com:80', 'not a valid host name'],
    ['*.*.com:80', 'not a valid host pattern'],
    ['256.1.1.1:80', 'not a valid IPv4'],
    ['1.2.3:80', 'not a valid IPv4'],
    ['::1:80', 'brackets'],
    ['[::1:80', 'IPv6 host must be written'],
    ['[1:2:3:4:5:6:7:8:9]:80', 'not a valid IPv6'],
    ['[fe80::1%eth0]:80', 'not a valid IPv6'],
  ])('refuses %j', (text, why) => {
    const p = parseNetworkPattern(text);
    expect(typeof p).toBe('string');
    expect(p).toContain(why);
  });
});

describe('matchesNetworkPattern', () => {
  it.each([
    ['example.com:443', 'example.com', 443, true],
    ['example.com:443', 'EXAMPLE.com.', 443, true],
    ['example.com:443', 'example.com', 80, false],
    ['example.com:443', 'www.example.com', 443, false],
    ['*.example.com:443', 'www.example.com', 443, true],
    ['*.example.com:443', 'a.b.example.com', 443, true],
    ['*.example.com:443', 'example.com', 443, false],
    ['*.example.com:443', 'badexample.com', 443, false],
    ['*:8000-8010', 'anything.test', 8005, true],
    ['*:8000-8010', 'anything.test', 8011, false],
    ['127.0.0.1:*', '127.0.0.1', 1, true],
    ['127.0.0.1:*', '127.0.0.2', 1, false],
    ['[::1]:80', '0:0:0:0:0:0:0:1', 80, true],
    ['[::1]:80', '[::1]', 80, true],
    ['[::1]:80', '::2', 80, false],
    ['[::ffff:127.0.0.1]:80', '::ffff:7f00:1', 80, true],
  ])('%s vs %s:%i -> %s', (pattern, host, port, expected) => {
    expect(matchesNetworkPattern(parse(pattern), host, port)).toBe(expected);
  });

  it('networkAllowed is deny-by-default', () => {
    expect(networkAllowed([], 'example.com', 443)).toBe(false);
    expect(networkAllowed([parse('a.test:1'), parse('b.test:2')], 'b.test', 2)).toBe(true);
  });
});
