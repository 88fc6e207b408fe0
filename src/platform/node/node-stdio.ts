/**
 * The process's stdio (or any host descriptor) as `sys` streams.
 *
 * Output is written synchronously with `fs.writeSync`. Input from regular files and devices is
 * read directly; input from pipes, sockets and terminals goes through the I/O worker, so that
 * blocking reads and `poll_oneoff` really wait for data without spinning (`blocking-io.ts`).
 */

import fs from 'node:fs';
import {
  ALWAYS_READY,
  Errno,
  sysError,
  type FileStat,
  type FileType,
  type InputStream,
  type OutputStream,
  type Pollable,
} from '../../sys/index.js';
import type { LazyIoWorker } from './blocking-io.js';
import { nodeTty } from './lazy-builtins.js';
import { fileTypeOf, toSysError } from './node-fs-common.js';
import { WorkerPollable } from './node-waiter.js';
import type { WriteBehind } from './write-behind.js';

function fdStat(fd: number): FileStat {
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    return { dev: st.dev, ino: st.ino, type: fileTypeOf(st), nlink: st.nlink, size: st.size, atim: st.atimeNs, mtim: st.mtimeNs, ctim: st.ctimeNs };
  } catch (e) {
    throw toSysError(e);
  }
}

function fdType(fd: number): FileType {
  try {
    return fileTypeOf(fs.fstatSync(fd));
  } catch {
    return 'unknown';
  }
}

/**
 * The file type of a host descriptor and whether it is a terminal.
 * Note: only a character device can be a terminal, so pipes and files never load `node:tty`.
 */
function describeFd(fd: number): { fileType: FileType; isTerminal: boolean } {
  const type = fdType(fd);
  const isTerminal = type === 'character-device' && nodeTty().isatty(fd);
  return { fileType: isTerminal ? 'character-device' : type, isTerminal };
}

/** Pause between retries when a non-blocking host descriptor is full (rare; see `write`). */
const FULL_RETRY_MS = 2;

/** A host descriptor written to synchronously. The descriptor is borrowed: closing does not close it. */
export class NodeOutput implements OutputStream {
  readonly kind = 'output' as const;
  readonly fileType: FileType;
  readonly isTerminal: boolean;
  private closed = false;
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  /** `writeBehind`, when given, lets many small writes go through the context's output worker. */
  constructor(
    private readonly fd: number,
    private readonly writeBehind?: WriteBehind,
  ) {
    ({ fileType: this.fileType, isTerminal: this.isTerminal } = describeFd(fd));
  }

  write(buf: Uint8Array, nonblocking: boolean): number {
    if (this.closed) throw sysError(Errno.BADF);
    if (this.writeBehind !== undefined && this.writeBehind.offer(this.fd, buf, 0, buf.length)) return buf.length;
    return this.writeDirect(buf, nonblocking);
  }

  writeRange(src: Uint8Array, start: number, end: number, nonblocking: boolean): number {
    if (this.closed) throw sysError(Errno.BADF);
    if (this.writeBehind !== undefined && this.writeBehind.offer(this.fd, src, start, end)) return end - start;
    return this.writeDirect(src.subarray(start, end), nonblocking);
  }

  flush(): void {
    this.writeBehind?.drain();
  }

  private writeDirect(buf: Uint8Array, nonblocking: boolean): number {
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(this.fd, buf, off, buf.length - off);
      } catch (e) {
        const err = toSysError(e);
        if (err.errno !== Errno.AGAIN) throw err;
        if (nonblocking) {
          if (off > 0) return off;
          throw err;
        }
        // Note: only a descriptor someone else made non-blocking (a full pipe) gets here; we wait
        // a little and retry rather than take over the descriptor with an event loop.
        Atomics.wait(this.cell, 0, 0, FULL_RETRY_MS);
      }
    }
    return off;
  }

  writeReady(): Pollable {
    return ALWAYS_READY;
  }

  stat(): FileStat {
    if (this.closed) throw sysError(Errno.BADF);
    return fdStat(this.fd);
  }

  close(): void {
    this.closed = true;
  }
}

/** A host descriptor read from; pipes, sockets and terminals are read through the I/O worker. */
export class NodeInput implements InputStream {
  readonly kind = 'input' as const;
  readonly fileType: FileType;
  readonly isTerminal: boolean;
  private closed = false;
  private readerId: number | null = null;
  private viaWorker: boolean;

  constructor(
    private readonly fd: number,
    private readonly worker: LazyIoWorker,
    private readonly writeBehind?: WriteBehind,
  ) {
    ({ fileType: this.fileType, isTerminal: this.isTerminal } = describeFd(fd));
    this.viaWorker = this.isTerminal || this.fileType === 'fifo' || this.fileType === 'socket-stream';
  }

  private reader(): number {
    if (this.readerId === null) {
      // Note: the worker gets its own open file description of the same pipe or terminal where
      // Linux allows (/proc/self/fd), so its non-blocking mode and its close never affect the
      // process's own descriptor (fd 0 stays usable by the embedder after the guest is done).
      let fd = this.fd;
      try {
        fd = fs.openSync(`/proc/self/fd/${this.fd}`, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
      } catch {
        fd = this.fd;
      }
      this.readerId = this.worker.get().call<number>({ op: 'open-reader', fd, tty: this.isTerminal });
    }
    return this.readerId;
  }

  read(buf: Uint8Array, nonblocking: boolean): number {
    if (this.closed) throw sysError(Errno.BADF);
    if (buf.length === 0) return 0;
    // Note: output written before a read (a prompt) must be out before the guest waits for input.
    this.writeBehind?.drain();
    if (!this.viaWorker) {
      try {
        return fs.readSync(this.fd, buf, 0, buf.length, null);
      } catch (e) {
        const err = toSysError(e);
        if (err.errno !== Errno.AGAIN || nonblocking) throw err;
        // A non-blocking descriptor of an unexpected kind: let the worker wait for it.
        this.viaWorker = true;
      }
    }
    const data = this.worker.get().call<Uint8Array>({ op: 'read', id: this.reader(), max: buf.length, peek: false, nonblocking });
    buf.set(data);
    return data.length;
  }

  readReady(): Pollable {
    if (!this.viaWorker) return ALWAYS_READY;
    return new WorkerPollable(this.worker.get(), this.reader(), 'read');
  }

  stat(): FileStat {
    if (this.closed) throw sysError(Errno.BADF);
    return fdStat(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.readerId !== null && this.worker.started) {
      try {
        this.worker.get().call({ op: 'close', id: this.readerId });
      } catch {
        // the worker may already be gone
      }
    }
  }
}
