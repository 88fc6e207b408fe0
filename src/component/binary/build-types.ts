/**
 * Turns the type syntax of {@link ./ast.ts} into resolved types ({@link ../types.ts}) inside a
 * {@link Scope}, validating as it goes: index sorts, kebab-case labels, uniqueness, `borrow` in
 * results, resources only in concrete components, outer-alias rules, and the declarators of
 * component and instance types.
 */

import { CompileError } from '../../api/errors.js';
import type {
  ComponentExternType,
  ComponentFuncType,
  ComponentType,
  ComponentTypeDef,
  CoreFuncSig,
  CoreModuleType,
  InstanceType,
  ResourceType,
  ValueType,
} from '../types.js';
import type { Alias, CoreTypeDecl, DefValType, ExternDesc, FuncTypeDecl, ModuleTypeDeclarator, NameAttributes, Sort, TypeDecl, TypeDeclarator, ValTypeRef } from './ast.js';
import { isCanonVersion, isKebabLabel, padCanonVersion, parseInterfaceName, type ExternName } from './names.js';
import { parseSemVer } from './semver.js';
import { Scope, coreExternOf, externOf, sortOfExtern, type CoreTypeEntry } from './scope.js';
import { elemSize64, MAX_VALUE_BYTES } from './flatten.js';
import { primType } from './prims.js';
import { forEachReachable, instantiateInstanceType } from './type-ops.js';

export { primType };

/** Resolves a `valtype`: primitives, or a type index that must denote a defined value type. */
export function resolveValType(scope: Scope, ref: ValTypeRef, offset: number): ValueType {
  if (ref.kind === 'prim') return primType(ref.prim);
  const t = scope.get<ComponentTypeDef>('type', ref.index, offset);
  if (t.kind !== 'value') throw new CompileError(`type index ${ref.index} is not a defined type`, offset);
  return t.type;
}

function checkLabels(names: readonly string[], what: string, offset: number, previous: string = what): void {
  const seen = new Map<string, string>();
  for (const n of names) {
    if (n.length === 0) throw new CompileError(`${what} name cannot be empty`, offset);
    if (!isKebabLabel(n)) throw new CompileError(`${what} name \`${n}\` is not in kebab case`, offset);
    const key = n.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) throw new CompileError(`${what} name \`${n}\` conflicts with previous ${previous} name \`${prev}\``, offset);
    seen.set(key, n);
  }
}

function resourceOf(scope: Scope, index: number, offset: number): ResourceType {
  const t = scope.get<ComponentTypeDef>('type', index, offset);
  if (t.kind !== 'resource') throw new CompileError(`type index ${index} is not a resource type`, offset);
  return t.resource;
}

/** Builds a defined value type and checks its size (Binary.md: `elem_size(t, 'i64')` below 2^28). */
export function buildDefined(scope: Scope, d: DefValType, offset: number): ValueType {
  const t = buildDefinedShape(scope, d, offset);
  const size = elemSize64(t, scope.root.sizeMemo);
  if (size >= MAX_VALUE_BYTES) throw new CompileError(`type of ${size} bytes exceeds maximum byte size of ${MAX_VALUE_BYTES - 1}`, offset);
  return t;
}

