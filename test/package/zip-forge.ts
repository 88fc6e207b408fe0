// Test helper: builds zip archives byte by byte with every field under the test's control, so
// hostile archives (lying sizes, bad flags, symlinks, overlapping entries, ...) can be made.
import { deflateSync } from 'fflate';

/** One entry to forge. Unset fields take the honest value. */
export interface ForgeEntry {
  name: string | Uint8Array;
  data?: Uint8Array;
  /** 0 (stored, default) or 8 (deflate) or anything else. */
  method?: number;
  /** Raw bytes stored in the archive (default: data, deflated when method is 8). */
  raw?: Uint8Array;
  flags?: number;
  crc?: number;
  size?: number;
  compressedSize?: number;
  madeBy?: number;
  externalAttrs?: number;
  extra?: Uint8Array;
  localName?: string | Uint8Array;
  localFlags?: number;
  localMethod?: number;
  localCrc?: number;
  localSize?: number;
  localCompressedSize?: number;
  localExtra?: Uint8Array;
  /** Write a data descriptor after the data (sets flag bit 3 unless flags is given). */
  descriptor?: boolean;
  diskStart?: number;
  /** Point the central record at another entry's local header (by index). */
  localHeaderOf?: number;
  /** Point the central record at this absolute offset. */
  localOffset?: number;
}

/** Archive-level overrides. */
export interface ForgeOptions {
  entryCount?: number;
  entriesOnDisk?: number;
  diskNumber?: number;
  directoryOffset?: number;
  directorySize?: number;
  comment?: Uint8Array;
  /** Bytes appended after the end record (not counted in its comment length). */
  trailing?: Uint8Array;
  /** Insert a ZIP64 end-of-central-directory locator before the end record. */
  zip64Locator?: boolean;
}

const enc = new TextEncoder();

/** The CRC-32 of `b` (independent of the one under test). */
export function crc(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

class Out {
  bytes: number[] = [];
  u16(v: number): void {
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff);
  }
  u32(v: number): void {
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  raw(b: Uint8Array | number[]): void {
    for (const x of b) this.bytes.push(x);
  }
}

function asBytes(n: string | Uint8Array): Uint8Array {
  return typeof n === 'string' ? enc.encode(n) : n;
}

/** Builds the archive. */
export function forgeZip(entries: readonly ForgeEntry[], options: ForgeOptions = {}): Uint8Array {
  const out = new Out();
  const offsets: number[] = [];
  const facts = entries.map((e) => {
    const data = e.data ?? new Uint8Array(0);
    const method = e.method ?? 0;
    const raw = e.raw ?? (method === 8 ? deflateSync(data) : data);
    const name = asBytes(e.name);
    const nonAscii = name.some((b) => b >= 0x80);
    const flags = e.flags ?? ((nonAscii ? 1 << 11 : 0) | (e.descriptor ? 1 << 3 : 0));
    return {
      e,
      method,
      raw,
      name,
      flags,
      crc: e.crc ?? crc(data),
      size: e.size ?? data.length,
      csize: e.compressedSize ?? raw.length,
    };
  });
  for (const f of facts) {
    offsets.push(out.bytes.length);
    const localName = f.e.localName === undefined ? f.name : asBytes(f.e.localName);
    const localExtra = f.e.localExtra ?? new Uint8Array(0);
    out.u32(0x04034b50);
    out.u16(20);
    out.u16(f.e.localFlags ?? f.flags);
    out.u16(f.e.localMethod ?? f.method);
    out.u16(0);
    out.u16(0x21);
    const desc = f.e.descriptor === true;
    out.u32(f.e.localCrc ?? (desc ? 0 : f.crc));
    out.u32(f.e.localCompressedSize ?? (desc ? 0 : f.csize));
    out.u32(f.e.localSize ?? (desc ? 0 : f.size));
    out.u16(localName.length);
    out.u16(localExtra.length);
    out.raw(localName);
    out.raw(localExtra);
    out.raw(f.raw);
    if (desc) {
      out.u32(0x08074b50);
      out.u32(f.crc);
      out.u32(f.csize);
      out.u32(f.size);
    }
  }
  const cdStart = out.bytes.length;
  facts.forEach((f, i) => {
    const extra = f.e.extra ?? new Uint8Array(0);
    out.u32(0x02014b50);
    out.u16(f.e.madeBy ?? 20);
    out.u16(20);
    out.u16(f.flags);
    out.u16(f.method);
    out.u16(0);
    out.u16(0x21);
    out.u32(f.crc);
    out.u32(f.csize);
    out.u32(f.size);
    out.u16(f.name.length);
    out.u16(extra.length);
    out.u16(0);
    out.u16(f.e.diskStart ?? 0);
    out.u16(0);
    out.u32(f.e.externalAttrs ?? 0);
    out.u32(f.e.localOffset ?? offsets[f.e.localHeaderOf ?? i]!);
    out.raw(f.name);
    out.raw(extra);
  });
  const cdSize = out.bytes.length - cdStart;
  if (options.zip64Locator) {
    out.u32(0x07064b50);
    out.u32(0);
    out.u32(0);
    out.u32(0);
    out.u32(1);
  }
  const comment = options.comment ?? new Uint8Array(0);
  out.u32(0x06054b50);
  out.u16(options.diskNumber ?? 0);
  out.u16(0);
  out.u16(options.entriesOnDisk ?? options.entryCount ?? entries.length);
  out.u16(options.entryCount ?? entries.length);
  out.u32(options.directorySize ?? cdSize + (options.zip64Locator ? 20 : 0));
  out.u32(options.directoryOffset ?? cdStart);
  out.u16(comment.length);
  out.raw(comment);
  if (options.trailing) out.raw(options.trailing);
  return new Uint8Array(out.bytes);
}
