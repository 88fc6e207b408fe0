/**
 * The WIT resolver: turns parsed files into {@link WitPackage}s. It groups files into packages,
 * resolves `use` (inside a package and across packages with versions), `include ... with`,
 * handles and resource functions, drops items behind `@unstable` features that are not enabled,
 * rejects cycles and duplicate names, and elaborates worlds with the interfaces their imports and
 * exports depend on. Unknown names are reported with `file:line:col`.
 */

import { CompileError } from '../../api/errors.js';
import type {
  ExternAst,
  FuncTypeAst,
  GateAst,
  Ident,
  InterfaceAst,
  InterfaceItemAst,
  PackageBodyAst,
  PackageNameAst,
  TypeAst,
  TypeDefAst,
  UseAst,
  UsePathAst,
  WitFileAst,
  WorldAst,
} from './ast.js';
import { witError, type Span } from './lexer.js';
import { formatPackageName, interfaceId, unaliasDef, type FuncKind, type Stability, type TypeDef, type TypeDefKind, type WitFunction, type WitInterface, type WitPackage, type WitType, type WitWorld, type WorldItem } from './model.js';

/** Options of resolution. */
export interface WitResolveOptions {
  /** `@unstable` features to keep; items of other unstable features are left out. */
  readonly features?: Iterable<string>;
  /** Keep every `@unstable` item. */
  readonly allFeatures?: boolean;
}

type State = 'pending' | 'active' | 'done';

interface Entry<A, T> {
  readonly ast: A;
  readonly body: PackageBodyAst;
  state: State;
  value: T | null;
}

interface Unit {
  readonly name: PackageNameAst;
  readonly bodies: PackageBodyAst[];
  readonly ifaces: Map<string, Entry<InterfaceAst & { name: Ident }, WitInterface>>;
  readonly worlds: Map<string, Entry<WorldAst, WitWorld>>;
  readonly pkg: WitPackage;
  state: State;
}

function stabilityOf(g: GateAst): Stability {
  const s: { since?: string; unstable?: string; deprecated?: string } = {};
  if (g.since !== undefined) s.since = g.since;
  if (g.unstable !== undefined) s.unstable = g.unstable;
  if (g.deprecated !== undefined) s.deprecated = g.deprecated;
  return s;
}

/** Resolves WIT packages; add files with {@link WitResolver.addFiles}, then call {@link WitResolver.resolve}. */
export class WitResolver {
  private readonly units: Unit[] = [];
  private readonly features: ReadonlySet<string>;
  private readonly allFeatures: boolean;

  constructor(options: WitResolveOptions = {}) {
    this.features = new Set(options.features ?? []);
    this.allFeatures = options.allFeatures === true;
  }

  private enabled(g: GateAst): boolean {
    return g.unstable === undefined || this.allFeatures || this.features.has(g.unstable);
  }

  /**
   * Adds the files of one package (a directory's `*.wit` files, or a single file). Their main
   * package bodies form one package; nested `package x { ... }` blocks form their own. Returns the
   * packages added, main first.
   */
  addFiles(files: readonly WitFileAst[], where: string): WitPackage[] {
    const named = files.map((f) => f.main.name).filter((n): n is PackageNameAst => n !== null);
    const added: WitPackage[] = [];
    const mainBodies = files.map((f) => f.main).filter((b) => b.items.length > 0 || b.name !== null);
    if (mainBodies.length > 0) {
      if (named.length === 0) throw new CompileError(`${where}: no \`package\` declaration found (one of the files must start with \`package ns:name;\`)`);
      const first = named[0]!;
      for (const n of named) {
        if (formatPackageName(n) !== formatPackageName(first)) {
          throw witError(n.span, `package \`${formatPackageName(n)}\` does not match package \`${formatPackageName(first)}\` declared in another file of the same package`);
        }
      }
      const docs = files.map((f) => f.main.docs).find((d) => d !== null) ?? null;
      added.push(this.addUnit(first, mainBodies, docs));
    }
    for (const f of files) for (const b of f.nested) added.push(this.addUnit(b.name!, [b], b.docs));
    return added;
  }

