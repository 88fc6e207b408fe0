/**
 * Resource handles (CanonicalABI.md "Resource State", `lift_own`, `lift_borrow`, `lower_own`,
 * `lower_borrow` and the `resource.new` / `resource.rep` / `resource.drop` built-ins): the elements
 * of a handle table, the borrow scopes of a call, and moving handles between instances and the host.
 */

import type { ResourceType } from '../types.js';
import { ComponentValueError, componentTrap, describe } from './abi-errors.js';
import type { ComponentInstanceState } from './instance-state.js';
import { ResourceRef } from './resource-ref.js';
import { destroyRepresentation, implOf, resourceOrigin } from './resource-type.js';

/** One element of a handle table: an own or borrow handle to a resource representation. */
export interface HandleElement {
  /** The resource type the handle was created for. */
  readonly type: ResourceType;
  /** The representation: the guest's i32 for guest resources, any JS value for host resources. */
  readonly rep: unknown;
  /** True for an own handle, false for a borrow handle. */
  readonly own: boolean;
  /** For a borrow handle: the call it was lent to, whose end it must not outlive. */
  readonly scope: CallScope | null;
  /** How many calls currently borrow this handle (it may not be dropped or moved meanwhile). */
  numLends: number;
}

/**
 * The borrow bookkeeping of a call into a lifted function (the spec's `Task`): borrow handles
 * given to the callee must all be dropped before it returns.
 */
export class CallScope {
  /** Borrow handles lowered into the callee and not yet dropped. */
  numBorrows = 0;

  /** Traps when the callee returns while still holding borrow handles. */
  checkReturn(): void {
    if (this.numBorrows > 0) {
      throw componentTrap(`borrow handles still remain at the end of the call (${this.numBorrows} not dropped)`);
    }
  }
}

/**
 * The lending bookkeeping of a call out of a lowered import (the spec's `Subtask`): handles the
 * caller lends for `borrow` arguments stay pinned until the call returns.
 */
export class LendScope {
  readonly #lenders: HandleElement[] = [];
  readonly #refs: ResourceRef[] = [];

  /** Pins `h` for the duration of the call and records the borrowed reference made from it. */
  lend(h: HandleElement, ref: ResourceRef): void {
    h.numLends++;
    this.#lenders.push(h);
    this.#refs.push(ref);
  }

  /** Ends the call: unpins every lender and expires every borrowed reference. */
  release(): void {
    for (const h of this.#lenders) h.numLends--;
    for (const r of this.#refs) r.expire();
    this.#lenders.length = 0;
    this.#refs.length = 0;
  }
}

function checkType(index: number, h: HandleElement, expected: ResourceType): void {
  if (h.type === expected) return;
  throw componentTrap(
    `handle index ${index} used with the wrong type, expected ${resourceOrigin(expected)} but found a different ` +
      `${resourceOrigin(h.type)} (expected \`${expected.name}\`, found \`${h.type.name}\`)`,
  );
}

/** `lift_own`: moves the own handle at `index` out of `inst` and returns a reference owning it. */
export function liftOwn(inst: ComponentInstanceState, index: number, t: ResourceType): ResourceRef {
  const h = inst.handles.get(index);
  checkType(index, h, t);
  if (h.numLends !== 0) {
    throw componentTrap(`cannot remove owned resource while borrowed (handle index ${index} is lent to ${h.numLends} call(s))`);
  }
  if (!h.own) throw componentTrap(`handle index ${index} is a borrow handle where an own handle is expected`);
  inst.handles.remove(index);
  return ResourceRef.own(t, h.rep);
}

/**
 * `lift_borrow`: lends the handle at `index` of `inst` (own or borrow) for the call of `scope` and
 * returns a borrowed reference that expires when the call returns.
 */
export function liftBorrow(inst: ComponentInstanceState, scope: LendScope | null, index: number, t: ResourceType): ResourceRef {
  if (scope === null) throw componentTrap('a borrow handle can only be passed as a call argument');
  const h = inst.handles.get(index);
  checkType(index, h, t);
  const ref = ResourceRef.borrowed(t, h.rep);
  scope.lend(h, ref);
  return ref;
}

function expectRef(v: unknown, t: ResourceType, kind: 'own' | 'borrow'): ResourceRef {
  if (!(v instanceof ResourceRef)) {
    throw new ComponentValueError(`expected a ResourceRef for ${kind}<${t.name}>, got ${describe(v)}`);
  }
  if (v.type !== t) {
    throw new ComponentValueError(`expected a reference to resource \`${t.name}\`, got one to \`${v.type.name}\``);
  }
  v.check();
  return v;
}

/** `lower_own`: moves ownership of `v` (an own {@link ResourceRef}) into a new own handle of `inst`. */
export function lowerOwn(inst: ComponentInstanceState, v: unknown, t: ResourceType): number {
  const ref = expectRef(v, t, 'own');
  if (ref.kind !== 'own') throw new ComponentValueError(`a borrowed \`${t.name}\` cannot be passed where own<${t.name}> is expected`);
  const rep = ref.moveOut();
  return inst.handles.add({ type: t, rep, own: true, scope: null, numLends: 0 });
}

/**
 * `lower_borrow`: gives the callee `inst` a borrow of `v` (any live {@link ResourceRef}) for the call
 * of `scope`. When `inst` implements the resource it receives the representation itself.
 */
export function lowerBorrow(inst: ComponentInstanceState, scope: CallScope | null, v: unknown, t: ResourceType): number {
  const ref = expectRef(v, t, 'borrow');
  if (scope === null) throw new ComponentValueError(`borrow<${t.name}> can only be passed as a call argument`);
  if (implOf(t) === inst) return Number(ref.rep) >>> 0;
  scope.numBorrows++;
  return inst.handles.add({ type: t, rep: ref.rep, own: false, scope, numLends: 0 });
}

/** The `resource.new` built-in: a new own handle in `inst` for representation `rep` of `t`. */
export function resourceNew(inst: ComponentInstanceState, t: ResourceType, rep: number): number {
  inst.checkMayLeave();
  return inst.handles.add({ type: t, rep: rep >>> 0, own: true, scope: null, numLends: 0 });
}

/** The `resource.rep` built-in: the representation behind handle `index` of `inst`. */
export function resourceRep(inst: ComponentInstanceState, t: ResourceType, index: number): number {
  const h = inst.handles.get(index);
  checkType(index, h, t);
  return Number(h.rep) >>> 0;
}

/**
 * The `resource.drop` built-in: removes handle `index` from `inst`. Dropping an own handle runs
 * the resource's destructor; dropping a borrow handle ends the borrow.
 */
export function resourceDrop(inst: ComponentInstanceState, t: ResourceType, index: number): void {
  inst.checkMayLeave();
  const h = inst.handles.get(index);
  checkType(index, h, t);
  if (h.numLends !== 0) {
    throw componentTrap(
      h.own
        ? `cannot remove owned resource while borrowed (handle index ${index} is lent to ${h.numLends} call(s))`
        : `cannot drop borrow handle ${index} while it is lent to ${h.numLends} call(s)`,
    );
  }
  inst.handles.remove(index);
  if (h.own) destroyRepresentation(t, h.rep, inst);
  else if (h.scope !== null) h.scope.numBorrows--;
}
