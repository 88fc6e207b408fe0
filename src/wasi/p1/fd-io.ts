/**
 * `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`: data transfer through
 * descriptors. File positions, append mode and the sync flags are kept here per descriptor
 * (`sys` files only know offsets), so `fd_fdstat_set_flags` can change them at any time.
 */

import { Errno, SysError, sysError } from '../../sys/index.js';
import { FDFLAGS, LAYOUT, RIGHTS, WHENCE } from './abi.js';
import type { FdEntry, P1Context } from './context.js';
import { OK } from './context.js';

const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** Fails with the errno POSIX gives for a data transfer on this kind of handle. */
function wrongKind(e: FdEntry): never {
  switch (e.handle.kind) {
    case 'dir':
      throw sysError(Errno.ISDIR);
    case 'tcp-listener':
      throw sysError(Errno.NOTCONN);
    default:
      throw sysError(Errno.BADF);
  }
}

function afterWrite(e: FdEntry): void {
  if (e.handle.kind !== 'file') return;
  if (e.fdflags & FDFLAGS.SYNC) e.handle.sync();
  else if (e.fdflags & FDFLAGS.DSYNC) e.handle.datasync();
}

/** Writes one buffer through a descriptor; returns the count taken. */
export function writeOne(e: FdEntry, buf: Uint8Array): number {
  const h = e.handle;
  const nonblocking = (e.fdflags & FDFLAGS.NONBLOCK) !== 0;
  switch (h.kind) {
    case 'output':
      return h.write(buf, nonblocking);
    case 'file': {
      if (!h.seekable) return h.write(buf, nonblocking);
      if (e.fdflags & FDFLAGS.APPEND) e.position = Number(h.stat().size);
      if (e.position + buf.length > MAX_OFFSET) throw sysError(Errno.FBIG);
      const n = h.pwrite(buf, e.position);
      e.position += n;
      return n;
    }
    case 'tcp-socket':
      return h.send(buf, nonblocking);
    default:
      return wrongKind(e);
  }
}

/** Reads into one buffer through a descriptor; returns the count (0 at end). */
export function readOne(e: FdEntry, buf: Uint8Array, nonblocking: boolean): number {
  const h = e.handle;
  switch (h.kind) {
    case 'input':
      return h.read(buf, nonblocking);
    case 'file': {
      if (!h.seekable) return h.read(buf, nonblocking);
      const n = h.pread(buf, e.position);
      e.position += n;
      return n;
    }
    case 'tcp-socket':
      return h.recv(buf, false, nonblocking);
    default:
      return wrongKind(e);
  }
}

/** A seekable file entry, or the errno POSIX gives for this kind of handle. */
function seekableFile(e: FdEntry) {
  const h = e.handle;
  if (h.kind === 'file' && h.seekable) return h;
  if (h.kind === 'dir') throw sysError(Errno.ISDIR);
  throw sysError(Errno.SPIPE);
}

function checkKindFor(e: FdEntry, write: boolean): void {
  const k = e.handle.kind;
  if (k === 'dir' || k === 'tcp-listener') wrongKind(e);
  if ((write && k === 'input') || (!write && k === 'output')) throw sysError(Errno.BADF);
}