function buildDefinedShape(scope: Scope, d: DefValType, offset: number): ValueType {
  const v = (r: ValTypeRef): ValueType => resolveValType(scope, r, offset);
  switch (d.kind) {
    case 'prim':
      // Note: a fresh node, so that a named alias (`type filesize = u64`) has its own identity.
      return { kind: 'prim', prim: d.prim };
    case 'record':
      if (d.fields.length === 0) throw new CompileError('record type must have at least one field', offset);
      checkLabels(d.fields.map((f) => f.name), 'record field', offset, 'field');
      return { kind: 'record', fields: d.fields.map((f) => ({ name: f.name, type: v(f.type) })) };
    case 'variant':
      if (d.cases.length === 0) throw new CompileError('variant type must have at least one case', offset);
      checkLabels(d.cases.map((c) => c.name), 'variant case', offset, 'case');
      return { kind: 'variant', cases: d.cases.map((c) => ({ name: c.name, type: c.type === null ? null : v(c.type) })) };
    case 'list':
      if (d.length === undefined) return { kind: 'list', elem: v(d.elem) };
      if (d.length === 0) throw new CompileError('Fixed size lists must have more than zero elements', offset);
      return { kind: 'list', elem: v(d.elem), length: d.length };
    case 'tuple':
      if (d.types.length === 0) throw new CompileError('tuple type must have at least one type', offset);
      return { kind: 'tuple', types: d.types.map(v) };
    case 'flags':
      if (d.names.length === 0) throw new CompileError('flags must have at least one entry', offset);
      if (d.names.length > 32) throw new CompileError('cannot have more than 32 flags', offset);
      checkLabels(d.names, 'flag', offset);
      return { kind: 'flags', names: [...d.names] };
    case 'enum':
      if (d.names.length === 0) throw new CompileError('enum type must have at least one variant', offset);
      checkLabels(d.names, 'enum tag', offset, 'tag');
      return { kind: 'enum', names: [...d.names] };
    case 'option':
      return { kind: 'option', type: v(d.type) };
    case 'result':
      return { kind: 'result', ok: d.ok === null ? null : v(d.ok), err: d.err === null ? null : v(d.err) };
    case 'own':
    case 'borrow':
      return { kind: d.kind, resource: resourceOf(scope, d.index, offset) };
    case 'stream':
    case 'future':
    case 'error-context':
    case 'map':
      throw new CompileError(`\`${d.kind}\` types are not supported: kpio implements the WASI 0.2 (synchronous) component model`, offset);
  }
}

function containsBorrow(root: ValueType): boolean {
  // Note: iterative, so deeply nested types cannot exhaust the host stack.
  const seen = new Set<ValueType>();
  const todo: ValueType[] = [root];
  while (todo.length > 0) {
    const t = todo.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    switch (t.kind) {
      case 'borrow':
        return true;
      case 'list':
        todo.push(t.elem);
        break;
      case 'option':
        todo.push(t.type);
        break;
      case 'result':
        if (t.ok !== null) todo.push(t.ok);
        if (t.err !== null) todo.push(t.err);
        break;
      case 'tuple':
        todo.push(...t.types);
        break;
      case 'record':
        for (const f of t.fields) todo.push(f.type);
        break;
      case 'variant':
        for (const c of t.cases) if (c.type !== null) todo.push(c.type);
        break;
      default:
        break;
    }
  }
  return false;
}

/** Builds a function type. */
export function buildFunc(scope: Scope, d: FuncTypeDecl, offset: number): ComponentFuncType {
  checkLabels(d.params.map((p) => p.name), 'function parameter', offset, 'parameter');
  const params = d.params.map((p) => ({ name: p.name, type: resolveValType(scope, p.type, offset) }));
  const result = d.result === null ? null : resolveValType(scope, d.result, offset);
  if (result !== null && containsBorrow(result)) throw new CompileError('function result cannot contain a `borrow` type', offset);
  return d.async ? { params, result, async: true } : { params, result };
}

