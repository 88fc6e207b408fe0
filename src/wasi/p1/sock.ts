/**
 * `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`: the socket functions Preview 1 has.
 * Sockets exist only as listeners preopened by the host and connections accepted from them.
 */

import { Errno, SysError, sysError, type TcpListener, type TcpSocket } from '../../sys/index.js';
import { FDFLAGS, LAYOUT, RIFLAGS, RIGHTS, SDFLAGS, SOCKET_RIGHTS } from './abi.js';
import type { FdEntry, P1Context } from './context.js';
import { OK } from './context.js';

function socketOf(e: FdEntry): TcpSocket {
  const h = e.handle;
  if (h.kind === 'tcp-socket') return h;
  if (h.kind === 'tcp-listener') throw sysError(Errno.NOTCONN);
  throw sysError(Errno.NOTSOCK);
}

function listenerOf(e: FdEntry): TcpListener {
  const h = e.handle;
  if (h.kind === 'tcp-listener') return h;
  if (h.kind === 'tcp-socket') throw sysError(Errno.INVAL, 'not listening');
  throw sysError(Errno.NOTSOCK);
}

/** The socket functions of one instance. */
export function sockImports(ctx: P1Context) {
  const m = ctx.mem;
  return {
    /** Accepts a connection on a listening socket; the new descriptor goes to `fdPtr`. */
    sock_accept(fd: number, flags: number, fdPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const l = listenerOf(e);
        ctx.need(e, RIGHTS.SOCK_ACCEPT);
        if (flags & ~FDFLAGS.NONBLOCK) throw sysError(Errno.INVAL, 'only NONBLOCK is allowed');
        m.check(fdPtr, 4);
        const s = l.accept(((flags | e.fdflags) & FDFLAGS.NONBLOCK) !== 0);
        let nfd: number;
        try {
          nfd = ctx.fds.insert({ handle: s, rightsBase: SOCKET_RIGHTS & (e.rightsInheriting | SOCKET_RIGHTS), rightsInheriting: 0, fdflags: flags & FDFLAGS.NONBLOCK, position: 0 });
        } catch (err) {
          s.close();
          throw err;
        }
        m.setU32(fdPtr, nfd);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /**
     * Receives into the iovecs. `RECV_PEEK` leaves the data queued; `RECV_WAITALL` waits until
     * all buffers are full or the peer closes. Writes the count and `roflags` (always 0 for TCP).
     */
    sock_recv(fd: number, riData: number, riLen: number, riFlags: number, roLenPtr: number, roFlagsPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const s = socketOf(e);
        ctx.need(e, RIGHTS.FD_READ);
        if (riFlags & ~(RIFLAGS.RECV_PEEK | RIFLAGS.RECV_WAITALL)) throw sysError(Errno.INVAL, 'unknown riflags');
        const count = riLen >>> 0;
        m.check(riData, count * LAYOUT.IOVEC_SIZE);
        m.check(roLenPtr, 4);
        m.check(roFlagsPtr, 2);
        const base = riData >>> 0;
        let total = 0;
        for (let i = 0; i < count; i++) {
          const len = m.u32(base + i * 8 + 4);
          m.check(m.u32(base + i * 8), len);
          total += len;
        }
        const nonblocking = (e.fdflags & FDFLAGS.NONBLOCK) !== 0;
        const peek = (riFlags & RIFLAGS.RECV_PEEK) !== 0;
        const waitAll = (riFlags & RIFLAGS.RECV_WAITALL) !== 0 && !peek;
        // Note: receive into one host buffer, then scatter: the guest's buffers are views of
        // memory that a blocking wait must not hold across.
        const tmp = new Uint8Array(total);
        let got = 0;
        while (got < total) {
          let n: number;
          try {
            n = s.recv(tmp.subarray(got), peek, nonblocking || (got > 0 && !waitAll));
          } catch (err) {
            if (got > 0 && err instanceof SysError && err.errno === Errno.AGAIN) break;
            throw err;
          }
          if (n === 0) break;
          got += n;
          if (!waitAll || peek) break;
        }
        m.refresh();
        let off = 0;
        for (let i = 0; i < count && off < got; i++) {
          const len = m.u32(base + i * 8 + 4);
          const k = Math.min(len, got - off);
          m.write(m.u32(base + i * 8), tmp.subarray(off, off + k));
          off += k;
        }
        m.setU32(roLenPtr, got);
        m.setU16(roFlagsPtr, 0);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Sends the iovecs; `siFlags` must be 0. Writes the count sent. */
    sock_send(fd: number, siData: number, siLen: number, siFlags: number, soLenPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const s = socketOf(e);
        ctx.need(e, RIGHTS.FD_WRITE);
        if (siFlags !== 0) throw sysError(Errno.INVAL, 'siflags must be 0');
        const count = siLen >>> 0;
        m.check(siData, count * LAYOUT.IOVEC_SIZE);
        m.check(soLenPtr, 4);
        const base = siData >>> 0;
        let total = 0;
        for (let i = 0; i < count; i++) {
          const len = m.u32(base + i * 8 + 4);
          m.check(m.u32(base + i * 8), len);
          total += len;
        }
        const buf = new Uint8Array(total);
        let off = 0;
        for (let i = 0; i < count; i++) {
          const len = m.u32(base + i * 8 + 4);
          buf.set(m.bytes(m.u32(base + i * 8), len), off);
          off += len;
        }
        const n = total === 0 ? 0 : s.send(buf, (e.fdflags & FDFLAGS.NONBLOCK) !== 0);
        m.refresh();
        m.setU32(soLenPtr, n);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Shuts down the read side, the write side, or both (`sdflags` RD = 1, WR = 2). */
    sock_shutdown(fd: number, how: number): number {
      try {
        const e = ctx.fds.get(fd >>> 0);
        const s = socketOf(e);
        ctx.need(e, RIGHTS.SOCK_SHUTDOWN);
        if (how === 0 || how & ~(SDFLAGS.RD | SDFLAGS.WR)) throw sysError(Errno.INVAL, 'bad sdflags');
        s.shutdown({ read: (how & SDFLAGS.RD) !== 0, write: (how & SDFLAGS.WR) !== 0 });
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
