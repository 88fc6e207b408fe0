/**
 * A strict reader of a zip archive's structure: the end-of-central-directory record, the central
 * directory and each entry's local header. It refuses everything a `.kpioapp` never needs and that
 * hostile archives use (ZIP64, split archives, encryption, symlinks, overlapping entries, lying
 * sizes, ambiguous name encodings) before a single byte is decompressed.
 *
 * Note: fflate does the (de)compression, but it exposes neither raw name bytes, general-purpose
 * flags nor external attributes, and these are exactly what the security checks need; the zip
 * container is simple enough that one careful parser here beats two parsers that could disagree.
 */

import { decodeUtf8Strict } from '../util/utf8.js';
import { checkRelativePath, collisionKey } from './entry-path.js';
import { PackageError, PackageErrorCode } from './errors.js';
import type { UnpackLimits } from './limits.js';

/** One entry of the central directory, checked against its local header. */
export interface ZipEntry {
  /** The entry name, decoded and checked by {@link checkRelativePath}. */
  readonly name: string;
  /** True for a directory entry (name ends in `/`, no data). */
  readonly isDirectory: boolean;
  /** 0 (stored) or 8 (deflate). */
  readonly method: 0 | 8;
  /** The general-purpose bit flags. */
  readonly flags: number;
  /** CRC-32 of the uncompressed data. */
  readonly crc32: number;
  /** Size of the data in the archive. */
  readonly compressedSize: number;
  /** Declared uncompressed size. */
  readonly size: number;
  /** Absolute offset of the entry's data in the archive. */
  readonly dataOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;

const FLAG_ENCRYPTED = 1 << 0;
const FLAG_DESCRIPTOR = 1 << 3;
const FLAG_PATCHED = 1 << 5;
const FLAG_STRONG_ENCRYPTION = 1 << 6;
const FLAG_UTF8 = 1 << 11;
const FLAG_MASKED_DIRECTORY = 1 << 13;

const HOST_UNIX = 3;
const HOST_OSX = 19;
const HOSTS_DOS = new Set([0, 10, 11, 14]); // MS-DOS/FAT, Windows NTFS, VFAT, VFAT again in some tools
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const DOS_REPARSE_POINT = 0x400;

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/**
 * Parses and checks the directory of a zip archive. `file` names the archive in errors.
 * Throws {@link PackageError} for anything unsafe or inconsistent; returns the entries in
 * central-directory order.
 */
export function readZipDirectory(bytes: Uint8Array, limits: UnpackLimits, file: string): ZipEntry[] {
  const fail = (code: PackageErrorCode, problem: string, entry?: string): never => {
    throw new PackageError(code, { file, entry }, problem);
  };
  if (bytes.length > limits.maxArchiveBytes) {
    fail(PackageErrorCode.ArchiveTooLarge, `the archive is ${bytes.length} bytes, over the limit of ${limits.maxArchiveBytes}`);
  }
  const eocd = findEndOfCentralDirectory(bytes, fail);
  const diskNumber = u16(bytes, eocd + 4);
  const directoryDisk = u16(bytes, eocd + 6);
  const entriesOnDisk = u16(bytes, eocd + 8);
  const entryCount = u16(bytes, eocd + 10);
  const directorySize = u32(bytes, eocd + 12);
  const directoryOffset = u32(bytes, eocd + 16);
  if (
    entryCount === 0xffff ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff ||
    (eocd >= 20 && u32(bytes, eocd - 20) === SIG_ZIP64_LOCATOR)
  ) {
    fail(PackageErrorCode.Zip64, 'ZIP64 archives are not supported (a .kpioapp never needs them)');
  }
  if (diskNumber !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) {
    fail(PackageErrorCode.MultiDisk, 'split (multi-disk) archives are not supported');
  }
  if (entryCount > limits.maxEntries) {
    fail(PackageErrorCode.TooManyEntries, `the archive has ${entryCount} entries, over the limit of ${limits.maxEntries}`);
  }
  if (directoryOffset + directorySize > eocd) {
    fail(
      PackageErrorCode.Truncated,
      `the archive is truncated: its central directory (offset ${directoryOffset}, ${directorySize} bytes) ` +
        `runs past the end record at offset ${eocd}`,
    );
  }
  if (directoryOffset + directorySize !== eocd) {
    fail(PackageErrorCode.Corrupt, `${eocd - directoryOffset - directorySize} unexplained bytes lie between the central directory and its end record`);
  }

  const entries: ZipEntry[] = [];
  const ranges: { start: number; end: number; name: string }[] = [];
  const seen = new Map<string, string>();
  let total = 0;
  let pos = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (pos + CENTRAL_SIZE > eocd || u32(bytes, pos) !== SIG_CENTRAL) {
      fail(PackageErrorCode.Corrupt, `central directory record ${i} at offset ${pos} is missing or damaged`);
    }
    const madeBy = u16(bytes, pos + 4);
    const flags = u16(bytes, pos + 8);
    const method = u16(bytes, pos + 10);
    const crc = u32(bytes, pos + 16);
    const compressedSize = u32(bytes, pos + 20);
    const size = u32(bytes, pos + 24);
    const nameLength = u16(bytes, pos + 28);
    const extraLength = u16(bytes, pos + 30);
    const commentLength = u16(bytes, pos + 32);
    const diskStart = u16(bytes, pos + 34);
    const externalAttributes = u32(bytes, pos + 38);
    const localOffset = u32(bytes, pos + 42);
    const recordEnd = pos + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (recordEnd > eocd) fail(PackageErrorCode.Corrupt, `central directory record ${i} runs past the directory`);
    const rawName = bytes.subarray(pos + CENTRAL_SIZE, pos + CENTRAL_SIZE + nameLength);
    const name = decodeName(rawName, flags, i, fail);
    const extra = bytes.subarray(pos + CENTRAL_SIZE + nameLength, pos + CENTRAL_SIZE + nameLength + extraLength);
    pos = recordEnd;

    if (rawName.length > limits.maxNameBytes) {
      fail(PackageErrorCode.UnsafePath, `the name is longer than ${limits.maxNameBytes} bytes`, name);
    }
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_DIRECTORY) || method === 99) {
      fail(PackageErrorCode.Encrypted, 'the entry is encrypted', name);
    }
    if (flags & FLAG_PATCHED) fail(PackageErrorCode.UnsupportedCompression, 'patched-data entries are not supported', name);
    if (method !== 0 && method !== 8) {
      fail(PackageErrorCode.UnsupportedCompression, `compression method ${method} is not supported (only stored and deflate)`, name);
    }
    checkExtraFields(extra, name, fail);
    if (diskStart !== 0) fail(PackageErrorCode.MultiDisk, 'the entry starts on another disk of a split archive', name);

    const isDirectory = name.endsWith('/');
    checkFileType(madeBy, externalAttributes, isDirectory, name, fail);
    const pathProblem = checkRelativePath(name, isDirectory, limits.maxNameBytes);
    if (pathProblem) fail(pathProblem.code, pathProblem.problem, name);

    const key = collisionKey(isDirectory ? name.slice(0, -1) : name);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(
        PackageErrorCode.DuplicateEntry,
        earlier === name ? 'the archive has two entries with this name' : `the name collides with ${JSON.stringify(earlier)} (names equal up to case or Unicode normalization)`,
        name,
      );
    }
    seen.set(key, name);

    if (isDirectory) {
      if (size !== 0) fail(PackageErrorCode.Corrupt, `the directory entry declares ${size} bytes of data`, name);
    } else {
      if (size > limits.maxEntryBytes) {
        fail(PackageErrorCode.EntryTooLarge, `the entry is ${size} bytes uncompressed, over the limit of ${limits.maxEntryBytes}`, name);
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        fail(PackageErrorCode.TotalTooLarge, `the entries add up to more than the limit of ${limits.maxTotalBytes} bytes uncompressed`, name);
      }
      if (method === 0 && compressedSize !== size) {
        fail(PackageErrorCode.SizeMismatch, `the stored entry declares ${compressedSize} bytes in the archive but ${size} uncompressed`, name);
      }
      if (size > limits.ratioThresholdBytes && size > limits.maxRatio * Math.max(compressedSize, 1)) {
        fail(
          PackageErrorCode.CompressionRatio,
          `the entry expands from ${compressedSize} to ${size} bytes, a ratio over the limit of ${limits.maxRatio}:1 (a compression bomb)`,
          name,
        );
      }
    }

    const local = checkLocalHeader(bytes, localOffset, directoryOffset, {
      rawName,
      flags,
      method,
      crc,
      compressedSize,
      size,
      name,
    }, fail);
    ranges.push({ start: localOffset, end: local.end, name });
    entries.push({
      name,
      isDirectory,
      method: method as 0 | 8,
      flags,
      crc32: crc,
      compressedSize,
      size,
      dataOffset: local.dataOffset,
    });
  }
  if (pos !== eocd) fail(PackageErrorCode.Corrupt, 'the central directory is longer than its records');
  if (total > limits.ratioThresholdBytes && total > limits.maxRatio * bytes.length) {
    fail(PackageErrorCode.CompressionRatio, `the archive expands from ${bytes.length} to ${total} bytes, a ratio over the limit of ${limits.maxRatio}:1 (a compression bomb)`);
  }
  checkNoOverlap(ranges, fail);
  checkNoFileDirectoryConflict(entries, fail);
  return entries;
}