/** Builds a core type (function or module type) inside `scope`. */
export function buildCoreType(scope: Scope, d: CoreTypeDecl, offset: number): CoreTypeEntry {
  if (d.kind === 'func') return { kind: 'func', sig: d.sig };
  // Note: a module type starts with an empty core type index space; outer aliases may pull types in.
  const types: CoreTypeEntry[] = [];
  const imports: { module: string; name: string; type: CoreModuleType['imports'][number]['type'] }[] = [];
  const exports = new Map<string, CoreModuleType['imports'][number]['type']>();
  const sig = (i: number): CoreFuncSig => {
    const t = types[i];
    if (t === undefined) throw new CompileError(`unknown type ${i}: type index out of bounds`, offset);
    if (t.kind !== 'func') throw new CompileError(`type index ${i} is not a function type`, offset);
    return t.sig;
  };
  const resolve = (decl: Extract<ModuleTypeDeclarator, { kind: 'import' | 'export' }>) => {
    const t = decl.type;
    return t.kind === 'func' || t.kind === 'tag' ? { kind: t.kind, type: sig(t.typeIndex) } : t;
  };
  for (const decl of d.decls) {
    switch (decl.kind) {
      case 'type':
        types.push(buildCoreType(scope, decl.type, offset));
        break;
      case 'alias-outer': {
        // Note: count 0 is the module type itself; 1 is the enclosing component-level scope.
        if (decl.count === 0) {
          const t = types[decl.index];
          if (t === undefined) throw new CompileError(`unknown type ${decl.index}: type index out of bounds`, offset);
          types.push(t);
        } else {
          const target = scope.outer(decl.count - 1, offset);
          const t = target.get<CoreTypeEntry>('core type', decl.index, offset);
          if (t.kind === 'module') throw new CompileError('cannot alias a module type into a module type', offset);
          types.push(t);
        }
        break;
      }
      case 'import':
        if (imports.some((x) => x.module === decl.module && x.name === decl.name)) {
          throw new CompileError(`duplicate import name \`${decl.module}:${decl.name}\` already defined`, offset);
        }
        checkCoreLimits(decl.type, offset);
        imports.push({ module: decl.module, name: decl.name, type: resolve(decl) });
        break;
      case 'export':
        checkCoreLimits(decl.type, offset);
        if (exports.has(decl.name)) throw new CompileError(`export name \`${decl.name}\` already defined`, offset);
        exports.set(decl.name, resolve(decl));
        break;
    }
  }
  return { kind: 'module', imports, exports };
}

/** Core limits rules for memory and table types in module types. */
function checkCoreLimits(d: { kind: string; type?: unknown }, offset: number): void {
  if (d.kind === 'memory') {
    const m = d.type as { min: number; max: number | null; memory64: boolean; pageSizeLog2?: number };
    const limit = m.memory64 ? 2 ** 48 : 65536;
    if (m.min > limit || (m.max !== null && m.max > limit)) throw new CompileError(`memory size must be at most ${limit} pages (${m.memory64 ? '16 EiB' : '4GiB'})`, offset);
    if (m.max !== null && m.max < m.min) throw new CompileError('size minimum must not be greater than maximum', offset);
  } else if (d.kind === 'table') {
    const t = d.type as { min: number; max: number | null };
    if (t.max !== null && t.max < t.min) throw new CompileError('size minimum must not be greater than maximum', offset);
  }
}

/** Builds a component-level type definition in `scope`; `typeIndex` is the index it will get. */
export function buildTypeDecl(scope: Scope, d: TypeDecl, offset: number, typeIndex: number): ComponentTypeDef {
  switch (d.kind) {
    case 'defined':
      return { kind: 'value', type: buildDefined(scope, d.type, offset) };
    case 'func':
      return { kind: 'func', type: buildFunc(scope, d, offset) };
    case 'resource': {
      if (scope.kind !== 'component') throw new CompileError('resources can only be defined within a concrete component', offset);
      if (d.dtor !== null) {
        const sig = scope.get<CoreFuncSig | null>('core func', d.dtor, offset);
        const ok = sig === null || (sig.params.length === 1 && sig.params[0] === d.rep && sig.results.length === 0);
        if (!ok) throw new CompileError(`wrong signature for a destructor: expected [${d.rep}] -> []`, offset);
      }
      const r: ResourceType = { kind: 'resource', name: `resource${typeIndex}`, rep: d.rep, destructor: d.dtor };
      scope.localResources.add(r);
      return { kind: 'resource', resource: r };
    }
    case 'component':
    case 'instance':
      return buildScopedType(scope, d.kind, d.decls);
  }
}

