/**
 * Write-behind for host output descriptors (stdout, stderr, `{ fd }` outputs).
 *
 * A guest that makes many small `fd_write` calls would otherwise pay one `fs.writeSync` (one
 * syscall plus Node's argument handling) per call. Once a context has made many small writes,
 * kpio starts an output worker thread and the main thread only copies each write into a shared
 * ring; the worker drains the ring continuously, coalescing consecutive writes to the same
 * descriptor into one `writev`. Output stays timely (the worker writes as soon as data arrives;
 * it is not held until some later event), and the order of writes, across descriptors too, is
 * the order the guest made them.
 *
 * The ring is drained (the main thread waits until the worker has written everything) before
 * anything whose effect could be observed relative to the output: reading stdin, sleeping or
 * polling, closing the context, writing something too large for the ring, and when the guest
 * ends (`OutputStream.flush`). A full ring makes the guest wait for the worker: real
 * back-pressure, never spinning. Write errors (a closed pipe) are reported by the next write.
 */

import type { Worker } from 'node:worker_threads';
import { Errno, sysError } from '../../sys/index.js';
import { nodeWorkerThreads } from './lazy-builtins.js';
import { CTRL, CTRL_WORDS, outputWorkerMain, RECORD_HEADER, WORKER_STATE } from './output-worker-main.js';

const WORKER_SOURCE = `const wt = require('node:worker_threads');
(${outputWorkerMain.toString()})({ fs: require('node:fs'), wt });`;

/** Ring size in bytes. */
const RING_BYTES = 1 << 20;
/** Writes larger than this bypass the ring (after draining it). */
const MAX_RECORD = 64 * 1024;
/** Small writes a context makes directly before it starts the worker. */
const START_AFTER = 64;
/** Queued bytes above which a napping worker is woken at once (it would wake within 1 ms anyway). */
const WAKE_BYTES = 64 * 1024;

const ERRNO_LIST: readonly string[] = Object.values(Errno);
/** How often a waiting write checks that the worker is still alive, in ms. */
const LIVENESS_MS = 1000;