  private addUnit(name: PackageNameAst, bodies: PackageBodyAst[], docs: string | null): WitPackage {
    const dup = this.units.find((u) => formatPackageName(u.name) === formatPackageName(name));
    if (dup !== undefined) return dup.pkg;
    const pkg: WitPackage = { name: { namespace: name.namespace, name: name.name, version: name.version }, interfaces: new Map(), worlds: new Map(), docs };
    const unit: Unit = { name, bodies, ifaces: new Map(), worlds: new Map(), pkg, state: 'pending' };
    for (const body of bodies) {
      for (const item of body.items) {
        if (item.kind === 'use') continue;
        const id = item.kind === 'interface' ? item.iface.name : item.world.name;
        if (unit.ifaces.has(id.name) || unit.worlds.has(id.name)) throw witError(id.span, `\`${id.name}\` is defined more than once in package \`${formatPackageName(name)}\``);
        if (item.kind === 'interface') {
          if (this.enabled(item.iface.gate)) unit.ifaces.set(id.name, { ast: item.iface, body, state: 'pending', value: null });
        } else if (this.enabled(item.world.gate)) unit.worlds.set(id.name, { ast: item.world, body, state: 'pending', value: null });
      }
    }
    for (const body of bodies) checkGates(name, body);
    this.units.push(unit);
    return pkg;
  }

  /** Resolves every package added so far and returns them in dependency order. */
  resolve(): WitPackage[] {
    const order: WitPackage[] = [];
    try {
      for (const u of this.units) if (u.state !== 'done') this.resolveUnit(u);
    } catch (e) {
      if (e instanceof RangeError) throw new CompileError(`WIT definitions nested too deeply: ${e.message}`);
      throw e;
    }
    // Note: dependencies finish before their dependents, so sort by completion order.
    for (const u of this.completion) order.push(u.pkg);
    return order;
  }

  private readonly completion: Unit[] = [];

  private resolveUnit(u: Unit): void {
    if (u.state === 'done') return;
    if (u.state === 'active') return;
    u.state = 'active';
    for (const [, e] of u.ifaces) this.iface(u, e);
    for (const [, e] of u.worlds) this.world(u, e);
    // Source order in the package.
    for (const [name, e] of u.ifaces) u.pkg.interfaces.set(name, e.value!);
    for (const [name, e] of u.worlds) u.pkg.worlds.set(name, e.value!);
    u.state = 'done';
    this.completion.push(u);
  }

  private findUnit(n: PackageNameAst): Unit {
    const same = this.units.filter((u) => u.name.namespace === n.namespace && u.name.name === n.name);
    const exact = n.version === null ? same : same.filter((u) => u.name.version === n.version);
    if (exact.length === 1) {
      // Note: finish the dependency first, so packages come out in dependency order.
      this.resolveUnit(exact[0]!);
      return exact[0]!;
    }
    if (exact.length > 1) throw witError(n.span, `package \`${n.namespace}:${n.name}\` is ambiguous: add a version (found ${same.map((u) => formatPackageName(u.name)).join(', ')})`);
    const known = same.map((u) => formatPackageName(u.name));
    throw witError(n.span, `package \`${formatPackageName(n)}\` not found${known.length ? ` (found ${known.join(', ')})` : ' (is it in the `deps` folder?)'}`);
  }

