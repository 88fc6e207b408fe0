/** Where the built CLI's entry module is, for worker threads that run the CLI again. */

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../platform/node/package-root.js';

/** The URL of the module exporting `runCli`: the bundle entry when built, else dist/cli/main.js. */
export function cliEntryUrl(): string {
  const root = packageRoot();
  const bundle = path.join(root, 'dist/cli/bundle/main.mjs');
  return pathToFileURL(fs.existsSync(bundle) ? bundle : path.join(root, 'dist/cli/main.js')).href;
}
