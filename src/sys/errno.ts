/**
 * Portable error codes of the capability layer.
 *
 * Every `sys/` operation that fails throws a {@link SysError} carrying one of these POSIX-style
 * names. Each ABI maps them to its own representation in exactly one place: WASI Preview 1 to
 * its errno numbers (`wasi/p1/abi.ts`), WASI 0.2 to its `error-code` variants.
 */

import { KpioError } from '../api/errors.js';

/** The closed set of error codes a capability can report (the POSIX names WASI uses). */
export const Errno = {
  TOOBIG: 'E2BIG',
  ACCES: 'EACCES',
  ADDRINUSE: 'EADDRINUSE',
  ADDRNOTAVAIL: 'EADDRNOTAVAIL',
  AFNOSUPPORT: 'EAFNOSUPPORT',
  AGAIN: 'EAGAIN',
  ALREADY: 'EALREADY',
  BADF: 'EBADF',
  BADMSG: 'EBADMSG',
  BUSY: 'EBUSY',
  CANCELED: 'ECANCELED',
  CHILD: 'ECHILD',
  CONNABORTED: 'ECONNABORTED',
  CONNREFUSED: 'ECONNREFUSED',
  CONNRESET: 'ECONNRESET',
  DEADLK: 'EDEADLK',
  DESTADDRREQ: 'EDESTADDRREQ',
  DOM: 'EDOM',
  DQUOT: 'EDQUOT',
  EXIST: 'EEXIST',
  FAULT: 'EFAULT',
  FBIG: 'EFBIG',
  HOSTUNREACH: 'EHOSTUNREACH',
  IDRM: 'EIDRM',
  ILSEQ: 'EILSEQ',
  INPROGRESS: 'EINPROGRESS',
  INTR: 'EINTR',
  INVAL: 'EINVAL',
  IO: 'EIO',
  ISCONN: 'EISCONN',
  ISDIR: 'EISDIR',
  LOOP: 'ELOOP',
  MFILE: 'EMFILE',
  MLINK: 'EMLINK',
  MSGSIZE: 'EMSGSIZE',
  MULTIHOP: 'EMULTIHOP',
  NAMETOOLONG: 'ENAMETOOLONG',
  NETDOWN: 'ENETDOWN',
  NETRESET: 'ENETRESET',
  NETUNREACH: 'ENETUNREACH',
  NFILE: 'ENFILE',
  NOBUFS: 'ENOBUFS',
  NODEV: 'ENODEV',
  NOENT: 'ENOENT',
  NOEXEC: 'ENOEXEC',
  NOLCK: 'ENOLCK',
  NOLINK: 'ENOLINK',
  NOMEM: 'ENOMEM',
  NOMSG: 'ENOMSG',
  NOPROTOOPT: 'ENOPROTOOPT',
  NOSPC: 'ENOSPC',
  NOSYS: 'ENOSYS',
  NOTCONN: 'ENOTCONN',
  NOTDIR: 'ENOTDIR',
  NOTEMPTY: 'ENOTEMPTY',
  NOTRECOVERABLE: 'ENOTRECOVERABLE',
  NOTSOCK: 'ENOTSOCK',
  NOTSUP: 'ENOTSUP',
  NOTTY: 'ENOTTY',
  NXIO: 'ENXIO',
  OVERFLOW: 'EOVERFLOW',
  OWNERDEAD: 'EOWNERDEAD',
  PERM: 'EPERM',
  PIPE: 'EPIPE',
  PROTO: 'EPROTO',
  PROTONOSUPPORT: 'EPROTONOSUPPORT',
  PROTOTYPE: 'EPROTOTYPE',
  RANGE: 'ERANGE',
  ROFS: 'EROFS',
  SPIPE: 'ESPIPE',
  SRCH: 'ESRCH',
  STALE: 'ESTALE',
  TIMEDOUT: 'ETIMEDOUT',
  TXTBSY: 'ETXTBSY',
  XDEV: 'EXDEV',
  /** The operation would leave the capability's sandbox (an escape attempt or a missing right). */
  NOTCAPABLE: 'ENOTCAPABLE',
} as const;

/** One of the portable error code names. */
export type Errno = (typeof Errno)[keyof typeof Errno];

const ALL_ERRNOS: ReadonlySet<string> = new Set(Object.values(Errno));

/** True when `code` is one of the portable error code names (e.g. a Node `err.code`). */
export function isErrno(code: unknown): code is Errno {
  return typeof code === 'string' && ALL_ERRNOS.has(code);
}

/**
 * The error a capability operation throws. `errno` says what went wrong; `detail` is a
 * human-readable note for logs (never shown to the guest).
 */
export class SysError extends KpioError {
  override name = 'SysError';
  constructor(
    readonly errno: Errno,
    detail?: string,
  ) {
    super(detail ? `${errno}: ${detail}` : errno);
  }
}

/** Creates a {@link SysError}; a short helper for `throw sysError(Errno.NOENT)`. */
export function sysError(errno: Errno, detail?: string): SysError {
  return new SysError(errno, detail);
}
