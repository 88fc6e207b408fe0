import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SysError, type TcpListener } from '../../sys/index.js';
import { LazyIoWorker } from './blocking-io.js';
import { createNodeSys, type NodeSys } from './node-sys.js';
import { NodeInput } from './node-stdio.js';

const text = (b: Uint8Array, n: number) => new TextDecoder().decode(b.subarray(0, n));

function errnoOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SysError) return e.errno;
    throw e;
  }
  return 'ok';
}

/** Runs a Node script in a child process; resolves with its stdout once it exits. */
function child(script: string): Promise<{ code: number | null; out: string }> {
  const p = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, out })));
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function sysWithListener(): { sys: NodeSys; listener: TcpListener; port: number } {
  const sys = createNodeSys({ tcpListen: ['127.0.0.1:0'] });
  cleanups.push(() => sys.close());
  const p = sys.preopens[0]!;
  if (p.kind !== 'tcp-listener') throw new Error('listener expected');
  return { sys, listener: p.handle, port: Number(sys.listenAddresses[0]!.split(':').pop()) };
}

describe('blocking I/O through the I/O worker (real sockets on loopback)', () => {
  it('accepts, receives, sends and shuts down while blocking the main thread', async () => {
    const { listener, port } = sysWithListener();
    expect(listener.localAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    const done = child(`
      const s = require('net').connect(${port}, '127.0.0.1', () => s.write('ping'));
      let got = '';
      s.on('data', (d) => (got += d));
      s.on('end', () => { process.stdout.write(got); s.end(); });
    `);
    const conn = listener.accept(false);
    const buf = new Uint8Array(64);
    let got = '';
    while (got.length < 4) got += text(buf, conn.recv(buf, false, false));
    expect(got).toBe('ping');
    expect(conn.send(new TextEncoder().encode('pong'), false)).toBe(4);
    conn.shutdown({ read: false, write: true });
    expect(conn.recv(buf, false, false)).toBe(0);
    conn.close();
    const r = await done;
    expect(r.out).toBe('pong');
  });

  it('peeks without consuming and reports EAGAIN when non-blocking', async () => {
    const { listener, port } = sysWithListener();
    expect(errnoOf(() => listener.accept(true))).toBe('EAGAIN');
    expect(listener.acceptReady().ready()).toBe(false);
    const done = child(`
      const s = require('net').connect(${port}, '127.0.0.1', () => s.write('abc'));
      s.on('data', () => {}); s.on('end', () => s.end());
    `);
    const conn = listener.accept(false);
    const buf = new Uint8Array(8);
    // Block until the bytes are there, then peek and read them.
    const sys = createNodeSys();
    cleanups.push(() => sys.close());
    sys.waiter.waitAny([conn.readReady()], undefined);
    expect(conn.readReady().ready()).toBe(true);
    const n = conn.recv(buf, true, false);
    expect(text(buf, n)).toBe('abc'.slice(0, n));
    let all = '';
    while (all.length < 3) all += text(buf, conn.recv(buf, false, false));
    expect(all).toBe('abc');
    expect(errnoOf(() => conn.recv(buf, false, true))).toBe('EAGAIN');
    conn.shutdown({ read: true, write: true });
    conn.close();
    await done;
  });

  it('waitAny returns at the timeout when nothing happens', () => {
    const { sys, listener } = sysWithListener();
    sys.waiter.waitAny([listener.acceptReady()], 20_000_000n);
    expect(listener.acceptReady().ready()).toBe(false);
  });

  it('reports a clear error for an address that cannot be bound', () => {
    const { sys } = sysWithListener();
    const taken = sys.listenAddresses[0]!;
    expect(() => createNodeSys({ tcpListen: [taken] })).toThrow(/cannot listen on '127\.0\.0\.1:\d+': EADDRINUSE/);
    expect(() => createNodeSys({ tcpListen: ['no-port'] })).toThrow(/EINVAL/);
  });
});

describe('blocking reads from a real pipe (FIFO)', () => {
  const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

  it.skipIf(!hasMkfifo)('waits for data written later, then sees end of stream', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-fifo-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const fifo = path.join(dir, 'f');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const fd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    cleanups.push(() => fs.closeSync(fd));
    const worker = new LazyIoWorker();
    cleanups.push(() => worker.close());
    const input = new NodeInput(fd, worker);
    expect(input.fileType).toBe('fifo');
    // Nothing written yet: a timed wait ends without data.
    const sys = createNodeSys();
    cleanups.push(() => sys.close());
    sys.waiter.waitAny([input.readReady()], 20_000_000n);
    const writer = child(`
      setTimeout(() => { require('fs').writeFileSync(${JSON.stringify(fifo)}, 'hello through a pipe'); }, 100);
    `);
    const buf = new Uint8Array(64);
    let got = '';
    for (;;) {
      const n = input.read(buf, false);
      if (n === 0) break;
      got += text(buf, n);
    }
    expect(got).toBe('hello through a pipe');
    input.close();
    await writer;
  });
});