  /** The interface a path names, seen from a file of unit `u`. */
  private ifaceByPath(u: Unit, body: PackageBodyAst, path: UsePathAst): WitInterface {
    if (path.kind === 'local') {
      for (const it of body.items) {
        if (it.kind === 'use') {
          const local = it.as?.name ?? it.path.name.name;
          if (local === path.name.name) return this.ifaceByPath(u, body, it.path);
        }
      }
      const e = u.ifaces.get(path.name.name);
      if (e === undefined) {
        if (u.worlds.has(path.name.name)) throw witError(path.name.span, `\`${path.name.name}\` is a world, not an interface`);
        throw witError(path.name.span, `interface \`${path.name.name}\` does not exist`);
      }
      return this.iface(u, e);
    }
    const target = this.findUnit(path.package);
    const e = target.ifaces.get(path.name.name);
    if (e === undefined) throw witError(path.name.span, `interface \`${path.name.name}\` not found in package \`${formatPackageName(target.name)}\``);
    return this.iface(target, e);
  }

  private worldByPath(u: Unit, body: PackageBodyAst, path: UsePathAst): WitWorld {
    let target = u;
    let name = path.name;
    if (path.kind === 'local') {
      for (const it of body.items) {
        if (it.kind === 'use' && (it.as?.name ?? it.path.name.name) === path.name.name) return this.worldByPath(u, body, it.path);
      }
    } else {
      target = this.findUnit(path.package);
      name = path.name;
    }
    const e = target.worlds.get(name.name);
    if (e === undefined) throw witError(name.span, `world \`${name.name}\` does not exist in package \`${formatPackageName(target.name)}\``);
    return this.world(target, e);
  }

  private iface(u: Unit, e: Entry<InterfaceAst & { name: Ident }, WitInterface>): WitInterface {
    if (e.state === 'done') return e.value!;
    if (e.state === 'active') throw witError(e.ast.name.span, `interface \`${e.ast.name.name}\` depends on itself (a cycle of \`use\`)`);
    e.state = 'active';
    const iface: WitInterface = { kind: 'interface', name: e.ast.name.name, package: u.pkg, types: new Map(), functions: new Map(), docs: e.ast.docs, stability: stabilityOf(e.ast.gate) };
    this.fillInterface(u, e.body, iface, e.ast.items);
    e.value = iface;
    e.state = 'done';
    return iface;
  }

  private fillInterface(u: Unit, body: PackageBodyAst, iface: WitInterface, items: readonly InterfaceItemAst[]): void {
    const names = new Map<string, Span>();
    const claim = (id: Ident): void => {
      if (names.has(id.name)) throw witError(id.span, `name \`${id.name}\` is defined more than once in this interface`);
      names.set(id.name, id.span);
    };
    const pendingTypes: [TypeDef, TypeDefAst][] = [];
    for (const item of items) {
      if (item.kind === 'use') {
        if (!this.enabled(item.use.gate)) continue;
        this.applyUse(u, body, item.use, iface, iface.types, claim);
      } else if (item.kind === 'type') {
        if (!this.enabled(item.def.gate)) continue;
        claim(item.def.name);
        const def: TypeDef = { name: item.def.name.name, kind: { kind: 'resource' }, owner: iface, docs: item.def.docs, stability: stabilityOf(item.def.gate) };
        iface.types.set(def.name!, def);
        pendingTypes.push([def, item.def]);
      } else if (this.enabled(item.gate)) claim(item.name);
    }
    const lookup = this.lazyLookup(pendingTypes, (name) => iface.types.get(name), iface, '');
    for (const [def] of pendingTypes) lookup({ name: def.name!, span: { file: body.file, line: 0, col: 0 } });
    for (const [def, ast] of pendingTypes) {
      if (ast.kind !== 'resource') continue;
      for (const f of ast.funcs) {
        if (!this.enabled(f.gate)) continue;
        const fn = this.resourceFunc(def, f.kind, f.name, f.func, lookup, iface, f.docs, stabilityOf(f.gate));
        if (iface.functions.has(fn.name)) throw witError(f.name.span, `function \`${fn.name}\` is defined more than once`);
        iface.functions.set(fn.name, fn);
      }
    }
    for (const item of items) {
      if (item.kind !== 'func' || !this.enabled(item.gate)) continue;
      iface.functions.set(item.name.name, this.func(item.name.name, { kind: 'freestanding' }, item.func, lookup, iface, item.docs, stabilityOf(item.gate)));
    }
  }