type Fail = (code: PackageErrorCode, problem: string, entry?: string) => never;

function findEndOfCentralDirectory(bytes: Uint8Array, fail: Fail): number {
  // Note: the record is followed only by its comment, so a real record satisfies
  // offset + 22 + commentLength === length; a signature inside the comment does not.
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (u32(bytes, at) === SIG_EOCD && at + EOCD_SIZE + u16(bytes, at + 20) === bytes.length) return at;
  }
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    const end = at + EOCD_SIZE + u16(bytes, at + 20);
    if (u32(bytes, at) === SIG_EOCD && end < bytes.length) {
      return fail(PackageErrorCode.Corrupt, `${bytes.length - end} unexpected bytes follow the end-of-central-directory record`);
    }
  }
  if (bytes.length >= 4 && u32(bytes, 0) === SIG_LOCAL) {
    return fail(PackageErrorCode.Truncated, 'the archive is truncated (it starts like a zip but has no end-of-central-directory record)');
  }
  return fail(PackageErrorCode.NotZip, 'not a zip archive (no end-of-central-directory record)');
}

function decodeName(raw: Uint8Array, flags: number, index: number, fail: Fail): string {
  const printable = (): string => Array.from(raw, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  if (flags & FLAG_UTF8) {
    const name = decodeUtf8Strict(raw);
    if (name === null) return fail(PackageErrorCode.BadNameEncoding, `the name of entry ${index} is flagged UTF-8 but is not valid UTF-8`, printable());
    return name;
  }
  // Note: without the flag, zip says the name is CP437, which other tools decode differently;
  // only ASCII means the same thing everywhere.
  if (raw.some((b) => b >= 0x80)) {
    return fail(PackageErrorCode.BadNameEncoding, `the name of entry ${index} has non-ASCII bytes but no UTF-8 flag`, printable());
  }
  return String.fromCharCode(...raw);
}

function checkExtraFields(extra: Uint8Array, name: string, fail: Fail): void {
  let at = 0;
  while (at < extra.length) {
    if (at + 4 > extra.length) fail(PackageErrorCode.Corrupt, 'the extra field is malformed', name);
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (at + 4 + length > extra.length) fail(PackageErrorCode.Corrupt, 'the extra field is malformed', name);
    if (id === 0x0001) fail(PackageErrorCode.Zip64, 'the entry has a ZIP64 extra field (not supported)', name);
    if (id === 0x9901) fail(PackageErrorCode.Encrypted, 'the entry is AES-encrypted', name);
    at += 4 + length;
  }
}

function checkFileType(madeBy: number, attributes: number, isDirectory: boolean, name: string, fail: Fail): void {
  const host = madeBy >>> 8;
  if (host === HOST_UNIX || host === HOST_OSX) {
    const type = (attributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) fail(PackageErrorCode.Symlink, 'symbolic links are not allowed in packages', name);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
      fail(PackageErrorCode.SpecialFile, `the entry is not a regular file or directory (mode 0o${(attributes >>> 16).toString(8)})`, name);
    }
    if (type === S_IFDIR && !isDirectory) fail(PackageErrorCode.Corrupt, 'the entry is marked as a directory but its name does not end in "/"', name);
    if (type === S_IFREG && isDirectory) fail(PackageErrorCode.Corrupt, 'the entry is marked as a regular file but its name ends in "/"', name);
  } else if (HOSTS_DOS.has(host)) {
    if (attributes & DOS_REPARSE_POINT) fail(PackageErrorCode.Symlink, 'reparse points (Windows links) are not allowed in packages', name);
    if (attributes & DOS_DIRECTORY && !isDirectory) fail(PackageErrorCode.Corrupt, 'the entry is marked as a directory but its name does not end in "/"', name);
  }
}

