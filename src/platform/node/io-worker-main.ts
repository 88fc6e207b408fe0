/**
 * The program of the I/O worker thread (see `blocking-io.ts`). It owns everything that can only be
 * waited on with an event loop (pipes and terminals on stdin, listening and connected TCP
 * sockets), buffers what arrives, and answers one synchronous request of the main thread at a
 * time, possibly much later (a blocking read finishes when data arrives).
 *
 * Note: this function is started with `new Worker(source, { eval: true })` from its own source
 * text, so it must be self-contained: it may use only its parameter and JS globals, never
 * module-level imports or helpers.
 */

import type * as NetModule from 'node:net';
import type * as TtyModule from 'node:tty';
import type * as WorkerThreads from 'node:worker_threads';

/** What the worker is given: the Node modules it needs (it cannot import them itself). */
export interface IoWorkerDeps {
  readonly net: typeof NetModule;
  readonly tty: typeof TtyModule;
  readonly wt: typeof WorkerThreads;
}

/** A request from the main thread. */
export type IoRequest =
  | { readonly op: 'open-reader'; readonly fd: number; readonly tty: boolean }
  | { readonly op: 'read'; readonly id: number; readonly max: number; readonly peek: boolean; readonly nonblocking: boolean }
  | { readonly op: 'listen'; readonly host: string; readonly port: number; readonly backlog: number }
  | { readonly op: 'accept'; readonly id: number; readonly nonblocking: boolean }
  | { readonly op: 'send'; readonly id: number; readonly data: Uint8Array; readonly nonblocking: boolean }
  | { readonly op: 'shutdown'; readonly id: number; readonly read: boolean; readonly write: boolean }
  | { readonly op: 'close'; readonly id: number }
  | { readonly op: 'poll'; readonly items: readonly PollItem[]; readonly timeoutMs: number | null };

/** One readiness question of a `poll` request. */
export interface PollItem {
  readonly id: number;
  readonly kind: 'read' | 'write' | 'accept';
}

/** A reply to the main thread. */
export type IoReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errno: string; readonly message: string };