  private applyUse(u: Unit, body: PackageBodyAst, use: UseAst, owner: WitInterface | WitWorld, types: Map<string, TypeDef>, claim: (id: Ident) => void): TypeDef[] {
    const target = this.ifaceByPath(u, body, use.path);
    const out: TypeDef[] = [];
    for (const n of use.names) {
      const src = target.types.get(n.name.name);
      if (src === undefined) throw witError(n.name.span, `type \`${n.name.name}\` not defined in interface \`${interfaceId(target) ?? target.name}\``);
      const local = n.as ?? n.name;
      claim(local);
      const def: TypeDef = { name: local.name, kind: { kind: 'alias', type: { kind: 'named', def: src } }, owner, docs: use.docs, stability: stabilityOf(use.gate) };
      types.set(local.name, def);
      out.push(def);
    }
    return out;
  }

  /**
   * A name lookup that fills pending type definitions on first use (so a definition may refer to
   * later ones) and reports a definition that needs itself as a cycle.
   */
  private lazyLookup(pending: readonly [TypeDef, TypeDefAst][], get: (name: string) => TypeDef | undefined, owner: WitInterface | WitWorld, where: string): (id: Ident) => TypeDef {
    const asts = new Map(pending);
    const state = new Map<TypeDef, State>();
    const lookup = (id: Ident): TypeDef => {
      const d = get(id.name);
      if (d === undefined) throw witError(id.span, `type \`${id.name}\` does not exist${where}`);
      const ast = asts.get(d);
      if (ast === undefined || ast.kind === 'resource') return d;
      const st = state.get(d) ?? 'pending';
      if (st === 'done') return d;
      if (st === 'active') throw witError(ast.name.span, `type \`${ast.name.name}\` depends on itself`);
      state.set(d, 'active');
      d.kind = this.defKind(ast, lookup, owner);
      state.set(d, 'done');
      return d;
    };
    return lookup;
  }

