/**
 * Resource types at run time: the component type model's {@link ResourceType} plus who implements
 * the resource (a component instance, or the host) and how a representation is destroyed.
 *
 * Resource types are generative: each instantiation of a component that defines a resource makes
 * a new type, compared by object identity. The linker creates one {@link RuntimeResourceType} per
 * defined resource per instance and substitutes it into the function types it hands to the ABI.
 */

import type { WasmFunc } from '../../api/values.js';
import type { ResourceType } from '../types.js';
import type { ComponentInstanceState } from './instance-state.js';

/** A resource type whose implementation is known: the defining instance (or host) and destructor. */
export class RuntimeResourceType implements ResourceType {
  /** Always `'resource'`, as for every {@link ResourceType}. */
  readonly kind = 'resource' as const;
  /** The core representation type: `i32` for guest resources, absent for host resources. */
  readonly rep?: 'i32';
  /** The guest destructor, when the resource is defined by a component with `(dtor ...)`. */
  readonly destructor?: WasmFunc;
  readonly #hostDestroy: ((rep: unknown) => void) | undefined;

  private constructor(
    /** Debug name, e.g. `wasi:io/streams.output-stream`; never used for equality. */
    readonly name: string,
    /** The component instance that defines the resource, or `null` when the host implements it. */
    readonly impl: ComponentInstanceState | null,
    guestDtor: WasmFunc | undefined,
    hostDestroy: ((rep: unknown) => void) | undefined,
  ) {
    if (impl !== null) this.rep = 'i32';
    if (guestDtor !== undefined) this.destructor = guestDtor;
    this.#hostDestroy = hostDestroy;
  }

  /**
   * A resource implemented by the TS host. Its representation is any JS value the host chooses
   * (the guest only ever sees handle indices). `destroy` runs when the last owner drops it: when a
   * guest calls `resource.drop` on an own handle, or the host calls {@link ResourceRef.drop}.
   */
  static host(name: string, destroy?: (rep: unknown) => void): RuntimeResourceType {
    return new RuntimeResourceType(name, null, undefined, destroy);
  }

  /**
   * A resource defined by the component instance `impl` (`(type (resource (rep i32) (dtor ...)))`).
   * Its representation is an i32 chosen by the guest through `resource.new`; `dtor` is the core
   * function `(func (param i32))` run on drop.
   */
  static guest(name: string, impl: ComponentInstanceState, dtor?: WasmFunc): RuntimeResourceType {
    return new RuntimeResourceType(name, impl, dtor, undefined);
  }

  /** True when a component instance (rather than the host) implements this resource. */
  get guestDefined(): boolean {
    return this.impl !== null;
  }

  /**
   * Runs the destructor of representation `rep`, on behalf of `caller` (the instance that dropped
   * the last own handle, or `null` for the host). A guest destructor is entered like an export:
   * it traps when the defining instance is already on the stack (unless `caller` is inside it).
   */
  destroy(rep: unknown, caller: ComponentInstanceState | null): void {
    if (this.impl === null) {
      this.#hostDestroy?.(rep);
      return;
    }
    const dtor = this.destructor;
    if (dtor === undefined) return;
    const impl = this.impl;
    impl.enter(caller);
    try {
      dtor.call(Number(rep) | 0);
    } catch (e) {
      impl.poison(caller);
      throw e;
    }
    impl.leave(caller);
  }
}

/** The implementing instance of `t`, or `null` when the host implements it or `t` carries no runtime information. */
export function implOf(t: ResourceType): ComponentInstanceState | null {
  return t instanceof RuntimeResourceType ? t.impl : null;
}

/** Runs the destructor of `rep` of resource `t` (nothing for types without runtime information). */
export function destroyRepresentation(t: ResourceType, rep: unknown, caller: ComponentInstanceState | null): void {
  if (t instanceof RuntimeResourceType) t.destroy(rep, caller);
}

/** Describes `t` for messages the way wasmtime does ("guest-defined resource" / "host-defined resource"). */
export function resourceOrigin(t: ResourceType): string {
  return implOf(t) !== null ? 'guest-defined resource' : 'host-defined resource';
}
