/**
 * Resource binding: how the static resource types the decoder put into a component's types become
 * the runtime resource types of one instance. A static type is used at run time only after
 * {@link substitute}-ing the frame's bindings into it; {@link bindExtern} binds the abstract
 * resources of an import (or of a nested instance's exports) by matching the supplied item's
 * runtime type against the declared one, which is also the link-time type check.
 */

import { LinkError } from '../../api/errors.js';
import { externMismatch, forEachReachable, substExtern, substFunc, substTypeDef, substValue } from '../binary/type-ops.js';
import { resourceRoot, type ComponentExternType, type ComponentFuncType, type ComponentTypeDef, type ResourceType, type ValueType } from '../types.js';
import type { Frame } from './frame.js';

/** The runtime form of a static function type of `frame`'s component. */
export function substituteFunc(frame: Frame, t: ComponentFuncType): ComponentFuncType {
  return substFunc(t, frame.resources);
}

/** The runtime form of a static value type of `frame`'s component. */
export function substituteValue(frame: Frame, t: ValueType): ValueType {
  return substValue(t, frame.resources);
}

/** The runtime form of a static type definition of `frame`'s component. */
export function substituteTypeDef(frame: Frame, t: ComponentTypeDef): ComponentTypeDef {
  return substTypeDef(t, frame.resources);
}

/** The runtime form of a static extern type of `frame`'s component. */
export function substitute(frame: Frame, t: ComponentExternType): ComponentExternType {
  return substExtern(t, frame.resources);
}

/** The resources reachable from `t` that `frame` has not bound yet (roots). */
export function unboundResources(frame: Frame, t: ComponentExternType): Set<ResourceType> {
  const out = new Set<ResourceType>();
  forEachReachable(t, (x) => {
    if (x.kind !== 'resource') return;
    const r = resourceRoot(x);
    if (!frame.resources.has(r)) out.add(r);
  });
  return out;
}

/**
 * Checks that `actual` (the runtime type of a supplied item) can be used where the static type
 * `expected` is declared, binding each still-unbound resource of `expected` to the runtime
 * resource in the same position of `actual`. Throws a {@link LinkError} starting with `what`.
 */
export function bindExtern(frame: Frame, actual: ComponentExternType, expected: ComponentExternType, what: string): void {
  const bindable = unboundResources(frame, expected);
  const m = externMismatch(actual, expected, frame.resources, bindable);
  if (m !== null) throw new LinkError(`${what}: type mismatch: ${m}`);
  // Note: component types (and type definitions of instance or component types) mention template
  // resources that are only bound when such a component is instantiated, not here.
  const concrete = expected.kind === 'func' || expected.kind === 'instance' || expected.kind === 'value' || (expected.kind === 'type' && expected.type.kind === 'resource');
  const left = concrete ? [...bindable].filter((r) => !frame.resources.has(r)) : [];
  if (left.length > 0) {
    throw new LinkError(`${what}: resource type${left.length > 1 ? 's' : ''} ${left.map((r) => `\`${r.name}\``).join(', ')} could not be bound`);
  }
}
