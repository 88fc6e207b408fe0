// Registry behaviour on the in-memory store: install, every update outcome, the data directory
// surviving updates, failure atomicity, uninstall, run preparation and corrupt-state handling.
import { describe, expect, it } from 'vitest';
import { generateSigningKey, PackageError, parseGrant } from '../../src/package/index.js';
import { MemoryRegistryStore, openRegistry, RegistryError } from '../../src/registry/index.js';
import type { Registry, RegistryOptions } from '../../src/registry/index.js';
import { packTestApp } from '../package/app-fixtures.js';
import type { TestAppOptions } from '../package/app-fixtures.js';
import { inspectEntryForTests } from '../package/wasm-fixtures.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const ID = 'org.example.hello';

function setup(options: Partial<RegistryOptions> & { beforeMutation?: (op: string, path: string) => void } = {}): { store: MemoryRegistryStore; registry: Registry } {
  const store = new MemoryRegistryStore({ beforeMutation: options.beforeMutation });
  const registry = openRegistry({ store, runtimeVersion: '0.1.0', inspectEntry: inspectEntryForTests, now: () => new Date('2025-06-01T12:00:00Z'), ...options });
  return { store, registry };
}

function pkg(o: TestAppOptions = {}, keys?: string[]): Uint8Array {
  return packTestApp({ files: { 'share/greeting.txt': `hello from ${o.version ?? '1.0.0'}` }, ...o }, keys).bytes;
}

async function rejection(p: Promise<unknown>): Promise<RegistryError | PackageError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegistryError || e instanceof PackageError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('install, list, info', () => {
  it('installs a package with its files, index entry and data directory', async () => {
    const { store, registry } = setup();
    const app = await registry.install(pkg(), { source: 'hello.kpioapp' });
    expect(app).toMatchObject({ id: ID, version: '1.0.0', name: 'Hello', entryKind: 'module', installedAt: '2025-06-01T12:00:00.000Z', dataDir: '/kpio-home/data/org.example.hello' });
    expect(app.dir).toMatch(/^apps\/org\.example\.hello\/1\.0\.0~[0-9a-f]{16}$/);
    expect(dec.decode((await store.readFile(`${app.dir}/share/greeting.txt`))!)).toBe('hello from 1.0.0');
    expect((await registry.list()).map((a) => `${a.id}@${a.version}`)).toEqual([`${ID}@1.0.0`]);
    const info = await registry.info(ID);
    expect(info.manifest.authors).toEqual(['Ada <ada@example.org>']);
    expect(await registry.verify(ID)).toMatchObject({ id: ID, files: 3 });
    expect(await store.list('data')).toEqual([{ name: ID, kind: 'dir' }]);
    // Nothing is left in the staging area.
    expect(await store.list('staging')).toEqual([]);
  });

  it('refuses a second install of the same id', async () => {
    const { registry } = setup();
    await registry.install(pkg());
    const e = await rejection(registry.install(pkg({ version: '1.1.0' })));
    expect(e).toMatchObject({ code: 'already-installed', message: `${ID} 1.0.0 is already installed; use update to install 1.1.0` });
  });

  it('refuses an app that needs a newer kpio, writing nothing', async () => {
    const { store, registry } = setup();
    const e = await rejection(registry.install(pkg({ minRuntime: '>=0.2.0' })));
    expect(e).toMatchObject({ code: 'incompatible', reason: 'min-runtime' });
    expect(e.message).toContain('needs kpio >=0.2.0, but this is kpio 0.1.0');
    expect(store.snapshot()).toEqual([]);
  });

  it('lists several apps sorted by id and reports unknown ids', async () => {
    const { registry } = setup();
    await registry.install(pkg({ id: 'org.example.zeta' }));
    await registry.install(pkg({ id: 'com.example.alpha' }));
    expect((await registry.list()).map((a) => a.id)).toEqual(['com.example.alpha', 'org.example.zeta']);
    expect(await rejection(registry.info('org.example.none'))).toMatchObject({ code: 'not-installed', message: 'org.example.none is not installed' });
  });

  it('serializes concurrent installs in one process', async () => {
    const { registry } = setup();
    const ids = ['org.example.a', 'org.example.b', 'org.example.c', 'org.example.d'];
    await Promise.all(ids.map((id) => registry.install(pkg({ id }))));
    expect((await registry.list()).map((a) => a.id)).toEqual(ids);
    for (const id of ids) await registry.verify(id);
  });

  it('requires a trusted signature when configured', async () => {
    const key = generateSigningKey();
    const { registry } = setup({ trustedKeys: [{ name: 'me', publicKey: key.publicKey }], signaturePolicy: 'require-trusted' });
    expect(await rejection(registry.install(pkg()))).toMatchObject({ code: 'untrusted' });
    const app = await registry.install(pkg({}, [key.secretKey]));
    expect(app.signers).toEqual([{ publicKey: key.publicKey, trustedAs: 'me' }]);
  });
});

