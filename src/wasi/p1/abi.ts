/**
 * The `wasi_snapshot_preview1` ABI as data: function names, errno numbers (and the one mapping
 * from `sys` errnos), rights, flags, enum values and struct layouts, as the witx defines them.
 */

import type { FuncType, ValType } from '../../api/types.js';
import { Errno } from '../../sys/index.js';

/** The import module name. */
export const WASI_P1_MODULE = 'wasi_snapshot_preview1';

/** All 46 functions of the module, in witx order. */
export const WASI_P1_FUNCTIONS = [
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'fd_advise',
  'fd_allocate',
  'fd_close',
  'fd_datasync',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_pwrite',
  'fd_read',
  'fd_readdir',
  'fd_renumber',
  'fd_seek',
  'fd_sync',
  'fd_tell',
  'fd_write',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_open',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'proc_exit',
  'proc_raise',
  'sched_yield',
  'random_get',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
] as const;

/** The name of one Preview 1 function. */
export type WasiP1Function = (typeof WASI_P1_FUNCTIONS)[number];

/** Parameter types of each function (every function but `proc_exit` returns one i32 errno). */
const PARAMS: Readonly<Record<WasiP1Function, string>> = {
  args_get: 'ii',
  args_sizes_get: 'ii',
  environ_get: 'ii',
  environ_sizes_get: 'ii',
  clock_res_get: 'ii',
  clock_time_get: 'iIi',
  fd_advise: 'iIIi',
  fd_allocate: 'iII',
  fd_close: 'i',
  fd_datasync: 'i',
  fd_fdstat_get: 'ii',
  fd_fdstat_set_flags: 'ii',
  fd_fdstat_set_rights: 'iII',
  fd_filestat_get: 'ii',
  fd_filestat_set_size: 'iI',
  fd_filestat_set_times: 'iIIi',
  fd_pread: 'iiiIi',
  fd_prestat_get: 'ii',
  fd_prestat_dir_name: 'iii',
  fd_pwrite: 'iiiIi',
  fd_read: 'iiii',
  fd_readdir: 'iiiIi',
  fd_renumber: 'ii',
  fd_seek: 'iIii',
  fd_sync: 'i',
  fd_tell: 'ii',
  fd_write: 'iiii',
  path_create_directory: 'iii',
  path_filestat_get: 'iiiii',
  path_filestat_set_times: 'iiiiIIi',
  path_link: 'iiiiiii',
  path_open: 'iiiiiIIii',
  path_readlink: 'iiiiii',
  path_remove_directory: 'iii',
  path_rename: 'iiiiii',
  path_symlink: 'iiiii',
  path_unlink_file: 'iii',
  poll_oneoff: 'iiii',
  proc_exit: 'i',
  proc_raise: 'i',
  sched_yield: '',
  random_get: 'ii',
  sock_accept: 'iii',
  sock_recv: 'iiiiii',
  sock_send: 'iiiii',
  sock_shutdown: 'ii',
};

/** The exact wasm signature of every function (`i` = i32, `I` = i64 in the table above). */
export const WASI_P1_SIGNATURES: Readonly<Record<WasiP1Function, FuncType>> = Object.freeze(
  Object.fromEntries(
    WASI_P1_FUNCTIONS.map((name) => {
      const params = [...PARAMS[name]].map((c): ValType => (c === 'I' ? 'i64' : 'i32'));
      const results: ValType[] = name === 'proc_exit' ? [] : ['i32'];
      return [name, Object.freeze({ params, results })];
    }),
  ) as unknown as Record<WasiP1Function, FuncType>,
);

