/**
 * Describes a decoded component as WIT: a package `root:component` with a world `root` whose
 * imports and exports are the component's (the view `kpio wit FILE.wasm` prints). Interface-named
 * instances become references to interfaces (`import wasi:cli/stdout@0.2.3;`), plain-named ones
 * inline interfaces, and a type that another interface defined first becomes a `use` of it.
 */

import { CompileError } from '../../api/errors.js';
import { decodeComponent } from '../binary/decoder.js';
import type { Component } from '../binary/component.js';
import { parseExternName } from '../binary/names.js';
import type { ComponentExternType, ComponentFuncType, InstanceType, ResourceType, ValueType } from '../types.js';
import { resourceRoot } from '../types.js';
import { interfaceId, type FuncKind, type TypeDef, type TypeDefKind, type WitFunction, type WitInterface, type WitPackage, type WitType, type WitWorld, type WorldItem } from './model.js';
import { funcSigText, printPackage, witTypeText } from './printer.js';

type Owner = WitInterface | WitWorld;

class Converter {
  /** Type objects (value types, resource roots) -> the named definition that owns them. */
  private readonly owners = new Map<object, TypeDef>();
  private readonly packages = new Map<string, WitPackage>();

  constructor(private readonly copiedFrom: ReadonlyMap<object, object>) {}

  /** The object and the objects it was copied from. */
  private chain(obj: object): object[] {
    const out = [obj];
    let x: object | undefined = obj;
    for (let i = 0; i < 64; i++) {
      x = this.copiedFrom.get(x);
      if (x === undefined || out.includes(x)) break;
      out.push(x);
    }
    return out;
  }

  private ownerOf(obj: object): TypeDef | undefined {
    for (const o of this.chain(obj)) {
      const d = this.owners.get(o);
      if (d !== undefined) return d;
    }
    return undefined;
  }

  private claim(obj: object, def: TypeDef, local: Map<object, TypeDef>): void {
    for (const o of this.chain(obj)) {
      if (!this.owners.has(o)) this.owners.set(o, def);
      if (!local.has(o)) local.set(o, def);
    }
  }

  private anon(kind: TypeDefKind, owner: Owner): WitType {
    return { kind: 'named', def: { name: null, kind, owner, docs: null, stability: {} } };
  }

  private resourceDef(r: ResourceType, local: Map<object, TypeDef>, owner: Owner): TypeDef {
    const root = resourceRoot(r);
    const d = local.get(root) ?? this.owners.get(root);
    if (d !== undefined) return d;
    // Note: a resource without a name in any interface (not expected from valid components).
    const def: TypeDef = { name: r.name, kind: { kind: 'resource' }, owner, docs: null, stability: {} };
    this.owners.set(root, def);
    return def;
  }

  /** Converts a value type; named definitions are referred to by name. */
  typeOf(v: ValueType, local: Map<object, TypeDef>, owner: Owner, allowNamed = true): WitType {
    if (allowNamed) {
      for (const o of this.chain(v)) {
        const d = local.get(o) ?? this.owners.get(o);
        if (d !== undefined) return { kind: 'named', def: d };
      }
    }
    const t = (x: ValueType): WitType => this.typeOf(x, local, owner);
    switch (v.kind) {
      case 'prim':
        return { kind: 'prim', prim: v.prim };
      case 'list':
        return this.anon(v.length === undefined ? { kind: 'list', elem: t(v.elem) } : { kind: 'list', elem: t(v.elem), length: v.length }, owner);
      case 'option':
        return this.anon({ kind: 'option', type: t(v.type) }, owner);
      case 'result':
        return this.anon({ kind: 'result', ok: v.ok === null ? null : t(v.ok), err: v.err === null ? null : t(v.err) }, owner);
      case 'tuple':
        return this.anon({ kind: 'tuple', types: v.types.map(t) }, owner);
      case 'own':
      case 'borrow':
        return this.anon({ kind: 'handle', handle: v.kind, resource: this.resourceDef(v.resource, local, owner) }, owner);
      case 'record':
        return this.anon({ kind: 'record', fields: v.fields.map((f) => ({ name: f.name, type: t(f.type), docs: null })) }, owner);
      case 'variant':
        return this.anon({ kind: 'variant', cases: v.cases.map((c) => ({ name: c.name, type: c.type === null ? null : t(c.type), docs: null })) }, owner);
      case 'enum':
        return this.anon({ kind: 'enum', cases: v.names.map((name) => ({ name, docs: null })) }, owner);
      case 'flags':
        return this.anon({ kind: 'flags', names: v.names.map((name) => ({ name, docs: null })) }, owner);
    }
  }

