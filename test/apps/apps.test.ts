/**
 * kpio's own C apps (test/apps/src), built with clang-19 + wasi-libc, run on the native engine and
 * the interpreter: args, environment, exit codes, clocks, random, stdin, file I/O in a preopened
 * temp directory, a TCP echo server on a preopened socket, and blocking stdin from real pipes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/sys/index.js';
import { buildApp, hasClang, NO_CLANG } from './build-apps.js';
import { APP_ENGINES, runApp } from './run-app.js';
import { spawnApp } from './spawn-app.js';

const clang = hasClang();
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-app-'));
  temps.push(d);
  return d;
}

function fnv1a(bytes: Uint8Array): string {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

if (!clang) console.warn(NO_CLANG);

describe.skipIf(!clang).each(Object.entries(APP_ENGINES))('C apps on %s', (_engine, instantiate) => {
  it('args: passes argv exactly, including spaces and non-ASCII', () => {
    const r = runApp(buildApp('args'), instantiate, { args: ['args.wasm', 'one', 'two words', 'ünïcødé', ''] });
    expect(r).toEqual({
      code: 0,
      stdout: 'argc=5\nargv[0]=args.wasm\nargv[1]=one\nargv[2]=two words\nargv[3]=ünïcødé\nargv[4]=\n',
      stderr: '',
    });
  });

  it('env: sees exactly the variables given, nothing from the host', () => {
    const r = runApp(buildApp('env'), instantiate, { env: { GREETING: 'hi there', EMPTY: '' } });
    expect(r.stdout).toBe('env: GREETING=hi there\nenv: EMPTY=\ncount=2\nGREETING=hi there\nPATH=(unset)\n');
    expect(r.code).toBe(0);
  });

  it.each([
    [0, 'exit'],
    [3, 'exit'],
    [255, 'exit'],
    [7, 'return'],
  ])('exit code %d via %s', (code, how) => {
    const r = runApp(buildApp('exitcode'), instantiate, { args: ['exitcode', String(code), how] });
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(how === 'exit' ? `exiting with ${code}\n` : '');
  });

  it('random: seeded runs give the seeded bytes; the host CSPRNG differs per draw', () => {
    const seeded = runApp(buildApp('random'), instantiate, { seed: 1234 });
    const want = new Uint8Array(32);
    new SeededRandom(1234).fill(want);
    const hex = [...want].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(seeded.stdout).toBe(`${hex.slice(0, 32)}\n${hex.slice(32)}\n`);
    const real = runApp(buildApp('random'), instantiate).stdout.trim().split('\n');
    expect(real).toHaveLength(2);
    expect(real[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(real[0]).not.toBe(real[1]);
  });

  it('clocks: wall time, monotonic time, sleeping, resolutions, CPU time', () => {
    const r = runApp(buildApp('clocks'), instantiate);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'realtime ok',
      'time() ok',
      'monotonic ok',
      'sleep ok',
      'res monotonic ok',
      'res realtime ok',
      'cputime ok',
    ]);
  });

  it('stdin: reads given bytes to the end', () => {
    const text = 'hello\nwörld\n';
    const r = runApp(buildApp('stdin'), instantiate, { stdin: text });
    const bytes = new TextEncoder().encode(text);
    expect(r.stdout).toBe(`bytes=${bytes.length} lines=2 fnv=${fnv1a(bytes)}\n`);
  });

  it('stdin: reads a large regular file given as the stdin descriptor', () => {
    const dir = tempDir();
    const data = new Uint8Array(300_000).map((_, i) => (i * 31) & 0xff);
    fs.writeFileSync(path.join(dir, 'in.bin'), data);
    const fd = fs.openSync(path.join(dir, 'in.bin'), 'r');
    try {
      const r = runApp(buildApp('stdin'), instantiate, { stdin: { fd } });
      const lines = data.filter((b) => b === 10).length;
      expect(r.stdout).toBe(`bytes=${data.length} lines=${lines} fnv=${fnv1a(data)}\n`);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('file I/O in a preopened temp directory', () => {
    const dir = tempDir();
    const r = runApp(buildApp('fileio'), instantiate, { dirs: [{ host: dir, guest: '/data' }] });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'content:',
        'hello, file',
        '42',
        'appended',
        'size=24 regular=1',
        'at 7: fi',
        'pread: HELLO',
        'sub: b.txt c.txt moved.txt',
        'moved: HELLO, file\n',
        'done',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
    expect(fs.readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('kept by the guest\n');
  });

  it('file I/O is refused in a read-only preopen', () => {
    const dir = tempDir();
    const r = runApp(buildApp('fileio'), instantiate, { dirs: [{ host: dir, guest: '/data', readonly: true }] });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: create hello.txt \(errno \d+: Read-only file system\)/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!clang).each(Object.entries(APP_ENGINES))('sandbox escape suite on %s', (_engine, instantiate) => {
  it('refuses every attempt and changes nothing outside the preopen', () => {
    const top = tempDir();
    const outside = path.join(top, 'outside');
    const jail = path.join(top, 'jail');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET\n');
    fs.mkdirSync(jail);
    fs.writeFileSync(path.join(jail, 'file.txt'), 'inside\n');
    fs.mkdirSync(path.join(jail, 'sub'));
    fs.writeFileSync(path.join(jail, 'sub', 'inner.txt'), 'inner\n');
    fs.symlinkSync('/', path.join(jail, 'to-root'));
    fs.symlinkSync('../outside', path.join(jail, 'out-link'));
    fs.symlinkSync('chain2', path.join(jail, 'chain1'));
    fs.symlinkSync('out-link', path.join(jail, 'chain2'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(jail, 'abs-secret'));
    const before = snapshot(top, 'outside');
    const r = runApp(buildApp('escape'), instantiate, { dirs: [{ host: jail, guest: '/sandbox' }] });
    const lines = r.stdout.split('\n').filter((l) => /: (refused|ESCAPED)/.test(l));
    expect(r.stdout).toContain('control: ok');
    expect(lines.length).toBeGreaterThanOrEqual(30);
    expect(new Set(lines.map((l) => l.split(':')[0])).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('ESCAPED'))).toEqual([]);
    expect(r.stdout).not.toContain('TOP SECRET');
    expect(r.stdout).toContain(`attempts=${lines.length} escaped=0`);
    expect(r.code).toBe(0);
    expect(snapshot(top, 'outside')).toEqual(before);
    expect(fs.readdirSync(top).sort()).toEqual(['jail', 'outside']);
    expect(fs.readFileSync(path.join(jail, 'file.txt'), 'utf8')).toBe('inside\n');
  });
});

/** Names, sizes, contents and mtimes of everything under `root/name`. */
function snapshot(root: string, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const p = path.join(root, rel);
    const st = fs.lstatSync(p);
    out[rel] = st.isDirectory() ? `dir ${st.mtimeMs}` : `${st.size} ${st.mtimeMs} ${fs.readFileSync(p, 'utf8')}`;
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(rel, e));
  };
  walk(name);
  return out;
}

