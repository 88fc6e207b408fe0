// The crash test: an install or update in a child process is killed with SIGKILL right before
// its Nth file-system operation, N drawn from a fixed-seed generator over every operation the
// command makes (lock, staging writes chunk by chunk, fsyncs, renames, index commit, cleanup).
// After each kill the registry must load, show the old or the new version (never a partial one),
// keep the app's data, and the next operations (in new processes, breaking the dead lock) must
// succeed and leave no leftovers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeRegistry } from '../../src/platform/node/registry-home.js';
import { packTestApp } from '../package/app-fixtures.js';
import { inspectEntryForTests } from '../package/wasm-fixtures.js';
import { bundleChild } from './child-bundle.js';

const ID = 'org.example.crash';
const RUNS = 50;
const SEED = 0x6b70696f; // "kpio"

/** mulberry32: a small deterministic PRNG, so every run of the test kills at the same points. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const work = mkdtempSync(join(tmpdir(), 'kpio-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let child = '';
const packages = { v1: join(work, 'v1.kpioapp'), v2: join(work, 'v2.kpioapp'), next: join(work, 'next.kpioapp') };

function runChild(home: string, op: 'install' | 'update', packagePath: string, killAt?: number): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [child, JSON.stringify({ home, op, packagePath, killAt })], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

async function open(home: string) {
  return openNodeRegistry({ home, runtimeVersion: '0.1.0', inspectEntry: inspectEntryForTests, trustedKeys: [], lock: { timeoutMs: 10_000 } });
}

async function homeWithV1(home: string): Promise<void> {
  const registry = await open(home);
  await registry.install(readFileSync(packages.v1));
  writeFileSync(join(home, 'data', ID, 'user-data.txt'), 'written by the user');
}

beforeAll(async () => {
  child = await bundleChild(join(import.meta.dirname, 'crash-child.ts'), work);
  const files = (version: string) => ({
    'share/version.txt': version,
    'share/big.bin': new Uint8Array(200_000).map((_, i) => (i * 31 + version.length) & 0xff),
    'share/nested/deep/file.txt': `deep ${version}`,
  });
  writeFileSync(packages.v1, packTestApp({ id: ID, version: '1.0.0', files: files('1.0.0') }).bytes);
  writeFileSync(packages.v2, packTestApp({ id: ID, version: '1.1.0', files: files('1.1.0') }).bytes);
  writeFileSync(packages.next, packTestApp({ id: 'org.example.next', version: '3.0.0' }).bytes);
});

describe('SIGKILL during install and update', () => {
  it(`leaves the old or the new version at ${RUNS} random kill points, and the next install succeeds`, async () => {
    // Count the file-system operations of a full install and a full update.
    const countHome = join(work, 'count-install');
    mkdirSync(countHome);
    const full = runChild(countHome, 'install', packages.v1);
    expect(full.stderr).toBe('');
    const installOps = JSON.parse(full.stdout).ops as number;
    const countUpdateHome = join(work, 'count-update');
    mkdirSync(countUpdateHome);
    await homeWithV1(countUpdateHome);
    const fullUpdate = runChild(countUpdateHome, 'update', packages.v2);
    expect(fullUpdate.stderr).toBe('');
    const updateOps = JSON.parse(fullUpdate.stdout).ops as number;
    expect(installOps).toBeGreaterThan(20);
    expect(updateOps).toBeGreaterThan(20);

    const random = prng(SEED);
    const outcomes = { install: { none: 0, old: 0, new: 0 }, update: { none: 0, old: 0, new: 0 } };
    for (let run = 0; run < RUNS; run++) {
      const mode = run % 2 === 0 ? 'install' : 'update';
      const home = join(work, `run-${run}`);
      mkdirSync(home);
      if (mode === 'update') await homeWithV1(home);
      const killAt = 1 + Math.floor(random() * (mode === 'install' ? installOps : updateOps));
      const killed = runChild(home, mode, mode === 'install' ? packages.v1 : packages.v2, killAt);
      const where = `run ${run} (${mode}, killed before operation ${killAt})`;
      expect(killed.signal, where).toBe('SIGKILL');

      // 1. The registry loads and shows a complete old or new version.
      const registry = await open(home);
      const apps = await registry.list();
      let state: 'none' | 'old' | 'new';
      if (apps.length === 0) {
        state = 'none';
      } else {
        expect(apps.map((a) => a.id), where).toEqual([ID]);
        state = apps[0]!.version === (mode === 'install' ? '1.0.0' : '1.1.0') ? 'new' : 'old';
        await registry.verify(ID);
        const info = await registry.info(ID);
        expect(readFileSync(join(info.hostDir, 'share', 'version.txt'), 'utf8'), where).toBe(info.version);
      }
      if (mode === 'update') {
        expect(state, where).not.toBe('none');
        expect(readFileSync(join(home, 'data', ID, 'user-data.txt'), 'utf8'), where).toBe('written by the user');
      }
      outcomes[mode][state]++;

      // 2. The next operations, in new processes that must break the dead holder's lock, succeed.
      if (state !== 'new') {
        const again = runChild(home, mode, mode === 'install' ? packages.v1 : packages.v2);
        expect({ status: again.status, stderr: again.stderr }, where).toEqual({ status: 0, stderr: '' });
      }
      const next = runChild(home, 'install', packages.next);
      expect({ status: next.status, stderr: next.stderr }, where).toEqual({ status: 0, stderr: '' });

      // 3. Final state: both apps complete, nothing left over, no lock held.
      const after = await open(home);
      expect((await after.list()).map((a) => `${a.id}@${a.version}`), where).toEqual([`${ID}@${mode === 'install' ? '1.0.0' : '1.1.0'}`, 'org.example.next@3.0.0']);
      await after.verify(ID);
      await after.verify('org.example.next');
      expect(readdirSync(join(home, 'staging')), where).toEqual([]);
      expect(readdirSync(join(home, 'apps', ID)).length, where).toBe(1);
      expect(existsSync(join(home, 'lock')), where).toBe(false);
      expect(readdirSync(home).filter((n) => n.startsWith('lock')), where).toEqual([]);
      rmSync(home, { recursive: true, force: true });
    }
    console.log(
      `[crash test] ${RUNS} SIGKILL runs (seed 0x${SEED.toString(16)}; install: ${installOps} fs operations, update: ${updateOps}): ` +
        `install -> ${outcomes.install.none} nothing installed, ${outcomes.install.new} new version; ` +
        `update -> ${outcomes.update.old} old version, ${outcomes.update.new} new version; every next install succeeded`,
    );
    expect(outcomes.install.none + outcomes.install.new + outcomes.update.old + outcomes.update.new).toBe(RUNS);
    // The kill points cover both sides of the commit.
    expect(outcomes.update.old).toBeGreaterThan(0);
    expect(outcomes.update.new).toBeGreaterThan(0);
  });
});
