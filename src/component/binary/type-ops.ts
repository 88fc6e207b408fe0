/**
 * Operations on resolved component types: structural equality (with resource identity), resource
 * substitution (instantiating instance and component types), and the subtype checks used when a
 * component is instantiated or an export is ascribed a type. Failures return a message in the
 * wording of the reference validator ("type mismatch in record field `x`: ...").
 */

import type {
  ComponentExternType,
  ComponentFuncType,
  ComponentType,
  ComponentTypeDef,
  CoreExternType,
  CoreModuleType,
  InstanceType,
  ResourceType,
  ValueType,
} from '../types.js';
import { resourceRoot } from '../types.js';
import { isInlinePrim } from './prims.js';
import { UNKNOWN_CORE_SIG } from './scope.js';

/** A substitution of resource types (template or abstract resource -> actual resource). */
export type ResourceMap = Map<ResourceType, ResourceType>;

function describe(t: ValueType): string {
  return t.kind === 'prim' ? t.prim : t.kind;
}

/**
 * Compares `actual` against `expected` after mapping `expected`'s resources through `map`.
 * Returns null when equal, else the reason.
 */
export function valueTypeMismatch(actual: ValueType, expected: ValueType, map: ResourceMap | null = null): string | null {
  if (actual === expected && (map === null || map.size === 0)) return null;
  if (expected.kind === 'prim') {
    // Note: the reference validator names an inline primitive but not a defined one.
    if (actual.kind !== 'prim') return isInlinePrim(expected) ? `expected ${expected.prim}, found ${describe(actual)}` : `expected primitive, found ${describe(actual)}`;
    return actual.prim === expected.prim ? null : `expected primitive \`${expected.prim}\` found primitive \`${actual.prim}\``;
  }
  if (actual.kind !== expected.kind) return `expected ${describe(expected)}, found ${describe(actual)}`;
  switch (expected.kind) {
    case 'record': {
      const a = actual as typeof expected;
      if (a.fields.length !== expected.fields.length) return `expected ${expected.fields.length} fields, found ${a.fields.length}`;
      for (let i = 0; i < a.fields.length; i++) {
        const ef = expected.fields[i]!;
        const af = a.fields[i]!;
        if (ef.name !== af.name) return `expected field name \`${ef.name}\`, found \`${af.name}\``;
        const m = valueTypeMismatch(af.type, ef.type, map);
        if (m !== null) return `type mismatch in record field \`${ef.name}\`: ${m}`;
      }
      return null;
    }
    case 'variant': {
      const a = actual as typeof expected;
      if (a.cases.length !== expected.cases.length) return `expected ${expected.cases.length} cases, found ${a.cases.length}`;
      for (let i = 0; i < a.cases.length; i++) {
        const ec = expected.cases[i]!;
        const ac = a.cases[i]!;
        if (ec.name !== ac.name) return `expected case named \`${ec.name}\`, found \`${ac.name}\``;
        if (ec.type === null && ac.type !== null) return `expected case \`${ec.name}\` to have no type`;
        if (ec.type !== null && ac.type === null) return `expected case \`${ec.name}\` to have a type, found none`;
        if (ec.type !== null && ac.type !== null) {
          const m = valueTypeMismatch(ac.type, ec.type, map);
          if (m !== null) return `type mismatch in variant case \`${ec.name}\`: ${m}`;
        }
      }
      return null;
    }
    case 'list': {
      const a = actual as typeof expected;
      if (a.length !== expected.length) return `expected list of length ${expected.length ?? 'any'}, found ${a.length ?? 'any'}`;
      const m = valueTypeMismatch(a.elem, expected.elem, map);
      return m === null ? null : `type mismatch in list element: ${m}`;
    }
    case 'tuple': {
      const a = actual as typeof expected;
      if (a.types.length !== expected.types.length) return `expected ${expected.types.length} types, found ${a.types.length}`;
      for (let i = 0; i < a.types.length; i++) {
        const m = valueTypeMismatch(a.types[i]!, expected.types[i]!, map);
        if (m !== null) return `type mismatch in tuple field ${i}: ${m}`;
      }
      return null;
    }
    case 'flags':
    case 'enum': {
      const a = actual as typeof expected;
      const same = a.names.length === expected.names.length && a.names.every((n, i) => n === expected.names[i]);
      return same ? null : `mismatch in ${expected.kind} elements`;
    }
    case 'option': {
      const a = actual as typeof expected;
      const m = valueTypeMismatch(a.type, expected.type, map);
      return m === null ? null : `type mismatch in option: ${m}`;
    }
    case 'result': {
      const a = actual as typeof expected;
      for (const side of ['ok', 'err'] as const) {
        const e = expected[side];
        const x = a[side];
        const label = side === 'ok' ? 'ok' : 'err';
        if (e === null && x !== null) return `expected ${label} type to not be present`;
        if (e !== null && x === null) return `expected ${label} type, but found none`;
        if (e !== null && x !== null) {
          const m = valueTypeMismatch(x, e, map);
          if (m !== null) return `type mismatch in ${label} variant: ${m}`;
        }
      }
      return null;
    }
    case 'own':
    case 'borrow': {
      const a = actual as typeof expected;
      const e = resourceRoot(expected.resource);
      const want = map?.get(e) ?? e;
      return resourceRoot(a.resource) === resourceRoot(want) ? null : 'resource types are not the same';
    }
  }
}

