import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import { ManualClock, ManualWaiter, SeededRandom, type Clocks } from '../../sys/index.js';
import { fromDatetime, toDatetime } from './clocks.js';
import { borrow, hostFunc } from './test-kit.js';
import { createWasiP2 } from './wasi-p2.js';

describe('wasi:clocks', () => {
  it.each([
    [0n, { seconds: 0n, nanoseconds: 0 }],
    [1_500_000_000n, { seconds: 1n, nanoseconds: 500_000_000 }],
    [946_684_800_000_000_001n, { seconds: 946_684_800n, nanoseconds: 1 }],
  ])('datetime of %s ns', (ns, dt) => {
    expect(toDatetime(ns)).toEqual(dt);
    expect(fromDatetime(dt)).toBe(ns);
  });

  it('reads the instance clocks', () => {
    const clock = new ManualClock(1_700_000_000_123_456_789n, 42n);
    const host = createWasiP2({ clocks: clock, waiter: new ManualWaiter(clock) });
    expect(hostFunc(host, 'wasi:clocks/wall-clock', 'now')()).toEqual({ seconds: 1_700_000_000n, nanoseconds: 123_456_789 });
    expect(hostFunc(host, 'wasi:clocks/wall-clock', 'resolution')()).toEqual({ seconds: 0n, nanoseconds: 1 });
    expect(hostFunc(host, 'wasi:clocks/monotonic-clock', 'now')()).toBe(42n);
    expect(hostFunc(host, 'wasi:clocks/monotonic-clock', 'resolution')()).toBe(1n);
    const p = hostFunc(host, 'wasi:clocks/monotonic-clock', 'subscribe-duration')(8n);
    const ready = hostFunc(host, 'wasi:io/poll', '[method]pollable.ready');
    expect(ready(borrow(p))).toBe(false);
    clock.advance(7n);
    expect(ready(borrow(p))).toBe(false);
    clock.advance(1n);
    expect(ready(borrow(p))).toBe(true);
    // An instant in the past is ready at once; a huge duration saturates instead of wrapping.
    expect(ready(borrow(hostFunc(host, 'wasi:clocks/monotonic-clock', 'subscribe-instant')(0n)))).toBe(true);
    expect(ready(borrow(hostFunc(host, 'wasi:clocks/monotonic-clock', 'subscribe-duration')((1n << 64n) - 1n)))).toBe(false);
  });

  it('traps when a clock value does not fit a u64', () => {
    const before1970: Clocks = { now: () => -1n, resolution: () => 1n };
    const host = createWasiP2({ clocks: before1970 });
    expect(() => hostFunc(host, 'wasi:clocks/wall-clock', 'now')()).toThrow(Trap);
    expect(() => hostFunc(host, 'wasi:clocks/monotonic-clock', 'now')()).toThrow(/does not fit a u64/);
  });
});

describe('wasi:random', () => {
  it('gives the requested number of bytes from the configured sources', () => {
    const host = createWasiP2({ random: new SeededRandom(7), insecureRandom: new SeededRandom(8) });
    const secure = new Uint8Array(16);
    new SeededRandom(7).fill(secure);
    expect(hostFunc(host, 'wasi:random/random', 'get-random-bytes')(16n)).toEqual(secure);
    expect(hostFunc(host, 'wasi:random/random', 'get-random-bytes')(0n)).toEqual(new Uint8Array(0));
    const insecure = new Uint8Array(8);
    new SeededRandom(8).fill(insecure);
    expect(hostFunc(host, 'wasi:random/insecure', 'get-insecure-random-u64')()).toBe(new DataView(insecure.buffer).getBigUint64(0, true));
    expect(hostFunc(host, 'wasi:random/insecure', 'get-insecure-random-bytes')(5n)).toHaveLength(5);
    expect(typeof hostFunc(host, 'wasi:random/random', 'get-random-u64')()).toBe('bigint');
  });

  it('answers the same insecure seed on every call of one instance', () => {
    const host = createWasiP2({ random: new SeededRandom(1) });
    const seed = hostFunc(host, 'wasi:random/insecure-seed', 'insecure-seed');
    const a = seed();
    expect(a).toHaveLength(2);
    expect(seed()).toEqual(a);
    expect(a[0]).not.toBe(a[1]);
  });

  it('traps on a length no list can hold, before allocating', () => {
    const host = createWasiP2({ random: new SeededRandom(1) });
    expect(() => hostFunc(host, 'wasi:random/random', 'get-random-bytes')(1n << 40n)).toThrow(/more than a list can hold/);
    expect(() => hostFunc(host, 'wasi:random/insecure', 'get-insecure-random-bytes')(1n << 63n)).toThrow(Trap);
  });
});
