import { describe, expect, it } from 'vitest';
import { RegistryError } from './errors.js';
import { parseIndex, serializeIndex } from './index-file.js';
import type { InstalledRecord } from './index-file.js';

const record: InstalledRecord = {
  id: 'org.example.app',
  version: '1.0.0',
  name: 'App',
  description: '',
  entry: 'app.wasm',
  entryKind: 'module',
  dir: 'apps/org.example.app/1.0.0~0011223344556677',
  digest: 'sha256:' + 'a'.repeat(64),
  installedAt: '2025-01-01T00:00:00.000Z',
  signers: [],
};

const enc = new TextEncoder();

describe('registry index', () => {
  it('round-trips and sorts apps by id', () => {
    const other = { ...record, id: 'com.example.z', dir: 'apps/com.example.z/1.0.0~aa' };
    const parsed = parseIndex(serializeIndex({ apps: [record, other] }), 'index.json');
    expect(parsed.apps.map((a) => a.id)).toEqual(['com.example.z', 'org.example.app']);
    expect(parsed.apps[1]).toEqual({ ...record, signers: [] });
  });

  const bad = (mutate: (doc: any) => void): Uint8Array => {
    const doc = JSON.parse(new TextDecoder().decode(serializeIndex({ apps: [record] })));
    mutate(doc);
    return enc.encode(JSON.stringify(doc));
  };

  it.each([
    ['not JSON', enc.encode('{'), 'not valid JSON'],
    ['not UTF-8', new Uint8Array([0xff]), 'not valid UTF-8'],
    ['wrong format', bad((d) => (d.format = 'other')), 'not a kpio registry index'],
    ['future version', bad((d) => (d.version = 2)), 'index version 2 is not supported'],
    ['apps not array', bad((d) => (d.apps = {})), '"apps" must be an array'],
    ['dir escaping the home', bad((d) => (d.apps[0].dir = '../../etc')), 'is not a directory of app'],
    ['dir of another app', bad((d) => (d.apps[0].dir = 'apps/other/1.0.0~aa')), 'is not a directory of app'],
    ['bad digest', bad((d) => (d.apps[0].digest = 'md5:00')), 'not a sha256 digest'],
    ['missing field', bad((d) => delete d.apps[0].version), 'apps[0].version must be a string'],
    ['duplicate app', bad((d) => d.apps.push(d.apps[0])), 'listed twice'],
    ['bad id', bad((d) => (d.apps[0].id = '../x')), 'is not an app id'],
  ])('refuses %s', (_n, bytes, why) => {
    expect(() => parseIndex(bytes, '/home/me/.kpio/index.json')).toThrow(RegistryError);
    expect(() => parseIndex(bytes, '/home/me/.kpio/index.json')).toThrow(why);
    expect(() => parseIndex(bytes, '/home/me/.kpio/index.json')).toThrow(/^\/home\/me\/\.kpio\/index\.json: /);
  });
});
