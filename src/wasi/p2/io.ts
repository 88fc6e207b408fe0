/**
 * The `wasi:io` package of WASI 0.2: `error` (a debug string), `poll` (pollables, `poll`, `block`)
 * and `streams` (input and output byte streams with their non-blocking, blocking, skip, zeroes and
 * splice operations).
 *
 * Stream semantics, as the interface defines them:
 * - `read`/`skip` never block: they return what is available now, possibly nothing. Reaching the
 *   end gives `closed`; a failure gives `last-operation-failed` with an `error` resource, and the
 *   stream is closed afterwards.
 * - `check-write` grants a permit; `write`/`write-zeroes` beyond the permit trap. Writes here are
 *   complete when they return, so `flush` has nothing to wait for and `check-write` grants a full
 *   budget again at once.
 * - `blocking-write-and-flush` and `blocking-write-zeroes-and-flush` take at most 4096 bytes (more
 *   traps, as in wasmtime, the reference host).
 * - `splice` is `check-write` + `read` + `write`; `blocking-splice` first waits for both ends.
 */

import type { HostInterface } from '../../component/link/host-interface.js';
import type { ResourceRef } from '../../component/abi/index.js';
import { Trap, TrapCode } from '../../api/errors.js';
import { ALWAYS_READY, Errno, SysError, type Pollable } from '../../sys/index.js';
import { hostFailure, ok, OK_UNIT, type P2Context } from './context.js';
import type { InputStreamState, OutputStreamState, PollTarget } from './host-state.js';
import { targetReady, waitForAny } from './poll-wait.js';
import { MAX_READ_CHUNK } from './stream-sources.js';

/** The version of WASI 0.2 these interfaces implement. */
export const WASI_P2_VERSION = '0.2.12';

/** Bytes `check-write` grants when the destination is ready. */
export const WRITE_BUDGET = 1 << 20;

/** Most bytes the `blocking-*-and-flush` functions accept. */
export const BLOCKING_WRITE_LIMIT = 4096;

/** The `stream-error` result for a closed stream. */
const CLOSED = Object.freeze({ tag: 'err' as const, val: Object.freeze({ tag: 'closed' as const }) });

type StreamResult<T> = { readonly tag: 'ok'; readonly val?: T } | { readonly tag: 'err'; readonly val: { tag: string; val?: ResourceRef } };

/** The poll target standing for a `sys` readiness source (always-ready sources need no waiting). */
export function sysTarget(p: Pollable): PollTarget {
  return p === ALWAYS_READY ? { type: 'ready' } : { type: 'sys', pollable: p };
}

/** Turns a failed stream operation into its `stream-error` and closes the stream. */
function failure(ctx: P2Context, s: InputStreamState | OutputStreamState, e: unknown): StreamResult<never> {
  if (!(e instanceof SysError)) throw hostFailure(e);
  s.closed = true;
  // Note: a broken pipe means the reader went away: the stream is simply closed.
  if (e.errno === Errno.PIPE) return CLOSED;
  return { tag: 'err', val: { tag: 'last-operation-failed', val: ctx.newError(e.errno, e.message) } };
}

/** A u64 length from the guest, bounded to what one read returns. */
function readLength(len: bigint): number {
  return len > BigInt(MAX_READ_CHUNK) ? MAX_READ_CHUNK : Number(len);
}

function readInput(ctx: P2Context, s: InputStreamState, len: bigint, blocking: boolean): StreamResult<Uint8Array> {
  if (s.closed) return CLOSED;
  try {
    const r = s.source.read(readLength(len), blocking);
    if (r === 'end') {
      s.closed = true;
      return CLOSED;
    }
    return ok(r);
  } catch (e) {
    return failure(ctx, s, e);
  }
}

function skipInput(ctx: P2Context, s: InputStreamState, len: bigint, blocking: boolean): StreamResult<bigint> {
  const r = readInput(ctx, s, len, blocking);
  if (r.tag === 'err') return r;
  return ok(BigInt(r.val?.length ?? 0));
}

function writeOutput(ctx: P2Context, s: OutputStreamState, bytes: Uint8Array): StreamResult<never> {
  try {
    s.sink.write(bytes);
    return OK_UNIT;
  } catch (e) {
    return failure(ctx, s, e);
  }
}

