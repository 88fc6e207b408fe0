/**
 * What the host keeps for each WASI 0.2 resource a guest holds: one tagged state object per
 * resource, stored in the instance's {@link ResourceTable} under the representation the ABI passes
 * back on every method call.
 */

import type { DirEntry, DirHandle, Errno, FileHandle, Pollable } from '../../sys/index.js';
import type { InputSource, OutputSink } from './stream-sources.js';

/**
 * A `sys` handle shared by a descriptor and the streams made from it. Streams are child resources
 * of their descriptor, but a guest may drop the descriptor first; the handle closes when the last
 * user lets go (and never when it is borrowed from the embedder, like a preopen).
 */
export class SharedHandle<H extends { close(): void }> {
  private refs = 1;

  constructor(
    readonly handle: H,
    /** False when the embedder owns the handle (preopens): it is never closed here. */
    private readonly owned: boolean,
  ) {}

  /** Adds a user. */
  retain(): this {
    this.refs++;
    return this;
  }

  /** Removes a user; the last one closes an owned handle. */
  release(): void {
    if (--this.refs === 0 && this.owned) {
      try {
        this.handle.close();
      } catch {
        // Note: the resource is gone for the guest either way; a failing close has no one to tell.
      }
    }
  }
}

/** The internal form of `descriptor-flags` (the JS value is an object of booleans, see `fs-values.ts`). */
export interface DescriptorFlagSet {
  readonly read: boolean;
  readonly write: boolean;
  readonly fileIntegritySync: boolean;
  readonly dataIntegritySync: boolean;
  readonly requestedWriteSync: boolean;
  readonly mutateDirectory: boolean;
}

/** A `wasi:filesystem/types.descriptor`. */
export interface DescriptorState {
  readonly kind: 'descriptor';
  readonly shared: SharedHandle<FileHandle | DirHandle>;
  readonly flags: DescriptorFlagSet;
}

/** A `wasi:filesystem/types.directory-entry-stream`: a snapshot of the entries and a cursor. */
export interface DirStreamState {
  readonly kind: 'directory-entry-stream';
  readonly entries: readonly DirEntry[];
  next: number;
}

/** A `wasi:io/streams.input-stream`. */
export interface InputStreamState {
  readonly kind: 'input-stream';
  readonly source: InputSource;
  /** Set once the end was reached or a read failed: every later operation reports `closed`. */
  closed: boolean;
}

/** A `wasi:io/streams.output-stream`. */
export interface OutputStreamState {
  readonly kind: 'output-stream';
  readonly sink: OutputSink;
  /** Set once a write failed or the other end went away: every later operation reports `closed`. */
  closed: boolean;
  /** Bytes the guest may still write under the last `check-write` permit. */
  permit: number;
}

/** What a `wasi:io/poll.pollable` waits for. */
export type PollTarget =
  /** The monotonic clock reaching an instant (nanoseconds). */
  | { readonly type: 'deadline'; readonly at: bigint }
  /** A `sys` readiness source (stdin of a pipe, a socket, a FIFO...). */
  | { readonly type: 'sys'; readonly pollable: Pollable }
  /** Ready at once and forever (closed streams, regular files). */
  | { readonly type: 'ready' };

/** A `wasi:io/poll.pollable`. */
export interface PollableState {
  readonly kind: 'pollable';
  readonly target: PollTarget;
}

/** A `wasi:io/error.error`: a message, and the `sys` error behind it when there is one. */
export interface ErrorState {
  readonly kind: 'error';
  readonly errno: Errno | undefined;
  readonly message: string;
}

/** A `wasi:cli/terminal-input.terminal-input` or `terminal-output.terminal-output` (no methods yet). */
export interface TerminalState {
  readonly kind: 'terminal-input' | 'terminal-output';
}

/** A `wasi:sockets/network.network` (it grants nothing under the deny-all policy). */
export interface NetworkState {
  readonly kind: 'network';
}

/** Any resource state the host keeps. */
export type HostState =
  | DescriptorState
  | DirStreamState
  | InputStreamState
  | OutputStreamState
  | PollableState
  | ErrorState
  | TerminalState
  | NetworkState;

/** The `kind` tags of {@link HostState}. */
export type HostStateKind = HostState['kind'];
