/**
 * `fd_readdir`: directory entries as packed `dirent` records. Cookies are positions in a snapshot
 * of the listing taken at cookie 0 (`.`, `..`, then the entries), so paging through a directory
 * that changes meanwhile neither repeats nor skips entries of the snapshot.
 */

import { Errno, sysError } from '../../sys/index.js';
import { LAYOUT, RIGHTS } from './abi.js';
import type { P1Context } from './context.js';
import { makeListing, OK, p1FileType } from './context.js';

/** The directory-reading function of one instance. */
export function fdReaddirImports(ctx: P1Context) {
  const m = ctx.mem;
  return {
    /**
     * Fills `buf` with entries starting at `cookie`; the last one may be cut off. `bufused` less
     * than `bufLen` means the end of the directory was reached.
     */
    fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
      try {
        m.refresh();
        const e = ctx.fds.get(fd >>> 0);
        const h = e.handle;
        if (h.kind !== 'dir') throw sysError(Errno.NOTDIR);
        ctx.need(e, RIGHTS.FD_READDIR);
        const cap = bufLen >>> 0;
        m.check(buf, cap);
        m.check(bufusedPtr, 4);
        if (cookie === 0n || e.listing === undefined) e.listing = makeListing(h, h.readdir());
        const listing = e.listing;
        const out = m.bytes(buf, cap);
        let off = 0;
        const header = new Uint8Array(LAYOUT.DIRENT_SIZE);
        const hv = new DataView(header.buffer);
        for (let i = cookie >= BigInt(listing.length) ? listing.length : Number(cookie); i < listing.length && off < cap; i++) {
          const ent = listing[i]!;
          header.fill(0);
          hv.setBigUint64(0, BigInt(i + 1), true);
          hv.setBigUint64(8, ent.ino, true);
          hv.setUint32(16, ent.name.length, true);
          hv.setUint8(20, p1FileType(ent.type));
          const h1 = Math.min(header.length, cap - off);
          out.set(header.subarray(0, h1), off);
          off += h1;
          const n1 = Math.min(ent.name.length, cap - off);
          out.set(ent.name.subarray(0, n1), off);
          off += n1;
        }
        m.setU32(bufusedPtr, off);
        return OK;
      } catch (err) {
        return ctx.fail(err);
      }
    },
  };
}
