/**
 * Opening the app registry of a kpio home on Node: where the home is (`$KPIO_HOME`, default
 * `~/.kpio`), its trusted-keys list, and a {@link Registry} over real files.
 */

import fs from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseTrustedKeys } from '../../package/signature.js';
import type { TrustedKey } from '../../package/signature.js';
import { openRegistry } from '../../registry/registry.js';
import type { Registry, RegistryOptions } from '../../registry/registry.js';
import { NodeRegistryStore } from './registry-store.js';
import type { NodeRegistryStoreOptions } from './registry-store.js';

/** The trusted-keys list's file name in the kpio home. */
export const TRUSTED_KEYS_FILE = 'trusted-keys.toml';

/** The kpio home: `$KPIO_HOME` (made absolute) or `~/.kpio`. */
export function resolveKpioHome(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): string {
  const configured = env['KPIO_HOME'];
  return configured !== undefined && configured !== '' ? resolve(configured) : join(home, '.kpio');
}

/**
 * Reads `<home>/trusted-keys.toml` (`[keys]` with `name = "ed25519:<hex>"`); an absent file is
 * an empty list. Throws `PackageError` (`bad-key`) naming the file when it is malformed.
 */
export async function loadTrustedKeys(home: string): Promise<TrustedKey[]> {
  const file = join(home, TRUSTED_KEYS_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT') return [];
    throw e;
  }
  return parseTrustedKeys(text, file);
}

/** Options of {@link openNodeRegistry}: the registry options without the store, plus where. */
export interface NodeRegistryOptions extends Omit<RegistryOptions, 'store' | 'trustedKeys'> {
  /** The kpio home (default {@link resolveKpioHome}). */
  readonly home?: string | undefined;
  /** Trusted keys (default: read from `<home>/trusted-keys.toml`). */
  readonly trustedKeys?: readonly TrustedKey[] | undefined;
  /** Lock timing. */
  readonly lock?: NodeRegistryStoreOptions['lock'];
  /** File-system operation hook, for fault-injection tests. */
  readonly onOperation?: NodeRegistryStoreOptions['onOperation'];
}

/** Opens the registry of a kpio home on the real file system. */
export async function openNodeRegistry(options: NodeRegistryOptions): Promise<Registry> {
  const home = options.home ?? resolveKpioHome();
  const store = new NodeRegistryStore({ home, lock: options.lock, onOperation: options.onOperation });
  const trustedKeys = options.trustedKeys ?? (await loadTrustedKeys(home));
  return openRegistry({ ...options, store, trustedKeys });
}