  private defKind(ast: TypeDefAst, lookup: (id: Ident) => TypeDef, owner: WitInterface | WitWorld): TypeDefKind {
    const ty = (t: TypeAst): WitType => this.type(t, lookup, owner);
    const unique = (ids: readonly Ident[], what: string): void => {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id.name)) throw witError(id.span, `${what} \`${id.name}\` is defined more than once`);
        seen.add(id.name);
      }
    };
    switch (ast.kind) {
      case 'alias': {
        // Note: `type r2 = r` names the resource itself (not an owned handle), so `borrow<r2>` works.
        if (ast.type.kind === 'name') {
          const target = lookup(ast.type.name);
          if (unaliasDef(target).kind.kind === 'resource') return { kind: 'alias', type: { kind: 'named', def: target } };
        }
        return { kind: 'alias', type: ty(ast.type) };
      }
      case 'record':
        if (ast.fields.length === 0) throw witError(ast.name.span, 'a record needs at least one field');
        unique(ast.fields.map((f) => f.name), 'field');
        return { kind: 'record', fields: ast.fields.map((f) => ({ name: f.name.name, type: ty(f.type), docs: f.docs })) };
      case 'flags':
        if (ast.names.length === 0) throw witError(ast.name.span, 'flags need at least one flag');
        unique(ast.names.map((f) => f.name), 'flag');
        return { kind: 'flags', names: ast.names.map((f) => ({ name: f.name.name, docs: f.docs })) };
      case 'enum':
        if (ast.names.length === 0) throw witError(ast.name.span, 'an enum needs at least one case');
        unique(ast.names.map((f) => f.name), 'case');
        return { kind: 'enum', cases: ast.names.map((f) => ({ name: f.name.name, docs: f.docs })) };
      case 'variant':
        if (ast.cases.length === 0) throw witError(ast.name.span, 'a variant needs at least one case');
        unique(ast.cases.map((f) => f.name), 'case');
        return { kind: 'variant', cases: ast.cases.map((c) => ({ name: c.name.name, type: c.type === null ? null : ty(c.type), docs: c.docs })) };
      case 'resource':
        return { kind: 'resource' };
    }
  }

  private anon(kind: TypeDefKind, owner: WitInterface | WitWorld): WitType {
    return { kind: 'named', def: { name: null, kind, owner, docs: null, stability: {} } };
  }

  private type(t: TypeAst, lookup: (id: Ident) => TypeDef, owner: WitInterface | WitWorld): WitType {
    const ty = (x: TypeAst): WitType => this.type(x, lookup, owner);
    switch (t.kind) {
      case 'prim':
        return { kind: 'prim', prim: t.prim };
      case 'name': {
        const d = lookup(t.name);
        // Note: a bare resource name stands for an owned handle.
        if (unaliasDef(d).kind.kind === 'resource') return this.anon({ kind: 'handle', handle: 'own', resource: d }, owner);
        return { kind: 'named', def: d };
      }
      case 'handle': {
        const d = lookup(t.resource);
        if (unaliasDef(d).kind.kind !== 'resource') throw witError(t.resource.span, `type \`${t.resource.name}\` used in a handle must be a resource`);
        return this.anon({ kind: 'handle', handle: t.handle, resource: d }, owner);
      }
      case 'list':
        return this.anon(t.length === undefined ? { kind: 'list', elem: ty(t.elem) } : { kind: 'list', elem: ty(t.elem), length: t.length }, owner);
      case 'option':
        return this.anon({ kind: 'option', type: ty(t.type) }, owner);
      case 'result':
        return this.anon({ kind: 'result', ok: t.ok === null ? null : ty(t.ok), err: t.err === null ? null : ty(t.err) }, owner);
      case 'tuple':
        return this.anon({ kind: 'tuple', types: t.types.map(ty) }, owner);
      case 'future':
      case 'stream':
        return this.anon({ kind: t.kind, type: t.type === null ? null : ty(t.type) }, owner);
      case 'map':
        return this.anon({ kind: 'map', key: ty(t.key), value: ty(t.value) }, owner);
    }
  }

  private func(name: string, kind: FuncKind, f: FuncTypeAst, lookup: (id: Ident) => TypeDef, owner: WitInterface | WitWorld, docs: string | null, stability: Stability): WitFunction {
    const seen = new Set<string>();
    for (const p of f.params) {
      if (seen.has(p.name.name)) throw witError(p.name.span, `parameter \`${p.name.name}\` is defined more than once`);
      seen.add(p.name.name);
    }
    const params = f.params.map((p) => ({ name: p.name.name, type: this.type(p.type, lookup, owner) }));
    const result = f.result === null ? null : this.type(f.result, lookup, owner);
    if (result !== null && containsBorrow(result)) throw witError(f.span, 'function result cannot contain a `borrow` handle');
    return { name, kind, params, result, async: f.async, docs, stability };
  }

  private resourceFunc(
    res: TypeDef,
    kind: 'method' | 'static' | 'constructor',
    name: Ident,
    f: FuncTypeAst,
    lookup: (id: Ident) => TypeDef,
    owner: WitInterface | WitWorld,
    docs: string | null,
    stability: Stability,
  ): WitFunction {
    const rname = res.name!;
    if (kind === 'constructor') {
      const base = this.func(`[constructor]${rname}`, { kind: 'constructor', resource: res }, f, lookup, owner, docs, stability);
      let result = base.result;
      if (result === null) result = this.anon({ kind: 'handle', handle: 'own', resource: res }, owner);
      else {
        const r = result.kind === 'named' ? result.def.kind : null;
        const ok = r !== null && r.kind === 'result' && r.ok !== null && r.ok.kind === 'named' && r.ok.def.kind.kind === 'handle' && r.ok.def.kind.resource === res;
        if (!ok) throw witError(name.span, `constructor of \`${rname}\` must return \`${rname}\` or \`result<${rname}, E>\``);
      }
      return { ...base, result };
    }
    const full = `[${kind}]${rname}.${name.name}`;
    const fn = this.func(full, { kind, resource: res }, f, lookup, owner, docs, stability);
    if (kind === 'static') return fn;
    if (f.params.some((p) => p.name.name === 'self')) throw witError(name.span, 'a method has an implicit `self` parameter: do not declare one');
    const self = { name: 'self', type: this.anon({ kind: 'handle', handle: 'borrow', resource: res }, owner) };
    return { ...fn, params: [self, ...fn.params] };
  }

  private world(u: Unit, e: Entry<WorldAst, WitWorld>): WitWorld {
    if (e.state === 'done') return e.value!;
    if (e.state === 'active') throw witError(e.ast.name.span, `world \`${e.ast.name.name}\` includes itself`);
    e.state = 'active';
    const world: WitWorld = { kind: 'world', name: e.ast.name.name, package: u.pkg, imports: new Map(), exports: new Map(), docs: e.ast.docs, stability: stabilityOf(e.ast.gate) };
    e.value = world;
    const types = new Map<string, TypeDef>();
    const pendingTypes: [TypeDef, TypeDefAst][] = [];
    const lookup = this.lazyLookup(pendingTypes, (name) => types.get(name), world, ` in world \`${world.name}\``);
    const claimType = (id: Ident): void => {
      if (types.has(id.name) || world.imports.has(id.name)) throw witError(id.span, `name \`${id.name}\` is defined more than once in world \`${world.name}\``);
    };
    const add = (dir: 'import' | 'export', key: string, item: WorldItem, span: Span): void => {
      const map = dir === 'import' ? world.imports : world.exports;
      const prev = map.get(key);
      if (prev !== undefined) {
        if (prev.kind === 'interface' && item.kind === 'interface' && prev.iface === item.iface && key.includes(':')) return;
        throw witError(span, `${dir} \`${key}\` is defined more than once in world \`${world.name}\``);
      }
      map.set(key, item);
    };
    for (const item of e.ast.items) {
      switch (item.kind) {
        case 'use':
          if (!this.enabled(item.use.gate)) break;
          for (const d of this.applyUse(u, e.body, item.use, world, types, claimType)) world.imports.set(d.name!, { kind: 'type', def: d });
          break;
        case 'type': {
          if (!this.enabled(item.def.gate)) break;
          claimType(item.def.name);
          const def: TypeDef = { name: item.def.name.name, kind: { kind: 'resource' }, owner: world, docs: item.def.docs, stability: stabilityOf(item.def.gate) };
          types.set(def.name!, def);
          world.imports.set(def.name!, { kind: 'type', def });
          pendingTypes.push([def, item.def]);
          break;
        }
        default:
          break;
      }
    }
    for (const [def] of pendingTypes) lookup({ name: def.name!, span: { file: e.body.file, line: 0, col: 0 } });
    for (const [def, ast] of pendingTypes) {
      if (ast.kind !== 'resource') continue;
      for (const f of ast.funcs) {
        if (!this.enabled(f.gate)) continue;
        const fn = this.resourceFunc(def, f.kind, f.name, f.func, lookup, world, f.docs, stabilityOf(f.gate));
        world.imports.set(fn.name, { kind: 'function', func: fn });
      }
    }
    for (const item of e.ast.items) {
      if (item.kind === 'import' || item.kind === 'export') {
        if (!this.enabled(item.gate)) continue;
        const { key, value } = this.externItem(u, e.body, item.extern, world, lookup, item.docs, stabilityOf(item.gate));
        add(item.kind, key, value, item.span);
      } else if (item.kind === 'include') {
        if (!this.enabled(item.gate)) continue;
        const inc = this.worldByPath(u, e.body, item.path);
        const renames = new Map(item.with.map((w) => [w.from.name, w] as const));
        const used = new Set<string>();
        for (const dir of ['import', 'export'] as const) {
          for (const [key, value] of dir === 'import' ? inc.imports : inc.exports) {
            let k = key;
            const r = renames.get(key);
            if (r !== undefined) {
              if (key.includes(':')) throw witError(r.from.span, `\`with\` cannot rename interface name \`${key}\``);
              k = r.to.name;
              used.add(key);
            }
            if (value.kind === 'type' && value.def.name !== null) types.set(k, value.def);
            add(dir, k, value, item.span);
          }
        }
        for (const w of item.with) if (!used.has(w.from.name)) throw witError(w.from.span, `\`with\` name \`${w.from.name}\` is not an import or export of world \`${inc.name}\``);
      }
    }
    elaborate(world);
    e.state = 'done';
    return world;
  }

  private externItem(
    u: Unit,
    body: PackageBodyAst,
    ext: ExternAst,
    world: WitWorld,
    lookup: (id: Ident) => TypeDef,
    docs: string | null,
    stability: Stability,
  ): { key: string; value: WorldItem } {
    switch (ext.kind) {
      case 'func':
        return { key: ext.name.name, value: { kind: 'function', func: this.func(ext.name.name, { kind: 'freestanding' }, ext.func, lookup, world, docs, stability) } };
      case 'interface': {
        const iface: WitInterface = { kind: 'interface', name: null, package: u.pkg, types: new Map(), functions: new Map(), docs, stability };
        this.fillInterface(u, body, iface, ext.iface.items);
        return { key: ext.name.name, value: { kind: 'interface', iface, stability, docs } };
      }
      case 'named-path':
        return { key: ext.name.name, value: { kind: 'interface', iface: this.ifaceByPath(u, body, ext.path), stability, docs } };
      case 'path': {
        const iface = this.ifaceByPath(u, body, ext.path);
        return { key: interfaceId(iface)!, value: { kind: 'interface', iface, stability, docs } };
      }
    }
  }
}

