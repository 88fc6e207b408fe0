/**
 * Blocking I/O for synchronous guests on Node (DESIGN.md section 4).
 *
 * WASI Preview 1 calls are synchronous, and on the native and JIT engines the guest runs on the
 * main thread with no way to suspend. Some calls must wait for the outside world: reading a pipe
 * or terminal on stdin, accepting or receiving on a socket, `poll_oneoff` over several of them.
 *
 * The choice: **the I/O lives on a worker thread; the guest stays on the main thread and waits
 * with `Atomics.wait`.** The worker (`io-worker-main.ts`) owns the pipes and sockets through
 * Node's ordinary event loop (epoll underneath), buffers what arrives, and answers one request at
 * a time. The main thread posts a request, sleeps in `Atomics.wait` until the worker flips a
 * shared flag, then takes the reply with `receiveMessageOnPort`. Nothing spins: the main thread
 * sleeps in the kernel and the worker sleeps in epoll.
 *
 * Why not the other way round (guest on the worker): the guest's memory, imports and engine
 * objects would all have to live on the worker, which changes how every engine and embedder works
 * and makes host functions asynchronous to the embedder. Keeping the guest where it is and moving
 * only the handful of event-driven resources is local to `platform/node`, costs nothing for
 * programs that never block (the worker starts on first need), and behaves the same on every
 * engine because the host functions stay plain synchronous functions.
 */

import type { MessagePort, Worker } from 'node:worker_threads';
import { Errno, isErrno, sysError } from '../../sys/index.js';
import { ioWorkerMain, type IoReply, type IoRequest } from './io-worker-main.js';
import { nodeWorkerThreads } from './lazy-builtins.js';

// Note: the worker runs the function's own source text, handed its dependencies explicitly.
const WORKER_SOURCE = `const wt = require('node:worker_threads');
(${ioWorkerMain.toString()})({ net: require('node:net'), tty: require('node:tty'), wt });`;

/** How often a blocked call checks that the worker is still alive, in ms. */
const LIVENESS_MS = 1000;

/** A worker thread owning event-driven I/O, with synchronous calls into it. */
export class IoWorker {
  private readonly worker: Worker;
  private readonly sig: Int32Array;
  private readonly replies: MessagePort;
  private closed = false;

  constructor() {
    const sab = new SharedArrayBuffer(4);
    this.sig = new Int32Array(sab);
    const { MessageChannel, Worker } = nodeWorkerThreads();
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sab, port: port2 },
      transferList: [port2],
      // Note: none of the parent's flags or loader hooks are needed, and starting without them is faster.
      execArgv: [],
    });
    // Note: an idle worker must not keep the process alive after the guest is done.
    this.worker.unref();
  }

  /**
   * Sends one request and blocks the calling thread until the worker answers. Worker-side
   * failures come back as `SysError`s.
   */
  call<T>(req: IoRequest): T {
    if (this.closed) throw sysError(Errno.BADF, 'the I/O worker was closed');
    Atomics.store(this.sig, 0, 0);
    this.worker.postMessage(req);
    while (Atomics.load(this.sig, 0) === 0) {
      // Note: the wait is sliced only to notice a worker that died (threadId becomes -1); a
      // live worker always answers, however long the awaited event takes.
      if (Atomics.wait(this.sig, 0, 0, LIVENESS_MS) === 'timed-out' && this.worker.threadId === -1) {
        this.closed = true;
        throw sysError(Errno.IO, 'the I/O worker stopped unexpectedly');
      }
    }
    const m = nodeWorkerThreads().receiveMessageOnPort(this.replies);
    if (m === undefined) throw sysError(Errno.IO, 'the I/O worker sent no reply');
    const r = m.message as IoReply;
    if (!r.ok) throw sysError(isErrno(r.errno) ? r.errno : Errno.IO, r.message);
    return r.value as T;
  }

  /** Stops the worker, closing everything it owns. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.replies.close();
    void this.worker.terminate();
  }
}

/** Creates the I/O worker on first use and stops it on close (one per Node context, never global). */
export class LazyIoWorker {
  private worker: IoWorker | null = null;
  private closed = false;

  /** The worker, started now if needed. */
  get(): IoWorker {
    if (this.closed) throw sysError(Errno.BADF, 'the I/O worker was closed');
    this.worker ??= new IoWorker();
    return this.worker;
  }

  /** True once the worker has been started. */
  get started(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker if it was started. */
  close(): void {
    this.closed = true;
    this.worker?.close();
    this.worker = null;
  }
}
