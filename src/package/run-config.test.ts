import { describe, expect, it } from 'vitest';
import { GrantError } from './errors.js';
import { parseManifestText } from './manifest.js';
import { buildRunConfig, parseGrant } from './run-config.js';

const manifest = parseManifestText(
  [
    'id = "org.example.notes"',
    'name = "Notes"',
    'version = "1.0.0"',
    'entry = "notes.wasm"',
    '[permissions]',
    'env = ["LANG"]',
    'network = ["sync.example.org:443"]',
    '[permissions.filesystem]',
    'documents = { guest = "/docs", access = "read-write" }',
    'photos = { guest = "/photos", access = "read" }',
    '[limits]',
    'max-memory = "64 MiB"',
    'fuel = 5000',
    'timeout = 10',
  ].join('\n'),
);

describe('parseGrant', () => {
  it.each([
    ['fs:documents=/home/me/docs', { kind: 'fs', name: 'documents', host: '/home/me/docs', readonly: false }],
    ['fs:documents:ro=/home/me/docs', { kind: 'fs', name: 'documents', host: '/home/me/docs', readonly: true }],
    ['fs:d=C:\\Users\\me', { kind: 'fs', name: 'd', host: 'C:\\Users\\me', readonly: false }],
    ['env:HOME', { kind: 'env', name: 'HOME' }],
    ['net:Example.com:443', { kind: 'net', pattern: 'example.com:443' }],
  ])('parses %j', (text, grant) => {
    expect(parseGrant(text)).toEqual(grant);
  });

  it.each([
    ['fs:documents', 'expected fs:NAME=HOST_DIR'],
    ['fs:=/x', 'expected fs:NAME=HOST_DIR'],
    ['fs:Docs=/x', 'not a capability name'],
    ['fs:docs=', 'empty'],
    ['env:A-B', 'not an environment variable name'],
    ['net:example.com', 'host:port'],
    ['disk:/x', 'expected fs:NAME=HOST_DIR, env:NAME or net:HOST:PORT'],
  ])('refuses %j', (text, why) => {
    expect(() => parseGrant(text)).toThrow(GrantError);
    expect(() => parseGrant(text)).toThrow(why);
  });
});

describe('buildRunConfig', () => {
  it('gives exactly the manifest permissions and /data without grants', () => {
    expect(buildRunConfig(manifest, [], '/home/me/.kpio/data/org.example.notes')).toEqual({
      preopens: [{ host: '/home/me/.kpio/data/org.example.notes', guest: '/data', readonly: false }],
      env: ['LANG'],
      network: ['sync.example.org:443'],
      limits: { maxMemoryBytes: 64 * 1024 * 1024, fuel: 5000, timeoutSeconds: 10 },
      ungranted: ['documents', 'photos'],
    });
  });

  it('maps granted capabilities with the declared access, read-only when asked', () => {
    const config = buildRunConfig(
      manifest,
      ['fs:documents:ro=/h/docs', 'fs:photos=/h/pics', 'env:TZ', 'env:LANG', 'net:[::1]:8080'].map(parseGrant),
      '/d',
    );
    expect(config.preopens).toEqual([
      { host: '/d', guest: '/data', readonly: false },
      { host: '/h/docs', guest: '/docs', readonly: true },
      { host: '/h/pics', guest: '/photos', readonly: true },
    ]);
    expect(config.env).toEqual(['LANG', 'TZ']);
    expect(config.network).toEqual(['sync.example.org:443', '[::1]:8080']);
    expect(config.ungranted).toEqual([]);
  });

  it('refuses grants of undeclared or twice-granted capabilities', () => {
    expect(() => buildRunConfig(manifest, [parseGrant('fs:secrets=/etc')], '/d')).toThrow(/declares no filesystem capability "secrets" \(it declares: documents, photos\)/);
    expect(() => buildRunConfig(manifest, [{ kind: 'fs', name: 'constructor', host: '/etc', readonly: false }], '/d')).toThrow(/declares no filesystem capability/);
    expect(() => buildRunConfig(manifest, [parseGrant('fs:photos=/a'), parseGrant('fs:photos=/b')], '/d')).toThrow(/granted twice/);
  });
});