describe.skipIf(!clang).each(['native', 'interp'])('blocking stdin from a real pipe on %s', (engine) => {
  it('poll() times out with nothing written, then wakes for each write, then sees EOF', async () => {
    const app = spawnApp(buildApp('poll-stdin'), [], engine);
    await app.waitFor('first poll: timeout\n');
    app.child.stdin.write('hello\n');
    await app.waitFor('got 6: hello\n');
    app.child.stdin.write('world\n');
    await app.waitFor('got 6: world\n');
    app.child.stdin.end();
    const r = await app.done();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('first poll: timeout\ngot 6: hello\ngot 6: world\neof\n');
    expect(r.code).toBe(0);
  });

  it('read() blocks until a slow writer has sent everything', async () => {
    const app = spawnApp(buildApp('stdin'), [], engine);
    const chunk = new Uint8Array(64 * 1024).map((_, i) => (i % 251) + 1);
    let all = new Uint8Array(0);
    for (let i = 0; i < 8; i++) {
      app.child.stdin.write(chunk);
      const next = new Uint8Array(all.length + chunk.length);
      next.set(all);
      next.set(chunk, all.length);
      all = next;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    app.child.stdin.end();
    const r = await app.done();
    expect(r.stdout).toBe(`bytes=${all.length} lines=${all.filter((b) => b === 10).length} fnv=${fnv1a(all)}\n`);
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!clang).each(Object.entries(APP_ENGINES))('echo server on a preopened socket on %s', (_engine, instantiate) => {
  it('accepts a loopback client, echoes upper-cased data, shuts down', async () => {
    const port = await freePort();
    const client = spawn(
      process.execPath,
      [
        '-e',
        `const net = require('net');
         const tryConnect = () => {
           const s = net.connect(${port}, '127.0.0.1');
           s.on('error', () => setTimeout(tryConnect, 20));
           s.on('connect', () => { s.write('hello, '); setTimeout(() => { s.write('sandboxed world'); s.end(); }, 50); });
           let got = ''; s.on('data', (d) => (got += d)); s.on('end', () => process.stdout.write(got));
         };
         tryConnect();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let echoed = '';
    client.stdout.on('data', (d: Buffer) => (echoed += d.toString()));
    const clientDone = new Promise((resolve) => client.on('close', resolve));
    const r = runApp(buildApp('echo-server'), instantiate, { tcpListen: [`127.0.0.1:${port}`] });
    await clientDone;
    expect(r.stdout).toBe('accepted\nserved 22 bytes, shutdown 0\n');
    expect(echoed).toBe('HELLO, SANDBOXED WORLD');
    expect(r.code).toBe(0);
  });
});

/** A port that was free a moment ago (the listener is opened by the guest's sys context). */
async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as { port: number };
      s.close(() => resolve(a.port));
    });
  });
}
