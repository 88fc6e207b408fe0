/**
 * The three sample apps, exercised through the installed path: pack (by the build), install into a
 * temporary KPIO_HOME, run by id, update, uninstall.
 */

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packApp } from '../../src/package/pack.js';
import { inspectEntry } from '../../src/launch/inspect-entry.js';
import { REPO_ROOT } from '../support/corpus.js';
import { kpio, tempDir } from '../support/cli.js';

const pkgPath = (name: string) => path.join(REPO_ROOT, 'examples', name, `${name}.kpioapp`);
const built = (name: string) => {
  const ok = fs.existsSync(pkgPath(name));
  if (!ok) console.warn(`[examples] ${pkgPath(name)} was not built (its toolchain is missing): skipping its tests`);
  return ok;
};

let home: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeEach(() => {
  home = tempDir('kpio-home-');
  env = { KPIO_HOME: home.dir };
});
afterEach(() => home.cleanup());

describe('hello-world', () => {
  it('runs from the package file (the README quickstart)', async () => {
    const r = await kpio(['run', pkgPath('hello-world')], { env });
    expect(r).toMatchObject({ code: 0, stdout: 'Hello, KPIO!\n' });
  });

  it.each(['native', 'interp'])('installs and runs by id on %s', async (engine) => {
    expect((await kpio(['install', pkgPath('hello-world')], { env })).code).toBe(0);
    const r = await kpio(['run', 'dev.kpio.examples.hello-world', '--engine', engine], { env });
    expect(r).toMatchObject({ code: 0, stdout: 'Hello, KPIO!\n' });
    const list = await kpio(['list'], { env });
    expect(list.stdout).toMatch(/dev\.kpio\.examples\.hello-world\s+1\.0\.0/);
  });
});

describe.skipIf(!built('calculator'))('calculator', () => {
  it.each(['native', 'interp'])('evaluates lines and reports bad input on %s', async (engine) => {
    await kpio(['install', pkgPath('calculator')], { env });
    const input = ['1 + 2 * 3', '(4 - 10) / 3', '-(2 * -21)', '7 % 4', '', '# a comment', '5 / 0', '2 * (3', '9223372036854775807 + 1', 'abc', '10 - 3 - 2'].join('\n');
    const r = await kpio(['run', 'dev.kpio.examples.calculator', '--engine', engine], { env, stdin: input + '\n' });
    expect(r.stdout).toBe(['7', '-2', '42', '3', '5'].join('\n') + '\n');
    expect(r.stderr).toBe(
      [
        'error: line 7, column 3: division by zero',
        "error: line 8, column 7: expected ')'",
        'error: line 9, column 21: overflow',
        "error: line 10, column 1: unexpected character 'a'",
      ].join('\n') + '\n',
    );
    expect(r.code).toBe(1);
  });

  it('exits 0 when every line is fine', async () => {
    const r = await kpio(['run', pkgPath('calculator')], { env, stdin: '6*7\n' });
    expect(r).toMatchObject({ code: 0, stdout: '42\n' });
  });
});

describe.skipIf(!built('counter'))('counter', () => {
  const id = 'dev.kpio.examples.counter';
  const run = (...args: string[]) => kpio(['run', id, '--', ...args], { env });

  it('persists the count across runs and across an update, and loses it only on --purge', async () => {
    expect((await kpio(['install', pkgPath('counter')], { env })).code).toBe(0);
    expect((await run('show')).stdout).toBe('0\n');
    expect((await run('increment')).stdout).toBe('1\n');
    expect((await run('increment', '41')).stdout).toBe('42\n');
    expect((await run('decrement')).stdout).toBe('41\n');

    // Version 1.1.0 of the same app, packed from the built entry with a bumped manifest.
    const appDir = path.join(REPO_ROOT, 'examples/counter/build/app');
    const manifest = fs.readFileSync(path.join(appDir, '../../manifest.toml'), 'utf8').replace(/^version = ".*"$/m, 'version = "1.1.0"');
    const { bytes } = packApp(
      [
        ['manifest.toml', new TextEncoder().encode(manifest)],
        ['counter.wasm', new Uint8Array(fs.readFileSync(path.join(appDir, 'counter.wasm')))],
      ],
      { inspectEntry },
    );
    const v11 = path.join(home.dir, 'counter-1.1.0.kpioapp');
    fs.writeFileSync(v11, bytes);
    const up = await kpio(['update', v11], { env });
    expect(up.stdout).toMatch(/updated dev\.kpio\.examples\.counter from 1\.0\.0 to 1\.1\.0/);
    expect((await kpio(['list'], { env })).stdout).toMatch(/1\.1\.0/);
    expect((await run('show')).stdout).toBe('41\n');

    // A downgrade is refused and changes nothing.
    const down = await kpio(['update', pkgPath('counter')], { env });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/is older than the installed 1\.1\.0/);
    expect((await run('increment')).stdout).toBe('42\n');

    // Uninstall keeps the data; reinstalling finds it; --purge removes it.
    await kpio(['uninstall', id], { env });
    await kpio(['install', pkgPath('counter')], { env });
    expect((await run('show')).stdout).toBe('42\n');
    await kpio(['uninstall', id, '--purge'], { env });
    await kpio(['install', pkgPath('counter')], { env });
    expect((await run('show')).stdout).toBe('0\n');
  });

  it('reports bad commands with exit code 2', async () => {
    await kpio(['install', pkgPath('counter')], { env });
    const r = await run('bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "bogus"/);
  });

  it('cannot see outside its data directory', async () => {
    await kpio(['install', pkgPath('counter')], { env });
    const info = await kpio(['info', id], { env });
    expect(info.stdout).toMatch(/data dir:/);
    const r = await kpio(['run', id, '--dir', '/tmp'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/use --grant/);
  });
});