/** Compares two function types (parameter names, types and result). */
export function funcTypeMismatch(actual: ComponentFuncType, expected: ComponentFuncType, map: ResourceMap | null = null): string | null {
  if (actual.params.length !== expected.params.length) return `expected ${expected.params.length} parameters, found ${actual.params.length}`;
  for (let i = 0; i < actual.params.length; i++) {
    const ep = expected.params[i]!;
    const ap = actual.params[i]!;
    if (ep.name !== ap.name) return `expected parameter named \`${ep.name}\`, found \`${ap.name}\``;
    const m = valueTypeMismatch(ap.type, ep.type, map);
    if (m !== null) return `type mismatch in function parameter \`${ep.name}\`: ${m}`;
  }
  // Note: worded as the reference validator words it (from the supplied function's side).
  if (expected.result === null && actual.result !== null) return 'expected a result, found none';
  if (expected.result !== null && actual.result === null) return 'expected no result, found one';
  if (expected.result !== null && actual.result !== null) {
    const m = valueTypeMismatch(actual.result, expected.result, map);
    if (m !== null) return `type mismatch with result type: ${m}`;
  }
  if (!!actual.async !== !!expected.async) return expected.async ? 'expected async function, found sync function' : 'expected sync function, found async function';
  return null;
}

/** The sort name of an extern type for messages. */
export function externKindName(t: ComponentExternType): string {
  return t.kind;
}

/**
 * Checks that `actual` can be supplied where `expected` is wanted. `bindable` lists abstract
 * resources of the expected side that are not yet bound: the first occurrence binds them (in `map`)
 * to the actual resource; later occurrences must match.
 */
export function externMismatch(actual: ComponentExternType, expected: ComponentExternType, map: ResourceMap, bindable: ReadonlySet<ResourceType>): string | null {
  if (actual.kind !== expected.kind) return `expected ${expected.kind}, found ${actual.kind}`;
  switch (expected.kind) {
    case 'func':
      return funcTypeMismatch((actual as typeof expected).type, expected.type, map);
    case 'value':
      return valueTypeMismatch((actual as typeof expected).type, expected.type, map);
    case 'type':
      return typeDefMismatch((actual as typeof expected).type, expected.type, map, bindable);
    case 'instance':
      return instanceMismatch((actual as typeof expected).type, expected.type, map, bindable);
    case 'component':
      return componentMismatch((actual as typeof expected).type, expected.type, map, bindable);
    case 'module':
      return moduleMismatch((actual as typeof expected).type, expected.type);
  }
}

function typeDefKind(t: ComponentTypeDef): string {
  switch (t.kind) {
    case 'value':
      return 'defined type';
    case 'resource':
      return 'resource';
    case 'func':
      return 'func type';
    case 'instance':
      return 'instance type';
    case 'component':
      return 'component type';
  }
}

function typeDefMismatch(actual: ComponentTypeDef, expected: ComponentTypeDef, map: ResourceMap, bindable: ReadonlySet<ResourceType>): string | null {
  if (expected.kind === 'resource') {
    if (actual.kind !== 'resource') return `expected resource, found ${typeDefKind(actual)}`;
    const r = resourceRoot(expected.resource);
    if (bindable.has(r) && !map.has(r)) {
      map.set(r, resourceRoot(actual.resource));
      return null;
    }
    return resourceRoot(map.get(r) ?? r) === resourceRoot(actual.resource) ? null : 'resource types are not the same';
  }
  if (actual.kind !== expected.kind) return `expected ${typeDefKind(expected)}, found ${typeDefKind(actual)}`;
  switch (expected.kind) {
    case 'value':
      return valueTypeMismatch((actual as typeof expected).type, expected.type, map);
    case 'func':
      return funcTypeMismatch((actual as typeof expected).type, expected.type, map);
    case 'instance':
      return instanceMismatch(actual as InstanceType, expected, map, bindable);
    case 'component':
      return componentMismatch(actual as ComponentType, expected, map, bindable);
  }
}

