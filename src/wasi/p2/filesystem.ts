/**
 * The `wasi:filesystem` package of WASI 0.2: `types` (descriptors with every method, directory
 * entry streams, `filesystem-error-code`) and `preopens`.
 *
 * Paths are resolved by the `sys` file systems, which hold the sandbox: `..` past a descriptor's
 * directory, absolute paths and symlinks that lead out fail with `not-permitted`. Above that this
 * layer keeps each descriptor's `descriptor-flags`:
 * - `read`/`write` gate data access on files (`bad-descriptor` otherwise);
 * - `mutate-directory` gates every change made through a directory (`read-only` otherwise, after
 *   the errors the operation would report anyway, as the interface asks); preopens have it and
 *   directories opened below a mutable directory inherit it (see `openAt`);
 * - the sync flags are honoured by syncing after each write through the descriptor or its streams.
 */

import type { ResourceRef } from '../../component/abi/index.js';
import type { HostInterface } from '../../component/link/host-interface.js';
import {
  Errno,
  SysError,
  sysError,
  type Advice,
  type DirHandle,
  type FileHandle,
  type OpenOptions,
} from '../../sys/index.js';
import type { P2Context } from './context.js';
import { fsErrorCode } from './error-code.js';
import {
  descriptorStat,
  descriptorType,
  directoryEntry,
  flagSet,
  flagsValue,
  metadataHash,
  timeSpec,
  type DescriptorFlagsValue,
  type NewTimestampValue,
} from './fs-values.js';
import { SharedHandle, type DescriptorFlagSet, type DescriptorState } from './host-state.js';
import { WASI_P2_VERSION } from './io.js';
import { FileSink, FileSource, MAX_READ_CHUNK, type SyncMode } from './stream-sources.js';

type PathFlags = Readonly<Record<string, boolean>>;
type OpenFlags = Readonly<Record<string, boolean>>;

const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

/** The flags of a preopened directory: readable and mutable (a read-only preopen refuses changes itself). */
const PREOPEN_FLAGS: DescriptorFlagSet = {
  read: true,
  write: false,
  fileIntegritySync: false,
  dataIntegritySync: false,
  requestedWriteSync: false,
  mutateDirectory: true,
};

/** The flags of a preopen the embedder marked read-only. */
const READ_ONLY_PREOPEN_FLAGS: DescriptorFlagSet = { ...PREOPEN_FLAGS, mutateDirectory: false };

function follows(f: PathFlags): boolean {
  return f['symlink-follow'] === true;
}

function fileOf(d: DescriptorState): FileHandle {
  const h = d.shared.handle;
  if (h.kind !== 'file') throw sysError(Errno.ISDIR);
  return h;
}

function dirOf(d: DescriptorState): DirHandle {
  const h = d.shared.handle;
  if (h.kind !== 'dir') throw sysError(Errno.NOTDIR);
  return h;
}

function needRead(d: DescriptorState): FileHandle {
  const f = fileOf(d);
  if (!d.flags.read) throw sysError(Errno.BADF, 'descriptor is not open for reading');
  return f;
}

function needWrite(d: DescriptorState): FileHandle {
  const f = fileOf(d);
  if (!d.flags.write) throw sysError(Errno.BADF, 'descriptor is not open for writing');
  return f;
}

function syncMode(f: DescriptorFlagSet): SyncMode {
  if (f.fileIntegritySync) return 'file';
  return f.dataIntegritySync || f.requestedWriteSync ? 'data' : 'none';
}

function offsetOf(v: bigint): number {
  if (v > MAX_OFFSET) throw sysError(Errno.FBIG);
  return Number(v);
}

/** Throws the error a lookup of `path` reports (used before refusing a change on a read-only descriptor). */
function probeExisting(dir: DirHandle, path: string, follow: boolean): void {
  dir.statAt(path, follow);
}

/** Throws `EEXIST` when something is at `path`, or the lookup's error other than `ENOENT`. */
function probeAbsent(dir: DirHandle, path: string): void {
  try {
    dir.statAt(path, false);
  } catch (e) {
    if (e instanceof SysError && e.errno === Errno.NOENT) return;
    throw e;
  }
  throw sysError(Errno.EXIST, path);
}