/** Builds a component or instance type from its declarators. */
export function buildScopedType(parent: Scope, kind: 'component' | 'instance', decls: readonly TypeDeclarator[]): ComponentType | InstanceType {
  const scope = new Scope(kind === 'component' ? 'component-type' : 'instance-type', parent);
  for (const d of decls) applyDeclarator(scope, d);
  if (kind === 'instance') return { kind: 'instance', exports: scope.exports, resources: scope.exportedResources };
  return { kind: 'component', imports: scope.imports, exports: scope.exports, importedResources: scope.importedResources, exportedResources: scope.exportedResources };
}

function applyDeclarator(scope: Scope, d: TypeDeclarator): void {
  switch (d.kind) {
    case 'core-type':
      scope.push('core type', buildCoreType(scope, d.type, d.offset), -1);
      return;
    case 'type': {
      const idx = scope.spaces.types.length;
      scope.push('type', buildTypeDecl(scope, d.type, d.offset, idx), -1);
      return;
    }
    case 'alias':
      if (d.alias.kind === 'export' && d.alias.sort !== 'type' && d.alias.sort !== 'instance') {
        throw new CompileError('alias export declarators may only refer to types or instances', d.offset);
      }
      if (d.alias.kind === 'outer' && d.alias.sort !== 'type' && d.alias.sort !== 'core type') {
        throw new CompileError('alias declarators may only refer to types or instances (outer aliases: only types)', d.offset);
      }
      if (d.alias.kind === 'core-export') throw new CompileError('core export aliases are not allowed in type declarators', d.offset);
      applyAlias(scope, d.alias, d.offset, -1);
      return;
    case 'import':
    case 'export': {
      const ext = externFromDesc(scope, d.desc, d.offset, d.name);
      checkAttributes(d.name, d.attrs, ext, d.offset);
      declareExtern(scope, d.kind, d.name, ext, d.offset, -1, d.desc);
      return;
    }
  }
}

/** Resolves an `externtype` of an import or export declaration (fresh resources for `sub resource`). */
export function externFromDesc(scope: Scope, desc: ExternDesc, offset: number, name: ExternName): ComponentExternType {
  const typeAt = (i: number): ComponentTypeDef => scope.get<ComponentTypeDef>('type', i, offset);
  switch (desc.kind) {
    case 'module': {
      const t = scope.get<CoreTypeEntry>('core type', desc.index, offset);
      if (t.kind !== 'module') throw new CompileError(`core type index ${desc.index} is not a module type`, offset);
      return { kind: 'module', type: t };
    }
    case 'func': {
      const t = typeAt(desc.index);
      if (t.kind !== 'func') throw new CompileError(`type index ${desc.index} is not a function type`, offset);
      return { kind: 'func', type: t.type };
    }
    case 'component': {
      const t = typeAt(desc.index);
      if (t.kind !== 'component') throw new CompileError(`type index ${desc.index} is not a component type`, offset);
      return { kind: 'component', type: t };
    }
    case 'instance': {
      const t = typeAt(desc.index);
      if (t.kind !== 'instance') throw new CompileError(`type index ${desc.index} is not an instance type`, offset);
      // Note: an imported instance (or an exported one in a type) has its own resources; a concrete
      // component's exported instance already exists, so this only applies to declarations.
      return { kind: 'instance', type: instantiateInstanceType(t, name.raw) };
    }
    case 'value': {
      if (desc.bound.kind === 'eq') return { kind: 'value', type: scope.get('value', desc.bound.index, offset) };
      return { kind: 'value', type: resolveValType(scope, desc.bound.type, offset) };
    }
    case 'type': {
      if (desc.bound.kind === 'sub-resource') {
        const r: ResourceType = { kind: 'resource', name: name.raw };
        return { kind: 'type', type: { kind: 'resource', resource: r } };
      }
      const t = typeAt(desc.bound.index);
      if (t.kind === 'resource' && scope.kind === 'component') {
        // Note: a new name for the same resource (Explainer.md, "External Visibility of Types").
        return { kind: 'type', type: { kind: 'resource', resource: { kind: 'resource', name: name.raw, aliasOf: t.resource } } };
      }
      if (t.kind === 'value') {
        // Note: every `eq` bound introduces a new name (a copy), in types too, so that naming it or
        // renaming it at instantiation never names the type it was bound to.
        return { kind: 'type', type: { kind: 'value', type: renamedValueType(scope, t.type) } };
      }
      return { kind: 'type', type: t };
    }
  }
}

