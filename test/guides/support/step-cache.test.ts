import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StepCache, programOf, stepKind } from './step-cache.js';

describe('stepKind', () => {
  it.each([
    ['clang-19 --target=wasm32-wasi -o a.wasm a.c', 'toolchain'],
    ['RUSTC=/usr/bin/rustc /usr/bin/cargo build --release', 'toolchain'],
    ['npx asc assembly/index.ts', 'toolchain'],
    ['kpio pack app -o x.kpioapp', 'kpio'],
    ['kpio install x.kpioapp', 'kpio'],
    ['kpio run app/x.wasm', null],
    ['WC_FORMAT=json kpio run org.example.wc', null],
    ['printf x | kpio run a.wasm', null],
    ['cat data/count', null],
    ['kpio', null],
  ])('%s -> %s', (command, kind) => {
    expect(stepKind(command)).toBe(kind);
  });

  it('skips variable assignments to find the program', () => {
    expect(programOf('A=1 B=2 /usr/bin/cargo build')).toEqual({ program: 'cargo', args: ['build'] });
  });
});

describe('StepCache', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-step-cache-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('restores files, directories, removals and output in another home', async () => {
    const cache = new StepCache(path.join(temp(), 'cache'), 'test');
    const homeA = temp();
    const homeB = temp();
    for (const h of [homeA, homeB]) {
      fs.writeFileSync(path.join(h, 'src.txt'), 'source');
      fs.writeFileSync(path.join(h, 'old.txt'), 'stale');
    }
    let runs = 0;
    const step = (home: string) => async () => {
      runs++;
      fs.mkdirSync(path.join(home, 'out', 'empty'), { recursive: true });
      fs.writeFileSync(path.join(home, 'out', 'result.bin'), 'built from source');
      fs.rmSync(path.join(home, 'old.txt'));
      return { status: 0, output: `built in ${home}/out\n` };
    };
    const first = await cache.run('toolchain', 'make', homeA, homeA, step(homeA));
    const second = await cache.run('toolchain', 'make', homeB, homeB, step(homeB));
    expect(runs).toBe(1);
    expect(first.output).toBe(`built in ${homeA}/out\n`);
    expect(second.output).toBe(`built in ${homeB}/out\n`);
    expect(fs.readFileSync(path.join(homeB, 'out', 'result.bin'), 'utf8')).toBe('built from source');
    expect(fs.statSync(path.join(homeB, 'out', 'empty')).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(homeB, 'old.txt'))).toBe(false);
  });

  it('runs again when an input differs, and does not store a failed toolchain step', async () => {
    const cache = new StepCache(path.join(temp(), 'cache'), 'test');
    const home = temp();
    let runs = 0;
    const step = (status: number) => async () => {
      runs++;
      return { status, output: '' };
    };
    fs.writeFileSync(path.join(home, 'src.txt'), 'one');
    await cache.run('toolchain', 'make', home, home, step(0));
    fs.writeFileSync(path.join(home, 'src.txt'), 'two');
    await cache.run('toolchain', 'make', home, home, step(0));
    expect(runs).toBe(2);
    await cache.run('toolchain', 'fail', home, home, step(1));
    await cache.run('toolchain', 'fail', home, home, step(1));
    expect(runs).toBe(4);
  });

  it('lets a concurrent replay of the same step wait for the first and restore it', async () => {
    const cache = new StepCache(path.join(temp(), 'cache'), 'test');
    const homes = [temp(), temp()];
    let runs = 0;
    const results = await Promise.all(
      homes.map((home) =>
        cache.run('toolchain', 'make', home, home, async () => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 300));
          fs.writeFileSync(path.join(home, 'out.bin'), 'x');
          return { status: 0, output: 'done\n' };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.map((r) => r.output)).toEqual(['done\n', 'done\n']);
    for (const h of homes) expect(fs.readFileSync(path.join(h, 'out.bin'), 'utf8')).toBe('x');
  });
});
