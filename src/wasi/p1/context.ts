/**
 * The state behind one Preview 1 instance: guest memory, the descriptor table with rights and
 * fdflags per descriptor, and the encoded arguments and environment. Shared by every function
 * group; one per `WasiP1`, so instances never share anything.
 */

import { ExitError, Trap, TrapCode } from '../../api/errors.js';
import { encodeUtf8 } from '../../util/utf8.js';
import {
  Errno,
  HandleTable,
  SysError,
  sysError,
  type DirEntry,
  type DirHandle,
  type FileHandle,
  type FileType,
  type InputStream,
  type OutputStream,
  type SysContext,
  type TcpListener,
  type TcpSocket,
} from '../../sys/index.js';
import {
  DIRECTORY_INHERITING_RIGHTS,
  DIRECTORY_RIGHTS,
  ERRNO,
  FILETYPE,
  LISTENER_RIGHTS,
  SOCKET_RIGHTS,
  STDIN_RIGHTS,
  STDOUT_RIGHTS,
  p1Errno,
} from './abi.js';
import { GuestMemory } from './guest-memory.js';

/** What a Preview 1 descriptor can refer to. */
export type P1Handle = FileHandle | DirHandle | InputStream | OutputStream | TcpListener | TcpSocket;

/** One listing entry of `fd_readdir` (including `.` and `..`). */
export interface ListingEntry {
  readonly name: Uint8Array;
  readonly ino: bigint;
  readonly type: FileType;
}

/** A descriptor: the handle plus what Preview 1 keeps per descriptor. */
export interface FdEntry {
  readonly handle: P1Handle;
  rightsBase: number;
  rightsInheriting: number;
  /** `fdflags` (append, dsync, nonblock, rsync, sync), emulated above the handle. */
  fdflags: number;
  /** The file position of seekable files. */
  position: number;
  /** The guest name of a preopened directory, UTF-8 encoded. */
  readonly preopenName?: Uint8Array;
  /** The snapshot `fd_readdir` pages through; taken anew at cookie 0. */
  listing?: ListingEntry[];
}

/** The Preview 1 `filetype` number of a portable file type. */
export function p1FileType(t: FileType): number {
  switch (t) {
    case 'block-device':
      return FILETYPE.BLOCK_DEVICE;
    case 'character-device':
      return FILETYPE.CHARACTER_DEVICE;
    case 'directory':
      return FILETYPE.DIRECTORY;
    case 'regular-file':
      return FILETYPE.REGULAR_FILE;
    case 'socket-dgram':
      return FILETYPE.SOCKET_DGRAM;
    case 'socket-stream':
      return FILETYPE.SOCKET_STREAM;
    case 'symbolic-link':
      return FILETYPE.SYMBOLIC_LINK;
    case 'fifo':
    case 'unknown':
      return FILETYPE.UNKNOWN;
  }
}

function encodeStrings(list: readonly string[]): { items: Uint8Array[]; size: number } {
  const items = list.map((s) => {
    if (s.includes('\0')) throw new SysError(Errno.INVAL, 'arguments and environment must not contain NUL');
    const b = encodeUtf8(s);
    const z = new Uint8Array(b.length + 1);
    z.set(b);
    return z;
  });
  return { items, size: items.reduce((n, b) => n + b.length, 0) };
}

/** The state of one Preview 1 instance. */
export class P1Context {
  readonly mem = new GuestMemory();
  readonly fds: HandleTable<FdEntry>;
  readonly args: { items: Uint8Array[]; size: number };
  readonly env: { items: Uint8Array[]; size: number };
  /** Scratch space for gathering several small iovecs into one write. */
  scratch = new Uint8Array(65536);

  constructor(
    readonly sys: SysContext,
    maxHandles?: number,
  ) {
    this.fds = new HandleTable<FdEntry>(maxHandles);
    this.args = encodeStrings(sys.args);
    this.env = encodeStrings(sys.env.map(([k, v]) => {
      if (k.includes('=')) throw new SysError(Errno.INVAL, `environment name '${k}' contains '='`);
      return `${k}=${v}`;
    }));
    this.fds.insert({ handle: sys.stdin, rightsBase: STDIN_RIGHTS, rightsInheriting: 0, fdflags: 0, position: 0 });
    this.fds.insert({ handle: sys.stdout, rightsBase: STDOUT_RIGHTS, rightsInheriting: 0, fdflags: 0, position: 0 });
    this.fds.insert({ handle: sys.stderr, rightsBase: STDOUT_RIGHTS, rightsInheriting: 0, fdflags: 0, position: 0 });
    // Note: directories come first so wasi-libc's preopen scan (fd 3 up to the first EBADF from
    // fd_prestat_get) finds them all; sockets follow.
    for (const p of sys.preopens) {
      if (p.kind === 'dir') {
        this.fds.insert({
          handle: p.handle,
          rightsBase: DIRECTORY_RIGHTS,
          rightsInheriting: DIRECTORY_INHERITING_RIGHTS,
          fdflags: 0,
          position: 0,
          preopenName: encodeUtf8(p.guestPath),
        });
      }
    }
    for (const p of sys.preopens) {
      if (p.kind === 'tcp-listener') {
        this.fds.insert({ handle: p.handle, rightsBase: LISTENER_RIGHTS, rightsInheriting: SOCKET_RIGHTS, fdflags: 0, position: 0 });
      }
    }
  }

  /** The descriptor `fd` if it has every right in `rights`: `EBADF` / `ENOTCAPABLE` otherwise. */
  entry(fd: number, rights: number): FdEntry {
    const e = this.fds.get(fd >>> 0);
    if ((e.rightsBase & rights) !== rights) throw sysError(Errno.NOTCAPABLE, `descriptor ${fd >>> 0} lacks rights 0x${rights.toString(16)}`);
    return e;
  }

  /** Checks rights on an entry already looked up. */
  need(e: FdEntry, rights: number): void {
    if ((e.rightsBase & rights) !== rights) throw sysError(Errno.NOTCAPABLE, `descriptor lacks rights 0x${rights.toString(16)}`);
  }

  /** The directory handle of `fd` with `rights`: `ENOTDIR` when it is not a directory. */
  dir(fd: number, rights: number): DirHandle {
    const e = this.fds.get(fd >>> 0);
    if (e.handle.kind !== 'dir') throw sysError(Errno.NOTDIR);
    this.need(e, rights);
    return e.handle;
  }

  /**
   * Turns what a host function threw into its errno. `ExitError` and traps pass through; any
   * other exception is a bug or a host failure and becomes a trap with a clear message.
   */
  fail(e: unknown): number {
    if (e instanceof SysError) return p1Errno(e.errno);
    if (e instanceof ExitError || e instanceof Trap) throw e;
    throw new Trap(TrapCode.HostError, `host error in WASI: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The success errno, for readability at call sites. */
export const OK = ERRNO.SUCCESS;

/** Encodes a directory listing for `fd_readdir`: `.`, `..`, then the entries. */
export function makeListing(dir: DirHandle, entries: readonly DirEntry[]): ListingEntry[] {
  const own = dir.stat().ino;
  let parent = own;
  try {
    parent = dir.parentIno();
  } catch {
    parent = own;
  }
  const out: ListingEntry[] = [
    { name: encodeUtf8('.'), ino: own, type: 'directory' },
    { name: encodeUtf8('..'), ino: parent, type: 'directory' },
  ];
  for (const e of entries) out.push({ name: encodeUtf8(e.name), ino: e.ino, type: e.type });
  return out;
}