/** A copy of a value type with a new identity (a new externally visible name), remembering its origin. */
export function renamedValueType(scope: Scope, t: ValueType): ValueType {
  const copy = { ...t } as ValueType;
  scope.root.copiedFrom.set(copy, t);
  return copy;
}

const NOMINAL = new Set(['record', 'variant', 'enum', 'flags']);

/** Adds the resources an extern type binds itself, and the types its instances export, to `out`. */
function collectBound(t: ComponentExternType | ComponentTypeDef, out: Set<object>, seen: Set<object> = new Set()): void {
  const def = 'exports' in t || t.kind === 'resource' ? (t as ComponentTypeDef) : null;
  const inner = def ?? (t as ComponentExternType).type;
  if (typeof inner !== 'object' || inner === null || seen.has(inner)) return;
  seen.add(inner);
  if ('kind' in inner && inner.kind === 'instance' && 'exports' in inner) {
    for (const r of inner.resources) out.add(r);
    for (const e of inner.exports.values()) {
      if (e.kind === 'type') out.add(e.type.kind === 'value' ? e.type.type : e.type.kind === 'resource' ? e.type.resource : e.type);
      if (e.kind === 'instance' || e.kind === 'component') collectBound(e, out, seen);
    }
  } else if ('kind' in inner && inner.kind === 'component' && 'imports' in inner) {
    for (const r of inner.importedResources) out.add(r);
    for (const r of inner.exportedResources) out.add(r);
    for (const e of [...inner.imports.values(), ...inner.exports.values()]) {
      if (e.kind === 'type') out.add(e.type.kind === 'value' ? e.type.type : e.type.kind === 'resource' ? e.type.resource : e.type);
      if (e.kind === 'instance' || e.kind === 'component') collectBound(e, out, seen);
    }
  }
}

/**
 * Checks the external-visibility rule (Explainer.md, "External Visibility of Types"): every resource
 * and every record, variant, enum and flags type an import or export mentions must have a name that
 * is visible from outside (imports may only use names introduced by imports).
 */
export function checkVisibility(scope: Scope, which: 'import' | 'export', name: string, ext: ComponentExternType, offset: number, skipTop?: object): void {
  const own = new Set<object>();
  collectBound(ext, own);
  let bad: string | null = null;
  forEachReachable(ext, (x) => {
    if (x === skipTop || own.has(x)) return;
    if (x.kind === 'resource' || NOMINAL.has(x.kind)) {
      if (scope.isVisible(x, which)) return;
      bad ??= x.kind === 'resource' ? `resource \`${x.name}\`` : `a ${x.kind} type`;
    }
  });
  if (bad !== null) {
    throw new CompileError(`${ext.kind} not valid to be used as ${which}: \`${name}\` refers to ${bad} that has no externally visible name`, offset);
  }
}

/** Records an import or export in `scope`: name uniqueness, annotations, index space, resources. */
export function declareExtern(scope: Scope, which: 'import' | 'export', name: ExternName, ext: ComponentExternType, offset: number, def: number, desc: ExternDesc | null): void {
  // Note: only a `(sub resource)` bound, or an instance declared by type, introduces new resources.
  const introduces = desc !== null && (desc.kind === 'instance' || (desc.kind === 'type' && desc.bound.kind === 'sub-resource'));
  scope.claimName(which, name, offset);
  checkAnnotatedName(which === 'import' ? scope.importLabels : scope.exportLabels, name, ext, offset);
  // Note: instance types may declare unexportable items; they are checked where the type is used.
  if ((which === 'import' || scope.kind === 'component-type') && scope.kind !== 'instance-type') checkVisibility(scope, which, name.raw, ext, offset, ext.kind === 'type' ? topOf(ext) : undefined);
  (which === 'import' ? scope.imports : scope.exports).set(name.raw, ext);
  const named = which === 'import' ? scope.namedByImport : scope.namedByExport;
  const resources = which === 'import' ? scope.importedResources : scope.exportedResources;
  if (ext.kind === 'type') {
    const top = topOf(ext);
    named.add(top);
    if (ext.type.kind === 'resource') {
      const r = ext.type.resource;
      if (introduces) resources.push(r);
      const labels = which === 'import' ? scope.importLabels : scope.exportLabels;
      // Note: a resource may be exported under several names (WIT `type trailers = fields`); its
      // `[method]`/`[constructor]`/`[static]` functions use the first one, its own name.
      if (name.kind === 'label' && !labels.has(r)) labels.set(r, name.label);
    }
  }
  if (ext.kind === 'instance') {
    if (introduces) for (const r of ext.type.resources) resources.push(r);
    nameInstanceTypes(ext.type, named);
  }
  scope.push(sortOfExtern(ext), ext.type, def);
}

