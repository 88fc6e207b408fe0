/**
 * An in-memory {@link RegistryStore}: the registry's store for tests and for hosts without a file
 * system. It enforces the same rules as a real file system (parents must exist, directory
 * renames need a free target) so registry logic tested here behaves the same on disk.
 */

import { checkStorePath, storeParent } from './store.js';
import type { RegistryStore, StoreEntry, StoreLock } from './store.js';

type Node = { readonly kind: 'dir' } | { readonly kind: 'file'; readonly data: Uint8Array };

/** Options of {@link MemoryRegistryStore}. */
export interface MemoryStoreOptions {
  /** Prefix of {@link MemoryRegistryStore.hostPath} results (default `/kpio-home`). */
  readonly root?: string;
  /**
   * Called before every mutation with its name and path; throwing from it makes that operation
   * fail before it changes anything (for failure-injection tests).
   */
  readonly beforeMutation?: (op: string, path: string) => void;
}

/** A registry store held in a Map. */
export class MemoryRegistryStore implements RegistryStore {
  readonly location: string;
  private readonly nodes = new Map<string, Node>([['', { kind: 'dir' }]]);
  private lockTail: Promise<void> = Promise.resolve();

  constructor(private readonly options: MemoryStoreOptions = {}) {
    this.location = options.root ?? '/kpio-home';
  }

  private check(path: string): void {
    const problem = checkStorePath(path);
    if (problem) throw new Error(`store path ${JSON.stringify(path)} ${problem}`);
  }

  private mutate(op: string, path: string): void {
    this.check(path);
    this.options.beforeMutation?.(op, path);
  }

  private requireDir(path: string, what: string): void {
    if (this.nodes.get(path)?.kind !== 'dir') throw new Error(`ENOENT: ${what}: no directory ${JSON.stringify(path)}`);
  }

  async readFile(path: string): Promise<Uint8Array | null> {
    this.check(path);
    const n = this.nodes.get(path);
    if (n === undefined) return null;
    if (n.kind !== 'file') throw new Error(`EISDIR: ${JSON.stringify(path)} is a directory`);
    return n.data.slice();
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    this.mutate('writeFile', path);
    this.requireDir(storeParent(path), 'writeFile');
    if (this.nodes.get(path)?.kind === 'dir') throw new Error(`EISDIR: ${JSON.stringify(path)} is a directory`);
    this.nodes.set(path, { kind: 'file', data: data.slice() });
  }

  async mkdir(path: string): Promise<void> {
    this.mutate('mkdir', path);
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      const n = this.nodes.get(p);
      if (n?.kind === 'file') throw new Error(`ENOTDIR: ${JSON.stringify(p)} is a file`);
      if (n === undefined) this.nodes.set(p, { kind: 'dir' });
    }
  }

  async rename(from: string, to: string): Promise<void> {
    this.mutate('rename', from);
    this.check(to);
    const n = this.nodes.get(from);
    if (n === undefined) throw new Error(`ENOENT: rename: no ${JSON.stringify(from)}`);
    this.requireDir(storeParent(to), 'rename');
    const target = this.nodes.get(to);
    if (n.kind === 'dir') {
      if (target !== undefined) throw new Error(`ENOTEMPTY: rename: ${JSON.stringify(to)} exists`);
      if (to.startsWith(from + '/')) throw new Error('EINVAL: rename into itself');
      const moved = [...this.nodes].filter(([p]) => p === from || p.startsWith(from + '/'));
      for (const [p] of moved) this.nodes.delete(p);
      for (const [p, node] of moved) this.nodes.set(to + p.slice(from.length), node);
    } else {
      if (target?.kind === 'dir') throw new Error(`EISDIR: rename: ${JSON.stringify(to)} is a directory`);
      this.nodes.delete(from);
      this.nodes.set(to, n);
    }
  }

  async remove(path: string): Promise<void> {
    this.mutate('remove', path);
    if (path === '') throw new Error('refusing to remove the store root');
    for (const p of [...this.nodes.keys()]) if (p === path || p.startsWith(path + '/')) this.nodes.delete(p);
  }

  async list(path: string): Promise<StoreEntry[]> {
    this.check(path);
    const n = this.nodes.get(path);
    if (n === undefined) return [];
    if (n.kind !== 'dir') throw new Error(`ENOTDIR: ${JSON.stringify(path)} is a file`);
    const prefix = path === '' ? '' : path + '/';
    const out: StoreEntry[] = [];
    for (const [p, node] of this.nodes) {
      if (p !== '' && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push({ name: p.slice(prefix.length), kind: node.kind });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async syncDir(path: string): Promise<void> {
    this.check(path);
  }

  async lock(): Promise<StoreLock> {
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    const previous = this.lockTail;
    this.lockTail = previous.then(() => held);
    await previous;
    let released = false;
    return {
      release: async () => {
        if (!released) {
          released = true;
          open();
        }
      },
    };
  }

  hostPath(path: string): string {
    this.check(path);
    return path === '' ? this.location : `${this.location}/${path}`;
  }

  /** Every path in the store with its kind, sorted (for tests). */
  snapshot(): { path: string; kind: 'file' | 'dir' }[] {
    return [...this.nodes]
      .filter(([p]) => p !== '')
      .map(([path, n]) => ({ path, kind: n.kind }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }
}
