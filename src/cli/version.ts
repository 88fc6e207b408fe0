/** kpio's own version, read from package.json. */

import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../platform/node/package-root.js';

/** The version of the installed kpio package (used for `min-runtime` checks and `--version`). */
export function kpioVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
