/**
 * Sandboxed path resolution shared by every file system of kpio.
 *
 * A path is resolved one component at a time against the real objects of the file system,
 * starting at a base directory: the file system's `lookup` says what each name is *without*
 * following it, and this walker follows symlinks itself. That is what keeps the guest inside:
 *
 * - absolute paths and absolute symlink targets are refused (`ENOTCAPABLE`);
 * - `..` pops back to the directory the walk came through, and popping past the base directory
 *   is refused (`ENOTCAPABLE`), even when the base is itself below the preopened root;
 * - every symlink, including chains and links the guest created, is expanded here and its
 *   target walked with the same rules, at most {@link MAX_SYMLINKS} times (`ELOOP`).
 *
 * The walk stops at the final component and hands back its parent directory and name, so the
 * operation itself can apply `O_NOFOLLOW`-style rules to the last step.
 */

import { Errno, sysError } from './errno.js';

/** Symlinks followed in one resolution before failing with `ELOOP` (Linux's MAXSYMLINKS). */
export const MAX_SYMLINKS = 40;

/** Longest path accepted (bytes are not counted here; the host may refuse shorter ones). */
export const MAX_PATH_LENGTH = 4096;

/** What one name in a directory is, seen without following it. */
export type LookupResult<D> =
  | { readonly kind: 'dir'; readonly dir: D }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'other' }
  | { readonly kind: 'missing' };

/** The one primitive a file system gives the walker. */
export type LookupFn<D> = (dir: D, name: string) => LookupResult<D>;

/** Where a path leads: the directory holding its final component, and that component. */
export interface ResolvedPath<D> {
  /** The directory that contains the final component. */
  readonly dir: D;
  /** The final component: a plain name, or `.` when the path names `dir` itself. */
  readonly name: string;
  /** True when the path (or the last symlink followed) ended with `/`: the object must be a directory. */
  readonly trailingSlash: boolean;
}

/**
 * Checks a guest path before resolution: non-empty, no NUL, not absolute, not absurdly long.
 * Throws `ENOENT`, `EINVAL`, `ENOTCAPABLE` or `ENAMETOOLONG`.
 */
export function checkGuestPath(path: string): void {
  if (path.length === 0) throw sysError(Errno.NOENT, 'empty path');
  if (path.length > MAX_PATH_LENGTH) throw sysError(Errno.NAMETOOLONG);
  if (path.includes('\0')) throw sysError(Errno.INVAL, 'path contains NUL');
  if (path.charCodeAt(0) === 0x2f) throw sysError(Errno.NOTCAPABLE, `absolute path '${path}' is outside the sandbox`);
}

/**
 * Resolves `path` relative to `base`. Intermediate symlinks are always followed; a symlink in the
 * final component is followed when `followFinal` is set or the path ends with `/`.
 */
export function resolvePath<D>(lookup: LookupFn<D>, base: D, path: string, followFinal: boolean): ResolvedPath<D> {
  checkGuestPath(path);
  let trailingSlash = path.charCodeAt(path.length - 1) === 0x2f;
  // Note: the queue holds the remaining components in reverse so that a symlink's target can be
  // spliced in front of them cheaply.
  const queue = splitComponents(path).reverse();
  const stack: D[] = [base];
  let symlinks = 0;
  while (queue.length > 0) {
    const c = queue.pop()!;
    const last = queue.length === 0;
    const top = stack[stack.length - 1]!;
    if (c === '.') {
      if (last) return { dir: top, name: '.', trailingSlash };
      continue;
    }
    if (c === '..') {
      if (stack.length === 1) throw sysError(Errno.NOTCAPABLE, `'${path}' leads outside its base directory`);
      stack.pop();
      if (last) return { dir: stack[stack.length - 1]!, name: '.', trailingSlash };
      continue;
    }
    if (last && !followFinal && !trailingSlash) return { dir: top, name: c, trailingSlash };
    const r = lookup(top, c);
    if (r.kind === 'symlink') {
      if (++symlinks > MAX_SYMLINKS) throw sysError(Errno.LOOP, `too many symlinks resolving '${path}'`);
      const t = r.target;
      if (t.length === 0) throw sysError(Errno.NOENT, 'empty symlink');
      if (t.charCodeAt(0) === 0x2f) throw sysError(Errno.NOTCAPABLE, `symlink '${c}' points to absolute path '${t}'`);
      if (last && t.charCodeAt(t.length - 1) === 0x2f) trailingSlash = true;
      const parts = splitComponents(t);
      for (let i = parts.length - 1; i >= 0; i--) queue.push(parts[i]!);
      if (queue.length === 0) return { dir: top, name: '.', trailingSlash };
      continue;
    }
    if (last) return { dir: top, name: c, trailingSlash };
    if (r.kind === 'dir') {
      stack.push(r.dir);
      continue;
    }
    throw sysError(r.kind === 'missing' ? Errno.NOENT : Errno.NOTDIR, `resolving '${path}' at '${c}'`);
  }
  // Only reachable for paths made of slashes alone, which checkGuestPath already refused.
  return { dir: stack[stack.length - 1]!, name: '.', trailingSlash };
}

/** The non-empty components of a path (`a//b/` gives `a`, `b`). */
export function splitComponents(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 0x2f) {
      if (i > start) out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}
