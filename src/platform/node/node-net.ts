/**
 * TCP sockets for the guest: listening sockets preopened by the host and the connections
 * accepted from them. Both live on the I/O worker (`blocking-io.ts`); these handles forward to it.
 */

import type { FileStat, Pollable, ShutdownHow, TcpListener, TcpSocket } from '../../sys/index.js';
import { Errno, sysError } from '../../sys/index.js';
import type { IoWorker } from './blocking-io.js';
import { WorkerPollable } from './node-waiter.js';

function socketStat(): FileStat {
  return { dev: 0n, ino: 0n, type: 'socket-stream', nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
}

/** A host:port pair as given on a command line (`127.0.0.1:8080`, `[::1]:0`, `localhost:9000`). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port`; throws `EINVAL` for anything else. */
export function parseListenAddress(s: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw sysError(Errno.INVAL, `expected host:port, got '${s}'`);
  return { host: (m[1] ?? m[2])!, port };
}

/** Starts listening on the worker; returns once the socket is bound (port 0 picks a free port). */
export function listenTcp(worker: IoWorker, address: ListenAddress, backlog = 128): TcpListener {
  const r = worker.call<{ id: number; address: string }>({ op: 'listen', host: address.host, port: address.port, backlog });
  return new NodeTcpListener(worker, r.id, r.address);
}

class NodeTcpListener implements TcpListener {
  readonly kind = 'tcp-listener' as const;
  readonly fileType = 'socket-stream' as const;
  private closed = false;

  constructor(
    private readonly worker: IoWorker,
    private readonly id: number,
    readonly localAddress: string,
  ) {}

  private live(): void {
    if (this.closed) throw sysError(Errno.BADF);
  }

  accept(nonblocking: boolean): TcpSocket {
    this.live();
    const id = this.worker.call<number>({ op: 'accept', id: this.id, nonblocking });
    return new NodeTcpSocket(this.worker, id);
  }

  acceptReady(): Pollable {
    return new WorkerPollable(this.worker, this.id, 'accept');
  }

  stat(): FileStat {
    this.live();
    return socketStat();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.worker.call({ op: 'close', id: this.id });
    } catch {
      // the worker may already be gone
    }
  }
}

class NodeTcpSocket implements TcpSocket {
  readonly kind = 'tcp-socket' as const;
  readonly fileType = 'socket-stream' as const;
  private closed = false;

  constructor(
    private readonly worker: IoWorker,
    private readonly id: number,
  ) {}

  private live(): void {
    if (this.closed) throw sysError(Errno.BADF);
  }

  recv(buf: Uint8Array, peek: boolean, nonblocking: boolean): number {
    this.live();
    const data = this.worker.call<Uint8Array>({ op: 'read', id: this.id, max: buf.length, peek, nonblocking });
    buf.set(data);
    return data.length;
  }

  send(buf: Uint8Array, nonblocking: boolean): number {
    this.live();
    // Note: the bytes are copied into the message, so the guest may reuse its buffer at once.
    return this.worker.call<number>({ op: 'send', id: this.id, data: buf.slice(), nonblocking });
  }

  shutdown(how: ShutdownHow): void {
    this.live();
    this.worker.call({ op: 'shutdown', id: this.id, read: how.read, write: how.write });
  }

  readReady(): Pollable {
    return new WorkerPollable(this.worker, this.id, 'read');
  }

  writeReady(): Pollable {
    return new WorkerPollable(this.worker, this.id, 'write');
  }

  stat(): FileStat {
    this.live();
    return socketStat();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.worker.call({ op: 'close', id: this.id });
    } catch {
      // the worker may already be gone
    }
  }
}
