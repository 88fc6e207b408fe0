/**
 * The storage the registry runs on, injected so the registry has no file-system code of its own:
 * `platform/node` implements it over real files (fsync, atomic rename, a lock file), and
 * {@link MemoryRegistryStore} in memory for tests and browsers.
 *
 * Paths are relative to the registry home, `/`-separated, with no `.`/`..` segments.
 */

/** What a directory listing reports for one name. */
export interface StoreEntry {
  readonly name: string;
  readonly kind: 'file' | 'dir' | 'other';
}

/** An exclusive hold on the registry; release it exactly once. */
export interface StoreLock {
  release(): Promise<void>;
}

/** The storage operations the registry needs. Every mutation is durable when it resolves. */
export interface RegistryStore {
  /** Where the store lives, for messages (the home directory). */
  readonly location: string;
  /** Reads a whole file, or returns `null` when it does not exist. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** Creates or truncates a file, writes `data` and flushes it to stable storage. The parent must exist. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Creates a directory and any missing parents; no error if it exists. */
  mkdir(path: string): Promise<void>;
  /**
   * Atomically renames `from` to `to` (same store). A file replaces an existing file at `to`; a
   * directory needs `to` not to exist.
   */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a whole directory tree; no error if it does not exist. */
  remove(path: string): Promise<void>;
  /** Lists a directory (without following links); `[]` if it does not exist. */
  list(path: string): Promise<StoreEntry[]>;
  /** Flushes a directory's entries (after creating, renaming or removing in it). */
  syncDir(path: string): Promise<void>;
  /** Takes the exclusive registry lock, waiting for other holders (across processes). */
  lock(): Promise<StoreLock>;
  /** The path the host (and so a preopen) uses for `path`. */
  hostPath(path: string): string;
}

/**
 * Checks a store path; returns the problem or `null`. Both stores refuse bad paths, so a
 * damaged index can never make the registry touch anything outside its home.
 */
export function checkStorePath(path: string): string | null {
  if (path === '') return null;
  if (path.startsWith('/') || path.includes('\\') || path.includes('\u0000')) return 'must be relative, with "/" separators';
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'must not have empty, "." or ".." segments';
  return null;
}

/** Joins store path segments. */
export function joinStorePath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

/** The parent of a store path (`''` for top-level names). */
export function storeParent(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