describe('update outcomes', () => {
  async function installed(o: Partial<RegistryOptions> = {}, first: TestAppOptions = {}, keys?: string[]) {
    const s = setup(o);
    await s.registry.install(pkg(first, keys));
    return s;
  }

  it('update-available: installs the new version and keeps the data directory', async () => {
    const { store, registry } = await installed();
    const before = await registry.info(ID);
    await store.writeFile(`data/${ID}/notes.txt`, enc.encode('my notes'));
    await store.mkdir(`data/${ID}/sub`);
    await store.writeFile(`data/${ID}/sub/deep.bin`, new Uint8Array([1, 2, 3]));
    expect(await registry.checkUpdate(pkg({ version: '1.1.0' }))).toEqual({ status: 'update-available', id: ID, from: '1.0.0', version: '1.1.0' });
    const outcome = await registry.update(pkg({ version: '1.1.0' }));
    expect(outcome).toMatchObject({ status: 'updated', from: '1.0.0', app: { version: '1.1.0' } });
    const after = await registry.info(ID);
    expect(after.version).toBe('1.1.0');
    expect(after.dataDir).toBe(before.dataDir);
    expect(dec.decode((await store.readFile(`data/${ID}/notes.txt`))!)).toBe('my notes');
    expect(await store.readFile(`data/${ID}/sub/deep.bin`)).toEqual(new Uint8Array([1, 2, 3]));
    expect(dec.decode((await store.readFile(`${after.dir}/share/greeting.txt`))!)).toBe('hello from 1.1.0');
    // The old version's files are gone; only the new one is under apps/<id>.
    expect((await store.list(`apps/${ID}`)).map((e) => `apps/${ID}/${e.name}`)).toEqual([after.dir]);
    await registry.verify(ID);
  });

  it('up-to-date: same version changes nothing', async () => {
    const { store, registry } = await installed();
    const snapshot = store.snapshot();
    expect(await registry.checkUpdate(pkg())).toEqual({ status: 'up-to-date', id: ID, version: '1.0.0' });
    expect(await registry.update(pkg())).toMatchObject({ status: 'up-to-date', sameContent: true });
    expect(await registry.update(pkg({ files: { 'other.txt': 'x' } }))).toMatchObject({ status: 'up-to-date', sameContent: false });
    expect(store.snapshot()).toEqual(snapshot);
  });

  it.each([
    ['downgrade', {}, { version: '1.0.0' }, { version: '0.9.0' }, {}, 'downgrade', 'older than the installed 1.0.0'],
    ['different id', {}, {}, { id: 'org.example.other', version: '1.0.1' }, { id: ID }, 'different-id', 'the package is org.example.other, not org.example.hello'],
    ['min-runtime', {}, {}, { version: '1.0.1', minRuntime: '>=1.0.0' }, {}, 'min-runtime', 'needs kpio >=1.0.0'],
    ['major bump', {}, {}, { version: '2.0.0' }, {}, 'major-bump', '--allow-major'],
  ])('incompatible (%s): refused, old version kept', async (_n, regOpts, first, candidate, updateOpts, reason, message) => {
    const { store, registry } = await installed(regOpts, first);
    const snapshot = store.snapshot();
    const check = await registry.checkUpdate(pkg(candidate), updateOpts);
    expect(check).toMatchObject({ status: 'incompatible', reason });
    const e = await rejection(registry.update(pkg(candidate), updateOpts));
    expect(e).toMatchObject({ code: 'incompatible', reason });
    expect(e.message).toContain(message);
    expect(store.snapshot()).toEqual(snapshot);
    expect((await registry.info(ID)).version).toBe((first as TestAppOptions).version ?? '1.0.0');
  });

  it('major bump with allowMajor updates', async () => {
    const { registry } = await installed();
    expect(await registry.update(pkg({ version: '2.0.0' }), { allowMajor: true })).toMatchObject({ status: 'updated', app: { version: '2.0.0' } });
  });

  it('signer changed: refused', async () => {
    const a = generateSigningKey();
    const b = generateSigningKey();
    const trustedKeys = [{ name: 'a', publicKey: a.publicKey }, { name: 'b', publicKey: b.publicKey }];
    const { registry } = await installed({ trustedKeys }, {}, [a.secretKey]);
    expect(await rejection(registry.update(pkg({ version: '1.0.1' }, [b.secretKey])))).toMatchObject({ code: 'incompatible', reason: 'signer-changed' });
    expect(await registry.update(pkg({ version: '1.0.1' }, [a.secretKey, b.secretKey]))).toMatchObject({ status: 'updated' });
  });

  it('not installed', async () => {
    const { registry } = setup();
    expect(await rejection(registry.update(pkg()))).toMatchObject({ code: 'not-installed' });
    expect(await rejection(registry.checkUpdate(pkg()))).toMatchObject({ code: 'not-installed' });
  });
});