/**
 * Refuses a change through a descriptor without `mutate-directory` with `read-only`, after running
 * `probe` so that errors the operation would report anyway come first.
 */
function needMutate(d: DescriptorState, probe: () => void): DirHandle {
  const dir = dirOf(d);
  if (!d.flags.mutateDirectory) {
    probe();
    throw sysError(Errno.ROFS, 'descriptor lacks mutate-directory');
  }
  return dir;
}

/** Reads up to `length` bytes at `offset`; `eof` tells whether the end of the file was reached. */
function readAt(f: FileHandle, length: bigint, offset: bigint): [Uint8Array, boolean] {
  if (!f.seekable) throw sysError(Errno.SPIPE);
  if (offset > MAX_OFFSET) return [new Uint8Array(0), true];
  const want = length > BigInt(MAX_READ_CHUNK) ? MAX_READ_CHUNK : Number(length);
  const buf = new Uint8Array(want);
  let got = 0;
  let pos = Number(offset);
  let eof = false;
  while (got < want) {
    const n = f.pread(buf.subarray(got), pos);
    if (n === 0) {
      eof = true;
      break;
    }
    got += n;
    pos += n;
  }
  if (want === 0) eof = offset >= f.stat().size;
  return [got === want ? buf : buf.slice(0, got), eof];
}