/** Takes `n` bytes from the permit of the last `check-write`; writing beyond it traps. */
function spendPermit(s: OutputStreamState, n: number | bigint): void {
  if (BigInt(n) > BigInt(s.permit)) {
    throw new Trap(TrapCode.HostError, `wasi:io/streams: write of ${n} bytes exceeds the ${s.permit} bytes permitted by check-write`);
  }
  s.permit -= Number(n);
}

function checkBlockingLimit(n: number | bigint, what: string): void {
  if (BigInt(n) > BigInt(BLOCKING_WRITE_LIMIT)) {
    throw new Trap(TrapCode.HostError, `wasi:io/streams: ${what} of ${n} bytes exceeds its limit of ${BLOCKING_WRITE_LIMIT}`);
  }
}

/** Blocks until the output stream may be written. */
function awaitWritable(ctx: P2Context, s: OutputStreamState): void {
  waitForAny([sysTarget(s.sink.readiness())], ctx.sys.clocks, ctx.sys.waiter);
}

function splice(ctx: P2Context, out: OutputStreamState, inp: InputStreamState, len: bigint, blocking: boolean): StreamResult<bigint> {
  if (out.closed) return CLOSED;
  if (blocking) awaitWritable(ctx, out);
  const budget = out.sink.readiness().ready() ? WRITE_BUDGET : 0;
  const n = len < BigInt(budget) ? Number(len) : budget;
  if (n === 0) return inp.closed ? CLOSED : ok(0n);
  const r = readInput(ctx, inp, BigInt(n), blocking);
  if (r.tag === 'err') return r;
  const data = r.val ?? new Uint8Array(0);
  if (data.length > 0) {
    const w = writeOutput(ctx, out, data);
    if (w.tag === 'err') return w;
  }
  return ok(BigInt(data.length));
}

/** `wasi:io/error`. */
export function ioErrorInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:io/error',
    version: WASI_P2_VERSION,
    resources: { error: ctx.types.error },
    funcs: {
      /** A human-readable description of the error (never to be parsed). */
      '[method]error.to-debug-string': (self: ResourceRef): string => ctx.state(self, 'error').message,
    },
  };
}

/** `wasi:io/poll`. */
export function ioPollInterface(ctx: P2Context): HostInterface {
  const { clocks, waiter } = ctx.sys;
  return {
    name: 'wasi:io/poll',
    version: WASI_P2_VERSION,
    resources: { pollable: ctx.types.pollable },
    funcs: {
      /** True when the pollable is ready; never blocks. */
      '[method]pollable.ready': (self: ResourceRef): boolean =>
        ctx.guard('pollable.ready', () => targetReady(ctx.state(self, 'pollable').target, clocks.now('monotonic'))),
      /** Returns once the pollable is ready, blocking until then. */
      '[method]pollable.block': (self: ResourceRef): void => {
        const target = ctx.state(self, 'pollable').target;
        ctx.guard('pollable.block', () => waitForAny([target], clocks, waiter));
      },
      /** Blocks until at least one pollable is ready; returns the indices of the ready ones. Traps on an empty list. */
      poll: (list: readonly ResourceRef[]): number[] => {
        if (list.length === 0) throw new Trap(TrapCode.HostError, 'wasi:io/poll.poll: the list of pollables is empty');
        const targets = list.map((p) => ctx.state(p, 'pollable').target);
        return ctx.guard('poll', () => waitForAny(targets, clocks, waiter));
      },
    },
  };
}

