/**
 * The registry store on real files: every write is flushed with fsync before it counts, renames
 * are atomic, directories are flushed after their entries change, removal never follows links,
 * and the lock is {@link acquireFileLock} on `<home>/lock`.
 */

import fs from 'node:fs/promises';
import { join } from 'node:path';
import { checkStorePath } from '../../registry/store.js';
import type { RegistryStore, StoreEntry, StoreLock } from '../../registry/store.js';
import { acquireFileLock, syncDirectory } from './registry-lock.js';
import type { FileLockOptions } from './registry-lock.js';

/** Options of {@link NodeRegistryStore}. */
export interface NodeRegistryStoreOptions {
  /** The registry home (absolute path). Created on the first write. */
  readonly home: string;
  /** Lock timing. */
  readonly lock?: Omit<FileLockOptions, 'onOperation'> | undefined;
  /**
   * Called before each file-system operation with its name and absolute path: `open`, `write`
   * (per 64 KiB chunk), `fsync`, `close`, `mkdir`, `rename`, `unlink`, `rmdir`, `fsync-dir` and
   * the lock's own steps. For fault-injection tests (kill or throw at the Nth operation).
   */
  readonly onOperation?: ((op: string, path: string) => void) | undefined;
}

const CHUNK = 64 * 1024;

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** A {@link RegistryStore} over a directory of the host file system. */
export class NodeRegistryStore implements RegistryStore {
  readonly location: string;
  private readonly hook: (op: string, path: string) => void;

  constructor(private readonly options: NodeRegistryStoreOptions) {
    this.location = options.home;
    this.hook = options.onOperation ?? (() => undefined);
  }

  /** The absolute host path of a store path (refusing paths that could leave the home). */
  hostPath(path: string): string {
    const problem = checkStorePath(path);
    if (problem) throw new Error(`store path ${JSON.stringify(path)} ${problem}`);
    return path === '' ? this.options.home : join(this.options.home, ...path.split('/'));
  }

  async readFile(path: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.hostPath(path)));
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      throw e;
    }
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const file = this.hostPath(path);
    this.hook('open', file);
    const handle = await fs.open(file, 'w');
    try {
      for (let at = 0; at < data.length || at === 0; at += CHUNK) {
        this.hook('write', file);
        const end = Math.min(data.length, at + CHUNK);
        let done = at;
        while (done < end) done += (await handle.write(data, done, end - done, done)).bytesWritten;
        if (end >= data.length) break;
      }
      this.hook('fsync', file);
      await handle.sync();
    } finally {
      this.hook('close', file);
      await handle.close();
    }
  }

  async mkdir(path: string): Promise<void> {
    const dir = this.hostPath(path);
    this.hook('mkdir', dir);
    await fs.mkdir(dir, { recursive: true });
  }

  async rename(from: string, to: string): Promise<void> {
    const a = this.hostPath(from);
    const b = this.hostPath(to);
    this.hook('rename', a);
    await fs.rename(a, b);
  }

  async remove(path: string): Promise<void> {
    if (path === '') throw new Error('refusing to remove the registry home');
    await this.removeTree(this.hostPath(path));
  }

  private async removeTree(target: string): Promise<void> {
    let stat;
    try {
      stat = await fs.lstat(target);
    } catch (e) {
      if (errno(e) === 'ENOENT') return;
      throw e;
    }
    if (stat.isDirectory()) {
      for (const name of await fs.readdir(target)) await this.removeTree(join(target, name));
      this.hook('rmdir', target);
      await fs.rmdir(target).catch((e: unknown) => {
        if (errno(e) !== 'ENOENT') throw e;
      });
    } else {
      // Note: links are unlinked, never followed.
      this.hook('unlink', target);
      await fs.unlink(target).catch((e: unknown) => {
        if (errno(e) !== 'ENOENT') throw e;
      });
    }
  }

  async list(path: string): Promise<StoreEntry[]> {
    let entries;
    try {
      entries = await fs.readdir(this.hostPath(path), { withFileTypes: true });
    } catch (e) {
      if (errno(e) === 'ENOENT') return [];
      throw e;
    }
    return entries
      .map((d) => ({ name: d.name, kind: d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other' }) as StoreEntry)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async syncDir(path: string): Promise<void> {
    await syncDirectory(this.hostPath(path), this.hook);
  }

  async lock(): Promise<StoreLock> {
    this.hook('mkdir', this.options.home);
    await fs.mkdir(this.options.home, { recursive: true });
    return acquireFileLock(join(this.options.home, 'lock'), { ...this.options.lock, onOperation: this.hook });
  }
}