/** `wasi:filesystem/types`. Its `resources` also carry the stream and error types it uses. */
export function filesystemTypesInterface(ctx: P2Context): HostInterface {
  const desc = (r: ResourceRef) => ctx.state(r, 'descriptor');
  const newDescriptor = (handle: FileHandle | DirHandle, flags: DescriptorFlagSet): ResourceRef =>
    ctx.own(ctx.types.descriptor, { kind: 'descriptor', shared: new SharedHandle<FileHandle | DirHandle>(handle, true), flags });
  const fileShared = (d: DescriptorState) => d.shared.retain() as unknown as SharedHandle<FileHandle>;
  const call = ctx.fsCall.bind(ctx);

  return {
    name: 'wasi:filesystem/types',
    version: WASI_P2_VERSION,
    resources: {
      descriptor: ctx.types.descriptor,
      'directory-entry-stream': ctx.types.directoryEntryStream,
      'input-stream': ctx.types.inputStream,
      'output-stream': ctx.types.outputStream,
      error: ctx.types.error,
    },
    funcs: {
      /** An input stream reading the file from `offset`. */
      '[method]descriptor.read-via-stream': (self: ResourceRef, offset: bigint) =>
        call(() => {
          const d = desc(self);
          needRead(d);
          const at = offset > MAX_OFFSET ? Number.MAX_SAFE_INTEGER : Number(offset);
          return ctx.own(ctx.types.inputStream, { kind: 'input-stream', source: new FileSource(fileShared(d), at), closed: false });
        }),
      /** An output stream writing the file from `offset`. */
      '[method]descriptor.write-via-stream': (self: ResourceRef, offset: bigint) =>
        call(() => {
          const d = desc(self);
          needWrite(d);
          const sink = new FileSink(fileShared(d), { at: offsetOf(offset) }, syncMode(d.flags));
          return ctx.own(ctx.types.outputStream, { kind: 'output-stream', sink, closed: false, permit: 0 });
        }),
      /** An output stream appending to the file. */
      '[method]descriptor.append-via-stream': (self: ResourceRef) =>
        call(() => {
          const d = desc(self);
          needWrite(d);
          const sink = new FileSink(fileShared(d), 'append', syncMode(d.flags));
          return ctx.own(ctx.types.outputStream, { kind: 'output-stream', sink, closed: false, permit: 0 });
        }),
      /** Passes an access-pattern hint for a range of the file. */
      '[method]descriptor.advise': (self: ResourceRef, offset: bigint, length: bigint, advice: Advice) =>
        call(() => {
          const f = fileOf(desc(self));
          // Note: advice about bytes beyond any possible file is still valid advice, not an error.
          const clamp = (v: bigint) => (v > MAX_OFFSET ? Number.MAX_SAFE_INTEGER : Number(v));
          f.advise(clamp(offset), clamp(length), advice);
        }),
      /** Flushes the file's data to storage (no effect unless open for writing). */
      '[method]descriptor.sync-data': (self: ResourceRef) =>
        call(() => {
          const d = desc(self);
          const h = d.shared.handle;
          if (h.kind === 'dir') h.sync();
          else if (d.flags.write) h.datasync();
        }),
      /** The descriptor's flags. */
      '[method]descriptor.get-flags': (self: ResourceRef) => call(() => flagsValue(desc(self).flags)),
      /** The type of the object the descriptor refers to. */
      '[method]descriptor.get-type': (self: ResourceRef) =>
        call(() => {
          const h = desc(self).shared.handle;
          return h.kind === 'dir' ? 'directory' : descriptorType(h.fileType);
        }),
      /** Truncates or zero-extends the file. */
      '[method]descriptor.set-size': (self: ResourceRef, size: bigint) => call(() => needWrite(desc(self)).setSize(offsetOf(size))),
      /** Sets the access and modification times of the descriptor's object. */
      '[method]descriptor.set-times': (self: ResourceRef, atim: NewTimestampValue, mtim: NewTimestampValue) =>
        call(() => {
          const d = desc(self);
          const h = d.shared.handle;
          const a = timeSpec(atim);
          const m = timeSpec(mtim);
          if (h.kind === 'dir' && !d.flags.mutateDirectory) throw sysError(Errno.ROFS, 'descriptor lacks mutate-directory');
          h.setTimes(a, m);
        }),
      /** Reads up to `length` bytes at `offset` without a file position; the bool says whether the end was reached. */
      '[method]descriptor.read': (self: ResourceRef, length: bigint, offset: bigint) => call(() => readAt(needRead(desc(self)), length, offset)),
      /** Writes `buffer` at `offset` (extending the file); returns the byte count. */
      '[method]descriptor.write': (self: ResourceRef, buffer: Uint8Array, offset: bigint) =>
        call(() => {
          const d = desc(self);
          const f = needWrite(d);
          if (!f.seekable) throw sysError(Errno.SPIPE);
          let pos = offsetOf(offset);
          if (pos + buffer.length > Number.MAX_SAFE_INTEGER) throw sysError(Errno.FBIG);
          let done = 0;
          while (done < buffer.length) {
            const n = f.pwrite(buffer.subarray(done), pos);
            if (n <= 0) throw sysError(Errno.IO, 'write made no progress');
            done += n;
            pos += n;
          }
          const mode = syncMode(d.flags);
          if (mode === 'file') f.sync();
          else if (mode === 'data') f.datasync();
          return BigInt(done);
        }),
      /** A stream of the directory's entries (without `.` and `..`), from the beginning. */
      '[method]descriptor.read-directory': (self: ResourceRef) =>
        call(() => {
          const entries = dirOf(desc(self)).readdir();
          return ctx.own(ctx.types.directoryEntryStream, { kind: 'directory-entry-stream', entries, next: 0 });
        }),
      /** Flushes data and metadata to storage (no effect on a file not open for writing). */
      '[method]descriptor.sync': (self: ResourceRef) =>
        call(() => {
          const d = desc(self);
          const h = d.shared.handle;
          if (h.kind === 'dir') h.sync();
          else if (d.flags.write) h.sync();
        }),
      /** Creates a directory. */
      '[method]descriptor.create-directory-at': (self: ResourceRef, path: string) =>
        call(() => {
          const d = desc(self);
          needMutate(d, () => probeAbsent(dirOf(d), path)).mkdirAt(path);
        }),
      /** Metadata of the descriptor's object. */
      '[method]descriptor.stat': (self: ResourceRef) => call(() => descriptorStat(desc(self).shared.handle.stat())),
      /** Metadata of the object at `path`. */
      '[method]descriptor.stat-at': (self: ResourceRef, flags: PathFlags, path: string) =>
        call(() => descriptorStat(dirOf(desc(self)).statAt(path, follows(flags)))),
      /** Sets the times of the object at `path`. */
      '[method]descriptor.set-times-at': (self: ResourceRef, flags: PathFlags, path: string, atim: NewTimestampValue, mtim: NewTimestampValue) =>
        call(() => {
          const d = desc(self);
          const a = timeSpec(atim);
          const m = timeSpec(mtim);
          needMutate(d, () => probeExisting(dirOf(d), path, follows(flags))).setTimesAt(path, follows(flags), a, m);
        }),
      /** Creates a hard link `newPath` (under `newDescriptor`) to `oldPath`. */
      '[method]descriptor.link-at': (self: ResourceRef, flags: PathFlags, oldPath: string, newDescriptor: ResourceRef, newPath: string) =>
        call(() => {
          const d = desc(self);
          const nd = desc(newDescriptor);
          const from = needMutate(d, () => {
            probeExisting(dirOf(d), oldPath, follows(flags));
            probeAbsent(dirOf(nd), newPath);
          });
          const to = needMutate(nd, () => probeAbsent(dirOf(nd), newPath));
          from.linkAt(oldPath, follows(flags), to, newPath);
        }),
      /** Opens the object at `path`. */
      '[method]descriptor.open-at': (self: ResourceRef, pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlagsValue) =>
        call(() => openAt(desc(self), pathFlags, path, openFlags, flagSet(flags), newDescriptor)),
      /** The contents of the symlink at `path` (an absolute target is refused with `not-permitted`). */
      '[method]descriptor.readlink-at': (self: ResourceRef, path: string) =>
        call(() => {
          const target = dirOf(desc(self)).readlinkAt(path);
          if (target.startsWith('/')) throw sysError(Errno.PERM, 'symlink target is an absolute path');
          return target;
        }),
      /** Removes an empty directory. */
      '[method]descriptor.remove-directory-at': (self: ResourceRef, path: string) =>
        call(() => {
          const d = desc(self);
          needMutate(d, () => {
            if (dirOf(d).statAt(path, false).type !== 'directory') throw sysError(Errno.NOTDIR, path);
          }).rmdirAt(path);
        }),
      /** Renames `oldPath` to `newPath` under `newDescriptor`. */
      '[method]descriptor.rename-at': (self: ResourceRef, oldPath: string, newDescriptor: ResourceRef, newPath: string) =>
        call(() => {
          const d = desc(self);
          const nd = desc(newDescriptor);
          const from = needMutate(d, () => probeExisting(dirOf(d), oldPath, false));
          const to = needMutate(nd, () => dirOf(nd));
          from.renameAt(oldPath, to, newPath);
        }),
      /** Creates a symlink at `newPath` containing `oldPath` (an absolute `oldPath` is refused with `not-permitted`). */
      '[method]descriptor.symlink-at': (self: ResourceRef, oldPath: string, newPath: string) =>
        call(() => {
          const d = desc(self);
          if (oldPath.startsWith('/')) throw sysError(Errno.PERM, 'symlink target is an absolute path');
          needMutate(d, () => probeAbsent(dirOf(d), newPath)).symlinkAt(oldPath, newPath);
        }),
      /** Removes a non-directory entry (`is-directory` for a directory). */
      '[method]descriptor.unlink-file-at': (self: ResourceRef, path: string) =>
        call(() => {
          const d = desc(self);
          needMutate(d, () => {
            if (dirOf(d).statAt(path, false).type === 'directory') throw sysError(Errno.ISDIR, path);
          }).unlinkAt(path);
        }),
      /** True when both descriptors refer to the same object (same device and inode). */
      '[method]descriptor.is-same-object': (self: ResourceRef, other: ResourceRef): boolean =>
        ctx.guard('is-same-object', () => {
          const a = desc(self).shared.handle.stat();
          const b = desc(other).shared.handle.stat();
          return a.dev === b.dev && a.ino === b.ino;
        }),
      /** A hash identifying the descriptor's object. */
      '[method]descriptor.metadata-hash': (self: ResourceRef) =>
        call(() => metadataHash(desc(self).shared.handle.stat(), ctx.metadataHashKey())),
      /** A hash identifying the object at `path`. */
      '[method]descriptor.metadata-hash-at': (self: ResourceRef, flags: PathFlags, path: string) =>
        call(() => metadataHash(dirOf(desc(self)).statAt(path, follows(flags)), ctx.metadataHashKey())),
      /** The next entry, or none at the end. */
      '[method]directory-entry-stream.read-directory-entry': (self: ResourceRef) =>
        call(() => {
          const s = ctx.state(self, 'directory-entry-stream');
          const e = s.entries[s.next];
          if (e === undefined) return { tag: 'none' };
          s.next++;
          return { tag: 'some', val: directoryEntry(e) };
        }),
      /** The filesystem error code behind a stream error, when it has one. */
      'filesystem-error-code': (err: ResourceRef) => {
        const e = ctx.state(err, 'error');
        return e.errno === undefined ? { tag: 'none' } : { tag: 'some', val: fsErrorCode(e.errno) };
      },
    },
  };
}

