// The registry on real files: the Node store's operations, the lock file (waiting, stale locks of
// dead processes, timeouts), the registry end to end under a temporary KPIO_HOME, and two
// processes installing at once.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGrant } from '../../src/package/index.js';
import { acquireFileLock } from '../../src/platform/node/registry-lock.js';
import { loadTrustedKeys, openNodeRegistry, resolveKpioHome } from '../../src/platform/node/registry-home.js';
import { collectAppFiles, readPackageFile, writeFileAtomic } from '../../src/platform/node/registry-files.js';
import { NodeRegistryStore } from '../../src/platform/node/registry-store.js';
import { RegistryError } from '../../src/registry/index.js';
import { packTestApp } from '../package/app-fixtures.js';
import { inspectEntryForTests } from '../package/wasm-fixtures.js';
import { bundleChild } from './child-bundle.js';

const enc = new TextEncoder();
const root = mkdtempSync(join(tmpdir(), 'kpio-node-store-'));
let counter = 0;
const fresh = (): string => {
  const dir = join(root, `home-${counter++}`);
  mkdirSync(dir);
  return dir;
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that does not exist: spawn a process, wait for it to exit. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

describe('NodeRegistryStore', () => {
  it('writes, reads, lists, renames and removes', async () => {
    const home = fresh();
    const store = new NodeRegistryStore({ home });
    expect(await store.readFile('missing')).toBeNull();
    expect(await store.list('nowhere')).toEqual([]);
    await store.mkdir('a/b');
    const big = new Uint8Array(200_000).map((_, i) => i & 0xff);
    await store.writeFile('a/b/big.bin', big);
    await store.writeFile('a/small.txt', enc.encode('x'));
    expect(Buffer.from((await store.readFile('a/b/big.bin'))!).equals(Buffer.from(big))).toBe(true);
    expect(await store.list('a')).toEqual([{ name: 'b', kind: 'dir' }, { name: 'small.txt', kind: 'file' }]);
    await store.rename('a', 'c');
    expect(await store.readFile('c/small.txt')).toEqual(enc.encode('x'));
    await store.syncDir('c');
    await store.syncDir('does/not/exist');
    await store.remove('c');
    await store.remove('c');
    expect(existsSync(join(home, 'c'))).toBe(false);
  });

  it('lists links as "other" and removes them without following', async () => {
    const home = fresh();
    const outside = fresh();
    writeFileSync(join(outside, 'precious.txt'), 'keep me');
    const store = new NodeRegistryStore({ home });
    await store.mkdir('apps/x');
    symlinkSync(outside, join(home, 'apps', 'x', 'link'));
    expect(await store.list('apps/x')).toEqual([{ name: 'link', kind: 'other' }]);
    await store.remove('apps');
    expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it.each(['../escape', '/etc/passwd', 'a/../../b', 'a\\b', 'a//b'])('refuses the path %j', async (path) => {
    const store = new NodeRegistryStore({ home: fresh() });
    await expect(store.writeFile(path, new Uint8Array(1))).rejects.toThrow(/store path/);
    expect(() => store.hostPath(path)).toThrow(/store path/);
  });

  it('calls the operation hook for every file-system step', async () => {
    const ops: string[] = [];
    const store = new NodeRegistryStore({ home: fresh(), onOperation: (op) => ops.push(op) });
    await store.mkdir('d');
    await store.writeFile('d/f', new Uint8Array(150_000));
    expect(ops).toEqual(['mkdir', 'open', 'write', 'write', 'write', 'fsync', 'close']);
  });
});

describe('lock file', () => {
  it('serializes holders in one process', async () => {
    const home = fresh();
    const first = await acquireFileLock(join(home, 'lock'));
    let secondHeld = false;
    const second = acquireFileLock(join(home, 'lock')).then((l) => {
      secondHeld = true;
      return l;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(secondHeld).toBe(false);
    await first.release();
    await (await second).release();
    expect(secondHeld).toBe(true);
    expect(readdirSync(home)).toEqual([]);
  });

  it('times out on a live holder with a message naming it', async () => {
    const home = fresh();
    writeFileSync(join(home, 'lock'), JSON.stringify({ pid: process.pid, host: hostname(), token: 'other', acquiredAt: '2025-01-01T00:00:00Z' }));
    const e = await acquireFileLock(join(home, 'lock'), { timeoutMs: 150 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).code).toBe('locked');
    expect((e as RegistryError).message).toContain(`locked by process ${process.pid} on ${hostname()}`);
    expect((e as RegistryError).message).toContain(`remove ${join(home, 'lock')}`);
  });

  it('breaks the lock of a dead process and cleans its temporary files', async () => {
    const home = fresh();
    const pid = await deadPid();
    writeFileSync(join(home, 'lock'), JSON.stringify({ pid, host: hostname(), token: 'dead', acquiredAt: '2025-01-01T00:00:00Z' }));
    writeFileSync(join(home, `lock.${pid}.0123abcd.tmp`), 'x');
    const lock = await acquireFileLock(join(home, 'lock'), { timeoutMs: 5000 });
    expect(JSON.parse(readFileSync(join(home, 'lock'), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(home).sort()).toEqual(['lock']);
    await lock.release();
    expect(readdirSync(home)).toEqual([]);
  });

  it('treats an old lock from another host, or an old unreadable lock, as stale', async () => {
    for (const content of [JSON.stringify({ pid: 1, host: 'elsewhere', token: 't', acquiredAt: 'x' }), '']) {
      const home = fresh();
      writeFileSync(join(home, 'lock'), content);
      const old = new Date(Date.now() - 3600_000);
      utimesSync(join(home, 'lock'), old, old);
      const lock = await acquireFileLock(join(home, 'lock'), { timeoutMs: 2000, staleMs: 60_000 });
      await lock.release();
    }
    // A fresh one from another host is respected.
    const home = fresh();
    writeFileSync(join(home, 'lock'), JSON.stringify({ pid: 1, host: 'elsewhere', token: 't', acquiredAt: 'x' }));
    await expect(acquireFileLock(join(home, 'lock'), { timeoutMs: 100, staleMs: 60_000 })).rejects.toThrow(/locked by process 1 on elsewhere/);
  });
});

describe('registry on real files', () => {
  const v1 = packTestApp({ files: { 'share/a.txt': 'one' } }).bytes;
  const v2 = packTestApp({ version: '1.1.0', files: { 'share/a.txt': 'two', 'share/big.bin': new Uint8Array(300_000).fill(7) } }).bytes;

  it('installs, updates (keeping data), runs and uninstalls under KPIO_HOME', async () => {
    const home = fresh();
    const registry = await openNodeRegistry({ home, runtimeVersion: '0.1.0', inspectEntry: inspectEntryForTests });
    expect(readdirSync(home)).toEqual([]);
    const app = await registry.install(v1);
    expect(app.hostDir.startsWith(join(home, 'apps', 'org.example.hello'))).toBe(true);
    expect(readFileSync(join(app.hostDir, 'share', 'a.txt'), 'utf8')).toBe('one');
    writeFileSync(join(app.dataDir, 'user.db'), 'precious');
    await registry.update(v2);
    const info = await registry.info('org.example.hello');
    expect(readFileSync(join(info.hostDir, 'share', 'a.txt'), 'utf8')).toBe('two');
    expect(readFileSync(join(info.dataDir, 'user.db'), 'utf8')).toBe('precious');
    expect(existsSync(app.hostDir)).toBe(false);
    await registry.verify('org.example.hello');
    const run = await registry.prepareRun('org.example.hello', [parseGrant('env:TZ')]);
    expect(run.config.preopens[0]).toEqual({ host: join(home, 'data', 'org.example.hello'), guest: '/data', readonly: false });
    expect(readFileSync(run.entryPath)).toEqual(Buffer.from(run.entryBytes));
    expect(readdirSync(home).sort()).toEqual(['apps', 'data', 'index.json', 'staging']);
    expect(readdirSync(join(home, 'staging'))).toEqual([]);
    await registry.uninstall('org.example.hello');
    expect(readFileSync(join(info.dataDir, 'user.db'), 'utf8')).toBe('precious');
    expect(readdirSync(join(home, 'apps'))).toEqual([]);
  });

  it('resolves KPIO_HOME and reads trusted keys', async () => {
    expect(resolveKpioHome({ KPIO_HOME: '/x/y' }, '/home/me')).toBe('/x/y');
    expect(resolveKpioHome({}, '/home/me')).toBe(join('/home/me', '.kpio'));
    expect(resolveKpioHome({ KPIO_HOME: '' }, '/home/me')).toBe(join('/home/me', '.kpio'));
    const home = fresh();
    expect(await loadTrustedKeys(home)).toEqual([]);
    writeFileSync(join(home, 'trusted-keys.toml'), `[keys]\nme = "ed25519:${'ab'.repeat(32)}"\n`);
    expect(await loadTrustedKeys(home)).toEqual([{ name: 'me', publicKey: `ed25519:${'ab'.repeat(32)}` }]);
    writeFileSync(join(home, 'trusted-keys.toml'), '[keys]\nme = "rsa"\n');
    await expect(loadTrustedKeys(home)).rejects.toThrow(/trusted-keys\.toml: field "keys\.me"/);
  });

  it('collects an app directory for pack, refusing links, and writes packages atomically', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'manifest.toml'), 'x');
    writeFileSync(join(dir, 'bin', 'app.wasm'), 'y');
    expect((await collectAppFiles(dir)).map(([p]) => p)).toEqual(['bin/app.wasm', 'manifest.toml']);
    symlinkSync('/etc/passwd', join(dir, 'bin', 'evil'));
    await expect(collectAppFiles(dir)).rejects.toThrow(/entry "bin\/evil": symbolic links cannot be packed/);
    const out = join(fresh(), 'app.kpioapp');
    await writeFileAtomic(out, v1);
    expect(await readPackageFile(out)).toEqual(v1);
    await expect(readPackageFile(out, 10)).rejects.toThrow(/over the limit of 10/);
  });

  describe('two processes at once', () => {
    let child = '';
    const work = mkdtempSync(join(tmpdir(), 'kpio-two-'));
    beforeAll(async () => {
      child = await bundleChild(join(import.meta.dirname, 'crash-child.ts'), work);
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('serializes two concurrent installs through the lock file', async () => {
      const home = fresh();
      const files = ['org.example.one', 'org.example.two', 'org.example.three'].map((id) => {
        const f = join(work, `${id}.kpioapp`);
        writeFileSync(f, packTestApp({ id, files: { 'big.bin': new Uint8Array(500_000).fill(1) } }).bytes);
        return f;
      });
      const results = await Promise.all(
        files.map(
          (packagePath) =>
            new Promise<number | null>((resolve) => {
              const p = spawn(process.execPath, [child, JSON.stringify({ home, op: 'install', packagePath })], { stdio: 'ignore' });
              p.on('exit', (code) => resolve(code));
            }),
        ),
      );
      expect(results).toEqual([0, 0, 0]);
      const registry = await openNodeRegistry({ home, runtimeVersion: '0.1.0', inspectEntry: inspectEntryForTests });
      expect((await registry.list()).map((a) => a.id)).toEqual(['org.example.one', 'org.example.three', 'org.example.two']);
      for (const a of await registry.list()) await registry.verify(a.id);
      expect(existsSync(join(home, 'lock'))).toBe(false);
    });
  });
});
