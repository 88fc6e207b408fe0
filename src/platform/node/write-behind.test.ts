import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SysError } from '../../sys/index.js';
import { NodeOutput } from './node-stdio.js';
import { WriteBehind } from './write-behind.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-wb-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'out');
}

const enc = new TextEncoder();

describe('write-behind output', () => {
  it('keeps the order of many small writes across two descriptors of one file', () => {
    const file = tempFile();
    const a = fs.openSync(file, 'a');
    const b = fs.openSync(file, 'a');
    cleanups.push(() => (fs.closeSync(a), fs.closeSync(b)));
    const wb = new WriteBehind();
    expect(wb.startNow(10_000)).toBe(true);
    const outA = new NodeOutput(a, wb);
    const outB = new NodeOutput(b, wb);
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = `${i % 3 === 0 ? 'B' : 'A'}${i}\n`;
      expected.push(line);
      (i % 3 === 0 ? outB : outA).write(enc.encode(line), false);
    }
    // A write larger than the ring's record limit goes direct, after everything queued before it.
    const big = 'x'.repeat(100_000) + '\n';
    outA.write(enc.encode(big), false);
    expected.push(big);
    outB.write(enc.encode('tail\n'), false);
    expected.push('tail\n');
    outA.flush();
    expect(fs.readFileSync(file, 'utf8')).toBe(expected.join(''));
    wb.close();
  });

  it('reports a failed buffered write on a later write or flush', () => {
    const file = tempFile();
    fs.writeFileSync(file, '');
    const ro = fs.openSync(file, 'r');
    cleanups.push(() => fs.closeSync(ro));
    const wb = new WriteBehind();
    expect(wb.startNow(10_000)).toBe(true);
    const out = new NodeOutput(ro, wb);
    let error: unknown;
    try {
      for (let i = 0; i < 5_000; i++) out.write(enc.encode('x'), false);
      out.flush();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SysError);
    expect((error as SysError).errno).toBe('EBADF');
    wb.close();
  });

  it('writes directly after close', () => {
    const file = tempFile();
    const fd = fs.openSync(file, 'w');
    cleanups.push(() => fs.closeSync(fd));
    const wb = new WriteBehind();
    expect(wb.startNow(10_000)).toBe(true);
    const out = new NodeOutput(fd, wb);
    for (let i = 0; i < 1000; i++) out.write(enc.encode('.'), false);
    wb.close();
    out.write(enc.encode('!'), false);
    expect(fs.readFileSync(file, 'utf8')).toBe('.'.repeat(1000) + '!');
  });
});
