/** WIT loading from the real file system, for tests. */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { WitFileSystem } from '../../src/component/wit/index.js';

/** The host file system as a {@link WitFileSystem}. */
export const nodeWitFs: WitFileSystem = {
  readText: (p) => readFileSync(p, 'utf8'),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  list: (p) => readdirSync(p),
  join: (...parts) => path.join(...parts),
};
