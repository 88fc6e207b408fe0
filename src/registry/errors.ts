/** Errors of the app registry, each with a closed `code` and a message that says what to do. */

import { KpioError } from '../api/errors.js';

/** The closed set of registry failures. */
export const RegistryErrorCode = {
  /** No installed app has this id. */
  NotInstalled: 'not-installed',
  /** `install` of an id that is already installed (use `update`). */
  AlreadyInstalled: 'already-installed',
  /** The package cannot be installed or update the installed app (see `UpdateCheck`). */
  Incompatible: 'incompatible',
  /** Another kpio process holds the registry lock and did not release it in time. */
  Locked: 'locked',
  /** The registry index is unreadable or inconsistent; nothing was changed. */
  CorruptIndex: 'corrupt-index',
  /** An installed app's files no longer match their recorded digest. */
  CorruptInstall: 'corrupt-install',
  /** A bad argument (an id that cannot name an app). */
  InvalidArgument: 'invalid-argument',
  /** The storage failed (disk full, permissions); the previous state is kept. */
  Storage: 'storage',
} as const;

/** One of the {@link RegistryErrorCode} strings. */
export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode];

/** A registry operation that cannot be done. */
export class RegistryError extends KpioError {
  override name = 'RegistryError';
  /** For `incompatible`: why (an `IncompatibleReason` such as `downgrade` or `min-runtime`). */
  readonly reason: string | undefined;

  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    options?: { cause?: unknown; reason?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options?.reason;
  }
}
