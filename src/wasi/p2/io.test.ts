import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import type { ResourceRef } from '../../component/abi/index.js';
import {
  ALWAYS_READY,
  BufferedInput,
  CapturedOutput,
  Errno,
  ManualClock,
  ManualWaiter,
  sysError,
  type FileStat,
  type InputStream,
  type OutputStream,
  type Pollable,
} from '../../sys/index.js';
import { createWasiP2 } from './wasi-p2.js';
import { borrow, hostFunc, okVal } from './test-kit.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function setup(stdin = '') {
  const clock = new ManualClock();
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const host = createWasiP2({ stdin: new BufferedInput(stdin), stdout, stderr, clocks: clock, waiter: new ManualWaiter(clock) });
  const f = (iface: string, func: string) => hostFunc(host, iface, func);
  const s = (func: string) => f('wasi:io/streams', func);
  return { host, clock, stdout, stderr, f, s };
}

/** An output stream whose writes fail with a chosen error. */
class FailingOutput implements OutputStream {
  readonly kind = 'output' as const;
  readonly fileType = 'unknown' as const;
  readonly isTerminal = false;
  constructor(private readonly errno: Errno) {}
  write(): number {
    throw sysError(this.errno, 'injected failure');
  }
  writeReady(): Pollable {
    return ALWAYS_READY;
  }
  stat(): FileStat {
    return { dev: 0n, ino: 0n, type: 'unknown', nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }
  close(): void {}
}

/** An input stream that never has data (and nothing can wake a waiter for it). */
class StuckInput implements InputStream {
  readonly kind = 'input' as const;
  readonly fileType = 'unknown' as const;
  readonly isTerminal = false;
  read(): number {
    throw sysError(Errno.AGAIN);
  }
  readReady(): Pollable {
    return { ready: () => false };
  }
  stat(): FileStat {
    return new BufferedInput('').stat();
  }
  close(): void {}
}

describe('wasi:io/streams output', () => {
  it('writes within the permit of check-write and traps beyond it', () => {
    const { f, s, stdout } = setup();
    const out: ResourceRef = f('wasi:cli/stdout', 'get-stdout')();
    const permit = okVal<bigint>(s('[method]output-stream.check-write')(borrow(out)));
    expect(permit > 4096n).toBe(true);
    expect(s('[method]output-stream.write')(borrow(out), enc('hello '))).toEqual({ tag: 'ok' });
    expect(s('[method]output-stream.write-zeroes')(borrow(out), 2n)).toEqual({ tag: 'ok' });
    expect(s('[method]output-stream.flush')(borrow(out))).toEqual({ tag: 'ok' });
    expect(s('[method]output-stream.blocking-flush')(borrow(out))).toEqual({ tag: 'ok' });
    expect(Array.from(stdout.bytes())).toEqual([...enc('hello '), 0, 0]);
    // The permit is used up by what was written: one byte more than is left traps.
    const left = Number(permit) - 8;
    expect(() => s('[method]output-stream.write')(borrow(out), new Uint8Array(left + 1))).toThrow(Trap);
  });

  it('traps on a write without a permit, and on blocking writes over 4096 bytes', () => {
    const { f, s } = setup();
    const out = f('wasi:cli/stdout', 'get-stdout')();
    expect(() => s('[method]output-stream.write')(borrow(out), enc('x'))).toThrow(/permitted by check-write/);
    expect(s('[method]output-stream.write')(borrow(out), new Uint8Array(0))).toEqual({ tag: 'ok' });
    expect(() => s('[method]output-stream.blocking-write-and-flush')(borrow(out), new Uint8Array(4097))).toThrow(/4096/);
    expect(() => s('[method]output-stream.blocking-write-zeroes-and-flush')(borrow(out), 4097n)).toThrow(/4096/);
    expect(s('[method]output-stream.blocking-write-and-flush')(borrow(out), new Uint8Array(4096))).toEqual({ tag: 'ok' });
    expect(s('[method]output-stream.blocking-write-zeroes-and-flush')(borrow(out), 4096n)).toEqual({ tag: 'ok' });
  });

  it('reports a failed write with an error resource, then closed', () => {
    const host = createWasiP2({ stdout: new FailingOutput(Errno.IO) });
    const s = (func: string) => hostFunc(host, 'wasi:io/streams', func);
    const out = hostFunc(host, 'wasi:cli/stdout', 'get-stdout')();
    const r = s('[method]output-stream.blocking-write-and-flush')(borrow(out), enc('x'));
    expect(r.tag).toBe('err');
    expect(r.val.tag).toBe('last-operation-failed');
    const err: ResourceRef = r.val.val;
    expect(hostFunc(host, 'wasi:io/error', '[method]error.to-debug-string')(borrow(err))).toMatch(/EIO/);
    expect(hostFunc(host, 'wasi:filesystem/types', 'filesystem-error-code')(borrow(err))).toEqual({ tag: 'some', val: 'io' });
    expect(s('[method]output-stream.check-write')(borrow(out))).toEqual({ tag: 'err', val: { tag: 'closed' } });
    expect(s('[method]output-stream.flush')(borrow(out))).toEqual({ tag: 'err', val: { tag: 'closed' } });
    // The subscription of a closed stream is ready at once.
    const p = s('[method]output-stream.subscribe')(borrow(out));
    expect(hostFunc(host, 'wasi:io/poll', '[method]pollable.ready')(borrow(p))).toBe(true);
  });

  it('treats a broken pipe as the stream closing', () => {
    const host = createWasiP2({ stderr: new FailingOutput(Errno.PIPE) });
    const out = hostFunc(host, 'wasi:cli/stderr', 'get-stderr')();
    const r = hostFunc(host, 'wasi:io/streams', '[method]output-stream.blocking-write-and-flush')(borrow(out), enc('x'));
    expect(r).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });
});

describe('wasi:io/streams input', () => {
  it.each([
    ['read', 3n, 'abc'],
    ['blocking-read', 100n, 'abcdef'],
    ['read', 0n, ''],
  ])('%s(%s) returns the available bytes', (method, len, want) => {
    const { f, s } = setup('abcdef');
    const inp = f('wasi:cli/stdin', 'get-stdin')();
    expect(dec(okVal(s(`[method]input-stream.${method}`)(borrow(inp), len)))).toBe(want);
  });

  it('reads to the end, then reports closed; skip counts bytes', () => {
    const { f, s } = setup('0123456789');
    const inp = f('wasi:cli/stdin', 'get-stdin')();
    expect(okVal(s('[method]input-stream.skip')(borrow(inp), 4n))).toBe(4n);
    expect(okVal(s('[method]input-stream.blocking-skip')(borrow(inp), 2n))).toBe(2n);
    expect(dec(okVal(s('[method]input-stream.read')(borrow(inp), 1n << 40n)))).toBe('6789');
    expect(s('[method]input-stream.read')(borrow(inp), 10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
    expect(s('[method]input-stream.skip')(borrow(inp), 10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
    expect(s('[method]input-stream.read')(borrow(inp), 0n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });

  it('splices from stdin to stdout, bounded by len', () => {
    const { f, s, stdout } = setup('spliced data');
    const inp = f('wasi:cli/stdin', 'get-stdin')();
    const out = f('wasi:cli/stdout', 'get-stdout')();
    expect(okVal(s('[method]output-stream.splice')(borrow(out), borrow(inp), 7n))).toBe(7n);
    expect(okVal(s('[method]output-stream.blocking-splice')(borrow(out), borrow(inp), 100n))).toBe(5n);
    expect(s('[method]output-stream.splice')(borrow(out), borrow(inp), 100n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
    expect(stdout.text()).toBe('spliced data');
  });
});

describe('wasi:io/poll', () => {
  it('waits in virtual time for the nearest deadline and reports every ready pollable', () => {
    const { f, clock } = setup();
    const sub = f('wasi:clocks/monotonic-clock', 'subscribe-duration');
    const at = f('wasi:clocks/monotonic-clock', 'subscribe-instant');
    const poll = f('wasi:io/poll', 'poll');
    const late = sub(5_000n);
    const soon = sub(1_000n);
    const alsoSoon = at(1_000n);
    expect(poll([borrow(late), borrow(soon), borrow(alsoSoon)])).toEqual([1, 2]);
    expect(clock.now('monotonic')).toBe(1_000n);
    f('wasi:io/poll', '[method]pollable.block')(borrow(late));
    expect(clock.now('monotonic')).toBe(5_000n);
    expect(f('wasi:io/poll', '[method]pollable.ready')(borrow(late))).toBe(true);
  });

  it('returns at once for ready stream pollables, in list order', () => {
    const { f } = setup('x');
    const inp = f('wasi:cli/stdin', 'get-stdin')();
    const out = f('wasi:cli/stdout', 'get-stdout')();
    const pi = f('wasi:io/streams', '[method]input-stream.subscribe')(borrow(inp));
    const po = f('wasi:io/streams', '[method]output-stream.subscribe')(borrow(out));
    const never = f('wasi:clocks/monotonic-clock', 'subscribe-duration')(1n << 62n);
    expect(f('wasi:io/poll', 'poll')([borrow(never), borrow(po), borrow(pi)])).toEqual([1, 2]);
  });

  it('traps on an empty list and on waiting for what can never happen', () => {
    const { f } = setup();
    expect(() => f('wasi:io/poll', 'poll')([])).toThrow(/empty/);
    const host = createWasiP2({ stdin: new StuckInput(), waiter: new ManualWaiter(new ManualClock()) });
    const inp = hostFunc(host, 'wasi:cli/stdin', 'get-stdin')();
    const p = hostFunc(host, 'wasi:io/streams', '[method]input-stream.subscribe')(borrow(inp));
    expect(() => hostFunc(host, 'wasi:io/poll', 'poll')([borrow(p)])).toThrow(/waiting forever/);
  });

  it('refuses a resource of another kind with a trap', () => {
    const { f } = setup();
    const out = f('wasi:cli/stdout', 'get-stdout')();
    expect(() => f('wasi:io/poll', '[method]pollable.ready')(borrow(out))).toThrow(/not refer to a live pollable/);
  });
});