function instanceMismatch(actual: InstanceType, expected: InstanceType, map: ResourceMap, bindable: ReadonlySet<ResourceType>): string | null {
  // Note: an instance type's own resources are bound by the actual instance's exports.
  const inner = new Set(bindable);
  for (const r of expected.resources) inner.add(r);
  for (const [name, et] of expected.exports) {
    const at = actual.exports.get(name);
    if (at === undefined) return `missing expected export \`${name}\``;
    const m = externMismatch(at, et, map, inner);
    if (m !== null) return `type mismatch in instance export \`${name}\`: ${m}`;
  }
  return null;
}

function componentMismatch(actual: ComponentType, expected: ComponentType, map: ResourceMap, bindable: ReadonlySet<ResourceType>): string | null {
  // Contravariant imports: everything the actual component imports must be offered by the expected type.
  const importBind = new Set<ResourceType>(actual.importedResources);
  const rev: ResourceMap = new Map();
  for (const [name, at] of actual.imports) {
    const et = expected.imports.get(name);
    if (et === undefined) return `missing expected import \`${name}\``;
    const m = externMismatch(substExtern(et, map), at, rev, importBind);
    if (m !== null) return `type mismatch in import \`${name}\`: ${m}`;
  }
  const inner = new Set(bindable);
  for (const r of expected.exportedResources) inner.add(r);
  for (const [name, et] of expected.exports) {
    const at = actual.exports.get(name);
    if (at === undefined) return `missing expected export \`${name}\``;
    const m = externMismatch(substExtern(at, rev), et, map, inner);
    if (m !== null) return `type mismatch in export \`${name}\`: ${m}`;
  }
  return null;
}

/** Compares core extern types for instantiation (actual supplied, expected imported). */
export function coreExternMismatch(actual: CoreExternType, expected: CoreExternType): string | null {
  if (actual.kind !== expected.kind) return `expected ${expected.kind}, found ${actual.kind}`;
  switch (expected.kind) {
    case 'func':
    case 'tag': {
      const a = (actual as typeof expected).type;
      const e = expected.type;
      if (a === UNKNOWN_CORE_SIG) return null;
      const same = a.params.length === e.params.length && a.results.length === e.results.length && a.params.every((p, i) => p === e.params[i]) && a.results.every((p, i) => p === e.results[i]);
      return same ? null : `type mismatch: expected: ${sigText(e)}, found: ${sigText(a)}`;
    }
    case 'table': {
      const a = (actual as typeof expected).type;
      const e = expected.type;
      if (a.elem !== e.elem) return `expected table element type ${e.elem}, found ${a.elem}`;
      return limitsMatch(a, e) ? null : 'mismatch in table limits';
    }
    case 'memory': {
      const a = (actual as typeof expected).type;
      const e = expected.type;
      if (a.shared !== e.shared) return 'mismatch in the shared flag for memories';
      if (a.memory64 !== e.memory64) return 'mismatch in index type used for memories';
      return limitsMatch(a, e) ? null : 'mismatch in memory limits';
    }
    case 'global': {
      const a = (actual as typeof expected).type;
      const e = expected.type;
      if (a.mutable !== e.mutable) return 'global types differ in mutability';
      return a.type === e.type ? null : `expected global type ${e.type}, found ${a.type}`;
    }
  }
}

function sigText(s: { params: readonly string[]; results: readonly string[] }): string {
  const p = s.params.length ? ` (param ${s.params.join(' ')})` : '';
  const r = s.results.length ? ` (result ${s.results.join(' ')})` : '';
  return `(func${p}${r})`;
}

function limitsMatch(a: { min: number; max: number | null }, e: { min: number; max: number | null }): boolean {
  if (a.min < e.min) return false;
  if (e.max === null) return true;
  return a.max !== null && a.max <= e.max;
}

function moduleMismatch(actual: CoreModuleType, expected: CoreModuleType): string | null {
  for (const imp of actual.imports) {
    const e = expected.imports.find((x) => x.module === imp.module && x.name === imp.name);
    if (e === undefined) return `module import \`${imp.module}::${imp.name}\` is not in the expected type: missing expected import \`${imp.module}::${imp.name}\``;
    const m = coreExternMismatch(e.type, imp.type);
    if (m !== null) return `type mismatch in import \`${imp.module}::${imp.name}\`: ${m}`;
  }
  for (const [name, et] of expected.exports) {
    const at = actual.exports.get(name);
    if (at === undefined) return `missing expected export \`${name}\``;
    const m = coreExternMismatch(at, et);
    if (m !== null) return `type mismatch in export \`${name}\`: ${m}`;
  }
  return null;
}