function containsBorrow(t: WitType, seen = new Set<TypeDef>()): boolean {
  if (t.kind === 'prim') return false;
  const d = t.def;
  if (seen.has(d)) return false;
  seen.add(d);
  const k = d.kind;
  switch (k.kind) {
    case 'handle':
      return k.handle === 'borrow';
    case 'record':
      return k.fields.some((f) => containsBorrow(f.type, seen));
    case 'variant':
      return k.cases.some((c) => c.type !== null && containsBorrow(c.type, seen));
    case 'tuple':
      return k.types.some((x) => containsBorrow(x, seen));
    case 'option':
    case 'alias':
      return containsBorrow(k.type, seen);
    case 'list':
      return containsBorrow(k.elem, seen);
    case 'result':
      return (k.ok !== null && containsBorrow(k.ok, seen)) || (k.err !== null && containsBorrow(k.err, seen));
    default:
      return false;
  }
}

/**
 * Gate rules of WIT.md ("Rules for feature gate usage"): `@deprecated` is paired with `@since` or
 * `@unstable`, and a package whose items carry `@since`/`@deprecated` versions must have a version.
 */
function checkGates(pkg: PackageNameAst, body: PackageBodyAst): void {
  const check = (g: GateAst): void => {
    if (g.span === undefined) return;
    if (g.deprecated !== undefined && g.since === undefined && g.unstable === undefined) {
      throw witError(g.span, '`@deprecated` must be paired with `@since` or `@unstable` on the same item');
    }
    if ((g.since !== undefined || g.deprecated !== undefined) && pkg.version === null) {
      throw witError(g.span, `package \`${formatPackageName(pkg)}\` has no version, so its items cannot be gated with \`@since\` or \`@deprecated\``);
    }
  };
  const typeDef = (d: TypeDefAst): void => {
    check(d.gate);
    if (d.kind === 'resource') for (const f of d.funcs) check(f.gate);
  };
  const ifaceItems = (items: readonly InterfaceItemAst[]): void => {
    for (const it of items) {
      if (it.kind === 'use') check(it.use.gate);
      else if (it.kind === 'type') typeDef(it.def);
      else check(it.gate);
    }
  };
  for (const item of body.items) {
    if (item.kind === 'interface') {
      check(item.iface.gate);
      ifaceItems(item.iface.items);
    } else if (item.kind === 'world') {
      check(item.world.gate);
      for (const w of item.world.items) {
        if (w.kind === 'use') check(w.use.gate);
        else if (w.kind === 'type') typeDef(w.def);
        else {
          check(w.gate);
          if ((w.kind === 'import' || w.kind === 'export') && w.extern.kind === 'interface') ifaceItems(w.extern.iface.items);
        }
      }
    }
  }
}