/** Adds the types an imported or exported instance exports, in nested instances too, to `named`. */
function nameInstanceTypes(root: InstanceType, named: Set<object>): void {
  // Note: iterative with a seen set, so shared or deeply nested instance types stay cheap.
  const seen = new Set<InstanceType>();
  const todo: InstanceType[] = [root];
  while (todo.length > 0) {
    const t = todo.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const e of t.exports.values()) {
      if (e.kind === 'type') named.add(topOf(e));
      else if (e.kind === 'instance') todo.push(e.type);
    }
  }
}

function topOf(ext: ComponentExternType & { kind: 'type' }): object {
  const t = ext.type;
  return t.kind === 'value' ? t.type : t.kind === 'resource' ? t.resource : t;
}

/**
 * Checks a `[constructor]r`, `[method]r.m` or `[static]r.m` name against the function's type and the
 * resources named so far on the same side (imports or exports), in the reference validator's order.
 */
export function checkAnnotatedName(labels: ReadonlyMap<ResourceType, string>, name: ExternName, ext: ComponentExternType, offset: number): void {
  if (name.kind === 'label' || name.kind === 'interface') return;
  if (ext.kind !== 'func') throw new CompileError(`item \`${name.raw}\` is not a func: only functions may have \`[${name.kind}]\` names`, offset);
  const ft = ext.type;
  let resource: ResourceType;
  if (name.kind === 'static') {
    if (![...labels.values()].includes(name.resource)) throw new CompileError(`static resource name is not known in this context: \`${name.resource}\``, offset);
    return;
  }
  if (name.kind === 'constructor') {
    const res = ft.result;
    if (res === null) throw new CompileError('function should return one value', offset);
    const own = res.kind === 'own' ? res : res.kind === 'result' && res.ok !== null && res.ok.kind === 'own' ? res.ok : null;
    if (own === null || own.kind !== 'own') throw new CompileError('function should return `(own $T)` or `(result (own $T))`', offset);
    resource = own.resource;
  } else {
    const first = ft.params[0];
    if (first === undefined) throw new CompileError('function should have at least one argument', offset);
    if (first.name !== 'self') throw new CompileError('function should have a first argument called `self`', offset);
    if (first.type.kind !== 'borrow') throw new CompileError('function should take a first argument of `(borrow $T)`', offset);
    resource = first.type.resource;
  }
  const label = labels.get(resource);
  if (label === undefined) throw new CompileError('resource used in function does not have a name in this context', offset);
  if (label !== name.resource) throw new CompileError(`function does not match expected resource name \`${label}\``, offset);
}