/** Applies a resource substitution to a value type, keeping object identity where nothing changes. */
export function substValue(t: ValueType, map: ResourceMap, memo: Map<object, unknown> = new Map()): ValueType {
  if (map.size === 0) return t;
  const hit = memo.get(t);
  if (hit !== undefined) return hit as ValueType;
  let out: ValueType = t;
  switch (t.kind) {
    case 'prim':
    case 'flags':
    case 'enum':
      break;
    case 'own':
    case 'borrow': {
      const r = map.get(resourceRoot(t.resource));
      if (r !== undefined) out = { kind: t.kind, resource: r };
      break;
    }
    case 'list': {
      const e = substValue(t.elem, map, memo);
      if (e !== t.elem) out = t.length === undefined ? { kind: 'list', elem: e } : { kind: 'list', elem: e, length: t.length };
      break;
    }
    case 'option': {
      const e = substValue(t.type, map, memo);
      if (e !== t.type) out = { kind: 'option', type: e };
      break;
    }
    case 'result': {
      const ok = t.ok === null ? null : substValue(t.ok, map, memo);
      const err = t.err === null ? null : substValue(t.err, map, memo);
      if (ok !== t.ok || err !== t.err) out = { kind: 'result', ok, err };
      break;
    }
    case 'tuple': {
      const types = t.types.map((x) => substValue(x, map, memo));
      if (types.some((x, i) => x !== t.types[i])) out = { kind: 'tuple', types };
      break;
    }
    case 'record': {
      const fields = t.fields.map((f) => ({ name: f.name, type: substValue(f.type, map, memo) }));
      if (fields.some((f, i) => f.type !== t.fields[i]!.type)) out = { kind: 'record', fields };
      break;
    }
    case 'variant': {
      const cases = t.cases.map((c) => ({ name: c.name, type: c.type === null ? null : substValue(c.type, map, memo) }));
      if (cases.some((c, i) => c.type !== t.cases[i]!.type)) out = { kind: 'variant', cases };
      break;
    }
  }
  memo.set(t, out);
  return out;
}

/** Applies a resource substitution to a function type. */
export function substFunc(t: ComponentFuncType, map: ResourceMap, memo: Map<object, unknown> = new Map()): ComponentFuncType {
  if (map.size === 0) return t;
  const hit = memo.get(t);
  if (hit !== undefined) return hit as ComponentFuncType;
  const params = t.params.map((p) => ({ name: p.name, type: substValue(p.type, map, memo) }));
  const result = t.result === null ? null : substValue(t.result, map, memo);
  const changed = result !== t.result || params.some((p, i) => p.type !== t.params[i]!.type);
  const out: ComponentFuncType = changed ? (t.async ? { params, result, async: true } : { params, result }) : t;
  memo.set(t, out);
  return out;
}

/** Applies a resource substitution to a type definition. */
export function substTypeDef(t: ComponentTypeDef, map: ResourceMap, memo: Map<object, unknown> = new Map()): ComponentTypeDef {
  if (map.size === 0) return t;
  const hit = memo.get(t);
  if (hit !== undefined) return hit as ComponentTypeDef;
  let out: ComponentTypeDef = t;
  switch (t.kind) {
    case 'value': {
      const v = substValue(t.type, map, memo);
      if (v !== t.type) out = { kind: 'value', type: v };
      break;
    }
    case 'func': {
      const f = substFunc(t.type, map, memo);
      if (f !== t.type) out = { kind: 'func', type: f };
      break;
    }
    case 'resource': {
      const r = map.get(resourceRoot(t.resource));
      if (r !== undefined) out = { kind: 'resource', resource: r };
      break;
    }
    case 'instance':
      out = substInstance(t, map, memo);
      break;
    case 'component': {
      const imports = substMap(t.imports, map, memo);
      const exports = substMap(t.exports, map, memo);
      if (imports !== t.imports || exports !== t.exports) {
        out = { kind: 'component', imports, exports, importedResources: t.importedResources, exportedResources: t.exportedResources };
      }
      break;
    }
  }
  memo.set(t, out);
  return out;
}

/** Applies a resource substitution to an instance type. */
export function substInstance(t: InstanceType, map: ResourceMap, memo: Map<object, unknown> = new Map()): InstanceType {
  if (map.size === 0) return t;
  const hit = memo.get(t);
  if (hit !== undefined) return hit as InstanceType;
  const exports = substMap(t.exports, map, memo);
  const resources = t.resources.map((r) => map.get(r) ?? r);
  const out: InstanceType = exports === t.exports && resources.every((r, i) => r === t.resources[i]) ? t : { kind: 'instance', exports, resources };
  memo.set(t, out);
  return out;
}

