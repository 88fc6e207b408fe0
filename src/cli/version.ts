/** kpio's own version, read from package.json. */

import fs from 'node:fs';

/** The version of the installed kpio package (used for `min-runtime` checks and `--version`). */
export function kpioVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(url, 'utf8')) as { version: string }).version;
}
