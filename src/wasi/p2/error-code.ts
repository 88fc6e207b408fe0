/**
 * `wasi:filesystem/types.error-code`: the one place where the portable `sys` error names become
 * WASI 0.2 error codes (Preview 1 has its own table in `wasi/p1/abi.ts`).
 */

import { Errno } from '../../sys/index.js';

/** The cases of `wasi:filesystem/types.error-code`, in declaration order. */
export const FS_ERROR_CODES = [
  'access',
  'would-block',
  'already',
  'bad-descriptor',
  'busy',
  'deadlock',
  'quota',
  'exist',
  'file-too-large',
  'illegal-byte-sequence',
  'in-progress',
  'interrupted',
  'invalid',
  'io',
  'is-directory',
  'loop',
  'too-many-links',
  'message-size',
  'name-too-long',
  'no-device',
  'no-entry',
  'no-lock',
  'insufficient-memory',
  'insufficient-space',
  'not-directory',
  'not-empty',
  'not-recoverable',
  'unsupported',
  'no-tty',
  'no-such-device',
  'overflow',
  'not-permitted',
  'pipe',
  'read-only',
  'invalid-seek',
  'text-file-busy',
  'cross-device',
] as const;

/** One case of `wasi:filesystem/types.error-code` (its JS value is the case name). */
export type FsErrorCode = (typeof FS_ERROR_CODES)[number];

const BY_ERRNO: Partial<Record<Errno, FsErrorCode>> = {
  [Errno.ACCES]: 'access',
  [Errno.AGAIN]: 'would-block',
  [Errno.ALREADY]: 'already',
  [Errno.BADF]: 'bad-descriptor',
  [Errno.BUSY]: 'busy',
  [Errno.DEADLK]: 'deadlock',
  [Errno.DQUOT]: 'quota',
  [Errno.EXIST]: 'exist',
  [Errno.FBIG]: 'file-too-large',
  [Errno.ILSEQ]: 'illegal-byte-sequence',
  [Errno.INPROGRESS]: 'in-progress',
  [Errno.INTR]: 'interrupted',
  [Errno.INVAL]: 'invalid',
  [Errno.IO]: 'io',
  [Errno.ISDIR]: 'is-directory',
  [Errno.LOOP]: 'loop',
  [Errno.MLINK]: 'too-many-links',
  [Errno.MSGSIZE]: 'message-size',
  [Errno.NAMETOOLONG]: 'name-too-long',
  [Errno.NODEV]: 'no-device',
  [Errno.NOENT]: 'no-entry',
  [Errno.NOLCK]: 'no-lock',
  [Errno.NOMEM]: 'insufficient-memory',
  // Note: error-code has no "too many open files"; running out of descriptors is running out of
  // a kernel resource, the closest case is insufficient-memory (as ENOBUFS).
  [Errno.MFILE]: 'insufficient-memory',
  [Errno.NFILE]: 'insufficient-memory',
  [Errno.NOBUFS]: 'insufficient-memory',
  [Errno.NOSPC]: 'insufficient-space',
  [Errno.NOTDIR]: 'not-directory',
  [Errno.NOTEMPTY]: 'not-empty',
  [Errno.NOTRECOVERABLE]: 'not-recoverable',
  [Errno.NOTSUP]: 'unsupported',
  [Errno.NOSYS]: 'unsupported',
  [Errno.NOTTY]: 'no-tty',
  [Errno.NXIO]: 'no-such-device',
  [Errno.OVERFLOW]: 'overflow',
  [Errno.RANGE]: 'overflow',
  [Errno.PERM]: 'not-permitted',
  // Note: the filesystem spec says a path that leaves the base directory (through `..`, an
  // absolute path or a symlink) fails with not-permitted; that is what ENOTCAPABLE means in sys.
  [Errno.NOTCAPABLE]: 'not-permitted',
  [Errno.PIPE]: 'pipe',
  [Errno.ROFS]: 'read-only',
  [Errno.SPIPE]: 'invalid-seek',
  [Errno.TXTBSY]: 'text-file-busy',
  [Errno.XDEV]: 'cross-device',
};

/** The `error-code` for a `sys` error name; anything without a counterpart is `io`. */
export function fsErrorCode(errno: Errno): FsErrorCode {
  return BY_ERRNO[errno] ?? 'io';
}