/** The worker's entry point. Runs on the worker thread only. */
export function ioWorkerMain(deps: IoWorkerDeps): void {
  const { net, tty, wt } = deps;
  const data = wt.workerData as { sab: SharedArrayBuffer; port: WorkerThreads.MessagePort };
  const sig = new Int32Array(data.sab);
  const port = data.port;
  // Note: reading pauses above HIGH buffered bytes and resumes below LOW, bounding memory.
  const HIGH = 1 << 20;
  const LOW = 1 << 18;

  interface Buffered {
    chunks: Uint8Array[];
    size: number;
    eof: boolean;
    error: string | null;
    paused: boolean;
    stream: NetModule.Socket | TtyModule.ReadStream;
  }
  interface Reader extends Buffered {
    kind: 'reader';
  }
  interface Conn extends Buffered {
    kind: 'conn';
    socket: NetModule.Socket;
    readShut: boolean;
    writeShut: boolean;
    closed: boolean;
  }
  interface Listener {
    kind: 'listener';
    server: NetModule.Server;
    pending: NetModule.Socket[];
    error: string | null;
  }
  type Resource = Reader | Conn | Listener;

  const resources = new Map<number, Resource>();
  let nextId = 1;
  let pending: { check: () => boolean; finish: () => void; timer?: ReturnType<typeof setTimeout> } | null = null;
  let replied = true;

  function reply(r: IoReply): void {
    if (replied) return;
    replied = true;
    port.postMessage(r);
    Atomics.store(sig, 0, 1);
    Atomics.notify(sig, 0);
  }
  function ok(value: unknown): void {
    reply({ ok: true, value });
  }
  function fail(errno: string, message = errno): void {
    reply({ ok: false, errno, message });
  }
  function errnoOf(e: unknown): string {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : 'EIO';
  }

  /** Re-checks the one blocked request after any event. */
  function wake(): void {
    const p = pending;
    if (p !== null && p.check()) {
      pending = null;
      if (p.timer !== undefined) clearTimeout(p.timer);
      p.finish();
    }
  }

  function block(check: () => boolean, finish: () => void, timeoutMs: number | null = null, onTimeout?: () => void): void {
    if (check()) {
      finish();
      return;
    }
    pending = { check, finish };
    if (timeoutMs !== null) {
      pending.timer = setTimeout(() => {
        pending = null;
        (onTimeout ?? finish)();
      }, timeoutMs);
    }
  }

  function attach(b: Buffered): void {
    b.stream.on('data', (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      if (bytes.length === 0) return;
      b.chunks.push(bytes);
      b.size += bytes.length;
      if (b.size > HIGH && !b.paused) {
        b.paused = true;
        b.stream.pause();
      }
      wake();
    });
    b.stream.on('end', () => {
      b.eof = true;
      wake();
    });
    b.stream.on('error', (e: unknown) => {
      b.error = errnoOf(e);
      b.eof = true;
      wake();
    });
    b.stream.on('close', () => {
      b.eof = true;
      wake();
    });
  }

  function take(b: Buffered, max: number, peek: boolean): Uint8Array {
    const n = Math.min(max, b.size);
    const out = new Uint8Array(n);
    let off = 0;
    let i = 0;
    while (off < n) {
      const c = b.chunks[i]!;
      const k = Math.min(c.length, n - off);
      out.set(c.subarray(0, k), off);
      off += k;
      if (!peek) {
        if (k === c.length) {
          i++;
        } else {
          b.chunks[i] = c.subarray(k);
        }
      } else {
        i++;
      }
    }
    if (!peek) {
      b.chunks.splice(0, i);
      b.size -= n;
      if (b.paused && b.size < LOW) {
        b.paused = false;
        b.stream.resume();
      }
    }
    return out;
  }

  function readable(r: Resource): boolean {
    if (r.kind === 'listener') return r.pending.length > 0 || r.error !== null;
    if (r.kind === 'conn' && r.readShut) return true;
    return r.size > 0 || r.eof;
  }

  function writable(r: Resource): boolean {
    if (r.kind !== 'conn') return true;
    return r.closed || r.error !== null || r.writeShut || !r.socket.writableNeedDrain;
  }

  function get(id: number): Resource {
    const r = resources.get(id);
    if (r === undefined) throw Object.assign(new Error('no such resource'), { code: 'EBADF' });
    return r;
  }

  function makeConn(socket: NetModule.Socket): number {
    const id = nextId++;
    const c: Conn = {
      kind: 'conn',
      socket,
      stream: socket,
      chunks: [],
      size: 0,
      eof: false,
      error: null,
      paused: false,
      readShut: false,
      writeShut: false,
      closed: false,
    };
    socket.on('drain', wake);
    socket.on('close', () => {
      c.closed = true;
      wake();
    });
    attach(c);
    resources.set(id, c);
    return id;
  }

  function handle(req: IoRequest): void {
    switch (req.op) {
      case 'open-reader': {
        const stream = req.tty ? new tty.ReadStream(req.fd) : new net.Socket({ fd: req.fd, readable: true, writable: false });
        const id = nextId++;
        const r: Reader = { kind: 'reader', stream, chunks: [], size: 0, eof: false, error: null, paused: false };
        attach(r);
        resources.set(id, r);
        ok(id);
        return;
      }
      case 'read': {
        const r = get(req.id);
        if (r.kind === 'listener') throw Object.assign(new Error('not readable'), { code: 'ENOTCONN' });
        if (r.kind === 'conn' && r.readShut) return ok(new Uint8Array(0));
        const finish = () => {
          if (r.size > 0) ok(take(r, req.max, req.peek));
          else if (r.error !== null && r.error !== 'EPIPE') fail(r.error);
          else ok(new Uint8Array(0));
        };
        if (!readable(r) && req.nonblocking) return fail('EAGAIN');
        block(() => readable(r), finish);
        return;
      }
      case 'listen': {
        // Note: half-open, so a peer's FIN ends only our reading side, as TCP allows; the guest
        // may still send and decides itself when to shut its side down.
        const server = net.createServer({ allowHalfOpen: true });
        const l: Listener = { kind: 'listener', server, pending: [], error: null };
        let listening = false;
        server.on('connection', (s: NetModule.Socket) => {
          l.pending.push(s);
          wake();
        });
        server.on('error', (e: unknown) => {
          if (!listening) fail(errnoOf(e), String(e));
          else {
            l.error = errnoOf(e);
            wake();
          }
        });
        server.listen({ host: req.host, port: req.port, backlog: req.backlog }, () => {
          listening = true;
          const id = nextId++;
          resources.set(id, l);
          const a = server.address();
          const address = a !== null && typeof a === 'object' ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : String(a);
          ok({ id, address });
        });
        return;
      }
      case 'accept': {
        const r = get(req.id);
        if (r.kind !== 'listener') throw Object.assign(new Error('not a listener'), { code: 'EINVAL' });
        const finish = () => {
          const s = r.pending.shift();
          if (s === undefined) return fail(r.error ?? 'EIO');
          ok(makeConn(s));
        };
        if (!readable(r) && req.nonblocking) return fail('EAGAIN');
        block(() => readable(r), finish);
        return;
      }
      case 'send': {
        const r = get(req.id);
        if (r.kind !== 'conn') throw Object.assign(new Error('not a connection'), { code: 'ENOTCONN' });
        if (r.writeShut || r.closed) return fail('EPIPE');
        if (r.error !== null) return fail(r.error);
        const flushed = r.socket.write(req.data);
        if (flushed || req.nonblocking) return ok(req.data.length);
        block(
          () => writable(r),
          () => (r.error !== null && r.error !== 'EPIPE' ? fail(r.error) : ok(req.data.length)),
        );
        return;
      }
      case 'shutdown': {
        const r = get(req.id);
        if (r.kind !== 'conn') throw Object.assign(new Error('not a connection'), { code: 'ENOTCONN' });
        if (r.closed) return fail('ENOTCONN');
        if (req.write && !r.writeShut) {
          r.writeShut = true;
          r.socket.end();
        }
        if (req.read && !r.readShut) {
          r.readShut = true;
          r.chunks = [];
          r.size = 0;
          // Note: keep draining the kernel buffer so the peer does not block; data is discarded.
          if (r.paused) r.socket.resume();
          r.socket.removeAllListeners('data');
          r.socket.on('data', () => {});
        }
        wake();
        return ok(null);
      }
      case 'close': {
        const r = get(req.id);
        resources.delete(req.id);
        if (r.kind === 'listener') {
          for (const s of r.pending) s.destroy();
          r.server.close();
        } else {
          r.stream.destroy();
        }
        return ok(null);
      }
      case 'poll': {
        const check = () =>
          req.items.some((it) => {
            const r = resources.get(it.id);
            return r === undefined || (it.kind === 'write' ? writable(r) : readable(r));
          });
        const finish = () => ok(req.items.map((it) => {
          const r = resources.get(it.id);
          return r === undefined || (it.kind === 'write' ? writable(r) : readable(r));
        }));
        if (req.timeoutMs === 0) return finish();
        block(check, finish, req.timeoutMs);
        return;
      }
    }
  }

  wt.parentPort!.on('message', (req: IoRequest) => {
    replied = false;
    try {
      handle(req);
    } catch (e) {
      fail(errnoOf(e), e instanceof Error ? e.message : String(e));
    }
  });
  process.on('uncaughtException', (e: unknown) => {
    fail('EIO', `I/O worker: ${e instanceof Error ? e.message : String(e)}`);
  });
}
