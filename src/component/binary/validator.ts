/**
 * Validation of component-level definitions (core instances, instances, canonical definitions,
 * start, imports and exports) on top of {@link ./build-types.ts}. Each function checks one
 * definition and appends what it defines to the scope's index spaces.
 */

import { CompileError } from '../../api/errors.js';
import type {
  ComponentExternType,
  ComponentFuncType,
  ComponentType,
  ComponentTypeDef,
  CoreExternType,
  CoreFuncSig,
  CoreInstanceType,
  CoreModuleType,
  InstanceType,
  ResourceType,
  ValueType,
} from '../types.js';
import { resourceRoot } from '../types.js';
import type { Canon, CanonOption, CoreInstanceDecl, Definition, InstanceDecl } from './ast.js';
import { checkAnnotatedName, checkAttributes, checkVisibility, declareExtern, externFromDesc, renamedValueType } from './build-types.js';
import { uniquenessKey } from './names.js';
import { flattenFuncType, needsMemory } from './flatten.js';
import { coreExternOf, externOf, type Scope } from './scope.js';
import { coreExternMismatch, externMismatch, forEachReachable, freshResources, substExtern, type ResourceMap } from './type-ops.js';

/** Validates a core instance definition and returns its type. */
export function coreInstanceType(scope: Scope, d: CoreInstanceDecl, offset: number): CoreInstanceType {
  if (d.kind === 'exports') {
    const exports = new Map<string, CoreExternType>();
    for (const e of d.exports) {
      if (exports.has(e.name)) throw new CompileError(`export name \`${e.name}\` already defined`, offset);
      exports.set(e.name, coreExternOf(scope, e.sort, e.index, offset));
    }
    return { kind: 'core-instance', exports };
  }
  const module = scope.get<CoreModuleType>('core module', d.module, offset);
  const args = new Map<string, CoreInstanceType>();
  for (const a of d.args) {
    if (args.has(a.name)) throw new CompileError(`duplicate module instantiation argument named \`${a.name}\``, offset);
    args.set(a.name, scope.get<CoreInstanceType>('core instance', a.instance, offset));
  }
  for (const imp of module.imports) {
    const arg = args.get(imp.module);
    if (arg === undefined) throw new CompileError(`missing module instantiation argument named \`${imp.module}\``, offset);
    const item = arg.exports.get(imp.name);
    if (item === undefined) {
      throw new CompileError(`module instantiation argument \`${imp.module}\` does not export an item named \`${imp.name}\``, offset);
    }
    const m = coreExternMismatch(item, imp.type);
    if (m !== null) throw new CompileError(`type mismatch for export \`${imp.name}\` of module instantiation argument \`${imp.module}\`: ${m}`, offset);
  }
  return { kind: 'core-instance', exports: module.exports };
}

/** Validates a component instance definition and returns its type. */
export function instanceType(scope: Scope, d: InstanceDecl, offset: number): InstanceType {
  if (d.kind === 'exports') {
    const exports = new Map<string, ComponentExternType>();
    const keys = new Map<string, string>();
    const labels = new Map<ResourceType, string>();
    for (const e of d.exports) {
      const key = uniquenessKey(e.name);
      const prev = keys.get(key);
      if (prev !== undefined) throw new CompileError(`export name \`${e.name.raw}\` conflicts with previous name \`${prev}\``, offset);
      keys.set(key, e.name.raw);
      if (e.sort.startsWith('core ') && e.sort !== 'core module') throw new CompileError(`${e.sort.slice(5)} not valid to be used as export`, offset);
      let ext = externOf(scope, e.sort, e.index, offset);
      // Note: exporting a resource from an instance gives it a new name, like a component export.
      if (ext.kind === 'type' && ext.type.kind === 'resource') {
        const r: ResourceType = { kind: 'resource', name: e.name.raw, aliasOf: ext.type.resource };
        ext = { kind: 'type', type: { kind: 'resource', resource: r } };
        if (e.name.kind === 'label' && !labels.has(r)) labels.set(r, e.name.label);
      }
      checkAnnotatedName(labels, e.name, ext, offset);
      checkAttributes(e.name, e.attrs, ext, offset);
      exports.set(e.name.raw, ext);
    }
    const inst: InstanceType = { kind: 'instance', exports, resources: [] };
    scope.inlineInstances.add(inst);
    return inst;
  }
  const component = scope.get<ComponentType>('component', d.component, offset);
  const args = new Map<string, ComponentExternType>();
  for (const a of d.args) {
    if (args.has(a.name)) throw new CompileError(`instantiation argument \`${a.name}\` conflicts with previous argument \`${a.name}\``, offset);
    args.set(a.name, externOf(scope, a.sort, a.index, offset));
  }
  const map: ResourceMap = new Map();
  const bindable = new Set<ResourceType>(component.importedResources.map(resourceRoot));
  for (const [name, expected] of component.imports) {
    const arg = args.get(name);
    if (arg === undefined) throw new CompileError(`missing import named \`${name}\``, offset);
    const m = externMismatch(arg, expected, map, bindable);
    if (m !== null) throw new CompileError(`type mismatch in import \`${name}\`: ${m}`, offset);
  }
  for (const [k, v] of freshResources(component.exportedResources)) map.set(k, v);
  const exports = new Map<string, ComponentExternType>();
  const memo = new Map<object, unknown>();
  for (const [name, t] of component.exports) {
    const e = substExtern(t, map, memo);
    exports.set(name, e);
  }
  // Note: the instance's exports mention the child's imported types, which stand for the arguments
  // (wasm-tools' "type renamings"); nothing else in them is named here until it is exported
  // (Explainer.md, "External Visibility of Types": an instantiated child confers no names).
  for (const [name, expected] of component.imports) renameImportedTypes(scope, args.get(name)!, expected, memo);
  return { kind: 'instance', exports, resources: [] };
}