describe('failures leave the old version installed', () => {
  it.each([
    ['writing a file', (op: string, path: string) => op === 'writeFile' && path.endsWith('greeting.txt')],
    ['renaming the version into place', (op: string, path: string) => op === 'rename' && /^staging\/[0-9a-f]{16}$/.test(path)],
    ['creating the data directory', (op: string, path: string) => op === 'mkdir' && path === `data/${ID}`],
    ['writing the index', (op: string, path: string) => op === 'writeFile' && path.includes('index-')],
    ['committing the index', (op: string, path: string) => op === 'rename' && path.includes('index-')],
  ])('an update failing at %s', async (_n, failWhen) => {
    let armed = false;
    const { store, registry } = setup({
      beforeMutation: (op, path) => {
        if (armed && failWhen(op, path)) throw new Error(`ENOSPC: no space left on device, ${op} '${path}'`);
      },
    });
    await registry.install(pkg());
    await store.writeFile(`data/${ID}/keep.txt`, enc.encode('keep'));
    armed = true;
    const e = await rejection(registry.update(pkg({ version: '1.0.1' })));
    expect(e).toMatchObject({ code: 'storage' });
    expect(e.message).toContain('ENOSPC');
    expect(e.message).toContain('the previous state is kept');
    armed = false;
    expect((await registry.info(ID)).version).toBe('1.0.0');
    await registry.verify(ID);
    expect(dec.decode((await store.readFile(`data/${ID}/keep.txt`))!)).toBe('keep');
    // The next operation cleans up and succeeds.
    expect(await registry.update(pkg({ version: '1.0.1' }))).toMatchObject({ status: 'updated' });
    expect(await store.list('staging')).toEqual([]);
    expect((await store.list(`apps/${ID}`)).length).toBe(1);
  });

  it('recover() removes leftovers an interrupted operation left', async () => {
    const { store, registry } = setup();
    await registry.install(pkg());
    await store.mkdir('staging/deadbeef/bin');
    await store.writeFile('staging/deadbeef/bin/app.wasm', new Uint8Array(3));
    await store.mkdir(`apps/${ID}/9.9.9~0000000000000000`);
    await store.mkdir('apps/org.example.ghost/1.0.0~00');
    const removed = await registry.recover();
    expect(removed.sort()).toEqual(['apps/org.example.ghost', `apps/${ID}/9.9.9~0000000000000000`, 'staging/deadbeef'].sort());
    await registry.verify(ID);
  });
});

