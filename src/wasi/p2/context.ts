/**
 * The state behind one WASI 0.2 host instance: the `sys` capabilities it was given, the table of
 * resource states, one runtime resource type per WASI resource (made per instance, so two instances
 * never share anything), and the helpers every interface uses to turn `sys` failures into WASI
 * values and everything else into traps.
 */

import { ExitError, Trap, TrapCode } from '../../api/errors.js';
import { ResourceRef, RuntimeResourceType } from '../../component/abi/index.js';
import { SysError, type Errno, type RandomSource, type SysContext } from '../../sys/index.js';
import { fsErrorCode, type FsErrorCode } from './error-code.js';
import type { HostState, HostStateKind } from './host-state.js';
import { ResourceTable } from './resource-table.js';

/** The resource types of WASI 0.2 (io, filesystem, cli), one object each per host instance. */
export interface P2ResourceTypes {
  readonly error: RuntimeResourceType;
  readonly pollable: RuntimeResourceType;
  readonly inputStream: RuntimeResourceType;
  readonly outputStream: RuntimeResourceType;
  readonly descriptor: RuntimeResourceType;
  readonly directoryEntryStream: RuntimeResourceType;
  readonly terminalInput: RuntimeResourceType;
  readonly terminalOutput: RuntimeResourceType;
}

/** Settings of a {@link P2Context} beyond the `sys` capabilities. */
export interface P2Settings {
  /** The value of `wasi:cli/environment.initial-cwd` (none when undefined). */
  readonly cwd: string | undefined;
  /** Whether stdio streams that are terminals are reported through `terminal-std*`. */
  readonly terminals: boolean;
  /** The source of `wasi:random/insecure`. */
  readonly insecureRandom: RandomSource;
  /** Bound on live host resources. */
  readonly maxResources: number;
}

/** A `result<T, error-code>` JS value. */
export type FsResult<T> = { readonly tag: 'ok'; readonly val: T } | { readonly tag: 'err'; readonly val: FsErrorCode };

/** The state of one WASI 0.2 host instance. */
export class P2Context {
  readonly table: ResourceTable<HostState>;
  readonly types: P2ResourceTypes;
  /** The `insecure-seed` value, fixed on first use (the interface wants one value per instance). */
  insecureSeed: [bigint, bigint] | undefined;
  private hashKey: bigint | undefined;

  constructor(
    readonly sys: SysContext,
    readonly settings: P2Settings,
  ) {
    this.table = new ResourceTable<HostState>(settings.maxResources);
    const type = (name: string) => RuntimeResourceType.host(name, (rep) => this.destroy(rep));
    this.types = {
      error: type('wasi:io/error.error'),
      pollable: type('wasi:io/poll.pollable'),
      inputStream: type('wasi:io/streams.input-stream'),
      outputStream: type('wasi:io/streams.output-stream'),
      descriptor: type('wasi:filesystem/types.descriptor'),
      directoryEntryStream: type('wasi:filesystem/types.directory-entry-stream'),
      terminalInput: type('wasi:cli/terminal-input.terminal-input'),
      terminalOutput: type('wasi:cli/terminal-output.terminal-output'),
    };
  }

  /** Stores `state` and returns an owning reference of resource type `type` to hand to the guest. */
  own(type: RuntimeResourceType, state: HostState): ResourceRef {
    return ResourceRef.own(type, this.table.insert(state));
  }

  /** The state behind a resource reference the guest passed in; traps when it is not a live `kind`. */
  state<K extends HostStateKind>(ref: ResourceRef, kind: K): Extract<HostState, { kind: K }> {
    const rep = ref.rep;
    const s = typeof rep === 'number' ? this.table.tryGet(rep) : undefined;
    if (s === undefined || s.kind !== kind) {
      throw new Trap(TrapCode.HostError, `WASI: handle does not refer to a live ${kind} of this host`);
    }
    return s as Extract<HostState, { kind: K }>;
  }

  /** The secret that keys `metadata-hash` values, drawn once from the insecure source. */
  metadataHashKey(): bigint {
    if (this.hashKey === undefined) {
      const b = new Uint8Array(8);
      this.settings.insecureRandom.fill(b);
      this.hashKey = new DataView(b.buffer).getBigUint64(0, true);
    }
    return this.hashKey;
  }

  /** A new `wasi:io/error.error` resource describing a failure. */
  newError(errno: Errno | undefined, message: string): ResourceRef {
    return this.own(this.types.error, { kind: 'error', errno, message });
  }

  /** Releases one resource state (the destructor of every resource type of this instance). */
  destroy(rep: unknown): void {
    if (typeof rep !== 'number') return;
    const s = this.table.remove(rep);
    if (s === undefined) return;
    switch (s.kind) {
      case 'descriptor':
        s.shared.release();
        break;
      case 'input-stream':
        s.source.release();
        break;
      case 'output-stream':
        s.sink.release();
        break;
      default:
        break;
    }
  }

  /** Releases every resource the guest still holds (files it left open are closed). */
  close(): void {
    for (const [rep] of [...this.table.entries()]) this.destroy(rep);
  }

  /**
   * Runs a function whose WIT result is `result<T, error-code>`: a `SysError` becomes `err` with
   * the matching code, traps and exits pass through, anything else becomes a host trap.
   */
  fsCall<T>(fn: () => T): FsResult<T> {
    try {
      return { tag: 'ok', val: fn() };
    } catch (e) {
      if (e instanceof SysError) return { tag: 'err', val: fsErrorCode(e.errno) };
      throw hostFailure(e);
    }
  }

  /** Runs a function without an error channel: every failure is a trap with a clear message. */
  guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof SysError) throw new Trap(TrapCode.HostError, `WASI ${what} failed: ${e.message}`, { cause: e });
      throw hostFailure(e);
    }
  }
}

/**
 * What a host function throws for an unexpected exception: traps and exits unchanged, anything
 * else as a `Trap` naming the problem (never a bare host exception).
 */
export function hostFailure(e: unknown): Error {
  if (e instanceof Trap || e instanceof ExitError) return e;
  return new Trap(TrapCode.HostError, `host error in WASI 0.2: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** An `ok` result value. */
export function ok<T>(val: T): { readonly tag: 'ok'; readonly val: T } {
  return { tag: 'ok', val };
}

/** The `ok` result without a payload. */
export const OK_UNIT = Object.freeze({ tag: 'ok' as const });