interface CentralFacts {
  readonly rawName: Uint8Array;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly name: string;
}

function checkLocalHeader(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  c: CentralFacts,
  fail: Fail,
): { dataOffset: number; end: number } {
  const mismatch = (what: string): never => fail(PackageErrorCode.HeaderMismatch, `the local header disagrees with the central directory about the ${what}`, c.name);
  if (offset + LOCAL_SIZE > limit) {
    fail(PackageErrorCode.Truncated, `the local header at offset ${offset} lies outside the archive data`, c.name);
  }
  if (u32(bytes, offset) !== SIG_LOCAL) fail(PackageErrorCode.Corrupt, `no local header at offset ${offset}`, c.name);
  const flags = u16(bytes, offset + 6);
  const method = u16(bytes, offset + 8);
  const nameLength = u16(bytes, offset + 26);
  const extraLength = u16(bytes, offset + 28);
  const dataOffset = offset + LOCAL_SIZE + nameLength + extraLength;
  if (dataOffset > limit) fail(PackageErrorCode.Truncated, 'the local header runs past the archive data', c.name);
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) fail(PackageErrorCode.Encrypted, 'the entry is encrypted', c.name);
  if (method !== c.method) mismatch('compression method');
  if ((flags & FLAG_DESCRIPTOR) !== (c.flags & FLAG_DESCRIPTOR)) mismatch('data descriptor flag');
  const localName = bytes.subarray(offset + LOCAL_SIZE, offset + LOCAL_SIZE + nameLength);
  if (localName.length !== c.rawName.length || localName.some((b, i) => b !== c.rawName[i])) mismatch('name');
  checkExtraFields(bytes.subarray(offset + LOCAL_SIZE + nameLength, dataOffset), c.name, fail);
  const localCrc = u32(bytes, offset + 14);
  const localCompressed = u32(bytes, offset + 18);
  const localSize = u32(bytes, offset + 22);
  const dataEnd = dataOffset + c.compressedSize;
  if (dataEnd > limit) {
    fail(PackageErrorCode.Truncated, `the entry's ${c.compressedSize} bytes of data run past the archive data`, c.name);
  }
  if (!(flags & FLAG_DESCRIPTOR)) {
    if (localCrc !== c.crc) mismatch('CRC-32');
    if (localCompressed !== c.compressedSize || localSize !== c.size) mismatch('sizes');
    return { dataOffset, end: dataEnd };
  }
  // Note: with a data descriptor the local fields may be zero, and the true values follow the
  // data, optionally after a signature; both must agree with the central directory.
  if ((localCrc !== 0 && localCrc !== c.crc) || (localCompressed !== 0 && localCompressed !== c.compressedSize) || (localSize !== 0 && localSize !== c.size)) {
    mismatch('sizes or CRC-32');
  }
  let at = dataEnd;
  if (at + 4 <= limit && u32(bytes, at) === SIG_DESCRIPTOR) at += 4;
  if (at + 12 > limit) fail(PackageErrorCode.Truncated, 'the data descriptor runs past the archive data', c.name);
  if (u32(bytes, at) !== c.crc || u32(bytes, at + 4) !== c.compressedSize || u32(bytes, at + 8) !== c.size) {
    fail(PackageErrorCode.HeaderMismatch, 'the data descriptor disagrees with the central directory', c.name);
  }
  return { dataOffset, end: at + 12 };
}

function checkNoOverlap(ranges: { start: number; end: number; name: string }[], fail: Fail): void {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.start < prev.end) {
      fail(PackageErrorCode.OverlappingEntries, `the entry's bytes overlap those of ${JSON.stringify(prev.name)} (an overlapping-entry compression bomb)`, cur.name);
    }
  }
}

function checkNoFileDirectoryConflict(entries: readonly ZipEntry[], fail: Fail): void {
  const files = new Map<string, string>();
  for (const e of entries) if (!e.isDirectory) files.set(collisionKey(e.name), e.name);
  for (const e of entries) {
    const parts = (e.isDirectory ? e.name.slice(0, -1) : e.name).split('/');
    for (let n = 1; n < parts.length + (e.isDirectory ? 1 : 0); n++) {
      const prefix = parts.slice(0, n).join('/');
      const clash = files.get(collisionKey(prefix));
      if (clash !== undefined) {
        fail(PackageErrorCode.PathConflict, `the entry needs ${JSON.stringify(prefix)} to be a directory, but it is a file`, e.name);
      }
    }
  }
}