/** The type object a type extern introduces (a value type node, a resource, or the definition). */
function typeObjectOf(t: ComponentTypeDef): object {
  return t.kind === 'value' ? t.type : t.kind === 'resource' ? t.resource : t;
}

/**
 * Records in `scope` that each type the instantiated component imported (as found in its
 * substituted exports, through `memo`) stands for the type supplied for it, through instances.
 */
function renameImportedTypes(scope: Scope, actual: ComponentExternType, expected: ComponentExternType, memo: ReadonlyMap<object, unknown>): void {
  if (expected.kind === 'type' && actual.kind === 'type') {
    // Note: resources are already substituted by the supplied ones; value types keep the child's
    // objects, so their visibility follows the argument's.
    if (expected.type.kind === 'resource') return;
    const from = typeObjectOf(expected.type);
    const to = typeObjectOf(actual.type);
    // Note: only the copies made for `eq` bounds are the child's own names; anything else (an outer
    // alias of a parent type) must keep its own visibility.
    if (from !== to && scope.root.copiedFrom.has(from)) scope.renamedTo.set((memo.get(from) as object | undefined) ?? from, to);
    return;
  }
  if (expected.kind === 'instance' && actual.kind === 'instance') {
    for (const [name, e] of expected.type.exports) {
      const a = actual.type.exports.get(name);
      if (a !== undefined) renameImportedTypes(scope, a, e, memo);
    }
  }
}

/** The type of a nested (concrete) component after its definitions were validated in `inner`. */
export function componentTypeOf(inner: Scope): ComponentType {
  const imported = new Set(inner.importedResources.map(resourceRoot));
  const exported: ResourceType[] = [];
  const seen = new Set<ResourceType>();
  for (const e of inner.exports.values()) {
    forEachReachable(e, (x) => {
      if (x.kind !== 'resource') return;
      const r = resourceRoot(x);
      if (!imported.has(r) && !seen.has(r)) {
        seen.add(r);
        exported.push(r);
      }
    });
  }
  return { kind: 'component', imports: inner.imports, exports: inner.exports, importedResources: inner.importedResources, exportedResources: exported };
}

function flatText(ts: readonly string[]): string {
  return `[${ts.map((t) => t[0]!.toUpperCase() + t.slice(1)).join(', ')}]`;
}

