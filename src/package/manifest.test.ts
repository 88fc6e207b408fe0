import { describe, expect, it } from 'vitest';
import { PackageError } from './errors.js';
import { parseManifest, parseManifestText } from './manifest.js';

const BASE = ['id = "org.example.hello"', 'name = "Hello"', 'version = "1.2.3"', 'entry = "bin/app.wasm"'];

function manifest(...lines: string[]): string {
  return [...BASE, ...lines].join('\n');
}

function without(field: string, ...lines: string[]): string {
  return [...BASE.filter((l) => !l.startsWith(field + ' ')), ...lines].join('\n');
}

function replacing(field: string, line: string): string {
  return BASE.map((l) => (l.startsWith(field + ' ') ? line : l)).join('\n');
}

describe('parseManifestText', () => {
  it('reads a full manifest', () => {
    const m = parseManifestText(
      manifest(
        'description = """Says hello\nto everyone."""',
        'authors = ["Ada <ada@example.org>", "Brian"]',
        'min-runtime = ">=0.1.0 <2"',
        '[permissions]',
        'env = ["LANG", "TZ"]',
        'network = ["api.example.org:443", "[::1]:8080"]',
        '[permissions.filesystem]',
        'documents = { guest = "/docs", access = "read", description = "Your documents" }',
        'cache = { guest = "/var/cache", access = "read-write" }',
        '[limits]',
        'max-memory = "256 MiB"',
        'fuel = 1_000_000',
        'timeout = "1.5m"',
      ),
    );
    expect(m).toEqual({
      id: 'org.example.hello',
      name: 'Hello',
      version: '1.2.3',
      entry: 'bin/app.wasm',
      description: 'Says hello\nto everyone.',
      authors: ['Ada <ada@example.org>', 'Brian'],
      minRuntime: '>=0.1.0 <2',
      permissions: {
        env: ['LANG', 'TZ'],
        network: ['api.example.org:443', '[::1]:8080'],
        filesystem: {
          documents: { guest: '/docs', access: 'read', description: 'Your documents' },
          cache: { guest: '/var/cache', access: 'read-write', description: '' },
        },
      },
      limits: { maxMemoryBytes: 256 * 1024 * 1024, fuel: 1_000_000, timeoutSeconds: 90 },
    });
  });

  it('fills defaults for optional fields', () => {
    const m = parseManifestText(manifest());
    expect(m.description).toBe('');
    expect(m.authors).toEqual([]);
    expect(m.minRuntime).toBe('*');
    expect(m.permissions).toEqual({ filesystem: {}, network: [], env: [] });
    expect(m.limits).toEqual({});
  });

  it.each([
    ['integer memory and timeout', ['[limits]', 'max-memory = 65536', 'timeout = 30'], { maxMemoryBytes: 65536, timeoutSeconds: 30 }],
    ['ms timeout', ['[limits]', 'timeout = "500ms"'], { timeoutSeconds: 0.5 }],
    ['GiB', ['[limits]', 'max-memory = "1GiB"'], { maxMemoryBytes: 2 ** 30 }],
  ])('limits: %s', (_name, lines, limits) => {
    expect(parseManifestText(manifest(...lines)).limits).toEqual(limits);
  });

  it.each([
    ['unknown top-level field', manifest('homepage = "x"'), 'unknown-field', 'homepage', 'unknown field'],
    ['unknown permission', manifest('[permissions]', 'fs = []'), 'unknown-field', 'permissions.fs', 'unknown field'],
    ['unknown limit', manifest('[limits]', 'cpu = 1'), 'unknown-field', 'limits.cpu', 'unknown field'],
    ['unknown capability field', manifest('[permissions.filesystem]', 'd = { guest = "/d", mode = "r" }'), 'unknown-field', 'permissions.filesystem.d.mode', 'unknown field'],
    ['missing id', without('id'), 'missing-field', 'id', 'required'],
    ['missing name', without('name'), 'missing-field', 'name', 'required'],
    ['missing version', without('version'), 'missing-field', 'version', 'required'],
    ['missing entry', without('entry'), 'missing-field', 'entry', 'required'],
    ['missing guest', manifest('[permissions.filesystem]', 'd = { access = "read" }'), 'missing-field', 'permissions.filesystem.d.guest', 'required'],
    ['bad semver', replacing('version', 'version = "1.0"'), 'invalid-field', 'version', 'not a semantic version'],
    ['v-prefixed semver', replacing('version', 'version = "v1.0.0"'), 'invalid-field', 'version', 'not a semantic version'],
    ['numeric version', replacing('version', 'version = 1'), 'invalid-field', 'version', 'must be a string'],
    ['bad range', manifest('min-runtime = "at least one"'), 'invalid-field', 'min-runtime', 'not a semver range'],
    ['empty range', manifest('min-runtime = ""'), 'invalid-field', 'min-runtime', 'not a semver range'],
    ['single-label id', replacing('id', 'id = "hello"'), 'invalid-field', 'id', 'reverse-DNS'],
    ['upper-case id', replacing('id', 'id = "org.Example.hello"'), 'invalid-field', 'id', 'lower case'],
    ['id with slash', replacing('id', 'id = "org.example/x"'), 'invalid-field', 'id', 'label'],
    ['id starting with digit', replacing('id', 'id = "1org.example"'), 'invalid-field', 'id', 'start with a letter'],
    ['Windows device id', replacing('id', 'id = "con.example.app"'), 'invalid-field', 'id', 'reserves for devices'],
    ['empty name', replacing('name', 'name = "  "'), 'invalid-field', 'name', 'empty'],
    ['entry not wasm', replacing('entry', 'entry = "bin/app.js"'), 'invalid-field', 'entry', '.wasm'],
    ['entry climbing out', replacing('entry', 'entry = "../app.wasm"'), 'invalid-field', 'entry', 'climbs out'],
    ['entry absolute', replacing('entry', 'entry = "/bin/app.wasm"'), 'invalid-field', 'entry', 'absolute'],
    ['authors not array', manifest('authors = "Ada"'), 'invalid-field', 'authors', 'array of strings'],
    ['authors non-string', manifest('authors = ["Ada", 3]'), 'invalid-field', 'authors[1]', 'must be a string'],
    ['bad env name', manifest('[permissions]', 'env = ["OK", "NOT-OK"]'), 'invalid-field', 'permissions.env[1]', 'environment variable name'],
    ['duplicate env', manifest('[permissions]', 'env = ["A", "A"]'), 'invalid-field', 'permissions.env[1]', 'listed twice'],
    ['bad network pattern', manifest('[permissions]', 'network = ["example.com"]'), 'invalid-field', 'permissions.network[0]', 'host:port'],
    ['permissions not a table', manifest('permissions = 3'), 'invalid-field', 'permissions', 'must be a table'],
    ['relative guest path', manifest('[permissions.filesystem]', 'd = { guest = "docs" }'), 'invalid-field', 'permissions.filesystem.d.guest', 'absolute'],
    ['unnormalized guest path', manifest('[permissions.filesystem]', 'd = { guest = "/a/../b" }'), 'invalid-field', 'permissions.filesystem.d.guest', 'normalized'],
    ['guest under /data', manifest('[permissions.filesystem]', 'd = { guest = "/data/x" }'), 'invalid-field', 'permissions.filesystem.d.guest', 'reserved'],
    ['guest used twice', manifest('[permissions.filesystem]', 'a = { guest = "/x" }', 'b = { guest = "/x" }'), 'invalid-field', 'permissions.filesystem.b.guest', 'already used'],
    ['bad access', manifest('[permissions.filesystem]', 'd = { guest = "/d", access = "write" }'), 'invalid-field', 'permissions.filesystem.d.access', '"read" or "read-write"'],
    ['bad capability name', manifest('[permissions.filesystem]', 'Docs = { guest = "/d" }'), 'invalid-field', 'permissions.filesystem.Docs', 'capability names'],
    ['memory below a page', manifest('[limits]', 'max-memory = 1000'), 'invalid-field', 'limits.max-memory', 'at least 65536'],
    ['memory unit', manifest('[limits]', 'max-memory = "64MB"'), 'invalid-field', 'limits.max-memory', 'not a size'],
    ['negative fuel', manifest('[limits]', 'fuel = -5'), 'invalid-field', 'limits.fuel', 'positive integer'],
    ['float fuel', manifest('[limits]', 'fuel = 1.5'), 'invalid-field', 'limits.fuel', 'positive integer'],
    ['zero timeout', manifest('[limits]', 'timeout = 0'), 'invalid-field', 'limits.timeout', 'positive'],
    ['bad timeout', manifest('[limits]', 'timeout = "soon"'), 'invalid-field', 'limits.timeout', 'not a duration'],
    ['TOML syntax', manifest('id = "again"'), 'manifest-syntax', undefined, 'invalid TOML'],
    ['TOML garbage', 'this is not toml', 'manifest-syntax', undefined, 'line 1'],
  ])('%s', (_name, text, code, field, problem) => {
    let err: unknown;
    try {
      parseManifestText(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PackageError);
    const pe = err as PackageError;
    expect(pe.code).toBe(code);
    expect(pe.file).toBe('manifest.toml');
    expect(pe.field).toBe(field);
    expect(pe.problem).toContain(problem);
    expect(pe.message.startsWith('manifest.toml: ')).toBe(true);
    if (field !== undefined) expect(pe.message).toContain(`field "${field}"`);
  });

  it('refuses non-UTF-8 and oversized manifests', () => {
    expect(() => parseManifest(new Uint8Array([0x69, 0x64, 0xff]))).toThrow(/not valid UTF-8/);
    expect(() => parseManifest(new Uint8Array(70 * 1024).fill(0x20))).toThrow(/over the limit/);
  });
});