/** Checks the `implements` and `versionsuffix` attributes of an import or export. */
export function checkAttributes(name: ExternName, attrs: NameAttributes, ext: ComponentExternType, offset: number): void {
  if (attrs.implements !== undefined) {
    if (ext.kind !== 'instance') throw new CompileError(`only instances can have an \`implements\` attribute: \`${name.raw}\` is a ${ext.kind}`, offset);
    if (name.kind === 'interface') throw new CompileError(`name \`${name.raw}\` is not valid with \`implements\`: use a plain name`, offset);
    if (attrs.implements === '') throw new CompileError('`implements` name `` is not a valid name: it must be an interface name', offset);
    const r = parseInterfaceName(attrs.implements);
    if (!r.ok) throw new CompileError(`\`implements\` name \`${attrs.implements}\` must be an interface name: ${r.error}`, offset);
  }
  if (attrs.versionSuffix !== undefined) {
    if (name.kind !== 'interface' || name.version === null || !isCanonVersion(name.version)) {
      throw new CompileError(`\`versionsuffix\` requires a name with a canonical interface version, not \`${name.raw}\``, offset);
    }
    const full = parseSemVer(padCanonVersion(name.version, attrs.versionSuffix));
    if (!full.ok) throw new CompileError(`version \`${name.version}\` with suffix \`${attrs.versionSuffix}\` is not a valid semver: ${full.error}`, offset);
  }
}

/** Applies an alias definition or declarator: pushes the aliased item into `scope`. */
export function applyAlias(scope: Scope, a: Alias, offset: number, def: number): void {
  switch (a.kind) {
    case 'export': {
      const inst = scope.get<InstanceType>('instance', a.instance, offset);
      const e = inst.exports.get(a.name);
      if (e === undefined) throw new CompileError(`instance ${a.instance} has no export named \`${a.name}\``, offset);
      const sort = sortOfExtern(e);
      if (sort !== a.sort) throw new CompileError(`export \`${a.name}\` for instance ${a.instance} is not a ${a.sort === 'core module' ? 'module' : a.sort}: it is a ${sort}`, offset);
      // Note: aliasing confers no name by itself (Explainer.md, "External Visibility of Types"): the
      // types an imported or exported instance exports were named when it was declared, and
      // those of an instantiated child or an unexported bag of exports have no name here.
      scope.push(sort, e.type, def);
      return;
    }
    case 'core-export': {
      if (!a.sort.startsWith('core ') || a.sort === 'core type' || a.sort === 'core module' || a.sort === 'core instance') {
        throw new CompileError(`core export aliases may only refer to core functions, tables, memories, globals and tags`, offset);
      }
      const inst = scope.get<{ exports: ReadonlyMap<string, ReturnType<typeof coreExternOf>> }>('core instance', a.instance, offset);
      const e = inst.exports.get(a.name);
      if (e === undefined) throw new CompileError(`core instance ${a.instance} has no export named \`${a.name}\``, offset);
      if (`core ${e.kind}` !== a.sort) throw new CompileError(`export \`${a.name}\` for core instance ${a.instance} is not a ${a.sort.slice(5)}`, offset);
      scope.push(a.sort, e.type, def);
      return;
    }
    case 'outer': {
      const allowed: readonly Sort[] = ['core module', 'core type', 'component', 'type'];
      if (!allowed.includes(a.sort)) throw new CompileError(`outer item of sort ${a.sort} is not a module, type, or component`, offset);
      if (a.count > scope.depth) throw new CompileError(`invalid outer alias count of ${a.count}`, offset);
      const target = scope.outer(a.count, offset);
      const item = target.get<unknown>(a.sort, a.index, offset);
      let crosses = false;
      for (let s: Scope | null = scope; s !== null && s !== target; s = s.parent) if (s.kind === 'component') crosses = true;
      if (crosses && a.sort === 'type') {
        let hasResource = false;
        forEachReachable({ kind: 'type', type: item as ComponentTypeDef }, (x) => {
          if (x.kind === 'resource') hasResource = true;
        });
        if (hasResource) throw new CompileError(`type index ${a.index} is not valid for an outer alias: it transitively refers to resources`, offset);
      }
      // Note: names from an enclosing component are not visible outside a nested component.
      if (a.sort === 'type' && scope.kind !== 'component') {
        const t = item as ComponentTypeDef;
        scope.namedByImport.add(t.kind === 'value' ? t.type : t.kind === 'resource' ? t.resource : t);
      }
      scope.push(a.sort, item, def);
      return;
    }
  }
}

export { externOf, coreExternOf };
