/**
 * The content digest of a package: a SHA-256 over a canonical listing of its files (path, size
 * and SHA-256 of each, in UTF-8 byte order of the paths), so it names the contents, not the zip
 * bytes: re-compressing or re-ordering the archive does not change it, and any change to a file,
 * a name or the manifest does. `signatures.toml` is left out, since signatures sign the digest.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeUtf8 } from '../util/utf8.js';
import { compareUtf8 } from './entry-path.js';

/** The file that holds signatures, excluded from the digest. */
export const SIGNATURES_FILE = 'signatures.toml';

/** The prefix of every digest string. */
export const DIGEST_PREFIX = 'sha256:';

/** Returns the hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/** Computes the content digest (`sha256:<64 hex>`) of a package's files. */
export function contentDigest(files: ReadonlyMap<string, Uint8Array>): string {
  const paths = [...files.keys()].filter((p) => p !== SIGNATURES_FILE).sort(compareUtf8);
  const h = sha256.create();
  h.update(encodeUtf8('kpioapp-contents-v1\n'));
  for (const path of paths) {
    const data = files.get(path)!;
    // Note: paths never contain NUL (entry-path.ts refuses control characters), so NUL separates.
    h.update(encodeUtf8(`${path}\u0000${data.length}\u0000${sha256Hex(data)}\n`));
  }
  return DIGEST_PREFIX + bytesToHex(h.digest());
}

/** True when `s` has the form of a content digest. */
export function isDigest(s: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(s);
}
