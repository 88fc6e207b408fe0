/**
 * Conversions between `sys` file-system values and the JS values of `wasi:filesystem/types`:
 * descriptor types, stats, flags, new timestamps, directory entries and metadata hashes.
 */

import { Errno, sysError, type DirEntry, type FileStat, type FileType, type TimeSpec } from '../../sys/index.js';
import { fromDatetime, toDatetime, type Datetime } from './clocks.js';
import type { DescriptorFlagSet } from './host-state.js';

/** The cases of `descriptor-type`. */
export type DescriptorType =
  | 'unknown'
  | 'block-device'
  | 'character-device'
  | 'directory'
  | 'fifo'
  | 'symbolic-link'
  | 'regular-file'
  | 'socket';

/** The `descriptor-type` of a `sys` file type. */
export function descriptorType(t: FileType): DescriptorType {
  return t === 'socket-dgram' || t === 'socket-stream' ? 'socket' : t;
}

type OptionalDatetime = { readonly tag: 'none' } | { readonly tag: 'some'; readonly val: Datetime };

/** The JS value of `descriptor-stat`. */
export interface DescriptorStatValue {
  readonly type: DescriptorType;
  readonly 'link-count': bigint;
  readonly size: bigint;
  readonly 'data-access-timestamp': OptionalDatetime;
  readonly 'data-modification-timestamp': OptionalDatetime;
  readonly 'status-change-timestamp': OptionalDatetime;
}

function timestamp(ns: bigint): OptionalDatetime {
  // Note: a time before 1970 cannot be a datetime (u64 seconds); report it as not maintained.
  return ns < 0n ? { tag: 'none' } : { tag: 'some', val: toDatetime(ns) };
}

/** The `descriptor-stat` of `sys` metadata. */
export function descriptorStat(st: FileStat): DescriptorStatValue {
  return {
    type: descriptorType(st.type),
    'link-count': st.nlink,
    size: st.size,
    'data-access-timestamp': timestamp(st.atim),
    'data-modification-timestamp': timestamp(st.mtim),
    'status-change-timestamp': timestamp(st.ctim),
  };
}

/** The JS value of `directory-entry`. */
export interface DirectoryEntryValue {
  readonly type: DescriptorType;
  readonly name: string;
}

/** The `directory-entry` of a `sys` listing entry. */
export function directoryEntry(e: DirEntry): DirectoryEntryValue {
  return { type: descriptorType(e.type), name: e.name };
}

/** The JS value of `descriptor-flags` (lifted flags carry every name). */
export type DescriptorFlagsValue = Readonly<Record<string, boolean>>;

/** Reads the guest's `descriptor-flags`. */
export function flagSet(v: DescriptorFlagsValue): DescriptorFlagSet {
  return {
    read: v.read === true,
    write: v.write === true,
    fileIntegritySync: v['file-integrity-sync'] === true,
    dataIntegritySync: v['data-integrity-sync'] === true,
    requestedWriteSync: v['requested-write-sync'] === true,
    mutateDirectory: v['mutate-directory'] === true,
  };
}

/** The `descriptor-flags` value of a flag set. */
export function flagsValue(f: DescriptorFlagSet): DescriptorFlagsValue {
  return {
    read: f.read,
    write: f.write,
    'file-integrity-sync': f.fileIntegritySync,
    'data-integrity-sync': f.dataIntegritySync,
    'requested-write-sync': f.requestedWriteSync,
    'mutate-directory': f.mutateDirectory,
  };
}

/** The JS value of `new-timestamp`. */
export type NewTimestampValue =
  | { readonly tag: 'no-change' }
  | { readonly tag: 'now' }
  | { readonly tag: 'timestamp'; readonly val: Datetime };

const NS_PER_S = 1_000_000_000;

/** The `sys` time to set for a `new-timestamp`; `EINVAL` for nanoseconds of a second or more. */
export function timeSpec(t: NewTimestampValue): TimeSpec {
  switch (t.tag) {
    case 'no-change':
      return 'omit';
    case 'now':
      return 'now';
    case 'timestamp':
      if (t.val.nanoseconds >= NS_PER_S) throw sysError(Errno.INVAL, 'nanoseconds must be below 10^9');
      return fromDatetime(t.val);
  }
}

/** The JS value of `metadata-hash-value`. */
export interface MetadataHashValue {
  readonly lower: bigint;
  readonly upper: bigint;
}

const M64 = (1n << 64n) - 1n;

/** A 64-bit finaliser (splitmix64's): every input bit affects every output bit. */
function mix64(x: bigint): bigint {
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & M64;
  return x ^ (x >> 31n);
}

/**
 * The `metadata-hash-value` of an object: a keyed hash of its device and inode numbers.
 *
 * Note: the interface suggests hashing the modification time and size too, but the Preview 1
 * adapter (how most 0.2 components do file I/O) reports this hash as the inode number, which must
 * not change when a file is written. Like wasmtime we hash only the identity, keyed by a secret of
 * the instance so that the numbers themselves cannot be read back from the hash.
 */
export function metadataHash(st: FileStat, key: bigint): MetadataHashValue {
  const lower = mix64(mix64((st.dev ^ key) & M64) ^ (st.ino & M64));
  const upper = mix64(lower ^ 0x9e3779b97f4a7c15n);
  return { lower, upper };
}