  /** Adds a named type (an instance's or the component's type export/import) to `types`. */
  private namedType(name: string, ext: ComponentExternType & { kind: 'type' }, owner: Owner, types: Map<string, TypeDef>, local: Map<object, TypeDef>): void {
    const td = ext.type;
    let obj: object;
    if (td.kind === 'resource') obj = resourceRoot(td.resource);
    else if (td.kind === 'value') obj = td.type;
    else return;
    const existing = this.ownerOf(obj);
    if (existing !== undefined && existing.owner !== owner) {
      const def: TypeDef = { name, kind: { kind: 'alias', type: { kind: 'named', def: existing } }, owner, docs: null, stability: {} };
      types.set(name, def);
      for (const o of this.chain(obj)) if (!local.has(o)) local.set(o, def);
      return;
    }
    if (existing !== undefined && existing.owner === owner && existing.name !== name) {
      types.set(name, { name, kind: { kind: 'alias', type: { kind: 'named', def: existing } }, owner, docs: null, stability: {} });
      return;
    }
    const def: TypeDef = { name, kind: { kind: 'resource' }, owner, docs: null, stability: {} };
    this.claim(obj, def, local);
    types.set(name, def);
    if (td.kind === 'value') {
      const v = td.type;
      const shape = this.typeOf(v, local, owner, false);
      if (v.kind === 'record' || v.kind === 'variant' || v.kind === 'enum' || v.kind === 'flags') {
        def.kind = (shape as { def: TypeDef }).def.kind;
      } else def.kind = { kind: 'alias', type: shape };
    }
  }

  private func(name: string, ft: ComponentFuncType, owner: Owner, types: Map<string, TypeDef>, local: Map<object, TypeDef>): WitFunction {
    const parsed = parseExternName(name);
    let kind: FuncKind = { kind: 'freestanding' };
    if (parsed.ok && parsed.name.kind !== 'label' && parsed.name.kind !== 'interface') {
      const r = types.get(parsed.name.resource);
      if (r !== undefined) kind = { kind: parsed.name.kind, resource: r };
    }
    return {
      name,
      kind,
      params: ft.params.map((p) => ({ name: p.name, type: this.typeOf(p.type, local, owner) })),
      result: ft.result === null ? null : this.typeOf(ft.result, local, owner),
      async: ft.async === true,
      docs: null,
      stability: {},
    };
  }

  private foreignPackage(namespace: string, name: string, version: string | null): WitPackage {
    const key = `${namespace}:${name}@${version ?? ''}`;
    let p = this.packages.get(key);
    if (p === undefined) {
      p = { name: { namespace, name, version }, interfaces: new Map(), worlds: new Map(), docs: null };
      this.packages.set(key, p);
    }
    return p;
  }

  /** Converts an instance type into an interface. */
  interfaceOf(inst: InstanceType, name: string | null, pkg: WitPackage | null): WitInterface {
    const iface: WitInterface = { kind: 'interface', name, package: pkg, types: new Map(), functions: new Map(), docs: null, stability: {} };
    const local = new Map<object, TypeDef>();
    for (const [ename, ext] of inst.exports) if (ext.kind === 'type') this.namedType(ename, ext, iface, iface.types, local);
    for (const [ename, ext] of inst.exports) if (ext.kind === 'func') iface.functions.set(ename, this.func(ename, ext.type, iface, iface.types, local));
    return iface;
  }

