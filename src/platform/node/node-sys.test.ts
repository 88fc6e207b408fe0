import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CapturedOutput } from '../../sys/index.js';
import { NodeClocks } from './node-clock.js';
import { NodeRandom } from './node-random.js';
import { createNodeSys } from './node-sys.js';

describe('createNodeSys', () => {
  it('grants nothing that was not asked for', () => {
    const sys = createNodeSys();
    try {
      expect(sys.env).toEqual([]);
      expect(sys.preopens).toEqual([]);
      expect(sys.args).toEqual(['main.wasm']);
      const buf = new Uint8Array(8);
      expect(sys.stdin.read(buf, false)).toBe(0);
    } finally {
      sys.close();
    }
  });

  it('preopens directories in order and names a bad one clearly', () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-sys-'));
    try {
      const sys = createNodeSys({ dirs: [{ host: a, guest: '/a' }, { host: a, guest: '/b', readonly: true }], env: { X: '1' } });
      expect(sys.preopens.map((p) => (p.kind === 'dir' ? p.guestPath : p.kind))).toEqual(['/a', '/b']);
      expect(sys.env).toEqual([['X', '1']]);
      sys.close();
      const missing = path.join(a, 'missing');
      expect(() => createNodeSys({ dirs: [{ host: missing, guest: '/' }] })).toThrow(`cannot preopen directory '${missing}': ENOENT`);
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
    }
  });

  it('accepts streams, bytes and descriptors for stdio', () => {
    const out = new CapturedOutput();
    const sys = createNodeSys({ stdin: 'abc', stdout: out, stderr: 'null' });
    try {
      const buf = new Uint8Array(8);
      expect(new TextDecoder().decode(buf.subarray(0, sys.stdin.read(buf, false)))).toBe('abc');
      sys.stdout.write(new TextEncoder().encode('hi'), false);
      expect(out.text()).toBe('hi');
      expect(sys.stderr.write(new Uint8Array(3), false)).toBe(3);
    } finally {
      sys.close();
    }
  });
});

describe('NodeClocks and NodeRandom', () => {
  it('reads plausible, monotonic clocks', () => {
    const c = new NodeClocks();
    const wall = BigInt(Date.now()) * 1_000_000n;
    const rt = c.now('realtime');
    expect(rt > wall - 5_000_000_000n && rt < wall + 5_000_000_000n).toBe(true);
    let prev = c.now('monotonic');
    for (let i = 0; i < 1000; i++) {
      const t = c.now('monotonic');
      expect(t >= prev).toBe(true);
      prev = t;
    }
    expect(c.now('process-cputime') > 0n).toBe(true);
    for (const id of ['realtime', 'monotonic', 'process-cputime', 'thread-cputime'] as const) expect(c.resolution(id) > 0n).toBe(true);
  });

  it('fills large buffers with random bytes', () => {
    const buf = new Uint8Array(3 << 20);
    new NodeRandom().fill(buf);
    expect(buf.subarray(buf.length - 1024).some((b) => b !== 0)).toBe(true);
  });
});