describe('uninstall', () => {
  it('keeps the data directory unless purged, and a reinstall finds it again', async () => {
    const { store, registry } = setup();
    await registry.install(pkg());
    await store.writeFile(`data/${ID}/state.json`, enc.encode('{}'));
    expect(await registry.uninstall(ID)).toEqual({ id: ID, version: '1.0.0', dataDir: `/kpio-home/data/${ID}`, dataKept: true });
    expect(await registry.list()).toEqual([]);
    expect(await store.list('apps')).toEqual([]);
    expect(await store.readFile(`data/${ID}/state.json`)).not.toBeNull();
    await registry.install(pkg());
    expect(await store.readFile(`data/${ID}/state.json`)).not.toBeNull();
    expect(await registry.uninstall(ID, { purge: true })).toMatchObject({ dataKept: false });
    expect(await store.list('data')).toEqual([]);
    expect(await rejection(registry.uninstall(ID))).toMatchObject({ code: 'not-installed' });
  });
});

describe('prepareRun', () => {
  it('returns the entry and a run configuration with grants applied', async () => {
    const { registry } = setup();
    await registry.install(pkg({
      tables: ['[permissions]', 'env = ["LANG"]', '[permissions.filesystem]', 'docs = { guest = "/docs", access = "read-write" }', '[limits]', 'fuel = 1000'].join('\n'),
    }));
    const run = await registry.prepareRun(ID, [parseGrant('fs:docs=/home/me/docs'), parseGrant('env:TZ')]);
    expect(run.entryPath).toMatch(/^\/kpio-home\/apps\/org\.example\.hello\/1\.0\.0~[0-9a-f]{16}\/bin\/app\.wasm$/);
    expect(run.entryBytes.subarray(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
    expect(run.config).toEqual({
      preopens: [
        { host: `/kpio-home/data/${ID}`, guest: '/data', readonly: false },
        { host: '/home/me/docs', guest: '/docs', readonly: false },
      ],
      env: ['LANG', 'TZ'],
      network: [],
      limits: { fuel: 1000 },
      ungranted: [],
    });
    await expect(registry.prepareRun(ID, [parseGrant('fs:secrets=/etc')])).rejects.toThrow(/declares no filesystem capability "secrets"/);
  });
});

describe('damaged state', () => {
  it('refuses to work on a corrupt index and changes nothing', async () => {
    const { store, registry } = setup();
    await registry.install(pkg());
    await store.writeFile('index.json', enc.encode('{"format": "kpio-registry-index", "version": 1, "apps": [{}]}'));
    const snapshot = store.snapshot();
    for (const p of [registry.list(), registry.install(pkg({ id: 'org.example.new' })), registry.uninstall(ID)]) {
      const e = await rejection(p);
      expect(e).toMatchObject({ code: 'corrupt-index' });
      expect(e.message).toMatch(/^\/kpio-home\/index\.json: apps\[0\]\.id must be a string; the registry was not changed/);
    }
    expect(store.snapshot()).toEqual(snapshot);
  });

  it('verify detects altered, added and removed files', async () => {
    const { store, registry } = setup();
    const app = await registry.install(pkg());
    await store.writeFile(`${app.dir}/share/greeting.txt`, enc.encode('altered'));
    expect(await rejection(registry.verify(ID))).toMatchObject({ code: 'corrupt-install' });
    await store.writeFile(`${app.dir}/share/greeting.txt`, enc.encode('hello from 1.0.0'));
    await registry.verify(ID);
    await store.writeFile(`${app.dir}/extra`, enc.encode('x'));
    expect(await rejection(registry.verify(ID))).toMatchObject({ code: 'corrupt-install' });
    await store.remove(`${app.dir}/extra`);
    await store.remove(`${app.dir}/manifest.toml`);
    expect(await rejection(registry.info(ID))).toMatchObject({ code: 'corrupt-install' });
  });
});