/** Preview 1 errno values. */
export const ERRNO = {
  SUCCESS: 0,
  TOOBIG: 1,
  ACCES: 2,
  ADDRINUSE: 3,
  ADDRNOTAVAIL: 4,
  AFNOSUPPORT: 5,
  AGAIN: 6,
  ALREADY: 7,
  BADF: 8,
  BADMSG: 9,
  BUSY: 10,
  CANCELED: 11,
  CHILD: 12,
  CONNABORTED: 13,
  CONNREFUSED: 14,
  CONNRESET: 15,
  DEADLK: 16,
  DESTADDRREQ: 17,
  DOM: 18,
  DQUOT: 19,
  EXIST: 20,
  FAULT: 21,
  FBIG: 22,
  HOSTUNREACH: 23,
  IDRM: 24,
  ILSEQ: 25,
  INPROGRESS: 26,
  INTR: 27,
  INVAL: 28,
  IO: 29,
  ISCONN: 30,
  ISDIR: 31,
  LOOP: 32,
  MFILE: 33,
  MLINK: 34,
  MSGSIZE: 35,
  MULTIHOP: 36,
  NAMETOOLONG: 37,
  NETDOWN: 38,
  NETRESET: 39,
  NETUNREACH: 40,
  NFILE: 41,
  NOBUFS: 42,
  NODEV: 43,
  NOENT: 44,
  NOEXEC: 45,
  NOLCK: 46,
  NOLINK: 47,
  NOMEM: 48,
  NOMSG: 49,
  NOPROTOOPT: 50,
  NOSPC: 51,
  NOSYS: 52,
  NOTCONN: 53,
  NOTDIR: 54,
  NOTEMPTY: 55,
  NOTRECOVERABLE: 56,
  NOTSOCK: 57,
  NOTSUP: 58,
  NOTTY: 59,
  NXIO: 60,
  OVERFLOW: 61,
  OWNERDEAD: 62,
  PERM: 63,
  PIPE: 64,
  PROTO: 65,
  PROTONOSUPPORT: 66,
  PROTOTYPE: 67,
  RANGE: 68,
  ROFS: 69,
  SPIPE: 70,
  SRCH: 71,
  STALE: 72,
  TIMEDOUT: 73,
  TXTBSY: 74,
  XDEV: 75,
  NOTCAPABLE: 76,
} as const;

/** The Preview 1 number of every `sys` errno: the single place errnos meet this ABI. */
const ERRNO_OF_SYS: Readonly<Record<Errno, number>> = (() => {
  const table = {} as Record<Errno, number>;
  for (const [name, posix] of Object.entries(Errno) as [keyof typeof Errno, Errno][]) {
    table[posix] = ERRNO[name];
  }
  return table;
})();

/** Maps a portable errno to its Preview 1 number. */
export function p1Errno(e: Errno): number {
  return ERRNO_OF_SYS[e];
}

/** Rights bits. They all fit in 30 bits, so kpio keeps them as plain numbers. */
export const RIGHTS = {
  FD_DATASYNC: 1 << 0,
  FD_READ: 1 << 1,
  FD_SEEK: 1 << 2,
  FD_FDSTAT_SET_FLAGS: 1 << 3,
  FD_SYNC: 1 << 4,
  FD_TELL: 1 << 5,
  FD_WRITE: 1 << 6,
  FD_ADVISE: 1 << 7,
  FD_ALLOCATE: 1 << 8,
  PATH_CREATE_DIRECTORY: 1 << 9,
  PATH_CREATE_FILE: 1 << 10,
  PATH_LINK_SOURCE: 1 << 11,
  PATH_LINK_TARGET: 1 << 12,
  PATH_OPEN: 1 << 13,
  FD_READDIR: 1 << 14,
  PATH_READLINK: 1 << 15,
  PATH_RENAME_SOURCE: 1 << 16,
  PATH_RENAME_TARGET: 1 << 17,
  PATH_FILESTAT_GET: 1 << 18,
  PATH_FILESTAT_SET_SIZE: 1 << 19,
  PATH_FILESTAT_SET_TIMES: 1 << 20,
  FD_FILESTAT_GET: 1 << 21,
  FD_FILESTAT_SET_SIZE: 1 << 22,
  FD_FILESTAT_SET_TIMES: 1 << 23,
  PATH_SYMLINK: 1 << 24,
  PATH_REMOVE_DIRECTORY: 1 << 25,
  PATH_UNLINK_FILE: 1 << 26,
  POLL_FD_READWRITE: 1 << 27,
  SOCK_SHUTDOWN: 1 << 28,
  SOCK_ACCEPT: 1 << 29,
} as const;

/** Every defined right. */
export const ALL_RIGHTS = (1 << 30) - 1;

const R = RIGHTS;

/** Rights that mean something on a regular file. */
export const FILE_RIGHTS =
  R.FD_DATASYNC |
  R.FD_READ |
  R.FD_SEEK |
  R.FD_FDSTAT_SET_FLAGS |
  R.FD_SYNC |
  R.FD_TELL |
  R.FD_WRITE |
  R.FD_ADVISE |
  R.FD_ALLOCATE |
  R.FD_FILESTAT_GET |
  R.FD_FILESTAT_SET_SIZE |
  R.FD_FILESTAT_SET_TIMES |
  R.POLL_FD_READWRITE;