/** The write-behind state of one Node context. */
export class WriteBehind {
  private worker: Worker | null = null;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL_WORDS * 4));
  /**
   * The ring, allocated when the worker starts. Note: most runs never start it, and zeroing a
   * 1 MiB shared buffer at every context's creation costs about half a millisecond of start-up.
   */
  private data = new Uint8Array(new SharedArrayBuffer(0));
  /** The ring as 32-bit words, for record headers (records are 8-byte aligned). */
  private words = new Int32Array(new SharedArrayBuffer(0));
  private head = 0;
  /**
   * The worker's tail as last read. Note: the tail only moves towards the head, so free space
   * computed from an old value is never too large; `put` reads the shared word only when that
   * space does not suffice.
   */
  private tailSeen = 0;
  private smallWrites = 0;
  private closed = false;
  private ready = false;

  /**
   * Queues `src[start, end)` for host descriptor `fd` when the worker is running and returns
   * true. Returns false when the caller must write it directly itself (the ring is empty then, so
   * order holds).
   */
  offer(fd: number, src: Uint8Array, start: number, end: number): boolean {
    const len = end - start;
    if (!this.ready) {
      if (this.closed) return false;
      if (!this.running()) {
        if (len <= MAX_RECORD && ++this.smallWrites === START_AFTER) this.start();
        return false;
      }
    }
    // Note: a plain read is enough here; an error the worker just stored shows up on a later call.
    if (this.ctrl[CTRL.ERROR] !== 0) this.checkError();
    if (len > MAX_RECORD) {
      this.drain();
      return false;
    }
    this.put(fd, src, start, len);
    return true;
  }

  /** True once writes go through the worker. */
  get active(): boolean {
    return this.running();
  }

  /**
   * Starts the worker now (instead of after the first small writes) and waits up to `timeoutMs`
   * for it to take over; returns whether it did.
   */
  startNow(timeoutMs: number): boolean {
    if (this.closed) return false;
    if (this.worker === null) this.start();
    if (this.worker !== null && !this.running()) Atomics.wait(this.ctrl, CTRL.READY, 0, timeoutMs);
    return this.running();
  }

  /** Waits until the worker has written everything queued; reports a pending write error. */
  drain(): void {
    if (this.worker === null) return;
    const ctrl = this.ctrl;
    for (;;) {
      const tail = Atomics.load(ctrl, CTRL.TAIL);
      if (tail === this.head) break;
      this.waitTail(tail);
    }
    this.checkError();
  }

  /** Drains and stops the worker. */
  close(): void {
    if (this.closed) return;
    try {
      if (this.running()) this.drain();
    } catch {
      // Note: a pending write error has nowhere to go once the guest is gone.
    } finally {
      this.closed = true;
      this.ready = false;
      if (this.worker !== null) {
        Atomics.store(this.ctrl, CTRL.STOP, 1);
        Atomics.notify(this.ctrl, CTRL.HEAD);
        void this.worker.terminate();
        this.worker = null;
      }
    }
  }

  private running(): boolean {
    if (!this.ready && this.worker !== null && Atomics.load(this.ctrl, CTRL.READY) === 1) this.ready = true;
    return this.ready;
  }

  private start(): void {
    try {
      const { Worker } = nodeWorkerThreads();
      this.data = new Uint8Array(new SharedArrayBuffer(RING_BYTES));
      this.words = new Int32Array(this.data.buffer);
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { ctrl: this.ctrl.buffer, data: this.data.buffer, errnos: ERRNO_LIST, index: CTRL },
        // Note: the worker needs none of the parent's flags or loader hooks; without them it
        // starts several times faster (about 50 ms instead of 200 ms under a TS loader).
        execArgv: [],
      });
      // Note: the worker must never keep the process alive by itself.
      this.worker.unref();
    } catch {
      // Without a worker every write simply stays direct.
      this.worker = null;
      this.closed = true;
    }
  }

  /** Waits for the worker to move the tail away from `tail`; fails if the worker died. */
  private waitTail(tail: number): void {
    if (Atomics.wait(this.ctrl, CTRL.TAIL, tail, LIVENESS_MS) === 'timed-out' && this.worker?.threadId === -1) {
      this.worker = null;
      this.ready = false;
      this.closed = true;
      throw sysError(Errno.IO, 'the output worker stopped unexpectedly; queued output was lost');
    }
  }

  private checkError(): void {
    // Note: a plain read is enough here; an error the worker just stored shows up on a later call.
    if (this.ctrl[CTRL.ERROR] === 0) return;
    const e = Atomics.exchange(this.ctrl, CTRL.ERROR, 0);
    if (e !== 0) throw sysError((ERRNO_LIST[e - 1] as Errno | undefined) ?? Errno.IO, 'an earlier buffered write failed');
  }

  /** Appends one record (`len` bytes of `src` from `start`), waiting for space when the ring is full. */
  private put(fd: number, src: Uint8Array, start: number, len: number): void {
    const ctrl = this.ctrl;
    const rec = RECORD_HEADER + ((len + 7) & ~7);
    let at = -1;
    let tail = this.tailSeen;
    for (let fresh = false; ; fresh = true) {
      if (fresh) tail = this.tailSeen = Atomics.load(ctrl, CTRL.TAIL);
      const head = this.head;
      if (head >= tail) {
        if (RING_BYTES - head >= rec && !(head + rec === RING_BYTES && tail === 0)) {
          at = head;
        } else if (tail > rec) {
          this.words[(head >> 2) + 1] = -1;
          at = 0;
        }
      } else if (tail - head > rec) {
        at = head;
      }
      if (at >= 0) break;
      if (!fresh) continue;
      // Full: wait for the worker to free space (it is awake, since the ring is not empty).
      this.waitTail(tail);
      this.checkError();
    }
    const w = at >> 2;
    this.words[w] = fd;
    this.words[w + 1] = len;
    const data = this.data;
    const base = at + RECORD_HEADER;
    // Note: for the tiny writes this path exists for, a loop beats TypedArray.set's call overhead.
    if (len <= 32) for (let i = 0; i < len; i++) data[base + i] = src[start + i]!;
    else data.set(src.subarray(start, start + len), base);
    let next = at + rec;
    if (next === RING_BYTES) next = 0;
    this.head = next;
    Atomics.store(ctrl, CTRL.HEAD, next);
    const state = Atomics.load(ctrl, CTRL.STATE);
    if (state === WORKER_STATE.RUNNING) return;
    if (state === WORKER_STATE.SLEEPING || (next >= tail ? next - tail : RING_BYTES - tail + next) >= WAKE_BYTES) {
      // Note: the state is set to running before the wake-up, so the writes made until the worker
      // is scheduled do not each wake it again (it sets running itself when it wakes, and sees
      // the new head if it had not gone to sleep yet).
      if (Atomics.compareExchange(ctrl, CTRL.STATE, state, WORKER_STATE.RUNNING) === state) Atomics.notify(ctrl, CTRL.HEAD);
    }
  }
}
