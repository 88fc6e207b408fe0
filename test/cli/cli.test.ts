/** The command line, run in-process: exit codes, output formats and error messages. */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpio, tempDir } from '../support/cli.js';
import { corpusPath } from '../support/corpus.js';
import { parseComponentText } from '../../src/component/text/index.js';

const fixture = (f: string) => path.join(import.meta.dirname, 'fixtures', f);
const math = fixture('math.wat');

describe('kpio', () => {
  it('prints usage and exits 0 for --help, 2 with no command, 2 for an unknown command', async () => {
    expect((await kpio(['--help'])).stdout).toMatch(/Usage: kpio <command>/);
    expect((await kpio([])).code).toBe(2);
    const bad = await kpio(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('shows command help', async () => {
    const r = await kpio(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--invoke NAME/);
  });
});

describe('kpio run --invoke', () => {
  it.each(['native', 'interp'])('prints each result on its own line on %s', async (engine) => {
    const e = ['--engine', engine];
    expect((await kpio(['run', math, '--invoke', 'add', '2', '40', ...e])).stdout).toBe('42\n');
    expect((await kpio(['run', math, '--invoke', 'add', '0xffffffff', '1', ...e])).stdout).toBe('0\n');
    expect((await kpio(['run', math, '--invoke', 'mul64', '4294967296', '-3', ...e])).stdout).toBe('-12884901888\n');
    expect((await kpio(['run', math, '--invoke', 'div', '1', '3', ...e])).stdout).toBe('0.3333333333333333\n');
    expect((await kpio(['run', math, '--invoke', 'div', '-1', '0', ...e])).stdout).toBe('-inf\n');
    expect((await kpio(['run', math, '--invoke', 'third', ...e])).stdout).toBe('0.33333334\n');
    expect((await kpio(['run', math, '--invoke', 'pair', ...e])).stdout).toBe('-1\n9007199254740993\n');
    expect((await kpio(['run', math, '--invoke', 'nan', ...e])).stdout).toBe('nan:0x200001\n');
  });

  it.each([
    [['--invoke', 'add', '1'], /takes 2 argument\(s\) \(i32 i32\), got 1/],
    [['--invoke', 'add', '1', 'x'], /invalid i32 argument "x"/],
    [['--invoke', 'add', '1', '4294967296'], /out of range for i32/],
    [['--invoke', 'nope'], /no exported function "nope" \(exported functions: add, mul64/],
    [['--engine', 'turbo', '--invoke', 'add', '1', '2'], /--engine must be one of interp, jit, native/],
    [['--fuel', '-5', '--invoke', 'add', '1', '2'], /--fuel must be a non-negative integer/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('rejects bad arguments %j with exit code 2', async (args, message) => {
    const r = await kpio(['run', math, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('reports a missing file and a malformed module clearly', async () => {
    const missing = await kpio(['run', 'no-such.wasm', '--invoke', 'f']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/no such file: no-such.wasm/);
    const t = tempDir();
    try {
      const bad = path.join(t.dir, 'bad.wasm');
      fs.writeFileSync(bad, Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0x01, 0x60]));
      const r = await kpio(['run', bad, '--invoke', 'f']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/invalid module: length out of bounds \(at byte offset 0x9\)/);
      // A component whose core module has an invalid body: the same message on every engine,
      // naming the component and the core module.
      const badComponent = path.join(t.dir, 'bad.component.wasm');
      fs.writeFileSync(badComponent, parseComponentText('(component (core module $m (func (result i32) i32.add)) (core instance (instantiate $m)))'));
      for (const engine of ['native', 'interp', 'jit']) {
        const c = await kpio(['run', badComponent, '--engine', engine]);
        expect(c.code).toBe(1);
        expect(c.stderr).toMatch(/^error: invalid component: invalid core module: type mismatch: instruction requires i32 but stack is empty \(at byte offset 0x[0-9a-f]+\)\n$/);
      }
      const badWat = path.join(t.dir, 'bad.wat');
      fs.writeFileSync(badWat, '(module (func (i32.addd)))');
      const w = await kpio(['run', badWat, '--invoke', 'f']);
      expect(w.code).toBe(1);
      expect(w.stderr).toMatch(/bad\.wat:1:\d+: unknown operator/);
    } finally {
      t.cleanup();
    }
  });

  it.each(['native', 'interp'])('prints a trap with a wasm backtrace and exits 134 on %s', async (engine) => {
    const r = await kpio(['run', math, '--invoke', 'crash', '0', '--engine', engine]);
    expect(r.code).toBe(134);
    expect(r.stderr).toMatch(/error: wasm trap: integer divide by zero\nwasm backtrace:\n\s+0: \S*inner/);
  });

  it('traps "all fuel consumed" when the fuel runs out', async () => {
    const r = await kpio(['run', math, '--invoke', 'spin', '--engine', 'interp', '--fuel', '10000']);
    expect(r.code).toBe(134);
    expect(r.stderr).toMatch(/all fuel consumed/);
  });

  it('traps "call stack exhausted" on runaway recursion instead of crashing', async () => {
    for (const engine of ['interp', 'native']) {
      const r = await kpio(['run', math, '--invoke', 'down', '100000000', '--engine', engine]);
      expect(r.code).toBe(134);
      expect(r.stderr).toMatch(/call stack exhausted/);
    }
  });

  it('refuses fuel on the native engine', async () => {
    const r = await kpio(['run', math, '--invoke', 'add', '1', '2', '--engine', 'native', '--fuel', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/native engine cannot meter fuel/);
  });
});

describe('kpio run (WASI command)', () => {
  it.each(['native', 'interp'])('passes arguments and the exit code on %s', async (engine) => {
    const r = await kpio(['run', fixture('greet.wat'), '--engine', engine, '--', 'hello', '-x', 'world']);
    expect(r.stdout).toBe('hello\n-x\nworld\n');
    expect(r.code).toBe(3);
  });

  it('refuses a reactor without --invoke and a command with unknown imports', async () => {
    const r = await kpio(['run', math]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no "_start" export/);
  });
});

describe.skipIf(!corpusPath('components/cli'))('kpio run (component)', () => {
  const cli = corpusPath('components/cli')!;
  it.each(['native', 'interp'])('runs hello_stdout on %s', async (engine) => {
    const r = await kpio(['run', path.join(cli, 'hello_stdout.component.wasm'), '--engine', engine]);
    expect(r).toMatchObject({ code: 0, stdout: 'writing to stdout: hello, world\n', stderr: 'writing to stderr: hello, world\n' });
  });

  it('lists the imports and exports of a component', async () => {
    const r = await kpio(['inspect', path.join(cli, 'hello_stdout.component.wasm')]);
    expect(r.stdout).toMatch(/^component/);
    expect(r.stdout).toMatch(/exports \(1\):\n {2}wasi:cli\/run@0\.2\.\d+: interface \(1 function/);
  });

  it('prints the world of a component as WIT', async () => {
    const r = await kpio(['wit', path.join(cli, 'hello_stdout.component.wasm')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/world root \{/);
    expect(r.stdout).toMatch(/export wasi:cli\/run@0\.2\.\d+;/);
  });
});

describe('kpio inspect', () => {
  it('lists the imports and exports of a core module with their types', async () => {
    const r = await kpio(['inspect', fixture('greet.wat')]);
    expect(r.stdout).toMatch(/"wasi_snapshot_preview1" "fd_write": func \(param i32 i32 i32 i32\) \(result i32\)/);
    expect(r.stdout).toMatch(/"memory": memory 1/);
    expect(r.stdout).toMatch(/"_start": func \(func\)/);
  });
});

describe('kpio wast', () => {
  it('counts passes and failures and exits 1 on a failure', async () => {
    const t = tempDir();
    try {
      const ok = path.join(t.dir, 'ok.wast');
      fs.writeFileSync(
        ok,
        `(module (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
         (assert_return (invoke "f" (i32.const 21)) (i32.const 42))
         (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
         (assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
         (assert_malformed (module quote "(func (i32.const))") "unexpected token")`,
      );
      const good = await kpio(['wast', ok, '--engine', 'interp']);
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/5 passed, 0 failed, 0 skipped\n$/);
      const bad = path.join(t.dir, 'bad.wast');
      fs.writeFileSync(bad, `(module (func (export "f") (result i32) (i32.const 1)))\n(assert_return (invoke "f") (i32.const 2))`);
      const r = await kpio(['wast', bad]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/bad\.wast:2: assert_return: result 0: expected i32:2, got i32:1/);
      expect(r.stdout).toMatch(/1 passed, 1 failed, 0 skipped\n$/);
    } finally {
      t.cleanup();
    }
  });
});
