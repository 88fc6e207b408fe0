// Where the public test corpus is: $KPIO_CORPUS, or ../shared/corpus beside the repository.
import { existsSync } from 'node:fs';
import { corpusDir as sharedCorpusDir } from '../support/corpus.js';

/** The corpus directory, or null (with a visible message) when it is absent. */
export function corpusDir(): string | null {
  const dir = sharedCorpusDir();
  if (existsSync(dir)) return dir;
  console.warn(`[skip] corpus not found at ${dir} (set KPIO_CORPUS)`);
  return null;
}
