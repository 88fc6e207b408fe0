/**
 * Extraction of checked zip entries into memory: stored entries are copied, deflate entries are
 * inflated by fflate in small steps that stop as soon as the output passes the declared size, and
 * every entry's CRC-32 is verified.
 */

import { Inflate } from 'fflate';
import { crc32 } from './crc32.js';
import { PackageError, PackageErrorCode } from './errors.js';
import type { ZipEntry } from './zip-directory.js';

// Note: deflate expands at most ~1032:1, so a 16 KiB step yields at most ~16 MiB before we look.
const INFLATE_STEP = 16 * 1024;

/**
 * Returns the uncompressed bytes of one entry of `archive`, checked against its declared size
 * and CRC-32. `file` names the archive in errors.
 */
export function extractEntry(archive: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const fail = (code: PackageErrorCode, problem: string): never => {
    throw new PackageError(code, { file, entry: entry.name }, problem);
  };
  const raw = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const data = entry.method === 0 ? raw.slice() : inflateBounded(raw, entry.size, fail);
  if (crc32(data) !== entry.crc32) fail(PackageErrorCode.CrcMismatch, 'the data does not match its CRC-32 (the archive is damaged or was altered)');
  return data;
}

function inflateBounded(raw: Uint8Array, declared: number, fail: (code: PackageErrorCode, problem: string) => never): Uint8Array {
  const out = new Uint8Array(declared);
  let length = 0;
  let overflow = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (overflow) return;
    if (length + chunk.length > declared) {
      overflow = true;
      return;
    }
    out.set(chunk, length);
    length += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < raw.length || at === 0; at += INFLATE_STEP) {
      const end = Math.min(raw.length, at + INFLATE_STEP);
      inflater.push(raw.subarray(at, end), end >= raw.length);
      if (overflow) break;
      if (end >= raw.length) break;
    }
  } catch (e) {
    fail(PackageErrorCode.CorruptData, `the deflate data is corrupt (${e instanceof Error ? e.message : String(e)})`);
  }
  if (overflow) fail(PackageErrorCode.SizeMismatch, `the data inflates to more than the declared ${declared} bytes`);
  if (!ended) fail(PackageErrorCode.CorruptData, 'the deflate data ends early');
  if (length !== declared) fail(PackageErrorCode.SizeMismatch, `the data inflates to ${length} bytes, not the declared ${declared}`);
  return out;
}
