/**
 * The registry's cross-process lock on Node: a lock file created atomically with its contents
 * (written to a private temporary file, then hard-linked into place, which fails if the lock
 * exists), naming the holder's pid and host. A lock whose holder is dead (same host, pid gone) or
 * that is older than `staleMs` (another host) is broken, so a crashed or killed kpio never locks
 * the registry forever.
 *
 * Note: breaking a stale lock renames it aside and checks that what was moved is the stale lock
 * seen; if a live lock was moved by mistake it is linked back. The one race left needs three
 * processes, a crashed holder and a fresh lock appearing within that window of microseconds.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { RegistryError, RegistryErrorCode } from '../../registry/errors.js';
import type { StoreLock } from '../../registry/store.js';

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** How long to wait for a live holder before failing with `locked` (default 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Age after which a lock from another host, or an unreadable lock, is stale (default 10 min). */
  readonly staleMs?: number | undefined;
  /** Called before each file-system operation (for fault-injection tests). */
  readonly onOperation?: ((op: string, path: string) => void) | undefined;
}

/** What a lock file records about its holder. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly acquiredAt: string;
}

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** True when process `pid` exists on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' && typeof h.acquiredAt === 'string') return h as Holder;
  } catch {
    // unreadable: handled by the caller
  }
  return null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lock at `lockPath` (its directory must exist), waiting for a live holder. */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<StoreLock> {
  const hook = options.onOperation ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const staleMs = options.staleMs ?? 10 * 60_000;
  const token = randomBytes(8).toString('hex');
  const me: Holder = { pid: process.pid, host: hostname(), token, acquiredAt: new Date().toISOString() };
  const content = JSON.stringify(me) + '\n';
  const dir = dirname(lockPath);
  const tmp = `${lockPath}.${process.pid}.${token}.tmp`;
  await removeDeadLeftovers(lockPath, hook);
  hook('lock-write', tmp);
  const tmpHandle = await fs.open(tmp, 'wx');
  try {
    // Note: flushed before linking, so even a power loss never leaves an empty lock behind.
    await tmpHandle.writeFile(content);
    await tmpHandle.sync();
  } finally {
    await tmpHandle.close();
  }
  const started = Date.now();
  let delay = 10;
  try {
    for (;;) {
      if (await tryCreate(lockPath, tmp, content, hook)) {
        await syncDirectory(dir, hook);
        return makeHandle(lockPath, token, hook);
      }
      let observed: string;
      try {
        observed = await fs.readFile(lockPath, 'utf8');
      } catch (e) {
        if (errno(e) === 'ENOENT') continue;
        throw e;
      }
      const holder = parseHolder(observed);
      if (await isStale(lockPath, holder, staleMs)) {
        await breakStale(lockPath, observed, token, hook);
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        const who = holder === null ? 'an unreadable lock' : `process ${holder.pid} on ${holder.host} (since ${holder.acquiredAt})`;
        throw new RegistryError(
          RegistryErrorCode.Locked,
          `the registry is locked by ${who}; waited ${Math.round(timeoutMs / 1000)} s. If no kpio is running, remove ${lockPath}`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 250);
    }
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

async function tryCreate(lockPath: string, tmp: string, content: string, hook: (op: string, path: string) => void): Promise<boolean> {
  hook('lock-link', lockPath);
  try {
    await fs.link(tmp, lockPath);
    return true;
  } catch (e) {
    const code = errno(e);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  }
  // Note: file systems without hard links: exclusive create, then write (a crash in between
  // leaves an empty lock, which counts as unreadable and goes stale after `staleMs`).
  let handle;
  try {
    handle = await fs.open(lockPath, 'wx');
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function isStale(lockPath: string, holder: Holder | null, staleMs: number): Promise<boolean> {
  if (holder !== null && holder.host === hostname()) return !processAlive(holder.pid);
  try {
    const stat = await fs.stat(lockPath);
    return Date.now() - stat.mtimeMs > staleMs;
  } catch {
    return false;
  }
}

async function breakStale(lockPath: string, observed: string, token: string, hook: (op: string, path: string) => void): Promise<void> {
  const grave = `${lockPath}.stale.${process.pid}.${token}`;
  hook('lock-break', lockPath);
  try {
    await fs.rename(lockPath, grave);
  } catch (e) {
    if (errno(e) === 'ENOENT') return;
    throw e;
  }
  const moved = await fs.readFile(grave, 'utf8').catch(() => null);
  if (moved !== observed) {
    // A live holder's lock replaced the stale one before our rename: put it back.
    await fs.link(grave, lockPath).catch(() => undefined);
  }
  await fs.unlink(grave).catch(() => undefined);
}

/** Removes temporary and set-aside lock files of processes that no longer exist. */
async function removeDeadLeftovers(lockPath: string, hook: (op: string, path: string) => void): Promise<void> {
  const dir = dirname(lockPath);
  const base = basename(lockPath);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:stale\\.)?([0-9]+)\\.[0-9a-f]+(?:\\.tmp)?$`).exec(name);
    if (m && !processAlive(Number(m[1]))) {
      hook('lock-cleanup', join(dir, name));
      await fs.unlink(join(dir, name)).catch(() => undefined);
    }
  }
}

function makeHandle(lockPath: string, token: string, hook: (op: string, path: string) => void): StoreLock {
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      const current = parseHolder(await fs.readFile(lockPath, 'utf8').catch(() => ''));
      // Note: only remove our own lock; if it was (wrongly) broken, the new holder keeps theirs.
      if (current?.token === token) {
        hook('lock-release', lockPath);
        await fs.unlink(lockPath).catch(() => undefined);
      }
    },
  };
}

/** Flushes a directory's entries; a no-op where directories cannot be opened (Windows). */
export async function syncDirectory(dir: string, hook: (op: string, path: string) => void = () => undefined): Promise<void> {
  hook('fsync-dir', dir);
  let handle;
  try {
    handle = await fs.open(dir, 'r');
  } catch (e) {
    const code = errno(e);
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw e;
  }
  try {
    await handle.sync().catch((e: unknown) => {
      const code = errno(e);
      if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e;
    });
  } finally {
    await handle.close();
  }
}
