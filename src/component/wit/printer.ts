/**
 * Prints the resolved WIT model as WIT text, in the layout other WIT tools use: two-space indents,
 * `use` statements first, one blank line between items, resource functions inside their resource,
 * and feature gates and doc comments above the items they belong to.
 */

import { WIT_KEYWORDS } from './keywords.js';
import { formatPackageName, interfaceId, type Stability, type TypeDef, type WitFunction, type WitInterface, type WitPackage, type WitType, type WitWorld, type WorldItem } from './model.js';

/** Writes a WIT identifier, escaping keywords with `%`. */
export function witIdent(name: string): string {
  return WIT_KEYWORDS.has(name) ? `%${name}` : name;
}

class Out {
  private readonly lines: string[] = [];
  private depth = 0;
  line(text: string): void {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
  }
  indent(): void {
    this.depth++;
  }
  dedent(): void {
    this.depth--;
  }
  docs(docs: string | null): void {
    if (docs === null) return;
    for (const l of docs.split('\n')) this.line(l === '' ? '///' : `/// ${l}`);
  }
  stability(s: Stability): void {
    if (s.since !== undefined) this.line(`@since(version = ${s.since})`);
    if (s.unstable !== undefined) this.line(`@unstable(feature = ${s.unstable})`);
    if (s.deprecated !== undefined) this.line(`@deprecated(version = ${s.deprecated})`);
  }
  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** Context for naming types: the package being printed (for short interface paths). */
interface Ctx {
  readonly pkg: WitPackage | null;
}

/** Prints a type expression. */
export function witTypeText(t: WitType): string {
  if (t.kind === 'prim') return t.prim;
  const d = t.def;
  if (d.name !== null) return witIdent(d.name);
  const k = d.kind;
  switch (k.kind) {
    case 'handle':
      return k.handle === 'borrow' ? `borrow<${resourceName(k.resource)}>` : resourceName(k.resource);
    case 'list':
      return k.length === undefined ? `list<${witTypeText(k.elem)}>` : `list<${witTypeText(k.elem)}, ${k.length}>`;
    case 'option':
      return `option<${witTypeText(k.type)}>`;
    case 'result':
      if (k.ok === null && k.err === null) return 'result';
      if (k.err === null) return `result<${witTypeText(k.ok!)}>`;
      return `result<${k.ok === null ? '_' : witTypeText(k.ok)}, ${witTypeText(k.err)}>`;
    case 'tuple':
      return `tuple<${k.types.map(witTypeText).join(', ')}>`;
    case 'future':
      return k.type === null ? 'future' : `future<${witTypeText(k.type)}>`;
    case 'stream':
      return k.type === null ? 'stream' : `stream<${witTypeText(k.type)}>`;
    case 'map':
      return `map<${witTypeText(k.key)}, ${witTypeText(k.value)}>`;
    case 'alias':
      return witTypeText(k.type);
    default:
      return `<anonymous ${k.kind}>`;
  }
}

function resourceName(r: TypeDef): string {
  return r.name === null ? '<anonymous resource>' : witIdent(r.name);
}

function paramsText(params: readonly { name: string; type: WitType }[]): string {
  return params.map((p) => `${witIdent(p.name)}: ${witTypeText(p.type)}`).join(', ');
}

/** Prints `func(...) -> r` (without a name). */
export function funcSigText(f: WitFunction, dropSelf = false): string {
  const params = dropSelf ? f.params.slice(1) : f.params;
  return `${f.async ? 'async ' : ''}func(${paramsText(params)})${f.result === null ? '' : ` -> ${witTypeText(f.result)}`}`;
}

/** The path by which `iface` is referred to from package `from`. */
export function interfacePath(iface: WitInterface, from: WitPackage | null): string {
  if (iface.name === null) return '<inline interface>';
  if (iface.package !== null && iface.package === from) return witIdent(iface.name);
  return interfaceId(iface) ?? witIdent(iface.name);
}

/** The `use` source of a type alias that names a definition owned by another interface, or null. */
function useSource(def: TypeDef): { iface: WitInterface; name: string } | null {
  if (def.kind.kind !== 'alias' || def.kind.type.kind !== 'named') return null;
  const target = def.kind.type.def;
  if (target.name === null || target.owner === null || target.owner === def.owner || target.owner.kind !== 'interface') return null;
  return { iface: target.owner, name: target.name };
}

function printTypes(out: Out, ctx: Ctx, types: Iterable<TypeDef>, funcs: readonly WitFunction[], state: { any: boolean }): void {
  const uses: { iface: WitInterface; stability: Stability; names: [string, string][] }[] = [];
  const defs: TypeDef[] = [];
  for (const def of types) {
    const src = useSource(def);
    if (src !== null && def.name !== null) {
      const last = uses.find((u) => u.iface === src.iface && sameStability(u.stability, def.stability));
      if (last) last.names.push([def.name, src.name]);
      else uses.push({ iface: src.iface, stability: def.stability, names: [[def.name, src.name]] });
    } else defs.push(def);
  }
  for (const u of uses) {
    state.any = true;
    out.stability(u.stability);
    const names = u.names.map(([mine, theirs]) => (mine === theirs ? witIdent(mine) : `${witIdent(theirs)} as ${witIdent(mine)}`)).join(', ');
    out.line(`use ${interfacePath(u.iface, ctx.pkg)}.{${names}};`);
  }
  for (const def of defs) {
    if (state.any) out.line('');
    state.any = true;
    out.docs(def.docs);
    out.stability(def.stability);
    printTypeDef(out, def, funcs.filter((f) => f.kind.kind !== 'freestanding' && f.kind.resource === def));
  }
}

function sameStability(a: Stability, b: Stability): boolean {
  return a.since === b.since && a.unstable === b.unstable && a.deprecated === b.deprecated;
}

function printTypeDef(out: Out, def: TypeDef, resourceFuncs: readonly WitFunction[]): void {
  const name = witIdent(def.name ?? '<anonymous>');
  const k = def.kind;
  switch (k.kind) {
    case 'record':
      out.line(`record ${name} {`);
      out.indent();
      for (const f of k.fields) {
        out.docs(f.docs);
        out.line(`${witIdent(f.name)}: ${witTypeText(f.type)},`);
      }
      out.dedent();
      out.line('}');
      return;
    case 'flags':
    case 'enum': {
      out.line(`${k.kind} ${name} {`);
      out.indent();
      for (const c of k.kind === 'flags' ? k.names : k.cases) {
        out.docs(c.docs);
        out.line(`${witIdent(c.name)},`);
      }
      out.dedent();
      out.line('}');
      return;
    }
    case 'variant':
      out.line(`variant ${name} {`);
      out.indent();
      for (const c of k.cases) {
        out.docs(c.docs);
        out.line(c.type === null ? `${witIdent(c.name)},` : `${witIdent(c.name)}(${witTypeText(c.type)}),`);
      }
      out.dedent();
      out.line('}');
      return;
    case 'resource': {
      if (resourceFuncs.length === 0) {
        out.line(`resource ${name};`);
        return;
      }
      out.line(`resource ${name} {`);
      out.indent();
      for (const f of resourceFuncs) {
        out.docs(f.docs);
        out.stability(f.stability);
        const member = f.name.slice(f.name.indexOf('.') + 1);
        if (f.kind.kind === 'constructor') {
          const r = f.result;
          const implicit = r !== null && r.kind === 'named' && r.def.kind.kind === 'handle' && r.def.name === null;
          out.line(`constructor(${paramsText(f.params)})${implicit || r === null ? '' : ` -> ${witTypeText(r)}`};`);
        } else if (f.kind.kind === 'method') {
          out.line(`${witIdent(member)}: ${funcSigText(f, true)};`);
        } else {
          out.line(`${witIdent(member)}: static ${funcSigText(f)};`);
        }
      }
      out.dedent();
      out.line('}');
      return;
    }
    default:
      out.line(`type ${name} = ${witTypeText(k.kind === 'alias' ? k.type : { kind: 'named', def: { ...def, name: null } })};`);
  }
}

function printInterfaceBody(out: Out, ctx: Ctx, iface: WitInterface): void {
  const funcs = [...iface.functions.values()];
  const state = { any: false };
  printTypes(out, ctx, iface.types.values(), funcs, state);
  for (const f of funcs) {
    if (f.kind.kind !== 'freestanding') continue;
    if (state.any) out.line('');
    state.any = true;
    out.docs(f.docs);
    out.stability(f.stability);
    out.line(`${witIdent(f.name)}: ${funcSigText(f)};`);
  }
}

function printWorldItem(out: Out, ctx: Ctx, key: string, item: WorldItem, dir: 'import' | 'export'): void {
  switch (item.kind) {
    case 'interface':
      out.docs(item.docs ?? null);
      out.stability(item.stability);
      if (item.iface.name === null || (item.iface.package === null && !key.includes(':'))) {
        if (item.iface.name === null) {
          out.line(`${dir} ${witIdent(key)}: interface {`);
          out.indent();
          printInterfaceBody(out, ctx, item.iface);
          out.dedent();
          out.line('}');
        } else out.line(`${dir} ${witIdent(key)}: ${interfacePath(item.iface, ctx.pkg)};`);
      } else if (key.includes(':') || key === interfaceId(item.iface) || key === item.iface.name) {
        out.line(`${dir} ${interfacePath(item.iface, ctx.pkg)};`);
      } else out.line(`${dir} ${witIdent(key)}: ${interfacePath(item.iface, ctx.pkg)};`);
      return;
    case 'function':
      out.docs(item.func.docs);
      out.stability(item.func.stability);
      out.line(`${dir} ${witIdent(key)}: ${funcSigText(item.func)};`);
      return;
    case 'type':
      return;
  }
}

function printWorldBody(out: Out, ctx: Ctx, world: WitWorld): void {
  const state = { any: false };
  const pending: TypeDef[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const prevAny = state.any;
    state.any = false;
    const hadUses = pending.some((d) => useSource(d) !== null);
    void hadUses;
    printTypes(out, ctx, pending, [...world.imports.values()].flatMap((i) => (i.kind === 'function' ? [i.func] : [])), state);
    state.any = prevAny || state.any;
    pending.length = 0;
  };
  for (const [key, item] of world.imports) {
    if (item.kind === 'type') {
      pending.push(item.def);
      continue;
    }
    if (item.kind === 'function' && item.func.kind.kind !== 'freestanding') continue;
    flush();
    printWorldItem(out, ctx, key, item, 'import');
    state.any = true;
  }
  flush();
  let first = true;
  for (const [key, item] of world.exports) {
    if (item.kind === 'function' && item.func.kind.kind !== 'freestanding') continue;
    if (first && state.any) out.line('');
    first = false;
    printWorldItem(out, ctx, key, item, 'export');
  }
}

/** Prints one interface declaration (`interface name { ... }`). */
export function printInterface(iface: WitInterface, pkg: WitPackage | null = iface.package): string {
  const out = new Out();
  out.docs(iface.docs);
  out.stability(iface.stability);
  out.line(`interface ${witIdent(iface.name ?? '<inline>')} {`);
  out.indent();
  printInterfaceBody(out, { pkg }, iface);
  out.dedent();
  out.line('}');
  return out.text();
}

/** Prints one world declaration (`world name { ... }`). */
export function printWorld(world: WitWorld, pkg: WitPackage | null = world.package): string {
  const out = new Out();
  out.docs(world.docs);
  out.stability(world.stability);
  out.line(`world ${witIdent(world.name)} {`);
  out.indent();
  printWorldBody(out, { pkg }, world);
  out.dedent();
  out.line('}');
  return out.text();
}

/** Prints a whole package: the `package` line, then its interfaces and worlds. */
export function printPackage(pkg: WitPackage): string {
  const parts: string[] = [];
  const head = new Out();
  head.docs(pkg.docs);
  head.line(`package ${formatPackageName(pkg.name)};`);
  parts.push(head.text());
  for (const iface of pkg.interfaces.values()) parts.push(printInterface(iface, pkg));
  for (const world of pkg.worlds.values()) parts.push(printWorld(world, pkg));
  return parts.join('\n');
}
