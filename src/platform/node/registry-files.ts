/**
 * Package files on Node for the CLI: collecting an app directory for `kpio pack`, reading a
 * `.kpioapp` (with the size limit checked before reading), and writing one atomically.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PackageError, PackageErrorCode } from '../../package/errors.js';
import { DEFAULT_UNPACK_LIMITS } from '../../package/limits.js';
import { syncDirectory } from './registry-lock.js';

/**
 * Reads every regular file under `dir` as `[relative path, bytes]` pairs for `packApp`.
 * Symbolic links and special files are refused (a package holds only regular files).
 */
export async function collectAppFiles(dir: string): Promise<[string, Uint8Array][]> {
  const out: [string, Uint8Array][] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await fs.readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const childAbs = join(abs, e.name);
      if (e.isDirectory()) await walk(childAbs, childRel);
      else if (e.isFile()) out.push([childRel, new Uint8Array(await fs.readFile(childAbs))]);
      else if (e.isSymbolicLink()) throw new PackageError(PackageErrorCode.Symlink, { file: dir, entry: childRel }, 'symbolic links cannot be packed; copy the file instead');
      else throw new PackageError(PackageErrorCode.SpecialFile, { file: dir, entry: childRel }, 'only regular files and directories can be packed');
    }
  };
  await walk(dir, '');
  return out;
}

/** Reads a `.kpioapp` file, refusing files over `maxBytes` before reading them. */
export async function readPackageFile(path: string, maxBytes: number = DEFAULT_UNPACK_LIMITS.maxArchiveBytes): Promise<Uint8Array> {
  const stat = await fs.stat(path);
  if (!stat.isFile()) throw new PackageError(PackageErrorCode.NotZip, { file: path }, 'not a regular file');
  if (stat.size > maxBytes) throw new PackageError(PackageErrorCode.ArchiveTooLarge, { file: path }, `the archive is ${stat.size} bytes, over the limit of ${maxBytes}`);
  return new Uint8Array(await fs.readFile(path));
}

/** Writes a file atomically: a temporary file beside it, fsync, rename, directory fsync. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(path));
}