/** The interfaces whose types `iface` (or a world-level type) uses, directly. */
function interfaceDeps(types: Iterable<TypeDef>): WitInterface[] {
  const out: WitInterface[] = [];
  for (const d of types) {
    if (d.kind.kind === 'alias' && d.kind.type.kind === 'named') {
      const target = d.kind.type.def;
      if (target.owner !== null && target.owner.kind === 'interface' && target.owner !== d.owner && target.owner.name !== null && !out.includes(target.owner)) out.push(target.owner);
    }
  }
  return out;
}

/** Adds the interfaces that imported and exported interfaces depend on (WIT.md, "Transitive imports"). */
function elaborate(world: WitWorld): void {
  const imports = new Map<string, WorldItem>();
  const present = (iface: WitInterface): boolean => [...imports.values(), ...world.imports.values()].some((i) => i.kind === 'interface' && i.iface === iface);
  const addWithDeps = (iface: WitInterface, seen: Set<WitInterface>): void => {
    if (seen.has(iface)) return;
    seen.add(iface);
    for (const dep of interfaceDeps(iface.types.values())) {
      if (![...imports.values()].some((i) => i.kind === 'interface' && i.iface === dep)) {
        addWithDeps(dep, seen);
        const id = interfaceId(dep);
        if (id !== null && !imports.has(id)) imports.set(id, { kind: 'interface', iface: dep, stability: {} });
      }
    }
  };
  for (const [key, item] of world.imports) {
    if (item.kind === 'interface') addWithDeps(item.iface, new Set());
    if (item.kind === 'type') {
      for (const dep of interfaceDeps([item.def])) {
        addWithDeps(dep, new Set());
        const id = interfaceId(dep);
        if (id !== null && !imports.has(id) && ![...imports.values()].some((i) => i.kind === 'interface' && i.iface === dep)) imports.set(id, { kind: 'interface', iface: dep, stability: {} });
      }
    }
    if (!imports.has(key)) imports.set(key, item);
  }
  const exported = (iface: WitInterface): boolean => [...world.exports.values()].some((i) => i.kind === 'interface' && i.iface === iface);
  for (const item of world.exports.values()) {
    if (item.kind !== 'interface') continue;
    const visit = (iface: WitInterface, seen: Set<WitInterface>): void => {
      for (const dep of interfaceDeps(iface.types.values())) {
        if (seen.has(dep) || exported(dep)) continue;
        seen.add(dep);
        visit(dep, seen);
        const id = interfaceId(dep);
        if (id !== null && !present(dep)) imports.set(id, { kind: 'interface', iface: dep, stability: {} });
      }
    };
    visit(item.iface, new Set());
  }
  world.imports.clear();
  for (const [k, v] of imports) world.imports.set(k, v);
}

/** Parses and resolves one self-contained WIT text (a root package plus inline `package { }` blocks). */
export function resolveWitFiles(files: readonly WitFileAst[], options: WitResolveOptions = {}): { root: WitPackage[]; packages: WitPackage[] } {
  const r = new WitResolver(options);
  const root = r.addFiles(files, files[0]?.file ?? '<input>');
  return { root, packages: r.resolve() };
}
