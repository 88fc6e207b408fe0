/**
 * `wasi:io/poll` really blocks on Node: a pollable on stdin (a FIFO read through the platform's I/O
 * worker) and clock pollables, waited on with the Node waiter. No busy loop: the main thread sleeps
 * in `Atomics.wait` until the worker sees data or the deadline passes.
 */

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/component/abi/index.js';
import { createNodeSys, type NodeSys } from '../../src/platform/node/node-sys.js';
import { createWasiP2 } from '../../src/wasi/p2/index.js';
import { borrow, hostFunc } from '../../src/wasi/p2/test-kit.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const hasMkfifo = spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).status === 0;

/** A FIFO held open for reading and writing by us (so it never reports end of stream by itself). */
function fifo(): { path: string; fd: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-p2-poll-'));
  const p = path.join(dir, 'in.fifo');
  spawnSync('mkfifo', [p]);
  // Note: O_RDWR on a FIFO never blocks on Linux and keeps a writer, so reads wait for data.
  const fd = fs.openSync(p, fs.constants.O_RDWR);
  cleanups.push(() => {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { path: p, fd };
}

function wasiOver(sys: NodeSys) {
  const host = createWasiP2(sys);
  cleanups.push(() => host.close());
  const f = (iface: string, func: string) => hostFunc(host, iface, func);
  return {
    now: (): bigint => f('wasi:clocks/monotonic-clock', 'now')(),
    after: (ns: bigint): ResourceRef => f('wasi:clocks/monotonic-clock', 'subscribe-duration')(ns),
    poll: (ps: ResourceRef[]): number[] => f('wasi:io/poll', 'poll')(ps.map(borrow)),
    stdin: (): ResourceRef => f('wasi:cli/stdin', 'get-stdin')(),
    subscribe: (s: ResourceRef): ResourceRef => f('wasi:io/streams', '[method]input-stream.subscribe')(borrow(s)),
    read: (s: ResourceRef, n: bigint) => f('wasi:io/streams', '[method]input-stream.read')(borrow(s), n),
    blockingRead: (s: ResourceRef, n: bigint) => f('wasi:io/streams', '[method]input-stream.blocking-read')(borrow(s), n),
  };
}

describe('wasi:io/poll on Node blocks for real', () => {
  it('sleeps until a clock pollable is due', () => {
    const sys = createNodeSys({ stdout: 'null', stderr: 'null' });
    cleanups.push(() => sys.close());
    const w = wasiOver(sys);
    const start = w.now();
    const p = w.after(20_000_000n);
    expect(w.poll([p])).toEqual([0]);
    expect(w.now() - start >= 20_000_000n).toBe(true);
  });

  it.skipIf(!hasMkfifo)('waits on stdin and a timeout; wakes for data written by another process', async () => {
    const { path: fifoPath, fd } = fifo();
    const sys = createNodeSys({ stdin: { fd }, stdout: 'null', stderr: 'null' });
    cleanups.push(() => sys.close());
    const w = wasiOver(sys);
    const stdin = w.stdin();
    const ready = w.subscribe(stdin);
    // Nothing written yet: the timeout is what becomes ready, and a non-blocking read finds nothing.
    expect(w.poll([ready, w.after(30_000_000n)])).toEqual([1]);
    expect(w.read(stdin, 10n)).toEqual({ tag: 'ok', val: new Uint8Array(0) });
    // Another process writes later; poll returns for stdin although the other pollable is far away.
    const writer = spawn('sh', ['-c', `sleep 0.2; printf 'hi' > '${fifoPath}'`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    expect(w.poll([ready, w.after(60_000_000_000n)])).toEqual([0]);
    const got = w.blockingRead(stdin, 10n);
    expect(new TextDecoder().decode(got.val)).toBe('hi');
    await exited;
  });
});