function sameSig(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function checkOptions(scope: Scope, opts: readonly CanonOption[], ft: ComponentFuncType, context: 'lift' | 'lower', offset: number): void {
  if (ft.async) throw new CompileError(`cannot ${context} an \`async\` function type: kpio implements the synchronous canonical ABI`, offset);
  let encoding: string | null = null;
  let memory = false;
  let realloc: number | null = null;
  let postReturn: number | null = null;
  let isAsync = false;
  for (const o of opts) {
    switch (o.kind) {
      case 'string-encoding':
        if (encoding !== null) {
          const spell = (e: string): string => e.replace('+', '-');
          throw new CompileError(`canonical encoding option \`${spell(encoding)}\` conflicts with option \`${spell(o.encoding)}\``, offset);
        }
        encoding = o.encoding;
        break;
      case 'memory': {
        if (memory) throw new CompileError('canonical option `memory` is specified more than once', offset);
        memory = true;
        const mem = scope.get<{ memory64: boolean }>('core memory', o.index, offset);
        if (mem.memory64) throw new CompileError('canonical option `memory` must be a 32-bit memory', offset);
        break;
      }
      case 'realloc': {
        if (realloc !== null) throw new CompileError('canonical option `realloc` is specified more than once', offset);
        scope.get('core func', o.index, offset);
        realloc = o.index;
        break;
      }
      case 'post-return': {
        if (postReturn !== null) throw new CompileError('canonical option `post-return` is specified more than once', offset);
        if (context !== 'lift') throw new CompileError('canonical option `post-return` cannot be specified for lowerings', offset);
        postReturn = o.index;
        const sig = scope.get<CoreFuncSig | null>('core func', o.index, offset);
        const flat = flattenFuncType(ft, 'lift');
        if (sig !== null && !(sameSig(sig.params, flat.results) && sig.results.length === 0)) {
          throw new CompileError('canonical option `post-return` uses a core function with an incorrect signature', offset);
        }
        break;
      }
      case 'async':
        if (isAsync) throw new CompileError('canonical option `async` is specified more than once', offset);
        isAsync = true;
        break;
      case 'callback':
        scope.get('core func', o.index, offset);
        if (context !== 'lift') throw new CompileError('canonical option `callback` cannot be used with `canon lower`', offset);
        break;
    }
  }
  if (isAsync) throw new CompileError('canonical option `async` is not supported: kpio implements the synchronous canonical ABI', offset);
  if (realloc !== null && !memory) throw new CompileError('canonical option `realloc` requires `memory` to also be specified', offset);
  if (realloc !== null) {
    const sig = scope.get<CoreFuncSig | null>('core func', realloc, offset);
    if (sig !== null && !(sameSig(sig.params, ['i32', 'i32', 'i32', 'i32']) && sameSig(sig.results, ['i32']))) {
      throw new CompileError('canonical option `realloc` uses a core function with an incorrect signature', offset);
    }
  }
  const flat = flattenFuncType(ft, context);
  const paramsMem = ft.params.some((p) => needsMemory(p.type));
  const resultMem = ft.result !== null && needsMemory(ft.result);
  const needMemory = paramsMem || resultMem || flat.paramsSpilled || flat.resultsSpilled;
  // Note: the side that receives lists or strings (lift: parameters; lower: results) must allocate.
  const needRealloc = context === 'lift' ? paramsMem || flat.paramsSpilled : resultMem;
  if (needMemory && !memory) throw new CompileError('canonical option `memory` is required', offset);
  if (needRealloc && realloc === null) throw new CompileError('canonical option `realloc` is required', offset);
}

/** Validates a canonical definition and appends the function it defines. */
export function validateCanon(scope: Scope, c: Canon, offset: number, def: number): void {
  switch (c.kind) {
    case 'lift': {
      const core = scope.get<CoreFuncSig | null>('core func', c.coreFunc, offset);
      const t = scope.get<ComponentTypeDef>('type', c.typeIndex, offset);
      if (t.kind !== 'func') throw new CompileError(`type index ${c.typeIndex} is not a function type`, offset);
      checkOptions(scope, c.options, t.type, 'lift', offset);
      const flat = flattenFuncType(t.type, 'lift');
      if (core !== null) {
        if (!sameSig(core.params, flat.params)) {
          throw new CompileError(`lowered parameter types \`${flatText(flat.params)}\` do not match parameter types \`${flatText(core.params)}\` of core function ${c.coreFunc}`, offset);
        }
        if (!sameSig(core.results, flat.results)) {
          throw new CompileError(`lowered result types \`${flatText(flat.results)}\` do not match result types \`${flatText(core.results)}\` of core function ${c.coreFunc}`, offset);
        }
      }
      scope.push('func', t.type, def);
      return;
    }
    case 'lower': {
      const ft = scope.get<ComponentFuncType>('func', c.func, offset);
      checkOptions(scope, c.options, ft, 'lower', offset);
      const flat = flattenFuncType(ft, 'lower');
      scope.push('core func', { params: flat.params, results: flat.results }, def);
      return;
    }
    case 'resource.new':
    case 'resource.drop':
    case 'resource.rep': {
      const t = scope.get<ComponentTypeDef>('type', c.typeIndex, offset);
      if (t.kind !== 'resource') throw new CompileError(`type index ${c.typeIndex} is not a resource type`, offset);
      const r = resourceRoot(t.resource);
      if (c.kind !== 'resource.drop' && !scope.localResources.has(r)) throw new CompileError(`type index ${c.typeIndex} is not a local resource`, offset);
      const rep = r.rep ?? 'i32';
      const sig: CoreFuncSig = c.kind === 'resource.new' ? { params: [rep], results: ['i32'] } : c.kind === 'resource.drop' ? { params: ['i32'], results: [] } : { params: ['i32'], results: [rep] };
      scope.push('core func', sig, def);
      return;
    }
    case 'builtin':
      if (c.typeIndex !== undefined) scope.get('type', c.typeIndex, offset);
      // Note: async and thread built-ins are decoded for tools; their core signatures are not modelled.
      scope.push('core func', null, def);
      return;
  }
}

/** Validates a start definition (value imports/exports are a gated feature). */
export function validateStart(scope: Scope, d: Extract<Definition, { kind: 'start' }>, def: number): void {
  const ft = scope.get<ComponentFuncType>('func', d.func, d.offset);
  if (ft.params.length !== d.args.length) throw new CompileError(`component start function requires ${ft.params.length} arguments but was given ${d.args.length}`, d.offset);
  d.args.forEach((a, i) => {
    const v = scope.get<ValueType>('value', a, d.offset);
    void v;
    void i;
  });
  const n = ft.result === null ? 0 : 1;
  if (d.results !== n) throw new CompileError(`component start function has a result count of ${n} but the start definition declares ${d.results}`, d.offset);
  if (ft.result !== null) scope.push('value', ft.result, def);
}

/** Validates a component-level import. */
export function validateImport(scope: Scope, d: Extract<Definition, { kind: 'import' }>, def: number): void {
  const ext = externFromDesc(scope, d.desc, d.offset, d.name);
  checkAttributes(d.name, d.attrs, ext, d.offset);
  declareExtern(scope, 'import', d.name, ext, d.offset, def, d.desc);
}

/** Validates a component-level export. */
export function validateExport(scope: Scope, d: Extract<Definition, { kind: 'export' }>, def: number): void {
  if (d.sort.startsWith('core ') && d.sort !== 'core module') throw new CompileError(`${d.sort.slice(5)} not valid to be used as export: core items other than modules cannot be exported`, d.offset);
  const actual = externOf(scope, d.sort, d.index, d.offset);
  let ext: ComponentExternType = actual;
  if (d.desc !== null) {
    const ascribed = externFromDesc(scope, d.desc, d.offset, d.name);
    const bindable = new Set<ResourceType>();
    if (ascribed.kind === 'type' && ascribed.type.kind === 'resource') bindable.add(ascribed.type.resource);
    const map: ResourceMap = new Map();
    const m = externMismatch(actual, ascribed, map, bindable);
    if (m !== null) throw new CompileError(`ascribed type of export is not compatible with item's type: type mismatch in export \`${d.name.raw}\`: ${m}`, d.offset);
    ext = ascribed;
    if (ascribed.kind === 'type' && ascribed.type.kind === 'resource' && actual.kind === 'type' && actual.type.kind === 'resource' && ascribed.type.resource.aliasOf === undefined) {
      // Note: `(sub resource)` hides the identity: a new abstract type, carried by the same handles.
      ext = { kind: 'type', type: { kind: 'resource', resource: { kind: 'resource', name: d.name.raw, implementedBy: actual.type.resource } } };
    }
  } else if (actual.kind === 'instance' && scope.inlineInstances.has(actual.type)) {
    // Note: the exported instance is a new index whose types are now externally named.
    ext = { kind: 'instance', type: { ...actual.type } };
    const nameNested = (t: InstanceType): void => {
      for (const e of t.exports.values()) {
        if (e.kind === 'instance' && scope.inlineInstances.delete(e.type)) nameNested(e.type);
      }
    };
    nameNested(actual.type);
  } else if (actual.kind === 'type') {
    // Note: the export introduces a new, externally visible name (Explainer.md, "External Visibility").
    if (actual.type.kind === 'resource') ext = { kind: 'type', type: { kind: 'resource', resource: { kind: 'resource', name: d.name.raw, aliasOf: actual.type.resource } } };
    else if (actual.type.kind === 'value') ext = { kind: 'type', type: { kind: 'value', type: renamedValueType(scope, actual.type.type) } };
  }
  const top = ext.kind === 'type' ? (ext.type.kind === 'value' ? ext.type.type : ext.type.kind === 'resource' ? ext.type.resource : undefined) : undefined;
  checkVisibility(scope, 'export', d.name.raw, ext, d.offset, top);
  checkAttributes(d.name, d.attrs, ext, d.offset);
  declareExtern(scope, 'export', d.name, ext, d.offset, def, d.desc);
}

