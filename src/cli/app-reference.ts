/** Telling an app reference (`APP-ID`, `APP.kpioapp`) from a module path on the command line. */

import fs from 'node:fs';
import path from 'node:path';

const APP_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/** True when `ref` names an app: a `.kpioapp` file, or an id that is not an existing file. */
export function isAppReference(ref: string, cwd: string): boolean {
  if (/\.kpioapp$/i.test(ref)) return true;
  if (/\.(wasm|wat)$/i.test(ref)) return false;
  return APP_ID.test(ref) && !fs.existsSync(path.resolve(cwd, ref));
}
