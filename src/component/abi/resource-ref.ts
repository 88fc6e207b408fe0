/**
 * The JS value of an `own<R>` or `borrow<R>` component value: a {@link ResourceRef} object the
 * host receives and passes back. It carries the resource type and its representation, and tracks
 * whether it may still be used: an own reference is used up when ownership moves into a guest (or
 * it is dropped), a borrowed one expires when the call that lent it returns.
 */

import type { ResourceType } from '../types.js';
import { ComponentValueError } from './abi-errors.js';
import { destroyRepresentation } from './resource-type.js';

/** Whether a {@link ResourceRef} owns its resource or borrows it for one call. */
export type ResourceRefKind = 'own' | 'borrow';

/** The state of a {@link ResourceRef}: usable, or why not. */
export type ResourceRefState = 'live' | 'moved' | 'dropped' | 'expired';

/** A host-side reference to a resource: the JS value of `own<R>` and `borrow<R>`. */
export class ResourceRef {
  #rep: unknown;
  #state: ResourceRefState = 'live';

  private constructor(
    /** The resource type (compared by identity). */
    readonly type: ResourceType,
    /** `own`: the holder must eventually drop or transfer it; `borrow`: valid during one call only. */
    readonly kind: ResourceRefKind,
    rep: unknown,
  ) {
    this.#rep = rep;
  }

  /**
   * A new owning reference to a host resource with representation `rep`, e.g. what a host import
   * returns for `own<output-stream>`.
   */
  static own(type: ResourceType, rep: unknown): ResourceRef {
    return new ResourceRef(type, 'own', rep);
  }

  /**
   * A borrowed reference, valid until {@link expire} is called; the ABI makes these for `borrow<R>`
   * arguments a guest passes to the host.
   */
  static borrowed(type: ResourceType, rep: unknown): ResourceRef {
    return new ResourceRef(type, 'borrow', rep);
  }

  /** The current state. */
  get state(): ResourceRefState {
    return this.#state;
  }

  /** True while the reference may be used. */
  get live(): boolean {
    return this.#state === 'live';
  }

  /** The representation (a guest's i32, or the host's JS value); throws once the reference is used up. */
  get rep(): unknown {
    this.check();
    return this.#rep;
  }

  /** Throws a {@link ComponentValueError} unless the reference is live. */
  check(): void {
    if (this.#state === 'live') return;
    const why =
      this.#state === 'moved'
        ? 'its ownership was transferred'
        : this.#state === 'dropped'
          ? 'it was dropped'
          : 'the call that lent it has returned';
    throw new ComponentValueError(`resource reference to \`${this.type.name}\` is no longer usable: ${why}`);
  }

  /**
   * Destroys an owned resource: runs its destructor (the guest's `dtor` for a guest resource, the
   * host's `destroy` for a host resource) and makes this reference unusable.
   */
  drop(): void {
    if (this.kind !== 'own') throw new ComponentValueError(`a borrowed \`${this.type.name}\` cannot be dropped by its borrower`);
    this.check();
    this.#state = 'dropped';
    destroyRepresentation(this.type, this.#rep, null);
  }

  /** ABI-internal: moves ownership out of this reference (into a guest) and returns the representation. */
  moveOut(): unknown {
    this.check();
    this.#state = 'moved';
    return this.#rep;
  }

  /** ABI-internal: ends a borrow when the call that lent it returns. */
  expire(): void {
    if (this.#state === 'live') this.#state = 'expired';
  }
}