/** `wasi:io/streams`. Its `resources` also carry the `error` and `pollable` types it uses. */
export function ioStreamsInterface(ctx: P2Context): HostInterface {
  const input = (r: ResourceRef) => ctx.state(r, 'input-stream');
  const output = (r: ResourceRef) => ctx.state(r, 'output-stream');
  const pollable = (target: PollTarget) => ctx.own(ctx.types.pollable, { kind: 'pollable', target });
  return {
    name: 'wasi:io/streams',
    version: WASI_P2_VERSION,
    resources: {
      'input-stream': ctx.types.inputStream,
      'output-stream': ctx.types.outputStream,
      error: ctx.types.error,
      pollable: ctx.types.pollable,
    },
    funcs: {
      /** Reads what is available now (up to `len` bytes, possibly none). */
      '[method]input-stream.read': (self: ResourceRef, len: bigint) => readInput(ctx, input(self), len, false),
      /** Reads after waiting for at least one byte or the end. */
      '[method]input-stream.blocking-read': (self: ResourceRef, len: bigint) => readInput(ctx, input(self), len, true),
      /** Skips what is available now; returns the count. */
      '[method]input-stream.skip': (self: ResourceRef, len: bigint) => skipInput(ctx, input(self), len, false),
      /** Skips after waiting for at least one byte or the end. */
      '[method]input-stream.blocking-skip': (self: ResourceRef, len: bigint) => skipInput(ctx, input(self), len, true),
      /** A pollable ready when bytes or the end are available. */
      '[method]input-stream.subscribe': (self: ResourceRef): ResourceRef => {
        const s = input(self);
        return pollable(s.closed ? { type: 'ready' } : ctx.guard('subscribe', () => sysTarget(s.source.readiness())));
      },

      /** How many bytes the next `write` may take (0 while the destination is not ready). */
      '[method]output-stream.check-write': (self: ResourceRef) => {
        const s = output(self);
        if (s.closed) return CLOSED;
        s.permit = ctx.guard('check-write', () => s.sink.readiness().ready()) ? WRITE_BUDGET : 0;
        return ok(BigInt(s.permit));
      },
      /** Writes bytes within the permit of `check-write` (beyond it traps). */
      '[method]output-stream.write': (self: ResourceRef, contents: Uint8Array) => {
        const s = output(self);
        if (s.closed) return CLOSED;
        spendPermit(s, contents.length);
        return writeOutput(ctx, s, contents);
      },
      /** Waits until writable, writes up to 4096 bytes and flushes. */
      '[method]output-stream.blocking-write-and-flush': (self: ResourceRef, contents: Uint8Array) => {
        const s = output(self);
        checkBlockingLimit(contents.length, 'blocking-write-and-flush');
        if (s.closed) return CLOSED;
        ctx.guard('blocking-write-and-flush', () => awaitWritable(ctx, s));
        return writeOutput(ctx, s, contents);
      },
      /** Requests a flush (writes are already complete, so it is done at once). */
      '[method]output-stream.flush': (self: ResourceRef) => (output(self).closed ? CLOSED : OK_UNIT),
      /** Flushes and waits until the stream can be written again. */
      '[method]output-stream.blocking-flush': (self: ResourceRef) => {
        const s = output(self);
        if (s.closed) return CLOSED;
        ctx.guard('blocking-flush', () => awaitWritable(ctx, s));
        return OK_UNIT;
      },
      /** A pollable ready when the stream accepts writes (or is closed). */
      '[method]output-stream.subscribe': (self: ResourceRef): ResourceRef => {
        const s = output(self);
        return pollable(s.closed ? { type: 'ready' } : ctx.guard('subscribe', () => sysTarget(s.sink.readiness())));
      },
      /** Writes `len` zero bytes within the permit of `check-write`. */
      '[method]output-stream.write-zeroes': (self: ResourceRef, len: bigint) => {
        const s = output(self);
        if (s.closed) return CLOSED;
        spendPermit(s, len);
        return writeOutput(ctx, s, new Uint8Array(Number(len)));
      },
      /** Waits until writable, writes up to 4096 zero bytes and flushes. */
      '[method]output-stream.blocking-write-zeroes-and-flush': (self: ResourceRef, len: bigint) => {
        const s = output(self);
        checkBlockingLimit(len, 'blocking-write-zeroes-and-flush');
        if (s.closed) return CLOSED;
        ctx.guard('blocking-write-zeroes-and-flush', () => awaitWritable(ctx, s));
        return writeOutput(ctx, s, new Uint8Array(Number(len)));
      },
      /** Moves what is available now (up to `len` bytes) from `src` to this stream. */
      '[method]output-stream.splice': (self: ResourceRef, src: ResourceRef, len: bigint) =>
        splice(ctx, output(self), input(src), len, false),
      /** Like `splice`, after waiting for this stream to be writable and `src` to be readable. */
      '[method]output-stream.blocking-splice': (self: ResourceRef, src: ResourceRef, len: bigint) =>
        splice(ctx, output(self), input(src), len, true),
    },
  };
}
