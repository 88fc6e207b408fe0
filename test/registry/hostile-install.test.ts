// The malformed-package suite, installing side: each hostile archive given to `install` (and to
// `update` over an installed app) on real files is refused with its specific message, and no
// file is written anywhere: not in the home, not even in the staging area.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackageError } from '../../src/package/index.js';
import { openNodeRegistry } from '../../src/platform/node/registry-home.js';
import { packTestApp } from '../package/app-fixtures.js';
import { HOSTILE_ARCHIVES } from '../package/hostile-archives.js';
import { inspectEntryForTests } from '../package/wasm-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'kpio-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every path under `dir` with its size (directories end in "/"). */
function tree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) out.push(`${prefix}${name}/`, ...tree(abs, `${prefix}${name}/`));
    else out.push(`${prefix}${name} ${statSync(abs).size}`);
  }
  return out;
}

describe('installing hostile archives writes nothing', () => {
  it.each(HOSTILE_ARCHIVES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const home = join(root, `fresh-${i}`);
    mkdirSync(home);
    const registry = await openNodeRegistry({
      home,
      runtimeVersion: '0.1.0',
      inspectEntry: inspectEntryForTests,
      trustedKeys: [],
      limits: c.limits,
      signaturePolicy: c.options?.signaturePolicy,
    });
    const e = await registry.install(c.bytes(), { source: 'evil.kpioapp' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PackageError);
    expect((e as PackageError).code).toBe(c.code);
    expect((e as PackageError).message).toContain(c.message);
    expect(tree(home)).toEqual([]);
  });

  it.each(HOSTILE_ARCHIVES.map((c, i) => [c.name, c, i] as const))('as an update: %s', async (_name, c, i) => {
    const home = join(root, `installed-${i}`);
    mkdirSync(home);
    const registry = await openNodeRegistry({ home, runtimeVersion: '0.1.0', inspectEntry: inspectEntryForTests, trustedKeys: [], limits: c.limits });
    await registry.install(packTestApp().bytes);
    const before = tree(home);
    const strict = await openNodeRegistry({ home, runtimeVersion: '0.1.0', inspectEntry: inspectEntryForTests, trustedKeys: [], limits: c.limits, signaturePolicy: c.options?.signaturePolicy });
    const e = await strict.update(c.bytes(), { source: 'evil.kpioapp' }).catch((x: unknown) => x);
    expect((e as PackageError).code).toBe(c.code);
    expect(tree(home)).toEqual(before);
    await registry.verify('org.example.hello');
  });
});
