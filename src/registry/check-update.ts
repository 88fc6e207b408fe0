/**
 * Deciding whether a candidate package may replace an installed app: `checkUpdate(installed,
 * candidate)` says up-to-date, update-available (with the version), or incompatible (with the
 * reason and a message that says what to do).
 */

import semver from 'semver';
import type { Manifest } from '../package/manifest.js';

/** Why a candidate cannot update the installed app. */
export type IncompatibleReason =
  /** The candidate is another app. */
  | 'different-id'
  /** The candidate's version is lower than the installed one. */
  | 'downgrade'
  /** The candidate needs a kpio version this runtime is not. */
  | 'min-runtime'
  /** A breaking version change (see {@link isBreakingChange}) without `allowMajor`. */
  | 'major-bump'
  /** The installed app was signed by trusted keys and the candidate by none of them. */
  | 'signer-changed';

/** The result of {@link checkUpdate}. */
export type UpdateCheck =
  | { readonly status: 'up-to-date'; readonly id: string; readonly version: string }
  | { readonly status: 'update-available'; readonly id: string; readonly from: string; readonly version: string }
  | { readonly status: 'incompatible'; readonly id: string; readonly reason: IncompatibleReason; readonly message: string };

/** An installed app or a candidate package, as {@link checkUpdate} sees it. */
export interface UpdateSubject {
  readonly manifest: Pick<Manifest, 'id' | 'version' | 'minRuntime'>;
  /** Verified signers; a signer with `trustedAs` was trusted when checked. */
  readonly signers?: readonly { readonly publicKey: string; readonly trustedAs?: string | undefined }[] | undefined;
}

/** Options of {@link checkUpdate}. */
export interface CheckUpdateOptions {
  /** The running kpio version (package.json `version`). */
  readonly runtimeVersion: string;
  /** Allow breaking version changes (`--allow-major`). */
  readonly allowMajor?: boolean | undefined;
}

/**
 * True when going from `from` to `to` is a breaking change under semver's caret rule: the
 * leftmost non-zero component changes (1.x -> 2.x, 0.3.x -> 0.4.x, 0.0.3 -> 0.0.4).
 */
export function isBreakingChange(from: string, to: string): boolean {
  const a = semver.parse(from);
  const b = semver.parse(to);
  if (a === null || b === null) return true;
  if (a.major > 0) return b.major !== a.major;
  if (a.minor > 0) return b.major !== 0 || b.minor !== a.minor;
  return b.major !== 0 || b.minor !== 0 || b.patch !== a.patch;
}

/** True when `runtimeVersion` satisfies an app's `min-runtime` range (prereleases included). */
export function runtimeSatisfies(runtimeVersion: string, range: string): boolean {
  return semver.satisfies(runtimeVersion, range, { includePrerelease: true });
}

/** Decides whether `candidate` can update `installed`. */
export function checkUpdate(installed: UpdateSubject, candidate: UpdateSubject, options: CheckUpdateOptions): UpdateCheck {
  const id = installed.manifest.id;
  const from = installed.manifest.version;
  const to = candidate.manifest.version;
  const incompatible = (reason: IncompatibleReason, message: string): UpdateCheck => ({ status: 'incompatible', id, reason, message });
  if (candidate.manifest.id !== id) {
    return incompatible('different-id', `the package is ${candidate.manifest.id}, not ${id}`);
  }
  const order = semver.compare(to, from);
  if (order === 0) return { status: 'up-to-date', id, version: from };
  if (order < 0) return incompatible('downgrade', `${id} ${to} is older than the installed ${from}; uninstall first to go back`);
  if (!runtimeSatisfies(options.runtimeVersion, candidate.manifest.minRuntime)) {
    return incompatible('min-runtime', `${id} ${to} needs kpio ${candidate.manifest.minRuntime}, but this is kpio ${options.runtimeVersion}`);
  }
  if (isBreakingChange(from, to) && options.allowMajor !== true) {
    return incompatible('major-bump', `${id} ${from} -> ${to} is a major (breaking) version change; pass --allow-major to update anyway`);
  }
  const trustedBefore = (installed.signers ?? []).filter((s) => s.trustedAs !== undefined).map((s) => s.publicKey);
  if (trustedBefore.length > 0 && !(candidate.signers ?? []).some((s) => trustedBefore.includes(s.publicKey))) {
    return incompatible('signer-changed', `${id} ${from} was signed by ${trustedBefore.join(', ')}, but ${to} is not signed by any of those keys`);
  }
  return { status: 'update-available', id, from, version: to };
}
