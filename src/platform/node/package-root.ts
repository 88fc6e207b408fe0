/**
 * Locating kpio's own package directory at run time, whether the code runs from `dist/` module by
 * module or from the single-file CLI bundle (`dist/cli/kpio.bundle.mjs`).
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding kpio's package.json, found by walking up from `from` (a file URL or path;
 * default: this module's location).
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = path.dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if ((JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === 'kpio') return dir;
      } catch {
        // Note: an unreadable package.json on the way up is not ours; keep walking.
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find kpio's package.json above ${from}`);
    dir = up;
  }
}
