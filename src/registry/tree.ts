/**
 * File-tree helpers over a {@link RegistryStore}: writing a package's files durably, reading an
 * installed tree back, and removing what interrupted operations left behind.
 */

import { APPS_DIR, STAGING_DIR } from './layout.js';
import type { RegistryIndex } from './index-file.js';
import { joinStorePath, storeParent } from './store.js';
import type { RegistryStore } from './store.js';

/**
 * Writes `files` (relative paths) under `root` (which must not exist yet), then flushes every
 * directory, deepest first, so the whole tree is durable before it is renamed into place.
 */
export async function writeTree(store: RegistryStore, root: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  await store.mkdir(root);
  const dirs = new Set<string>([root]);
  for (const path of files.keys()) {
    let dir = storeParent(joinStorePath(root, path));
    while (dir.length >= root.length && !dirs.has(dir)) {
      dirs.add(dir);
      dir = storeParent(dir);
    }
  }
  const ordered = [...dirs].sort((a, b) => a.split('/').length - b.split('/').length);
  for (const dir of ordered) if (dir !== root) await store.mkdir(dir);
  for (const [path, data] of files) await store.writeFile(joinStorePath(root, path), data);
  for (const dir of ordered.reverse()) await store.syncDir(dir);
}

/**
 * Reads every file under `root` into a map of relative paths. Returns the problem instead when
 * the tree holds something other than files and directories (a link put there by someone else).
 */
export async function readTree(store: RegistryStore, root: string): Promise<Map<string, Uint8Array> | string> {
  const files = new Map<string, Uint8Array>();
  const walk = async (dir: string, prefix: string): Promise<string | null> => {
    for (const entry of await store.list(dir)) {
      const path = joinStorePath(dir, entry.name);
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.kind === 'dir') {
        const problem = await walk(path, rel);
        if (problem !== null) return problem;
      } else if (entry.kind === 'file') {
        const data = await store.readFile(path);
        if (data === null) return `${rel} disappeared while reading`;
        files.set(rel, data);
      } else {
        return `${rel} is neither a file nor a directory`;
      }
    }
    return null;
  };
  const problem = await walk(root, '');
  return problem ?? files;
}

/**
 * Removes leftovers of interrupted operations: everything in `staging/`, and every directory
 * under `apps/` that `index` does not name. Must run under the registry lock. Returns the store
 * paths removed.
 */
export async function removeLeftovers(store: RegistryStore, index: RegistryIndex): Promise<string[]> {
  const removed: string[] = [];
  const remove = async (path: string): Promise<void> => {
    await store.remove(path);
    removed.push(path);
  };
  for (const entry of await store.list(STAGING_DIR)) await remove(joinStorePath(STAGING_DIR, entry.name));
  for (const app of await store.list(APPS_DIR)) {
    const appDir = joinStorePath(APPS_DIR, app.name);
    const record = index.apps.find((a) => a.id === app.name);
    if (record === undefined || app.kind !== 'dir') {
      await remove(appDir);
      continue;
    }
    for (const version of await store.list(appDir)) {
      const path = joinStorePath(appDir, version.name);
      if (path !== record.dir) await remove(path);
    }
  }
  if (removed.length > 0) {
    await store.syncDir(STAGING_DIR);
    await store.syncDir(APPS_DIR);
  }
  return removed;
}