  /** Converts one import or export of the component into a world item; null when WIT cannot express it. */
  worldItem(world: WitWorld, name: string, ext: ComponentExternType, worldTypes: Map<string, TypeDef>, worldLocal: Map<object, TypeDef>): { key: string; item: WorldItem } | null {
    const parsed = parseExternName(name);
    if (!parsed.ok) throw new CompileError(parsed.error);
    const n = parsed.name;
    switch (ext.kind) {
      case 'instance': {
        if (n.kind === 'interface') {
          const pkg = this.foreignPackage(n.namespace, n.package, n.version);
          const iface = this.interfaceOf(ext.type, n.interface, pkg);
          if (!pkg.interfaces.has(n.interface)) pkg.interfaces.set(n.interface, iface);
          return { key: name, item: { kind: 'interface', iface, stability: {} } };
        }
        return { key: name, item: { kind: 'interface', iface: this.interfaceOf(ext.type, null, null), stability: {} } };
      }
      case 'func':
        return { key: name, item: { kind: 'function', func: this.func(name, ext.type, world, worldTypes, worldLocal) } };
      case 'type': {
        this.namedType(name, ext, world, worldTypes, worldLocal);
        const def = worldTypes.get(name);
        return def === undefined ? null : { key: name, item: { kind: 'type', def } };
      }
      default:
        return null;
    }
  }
}

/** Builds the `root:component` package whose world `root` describes `component`. */
export function worldOfComponent(component: Component): { package: WitPackage; world: WitWorld } {
  const pkg: WitPackage = { name: { namespace: 'root', name: 'component', version: null }, interfaces: new Map(), worlds: new Map(), docs: null };
  const world: WitWorld = { kind: 'world', name: 'root', package: pkg, imports: new Map(), exports: new Map(), docs: null, stability: {} };
  pkg.worlds.set('root', world);
  const conv = new Converter(component.copiedFrom);
  const worldTypes = new Map<string, TypeDef>();
  const worldLocal = new Map<object, TypeDef>();
  for (const [name, ext] of component.imports) {
    const r = conv.worldItem(world, name, ext, worldTypes, worldLocal);
    if (r !== null) world.imports.set(r.key, r.item);
  }
  for (const [name, ext] of component.exports) {
    const r = conv.worldItem(world, name, ext, worldTypes, worldLocal);
    if (r !== null) world.exports.set(r.key, r.item);
  }
  return { package: pkg, world };
}

/** One import or export of a component, described for listings (`kpio inspect`). */
export interface ComponentItemSummary {
  /** The import or export name (`wasi:cli/run@0.2.3`, `greet`, `[method]r.f`). */
  readonly name: string;
  /** The sort: `func`, `instance`, `type`, `component`, `module` or `value`. */
  readonly kind: ComponentExternType['kind'];
  /** A one-line WIT-style description: `func(a: u32) -> string`, `interface (3 functions, 1 type)`, ... */
  readonly text: string;
}

/** Lists a component's imports and exports with one-line descriptions of their types. */
export function summarizeComponent(component: Component): { readonly imports: ComponentItemSummary[]; readonly exports: ComponentItemSummary[] } {
  const { world } = worldOfComponent(component);
  const describe = (items: ReadonlyMap<string, ComponentExternType>, witItems: ReadonlyMap<string, WorldItem>): ComponentItemSummary[] =>
    [...items].map(([name, ext]) => {
      const item = witItems.get(name);
      let text: string;
      if (item?.kind === 'function') text = funcSigText(item.func);
      else if (item?.kind === 'interface') {
        const f = item.iface.functions.size;
        const t = item.iface.types.size;
        text = `interface (${f} function${f === 1 ? '' : 's'}, ${t} type${t === 1 ? '' : 's'})`;
      } else if (item?.kind === 'type') {
        const k = item.def.kind;
        const target = k.kind === 'alias' && k.type.kind === 'named' ? k.type.def : null;
        if (target !== null && target.owner?.kind === 'interface' && target.owner !== item.def.owner) {
          text = `use ${interfaceId(target.owner) ?? target.owner.name ?? '<interface>'}.{${target.name}}`;
        } else if (k.kind === 'resource') text = 'resource';
        else text = `type = ${witTypeText({ kind: 'named', def: { ...item.def, name: null } })}`;
      }
      else text = ext.kind === 'module' ? `core module (${ext.type.imports.length} imports, ${ext.type.exports.size} exports)` : ext.kind;
      return { name, kind: ext.kind, text };
    });
  return { imports: describe(component.imports, world.imports), exports: describe(component.exports, world.exports) };
}

/** Decodes a component binary and prints its world as WIT text (what `kpio wit FILE.wasm` shows). */
export function witOfComponent(bytes: Uint8Array): string {
  const component = decodeComponent(bytes);
  try {
    return printPackage(worldOfComponent(component).package);
  } catch (e) {
    if (e instanceof RangeError) throw new CompileError(`component types too deeply nested to print as WIT: ${e.message}`);
    throw e;
  }
}