function substMap(m: ReadonlyMap<string, ComponentExternType>, map: ResourceMap, memo: Map<object, unknown>): ReadonlyMap<string, ComponentExternType> {
  let changed = false;
  const out = new Map<string, ComponentExternType>();
  for (const [k, v] of m) {
    const nv = substExtern(v, map, memo);
    if (nv !== v) changed = true;
    out.set(k, nv);
  }
  return changed ? out : m;
}

/** Applies a resource substitution to an extern type. */
export function substExtern(t: ComponentExternType, map: ResourceMap, memo: Map<object, unknown> = new Map()): ComponentExternType {
  if (map.size === 0) return t;
  switch (t.kind) {
    case 'func': {
      const f = substFunc(t.type, map, memo);
      return f === t.type ? t : { kind: 'func', type: f };
    }
    case 'value': {
      const v = substValue(t.type, map, memo);
      return v === t.type ? t : { kind: 'value', type: v };
    }
    case 'type': {
      const d = substTypeDef(t.type, map, memo);
      return d === t.type ? t : { kind: 'type', type: d };
    }
    case 'instance': {
      const i = substInstance(t.type, map, memo);
      return i === t.type ? t : { kind: 'instance', type: i };
    }
    case 'component': {
      const c = substTypeDef(t.type, map, memo) as ComponentType;
      return c === t.type ? t : { kind: 'component', type: c };
    }
    case 'module':
      return t;
  }
}

/** Makes fresh copies of `resources` (new identities, same names) and the map from old to new. */
export function freshResources(resources: readonly ResourceType[], prefix?: string): ResourceMap {
  const map: ResourceMap = new Map();
  for (const r of resources) {
    const copy: ResourceType = { ...r, name: prefix ? `${prefix}.${r.name}` : r.name };
    map.set(r, copy);
  }
  return map;
}

/** Gives an imported instance of type `t` its own fresh resources. */
export function instantiateInstanceType(t: InstanceType, prefix?: string): InstanceType {
  if (t.resources.length === 0) return t;
  return substInstance(t, freshResources(t.resources, prefix));
}

/** Something reachable from a type: a value type node or a resource. */
export type Reachable = ValueType | ResourceType;

/** Visits every value type node and resource reachable from an extern type (each once). */
export function forEachReachable(t: ComponentExternType, visit: (x: Reachable) => void, seen: Set<object> = new Set()): void {
  // Note: iterative (an explicit work list), so deeply nested types cannot exhaust the host stack.
  const todo: (ComponentExternType | ComponentTypeDef | ValueType | ComponentFuncType | ResourceType)[] = [t];
  const once = (x: object): boolean => {
    if (seen.has(x)) return false;
    seen.add(x);
    return true;
  };
  while (todo.length > 0) {
    const x = todo.pop()!;
    if ('params' in x) {
      for (const p of x.params) todo.push(p.type);
      if (x.result !== null) todo.push(x.result);
      continue;
    }
    switch (x.kind) {
      case 'resource':
        if ('resource' in x) todo.push(x.resource);
        else if (once(x)) visit(x);
        break;
      case 'func':
        todo.push(x.type);
        break;
      case 'value':
        todo.push(x.type);
        break;
      case 'type':
        if (once(x.type)) todo.push(x.type);
        break;
      case 'instance':
        if ('exports' in x) {
          for (const e of x.exports.values()) todo.push(e);
        } else if (once(x.type)) todo.push(x.type);
        break;
      case 'component':
        if ('exports' in x) {
          for (const e of x.imports.values()) todo.push(e);
          for (const e of x.exports.values()) todo.push(e);
        } else if (once(x.type)) todo.push(x.type);
        break;
      case 'module':
        break;
      default: {
        const v = x as ValueType;
        if (!once(v)) break;
        visit(v);
        switch (v.kind) {
          case 'list':
            todo.push(v.elem);
            break;
          case 'option':
            todo.push(v.type);
            break;
          case 'result':
            if (v.ok) todo.push(v.ok);
            if (v.err) todo.push(v.err);
            break;
          case 'tuple':
            todo.push(...v.types);
            break;
          case 'record':
            for (const f of v.fields) todo.push(f.type);
            break;
          case 'variant':
            for (const c of v.cases) if (c.type) todo.push(c.type);
            break;
          case 'own':
          case 'borrow':
            todo.push(v.resource);
            break;
          default:
            break;
        }
      }
    }
  }
}
