/**
 * `poll_oneoff`: waits until at least one subscription (a clock timeout, or a descriptor ready
 * for reading or writing) has an event, then reports all events that are ready. The wait really
 * blocks (the `sys` waiter), never spins.
 */

import { Errno, SysError, sysError, type ClockId, type Pollable } from '../../sys/index.js';
import { ALWAYS_READY } from '../../sys/index.js';
import { EVENTTYPE, LAYOUT, RIGHTS, SUBCLOCKFLAGS, p1Errno } from './abi.js';
import { clockOf } from './clock-random.js';
import type { FdEntry, P1Context } from './context.js';
import { OK } from './context.js';

interface ClockSub {
  readonly type: 0;
  readonly userdata: bigint;
  readonly error: number;
  /** Nanoseconds after the start of the call at which it fires. */
  readonly due: bigint;
}

interface FdSub {
  readonly type: 1 | 2;
  readonly userdata: bigint;
  readonly error: number;
  readonly pollable: Pollable;
  readonly nbytes: () => bigint;
}

const ZERO = () => 0n;

function fdSubscription(ctx: P1Context, fd: number, read: boolean): { pollable: Pollable; nbytes: () => bigint } {
  const e: FdEntry = ctx.fds.get(fd >>> 0);
  const rw = read ? RIGHTS.FD_READ : RIGHTS.FD_WRITE;
  if ((e.rightsBase & (rw | RIGHTS.POLL_FD_READWRITE)) === 0) throw sysError(Errno.NOTCAPABLE);
  const h = e.handle;
  switch (h.kind) {
    case 'file':
      if (read) {
        // Note: a regular file is always ready; nbytes says how much is left to read.
        return {
          pollable: h.seekable ? ALWAYS_READY : h.readReady(),
          nbytes: () => {
            if (!h.seekable) return 0n;
            const left = h.stat().size - BigInt(e.position);
            return left > 0n ? left : 0n;
          },
        };
      }
      return { pollable: ALWAYS_READY, nbytes: ZERO };
    case 'input':
      if (!read) throw sysError(Errno.BADF);
      return { pollable: h.readReady(), nbytes: ZERO };
    case 'output':
      if (read) throw sysError(Errno.BADF);
      return { pollable: h.writeReady(), nbytes: ZERO };
    case 'tcp-socket':
      return { pollable: read ? h.readReady() : h.writeReady(), nbytes: ZERO };
    case 'tcp-listener':
      if (!read) throw sysError(Errno.BADF);
      return { pollable: h.acceptReady(), nbytes: ZERO };
    case 'dir':
      throw sysError(Errno.NOTSUP, 'cannot poll a directory');
  }
}

function errnoOf(ctx: P1Context, e: unknown): number {
  if (e instanceof SysError) return p1Errno(e.errno);
  return ctx.fail(e);
}

/** The polling function of one instance. */
export function pollImports(ctx: P1Context) {
  const m = ctx.mem;
  return {
    /** Waits for events on `nsubs` subscriptions at `in`; writes events to `out` and their count. */
    poll_oneoff(inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number {
      try {
        m.refresh();
        const n = nsubs >>> 0;
        if (n === 0) throw sysError(Errno.INVAL, 'no subscriptions');
        m.check(inPtr, n * LAYOUT.SUBSCRIPTION_SIZE);
        m.check(outPtr, n * LAYOUT.EVENT_SIZE);
        m.check(neventsPtr, 4);
        const clocks = ctx.sys.clocks;
        const start = clocks.now('monotonic');
        const clockSubs: ClockSub[] = [];
        const fdSubs: FdSub[] = [];
        const order: (ClockSub | FdSub)[] = [];
        for (let i = 0; i < n; i++) {
          const base = (inPtr >>> 0) + i * LAYOUT.SUBSCRIPTION_SIZE;
          const userdata = m.u64(base);
          const tag = m.u8At(base + 8);
          if (tag === EVENTTYPE.CLOCK) {
            let error: number = OK;
            let due = 0n;
            try {
              const id: ClockId = clockOf(m.u32(base + 16));
              const timeout = m.u64(base + 24);
              const flags = m.u16(base + 40);
              if (flags & ~SUBCLOCKFLAGS.ABSTIME) throw sysError(Errno.INVAL, 'unknown subclockflags');
              // Note: an absolute deadline on any clock becomes a delay measured on the
              // monotonic clock from the start of this call.
              due = flags & SUBCLOCKFLAGS.ABSTIME ? timeout - clocks.now(id) : timeout;
              if (due < 0n) due = 0n;
            } catch (e) {
              error = errnoOf(ctx, e);
            }
            const s: ClockSub = { type: 0, userdata, error, due };
            clockSubs.push(s);
            order.push(s);
          } else if (tag === EVENTTYPE.FD_READ || tag === EVENTTYPE.FD_WRITE) {
            let sub: FdSub;
            try {
              const { pollable, nbytes } = fdSubscription(ctx, m.u32(base + 16), tag === EVENTTYPE.FD_READ);
              sub = { type: tag, userdata, error: OK, pollable, nbytes };
            } catch (e) {
              sub = { type: tag, userdata, error: errnoOf(ctx, e), pollable: ALWAYS_READY, nbytes: ZERO };
            }
            fdSubs.push(sub);
            order.push(sub);
          } else {
            throw sysError(Errno.INVAL, `unknown subscription type ${tag}`);
          }
        }
        for (;;) {
          const elapsed = clocks.now('monotonic') - start;
          const fired: { sub: ClockSub | FdSub; nbytes: bigint }[] = [];
          for (const s of order) {
            if (s.type === 0) {
              if (s.error !== OK || s.due <= elapsed) fired.push({ sub: s, nbytes: 0n });
            } else if (s.error !== OK || s.pollable.ready()) {
              fired.push({ sub: s, nbytes: s.error === OK ? s.nbytes() : 0n });
            }
          }
          if (fired.length > 0) {
            m.refresh();
            let out = outPtr >>> 0;
            for (const f of fired) {
              m.bytes(out, LAYOUT.EVENT_SIZE).fill(0);
              m.setU64(out, f.sub.userdata);
              m.setU16(out + 8, f.sub.error);
              m.setU8(out + 10, f.sub.type);
              m.setU64(out + 16, f.nbytes);
              out += LAYOUT.EVENT_SIZE;
            }
            m.setU32(neventsPtr, fired.length);
            return OK;
          }
          let wait: bigint | undefined;
          for (const s of clockSubs) {
            const left = s.due - elapsed;
            if (wait === undefined || left < wait) wait = left;
          }
          ctx.sys.waiter.waitAny(
            fdSubs.map((s) => s.pollable),
            wait,
          );
        }
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
