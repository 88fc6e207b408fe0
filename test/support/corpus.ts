/** Locating the public conformance corpora (never copied into the repo). */

import fs from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const REPO_ROOT = path.resolve(new URL('.', import.meta.url).pathname, '../..');

/** The corpus directory: `$KPIO_CORPUS`, else `../shared/corpus` next to the repository. */
export function corpusDir(): string {
  return process.env.KPIO_CORPUS ?? path.resolve(REPO_ROOT, '../shared/corpus');
}

/** A file of the shared reference data (`reference/` beside the corpus), or null with a visible message. */
export function referencePath(file: string): string | null {
  const p = path.join(corpusDir(), '..', 'reference', file);
  if (fs.existsSync(p)) return p;
  console.warn(`[corpus] ${p} is missing: skipping the tests that need it (set KPIO_CORPUS)`);
  return null;
}

/** The path of a corpus subfolder, or null (with a visible message) when it is absent. */
export function corpusPath(sub: string): string | null {
  const p = path.join(corpusDir(), sub);
  if (fs.existsSync(p)) return p;
  console.warn(`[corpus] ${p} is missing: skipping the tests that need it (set KPIO_CORPUS)`);
  return null;
}
