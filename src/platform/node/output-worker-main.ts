/**
 * The program of the output worker thread (see `write-behind.ts`): it drains a shared ring of
 * `(fd, bytes)` records into host descriptors, coalescing consecutive records for the same
 * descriptor into one `writev`, and sleeps in `Atomics.wait` whenever the ring is empty.
 *
 * Note: started from its own source text (`new Worker(source, { eval: true })`), so it must be
 * self-contained: it may use only its parameter and JS globals.
 */

import type * as FsModule from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';

/**
 * Indices of the control words shared with the main thread (an `Int32Array` of
 * {@link CTRL_WORDS}). Note: the words each thread writes often sit on cache lines of their own
 * (64 bytes apart): the main thread writes `HEAD` on every record and reads `STATE`, the worker
 * writes `TAIL` after every batch; sharing one line would make each of those a cache miss.
 */
export const CTRL = { HEAD: 0, TAIL: 16, STATE: 32, ERROR: 48, READY: 49, STOP: 50 } as const;
/** Length of the control array. */
export const CTRL_WORDS = 64;
/** Values of `CTRL.STATE`. */
export const WORKER_STATE = { RUNNING: 0, SLEEPING: 1, NAPPING: 2 } as const;
/** How long the worker naps between checks while output is flowing, in ms. */
export const NAP_MS = 1;
/** Empty naps in a row after which the worker sleeps until notified. */
export const NAPS_BEFORE_SLEEP = 50;
/** Size of a record header: fd (i32) and length (i32; -1 marks a wrap to offset 0). */
export const RECORD_HEADER = 8;

/** What the worker is given. */
export interface OutputWorkerDeps {
  readonly fs: typeof FsModule;
  readonly wt: typeof WorkerThreads;
}

/** The worker's entry point. Runs on the worker thread only. */
export function outputWorkerMain(deps: OutputWorkerDeps): void {
  const { fs, wt } = deps;
  const init = wt.workerData as { ctrl: SharedArrayBuffer; data: SharedArrayBuffer; errnos: string[]; index: typeof CTRL };
  const ctrl = new Int32Array(init.ctrl);
  const data = new Uint8Array(init.data);
  const words = new Int32Array(init.data);
  const cap = data.length;
  const { HEAD, TAIL, STATE, ERROR, READY, STOP } = init.index;

  function fail(e: unknown): void {
    const code = (e as { code?: unknown } | null)?.code;
    const i = typeof code === 'string' ? init.errnos.indexOf(code) : -1;
    // Note: the first error sticks; the main thread reports it on the next write.
    Atomics.compareExchange(ctrl, ERROR, 0, i >= 0 ? i + 1 : init.errnos.indexOf('EIO') + 1);
  }

  function writeAll(fd: number, buf: Uint8Array): void {
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as { code?: unknown } | null)?.code;
        if (code === 'EAGAIN') {
          // A non-blocking descriptor that is full: wait briefly for the reader.
          Atomics.wait(ctrl, STOP, 0, 2);
          continue;
        }
        fail(e);
        return;
      }
    }
  }

  // Note: records are copied into one batch per descriptor and written with a single call;
  // a batch of tiny records would otherwise mean thousands of iovecs.
  const batch = new Uint8Array(256 * 1024);
  let batchLen = 0;
  let batchFd = -1;
  function flushBatch(): void {
    if (batchLen > 0) writeAll(batchFd, batch.subarray(0, batchLen));
    batchLen = 0;
  }

  // Note: while output flows the worker naps (a 1 ms timed wait), so the main thread need not
  // wake it for every small write; after ~50 ms without output it sleeps until notified.
  const NAP = 1;
  const NAPS = 50;
  let naps = 0;
  let tail = Atomics.load(ctrl, TAIL);
  Atomics.store(ctrl, READY, 1);
  Atomics.notify(ctrl, READY);
  for (;;) {
    if (Atomics.load(ctrl, STOP) !== 0) return;
    const head = Atomics.load(ctrl, HEAD);
    if (head === tail) {
      const deep = naps >= NAPS;
      Atomics.store(ctrl, STATE, deep ? 1 : 2);
      if (Atomics.load(ctrl, HEAD) === tail && Atomics.load(ctrl, STOP) === 0) {
        if (deep) Atomics.wait(ctrl, HEAD, tail);
        else Atomics.wait(ctrl, HEAD, tail, NAP);
      }
      Atomics.store(ctrl, STATE, 0);
      naps++;
      continue;
    }
    naps = 0;
    let t = tail;
    while (t !== head) {
      const len = words[(t >> 2) + 1]!;
      if (len < 0) {
        t = 0;
        continue;
      }
      const fd = words[t >> 2]!;
      if (fd !== batchFd || batchLen + len > batch.length) flushBatch();
      batchFd = fd;
      const from = t + 8;
      if (len > batch.length) writeAll(fd, data.subarray(from, from + len));
      else if (len <= 32) {
        for (let i = 0; i < len; i++) batch[batchLen + i] = data[from + i]!;
        batchLen += len;
      } else {
        batch.set(data.subarray(from, from + len), batchLen);
        batchLen += len;
      }
      t += 8 + ((len + 7) & ~7);
      if (t === cap) t = 0;
    }
    flushBatch();
    tail = t;
    Atomics.store(ctrl, TAIL, tail);
    Atomics.notify(ctrl, TAIL);
  }
}
