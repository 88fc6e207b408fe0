/**
 * Where things live in the registry home:
 *
 * ```
 * index.json                      the index (replaced atomically)
 * apps/<id>/<version>~<nonce>/    installed files of one version (immutable once renamed in)
 * data/<id>/                      the app's private data, its /data; survives updates
 * staging/<nonce>/                work area of an install or update in progress
 * ```
 * A directory under `apps/` that the index does not name, and anything under `staging/`, is
 * left over from an interrupted operation and is removed by the next locked operation.
 */

import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

/** Directory of installed app versions. */
export const APPS_DIR = 'apps';
/** Directory of app data directories. */
export const DATA_DIR = 'data';
/** Directory of in-progress work. */
export const STAGING_DIR = 'staging';

/** A fresh random name for a staging or version directory. */
export function newNonce(): string {
  return bytesToHex(randomBytes(8));
}

/** The store path of an app's data directory. */
export function dataPath(id: string): string {
  return `${DATA_DIR}/${id}`;
}

/** The store path of a newly installed version's directory. */
export function versionPath(id: string, version: string, nonce: string): string {
  return `${APPS_DIR}/${id}/${version}~${nonce}`;
}