/** Rights that mean something on a directory. */
export const DIRECTORY_RIGHTS =
  R.FD_FDSTAT_SET_FLAGS |
  R.FD_SYNC |
  R.FD_READDIR |
  R.FD_FILESTAT_GET |
  R.FD_FILESTAT_SET_TIMES |
  R.PATH_CREATE_DIRECTORY |
  R.PATH_CREATE_FILE |
  R.PATH_LINK_SOURCE |
  R.PATH_LINK_TARGET |
  R.PATH_OPEN |
  R.PATH_READLINK |
  R.PATH_RENAME_SOURCE |
  R.PATH_RENAME_TARGET |
  R.PATH_FILESTAT_GET |
  R.PATH_FILESTAT_SET_SIZE |
  R.PATH_FILESTAT_SET_TIMES |
  R.PATH_SYMLINK |
  R.PATH_REMOVE_DIRECTORY |
  R.PATH_UNLINK_FILE |
  R.POLL_FD_READWRITE;

/** What a preopened directory may hand down to what is opened beneath it. */
export const DIRECTORY_INHERITING_RIGHTS = DIRECTORY_RIGHTS | FILE_RIGHTS;

/** Rights of stdin. */
export const STDIN_RIGHTS = R.FD_READ | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE;
/** Rights of stdout and stderr. */
export const STDOUT_RIGHTS = R.FD_WRITE | R.FD_DATASYNC | R.FD_SYNC | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE;
/** Rights of a connected socket. */
export const SOCKET_RIGHTS = R.FD_READ | R.FD_WRITE | R.SOCK_SHUTDOWN | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE;
/** Rights of a listening socket. */
export const LISTENER_RIGHTS = R.SOCK_ACCEPT | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE;

/** `filetype` values. */
export const FILETYPE = {
  UNKNOWN: 0,
  BLOCK_DEVICE: 1,
  CHARACTER_DEVICE: 2,
  DIRECTORY: 3,
  REGULAR_FILE: 4,
  SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6,
  SYMBOLIC_LINK: 7,
} as const;

/** `fdflags` bits. */
export const FDFLAGS = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;
/** Every defined `fdflags` bit. */
export const ALL_FDFLAGS = 31;
/** `oflags` bits. */
export const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
/** `lookupflags` bits. */
export const LOOKUPFLAGS = { SYMLINK_FOLLOW: 1 } as const;
/** `fstflags` bits. */
export const FSTFLAGS = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;
/** `whence` values. */
export const WHENCE = { SET: 0, CUR: 1, END: 2 } as const;
/** `clockid` values. */
export const CLOCKID = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3 } as const;
/** `eventtype` values. */
export const EVENTTYPE = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;
/** `eventrwflags` bits. */
export const EVENTRWFLAGS = { FD_READWRITE_HANGUP: 1 } as const;
/** `subclockflags` bits. */
export const SUBCLOCKFLAGS = { ABSTIME: 1 } as const;
/** `riflags` bits. */
export const RIFLAGS = { RECV_PEEK: 1, RECV_WAITALL: 2 } as const;
/** `roflags` bits. */
export const ROFLAGS = { RECV_DATA_TRUNCATED: 1 } as const;
/** `sdflags` bits. */
export const SDFLAGS = { RD: 1, WR: 2 } as const;
/** `preopentype` values. */
export const PREOPENTYPE = { DIR: 0 } as const;
/** `advice` values. */
export const ADVICE = { NORMAL: 0, SEQUENTIAL: 1, RANDOM: 2, WILLNEED: 3, DONTNEED: 4, NOREUSE: 5 } as const;

/** Byte offsets and sizes of the structs the ABI passes through memory. */
export const LAYOUT = {
  /** `iovec` / `ciovec`: `buf: u32 @0, buf_len: u32 @4`. */
  IOVEC_SIZE: 8,
  /** `fdstat`: `fs_filetype: u8 @0, fs_flags: u16 @2, fs_rights_base: u64 @8, fs_rights_inheriting: u64 @16`. */
  FDSTAT_SIZE: 24,
  /** `filestat`: `dev @0, ino @8, filetype: u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56`. */
  FILESTAT_SIZE: 64,
  /** `dirent`: `d_next: u64 @0, d_ino: u64 @8, d_namlen: u32 @16, d_type: u8 @20`, then the name. */
  DIRENT_SIZE: 24,
  /** `prestat`: `tag: u8 @0, u.dir.pr_name_len: u32 @4`. */
  PRESTAT_SIZE: 8,
  /** `subscription`: `userdata: u64 @0, tag: u8 @8`, then the union at 16. */
  SUBSCRIPTION_SIZE: 48,
  /** `subscription_clock` at 16: `id: u32 @16, timeout: u64 @24, precision: u64 @32, flags: u16 @40`. */
  /** `subscription_fd_readwrite` at 16: `file_descriptor: u32 @16`. */
  /** `event`: `userdata: u64 @0, error: u16 @8, type: u8 @10, fd_readwrite { nbytes: u64 @16, flags: u16 @24 }`. */
  EVENT_SIZE: 32,
} as const;