/** `open-at`: checks the flags against the base descriptor, opens through `sys`, and makes the new descriptor. */
function openAt(
  base: DescriptorState,
  pathFlags: PathFlags,
  path: string,
  openFlags: OpenFlags,
  flags: DescriptorFlagSet,
  make: (h: FileHandle | DirHandle, flags: DescriptorFlagSet) => ResourceRef,
): ResourceRef {
  const dir = dirOf(base);
  const create = openFlags.create === true;
  const truncate = openFlags.truncate === true;
  const exclusive = openFlags.exclusive === true;
  const directory = openFlags.directory === true;
  if ((flags.write || flags.mutateDirectory || truncate || create) && !base.flags.mutateDirectory) {
    throw sysError(Errno.ROFS, 'the base descriptor lacks mutate-directory');
  }
  if (directory && (create || exclusive || truncate)) throw sysError(Errno.INVAL, 'directory with create, exclusive or truncate');
  const opts: OpenOptions = {
    follow: follows(pathFlags),
    create,
    exclusive,
    truncate,
    directory,
    // Note: with neither read nor write asked for, the object is opened for reading so the host
    // can open it at all; the descriptor's own flags still refuse data access.
    read: flags.read || !flags.write,
    write: flags.write,
  };
  const h = dir.openAt(path, opts);
  if (h.kind === 'dir') {
    // Note: a directory opened below a mutable one is mutable whether or not the guest asked for
    // mutate-directory. The Preview 1 adapter (how C and Rust wasip1 programs reach 0.2) never
    // asks for it, so the strict reading would make `openat(dirfd, "x", O_CREAT)` fail; wasmtime
    // treats mutability as a property of the preopened tree in the same way. Asking for it from
    // a read-only base is still refused above, as the interface says.
    return make(h, { ...flags, write: false, mutateDirectory: base.flags.mutateDirectory });
  }
  // Note: mutate-directory "may only be set on directories": on anything else it means nothing.
  return make(h, { ...flags, mutateDirectory: false });
}

/** `wasi:filesystem/preopens`. */
export function filesystemPreopensInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:filesystem/preopens',
    version: WASI_P2_VERSION,
    resources: { descriptor: ctx.types.descriptor },
    funcs: {
      /** The preopened directories with the names the guest sees them under. */
      'get-directories': (): [ResourceRef, string][] => {
        const out: [ResourceRef, string][] = [];
        for (const p of ctx.sys.preopens) {
          if (p.kind !== 'dir') continue;
          // Note: the embedder owns the preopened handle; dropping the descriptor never closes it.
          const shared = new SharedHandle<FileHandle | DirHandle>(p.handle, false);
          const flags = (p as { readonly readOnly?: boolean }).readOnly === true ? READ_ONLY_PREOPEN_FLAGS : PREOPEN_FLAGS;
          out.push([ctx.own(ctx.types.descriptor, { kind: 'descriptor', shared, flags }), p.guestPath]);
        }
        return out;
      },
    },
  };
}
