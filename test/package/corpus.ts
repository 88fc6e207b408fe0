// Where the public test corpus is: $KPIO_CORPUS, or ../shared/corpus beside the repository.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The corpus directory, or null (with a visible message) when it is absent. */
export function corpusDir(): string | null {
  const dir = process.env['KPIO_CORPUS'] ?? resolve(repoRoot, '../shared/corpus');
  if (existsSync(dir)) return dir;
  console.warn(`[skip] corpus not found at ${dir} (set KPIO_CORPUS)`);
  return null;
}
