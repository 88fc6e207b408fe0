/** Opening the user's app registry for CLI commands. */

import { openNodeRegistry, resolveKpioHome } from '../platform/node/registry-home.js';
import type { Registry } from '../registry/registry.js';
import { inspectEntry } from '../launch/inspect-entry.js';
import type { CliIo } from './cli-io.js';
import { kpioVersion } from './version.js';

/** The registry under `$KPIO_HOME` (default `~/.kpio`). */
export function openCliRegistry(io: CliIo): Promise<Registry> {
  return openNodeRegistry({ runtimeVersion: kpioVersion(), inspectEntry, home: resolveKpioHome(io.env) });
}
