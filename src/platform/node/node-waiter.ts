/**
 * Blocking waits on Node: sleeping with `Atomics.wait` and waiting for worker-owned I/O.
 */

import { Errno, sysError, type Pollable, type Waiter } from '../../sys/index.js';
import type { IoWorker } from './blocking-io.js';
import type { PollItem } from './io-worker-main.js';
import type { WriteBehind } from './write-behind.js';

/** Readiness of a resource owned by the I/O worker. */
export class WorkerPollable implements Pollable {
  constructor(
    readonly worker: IoWorker,
    readonly id: number,
    readonly kind: PollItem['kind'],
  ) {}

  /** The worker that can wake a waiter. */
  get waitSource(): IoWorker {
    return this.worker;
  }

  ready(): boolean {
    return this.worker.call<boolean[]>({ op: 'poll', items: [{ id: this.id, kind: this.kind }], timeoutMs: 0 })[0] === true;
  }
}

/** A waiter that really blocks the thread: `Atomics.wait` for time, the I/O worker for events. */
export class NodeWaiter implements Waiter {
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  /** `writeBehind`: buffered output to flush before waiting (waits are observable pauses). */
  constructor(private readonly writeBehind?: WriteBehind) {}

  sleep(ns: bigint): void {
    this.writeBehind?.drain();
    if (ns <= 0n) return;
    // Note: nothing ever notifies this private cell, so the wait always runs to its timeout.
    Atomics.wait(this.cell, 0, 0, Number(ns) / 1e6);
  }

  waitAny(pollables: readonly Pollable[], timeoutNs: bigint | undefined): void {
    this.writeBehind?.drain();
    let worker: IoWorker | undefined;
    const items: PollItem[] = [];
    for (const p of pollables) {
      if (p instanceof WorkerPollable) {
        // Note: one Node context owns one worker; pollables of another context cannot be waited
        // on together with these and are only re-checked when this wait ends.
        if (worker === undefined || worker === p.worker) {
          worker = p.worker;
          items.push({ id: p.id, kind: p.kind });
        }
      } else if (p.ready()) {
        return;
      }
    }
    if (worker === undefined) {
      if (timeoutNs === undefined) throw sysError(Errno.DEADLK, 'waiting forever on pollables nothing can make ready');
      this.sleep(timeoutNs);
      return;
    }
    const timeoutMs = timeoutNs === undefined ? null : Number(timeoutNs) / 1e6;
    worker.call<boolean[]>({ op: 'poll', items, timeoutMs });
  }
}
