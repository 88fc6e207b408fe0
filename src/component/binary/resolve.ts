/**
 * Lookups over a decoded {@link Component}: what a type index denotes, the value type or function
 * type behind an index, and the resolved type of an import or export by name. Everything is already
 * resolved by the decoder; these helpers only give clear errors for wrong indices or sorts.
 */

import { CompileError } from '../../api/errors.js';
import type { ComponentExternType, ComponentFuncType, ComponentTypeDef, ValueType } from '../types.js';
import type { Component } from './component.js';

/** What type index `index` of `component` denotes (a value type, function, resource, instance or component type). */
export function typeAt(component: Component, index: number): ComponentTypeDef {
  const e = component.spaces.types[index];
  if (e === undefined) throw new CompileError(`unknown type ${index}: type index out of bounds (the component has ${component.spaces.types.length} types)`);
  return e.type;
}

/** The value-type tree that type index `index` denotes; fails for non-value types. */
export function valueTypeAt(component: Component, index: number): ValueType {
  const t = typeAt(component, index);
  if (t.kind !== 'value') throw new CompileError(`type index ${index} is not a defined value type (it is a ${t.kind} type)`);
  return t.type;
}

/** The function type of component function index `index`. */
export function funcTypeAt(component: Component, index: number): ComponentFuncType {
  const e = component.spaces.funcs[index];
  if (e === undefined) throw new CompileError(`unknown function ${index}: function index out of bounds`);
  return e.type;
}

/** The resolved type of the import named `name`, or undefined. */
export function importType(component: Component, name: string): ComponentExternType | undefined {
  return component.imports.get(name);
}

/** The resolved type of the export named `name`, or undefined. */
export function exportType(component: Component, name: string): ComponentExternType | undefined {
  return component.exports.get(name);
}
