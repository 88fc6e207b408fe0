/**
 * The grant model of `kpio run`: an app runs with exactly what its manifest asks for, its data
 * directory at `/data`, and more only through explicit user grants (`--grant`). This turns
 * (manifest, grants, app data directory) into the configuration the runner applies.
 *
 * Grant syntax (one `--grant` flag each):
 * - `fs:NAME=HOST_DIR` maps the manifest's filesystem capability NAME to a host directory, with
 *   the access the manifest declares; `fs:NAME:ro=HOST_DIR` grants it read-only.
 * - `env:NAME` lets the app read one more environment variable.
 * - `net:HOST:PORT` allows one more network pattern (see `network-pattern.ts`).
 */

import { GrantError } from './errors.js';
import { DATA_GUEST_PATH } from './manifest.js';
import type { Manifest } from './manifest.js';
import { parseNetworkPattern } from './network-pattern.js';

/** One parsed `--grant`. */
export type Grant =
  | { readonly kind: 'fs'; readonly name: string; readonly host: string; readonly readonly: boolean }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'net'; readonly pattern: string };

/** A directory the guest sees: `host` (a host path) mounted at `guest`. */
export interface Preopen {
  readonly host: string;
  readonly guest: string;
  readonly readonly: boolean;
}

/** Resource limits of a run; absent fields mean the runtime's defaults. */
export interface RunLimits {
  readonly maxMemoryBytes?: number;
  readonly fuel?: number;
  readonly timeoutSeconds?: number;
}

/** Everything `kpio run` needs to sandbox an app. */
export interface RunConfig {
  /** Preopened directories, the app data directory (`/data`) first. */
  readonly preopens: readonly Preopen[];
  /** Names of environment variables passed through (when set on the host). */
  readonly env: readonly string[];
  /** Allowed `host:port` patterns. */
  readonly network: readonly string[];
  /** Resource limits from the manifest. */
  readonly limits: RunLimits;
  /** Filesystem capabilities the manifest declares but the user did not grant (not mounted). */
  readonly ungranted: readonly string[];
}

/** Parses one `--grant` value; throws {@link GrantError} when malformed. */
export function parseGrant(text: string): Grant {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (kind) {
    case 'fs': {
      const eq = rest.indexOf('=');
      if (eq <= 0) throw new GrantError(text, 'expected fs:NAME=HOST_DIR or fs:NAME:ro=HOST_DIR');
      let name = rest.slice(0, eq);
      let readonly = false;
      if (name.endsWith(':ro')) {
        name = name.slice(0, -3);
        readonly = true;
      }
      const host = rest.slice(eq + 1);
      if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new GrantError(text, `${JSON.stringify(name)} is not a capability name`);
      if (host === '' || host.includes('\u0000')) throw new GrantError(text, 'the host directory is empty or contains NUL');
      return { kind: 'fs', name, host, readonly };
    }
    case 'env':
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(rest)) throw new GrantError(text, `${JSON.stringify(rest)} is not an environment variable name`);
      return { kind: 'env', name: rest };
    case 'net': {
      const p = parseNetworkPattern(rest);
      if (typeof p === 'string') throw new GrantError(text, p);
      return { kind: 'net', pattern: p.text };
    }
    default:
      throw new GrantError(text, 'expected fs:NAME=HOST_DIR, env:NAME or net:HOST:PORT');
  }
}

/**
 * Builds the run configuration of an app: `/data` mapped read-write to `appDataDir`, the
 * manifest's env names, network patterns and limits, plus what `grants` add. Throws
 * {@link GrantError} for a grant of a capability the manifest does not declare, or a capability
 * granted twice.
 */
export function buildRunConfig(manifest: Manifest, grants: readonly Grant[], appDataDir: string): RunConfig {
  const preopens: Preopen[] = [{ host: appDataDir, guest: DATA_GUEST_PATH, readonly: false }];
  const env = [...manifest.permissions.env];
  const network = [...manifest.permissions.network];
  const granted = new Set<string>();
  const capabilities = manifest.permissions.filesystem;
  for (const g of grants) {
    switch (g.kind) {
      case 'fs': {
        const label = `fs:${g.name}${g.readonly ? ':ro' : ''}=${g.host}`;
        const cap = Object.prototype.hasOwnProperty.call(capabilities, g.name) ? capabilities[g.name] : undefined;
        if (cap === undefined) {
          const known = Object.keys(capabilities);
          throw new GrantError(label, `the app ${manifest.id} declares no filesystem capability "${g.name}"` + (known.length ? ` (it declares: ${known.join(', ')})` : ''));
        }
        if (granted.has(g.name)) throw new GrantError(label, `"${g.name}" is granted twice`);
        granted.add(g.name);
        preopens.push({ host: g.host, guest: cap.guest, readonly: g.readonly || cap.access === 'read' });
        break;
      }
      case 'env':
        if (!env.includes(g.name)) env.push(g.name);
        break;
      case 'net':
        if (!network.includes(g.pattern)) network.push(g.pattern);
        break;
    }
  }
  const ungranted = Object.keys(capabilities).filter((name) => !granted.has(name));
  return { preopens, env, network, limits: { ...manifest.limits }, ungranted };
}