/** The data-transfer functions of one instance. */
export function fdIoImports(ctx: P1Context) {
  const m = ctx.mem;

  /** Writes the iovecs at `iovs` through `e`; stops at the first short write. */
  function gatherWrite(e: FdEntry, iovs: number, iovsLen: number): number {
    iovsLen >>>= 0;
    m.check(iovs, iovsLen * LAYOUT.IOVEC_SIZE);
    const base = iovs >>> 0;
    // Common shapes first: one buffer, or wasi-libc's (buffered, new) pair with one empty side.
    let nonEmpty = 0;
    let only = -1;
    let total = 0;
    for (let i = 0; i < iovsLen; i++) {
      const len = m.u32(base + i * 8 + 4);
      m.check(m.u32(base + i * 8), len);
      if (len > 0) {
        nonEmpty++;
        only = i;
        total += len;
      }
    }
    if (nonEmpty === 0) return 0;
    if (nonEmpty === 1) return writeOne(e, m.bytes(m.u32(base + only * 8), m.u32(base + only * 8 + 4)));
    if (total <= ctx.scratch.length) {
      // Note: one write for several small buffers keeps them together and saves host calls.
      const s = ctx.scratch;
      let off = 0;
      for (let i = 0; i < iovsLen; i++) {
        const len = m.u32(base + i * 8 + 4);
        if (len > 0) {
          s.set(m.bytes(m.u32(base + i * 8), len), off);
          off += len;
        }
      }
      return writeOne(e, s.subarray(0, total));
    }
    let done = 0;
    for (let i = 0; i < iovsLen; i++) {
      const len = m.u32(base + i * 8 + 4);
      if (len === 0) continue;
      const n = writeOne(e, m.bytes(m.u32(base + i * 8), len));
      done += n;
      if (n < len) break;
    }
    return done;
  }

  /** Reads into the iovecs at `iovs` through `e`; only the first read may block. */
  function scatterRead(e: FdEntry, iovs: number, iovsLen: number): number {
    iovsLen >>>= 0;
    m.check(iovs, iovsLen * LAYOUT.IOVEC_SIZE);
    const base = iovs >>> 0;
    for (let i = 0; i < iovsLen; i++) m.check(m.u32(base + i * 8), m.u32(base + i * 8 + 4));
    const nonblocking = (e.fdflags & FDFLAGS.NONBLOCK) !== 0;
    const isFile = e.handle.kind === 'file' && e.handle.seekable;
    let done = 0;
    for (let i = 0; i < iovsLen; i++) {
      const len = m.u32(base + i * 8 + 4);
      if (len === 0) continue;
      const buf = m.bytes(m.u32(base + i * 8), len);
      let n: number;
      if (done === 0 || isFile) {
        n = readOne(e, buf, nonblocking);
      } else {
        // Note: later buffers take only what is already available, never blocking a read that
        // has data to return.
        try {
          n = readOne(e, buf, true);
        } catch (err) {
          if (err instanceof SysError && err.errno === Errno.AGAIN) break;
          throw err;
        }
      }
      done += n;
      if (n < len) break;
    }
    return done;
  }

  return {
    /** Writes from the iovecs; `nwritten` receives the byte count. */
    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
      try {
        m.refresh();
        // Note: the common case first (one iovec to a stream such as stdout, everything in
        // bounds): the same checks in fewer steps, and no view of guest memory per call. Anything
        // else, errors included, takes the general path below.
        const fe = ctx.fds.tryGet(fd >>> 0);
        if (iovsLen === 1 && fe !== undefined && fe.handle.kind === 'output' && (fe.rightsBase & RIGHTS.FD_WRITE) !== 0) {
          const h = fe.handle;
          const u8 = m.uint8;
          const base = iovs >>> 0;
          const out = nwrittenPtr >>> 0;
          if (h.writeRange !== undefined && base + 8 <= u8.length && out + 4 <= u8.length) {
            const dv = m.view;
            const ptr = dv.getUint32(base, true);
            const len = dv.getUint32(base + 4, true);
            if (ptr + len <= u8.length) {
              const n = len === 0 ? 0 : h.writeRange(u8, ptr, ptr + len, (fe.fdflags & FDFLAGS.NONBLOCK) !== 0);
              dv.setUint32(out, n, true);
              return OK;
            }
          }
        }
        const e = ctx.fds.get(fd >>> 0);
        checkKindFor(e, true);
        ctx.need(e, RIGHTS.FD_WRITE);
        m.check(nwrittenPtr, 4);
        const n = gatherWrite(e, iovs, iovsLen);
        afterWrite(e);
        m.setU32(nwrittenPtr, n);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Reads into the iovecs; `nread` receives the byte count (0 at end of file). */
    fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        checkKindFor(e, false);
        ctx.need(e, RIGHTS.FD_READ);
        m.check(nreadPtr, 4);
        const n = scatterRead(e, iovs, iovsLen);
        m.refresh();
        m.setU32(nreadPtr, n);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Reads at `offset` without moving the position. */
    fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const h = seekableFile(e);
        ctx.need(e, RIGHTS.FD_READ | RIGHTS.FD_SEEK);
        m.check(nreadPtr, 4);
        iovsLen >>>= 0;
        m.check(iovs, iovsLen * LAYOUT.IOVEC_SIZE);
        if (offset > BigInt(MAX_OFFSET)) throw sysError(Errno.INVAL);
        let pos = Number(offset);
        let done = 0;
        const base = iovs >>> 0;
        for (let i = 0; i < iovsLen; i++) m.check(m.u32(base + i * 8), m.u32(base + i * 8 + 4));
        for (let i = 0; i < iovsLen; i++) {
          const len = m.u32(base + i * 8 + 4);
          if (len === 0) continue;
          const n = h.pread(m.bytes(m.u32(base + i * 8), len), pos);
          pos += n;
          done += n;
          if (n < len) break;
        }
        m.setU32(nreadPtr, done);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Writes at `offset` without moving the position (also in append mode, as POSIX says). */
    fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const h = seekableFile(e);
        ctx.need(e, RIGHTS.FD_WRITE | RIGHTS.FD_SEEK);
        m.check(nwrittenPtr, 4);
        iovsLen >>>= 0;
        m.check(iovs, iovsLen * LAYOUT.IOVEC_SIZE);
        const base = iovs >>> 0;
        let total = 0;
        for (let i = 0; i < iovsLen; i++) {
          const len = m.u32(base + i * 8 + 4);
          m.check(m.u32(base + i * 8), len);
          total += len;
        }
        if (offset + BigInt(total) > BigInt(MAX_OFFSET)) throw sysError(Errno.FBIG);
        let pos = Number(offset);
        let done = 0;
        for (let i = 0; i < iovsLen; i++) {
          const len = m.u32(base + i * 8 + 4);
          if (len === 0) continue;
          const n = h.pwrite(m.bytes(m.u32(base + i * 8), len), pos);
          pos += n;
          done += n;
          if (n < len) break;
        }
        afterWrite(e);
        m.setU32(nwrittenPtr, done);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Moves the position; `newoffset` receives the result. Seeking before 0 is `EINVAL`. */
    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const h = seekableFile(e);
        // Note: asking for the position (offset 0 from the current one) is what fd_tell does, so
        // FD_TELL suffices for it, as in wasi-libc's ftell/lseek use.
        const tellOnly = offset === 0n && whence === WHENCE.CUR;
        if (!(tellOnly && (e.rightsBase & RIGHTS.FD_TELL) !== 0)) ctx.need(e, RIGHTS.FD_SEEK);
        m.check(newOffsetPtr, 8);
        let base: bigint;
        switch (whence) {
          case WHENCE.SET:
            base = 0n;
            break;
          case WHENCE.CUR:
            base = BigInt(e.position);
            break;
          case WHENCE.END:
            base = h.stat().size;
            break;
          default:
            throw sysError(Errno.INVAL, `bad whence ${whence}`);
        }
        const next = base + offset;
        if (next < 0n || next > BigInt(MAX_OFFSET)) throw sysError(Errno.INVAL, 'seek out of range');
        e.position = Number(next);
        m.setU64(newOffsetPtr, next);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },

    /** Writes the current position. */
    fd_tell(fd: number, offsetPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        seekableFile(e);
        ctx.need(e, RIGHTS.FD_TELL);
        m.check(offsetPtr, 8);
        m.setU64(offsetPtr, e.position);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
