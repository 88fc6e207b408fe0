/**
 * Name resolution of expanded component text: every `$name` becomes an index, definitions get
 * their indices in order, and references that stand for aliases get them:
 *
 * - `(func $i "a" "b")` (an item reached through instance exports) becomes `alias export`
 *   definitions (`a` as an instance, then `b` as a func) inserted before the definition using it;
 * - `(core func $m "f")` becomes an `alias core export` definition;
 * - a `$name` not defined in the current component (or type) but in an enclosing one becomes an
 *   `alias outer` named `$name`, inserted before its first use, for the sorts that may be aliased
 *   from outside (core modules, core types, types and components).
 *
 * Errors are {@link WatParseError}s at the offending token, worded like wasm-tools'.
 */

import type { Sort } from '../binary/ast.js';
import type { TokenCursor } from '../../wasm/text/token-cursor.js';
import type { Alias, CanonOpt, ComponentTypeDecl, CoreItemRef, CoreValType, DefinedType, ExternDesc, Field, Idx, ItemRef, ItemSig, ModuleType, TypeDef, ValType } from './ast.js';
import { sortOfDesc } from './ast.js';

/** The identifiers and size of one index space. */
class Namespace {
  private readonly names = new Map<string, number>();
  count = 0;

  register(id: string | null, desc: string, at: number, cur: TokenCursor): number {
    const index = this.count++;
    if (id !== null) {
      if (this.names.has(id)) cur.fail(`duplicate ${desc} identifier`, Math.max(at, 0));
      this.names.set(id, index);
    }
    return index;
  }

  lookup(id: string): number | undefined {
    return this.names.get(id);
  }
}

/** The index spaces of one component, component type, instance type or module type. */
class Scope {
  private readonly spaces = new Map<Sort, Namespace>();

  constructor(readonly id: string | null) {}

  space(sort: Sort): Namespace {
    let ns = this.spaces.get(sort);
    if (ns === undefined) {
      ns = new Namespace();
      this.spaces.set(sort, ns);
    }
    return ns;
  }

  register(sort: Sort, id: string | null, at: number, cur: TokenCursor): number {
    return this.space(sort).register(id, sort, at, cur);
  }
}

/** The sort of the item an alias introduces. */
function aliasSort(a: Alias): Sort {
  return a.target.sort;
}

const OUTER_ALIASABLE: ReadonlySet<Sort> = new Set<Sort>(['core module', 'core type', 'type', 'component']);
const CORE_EXPORTABLE: ReadonlySet<Sort> = new Set<Sort>(['core func', 'core table', 'core memory', 'core global', 'core tag']);

/** Overwrites a resolved index in place. */
function setIndex(idx: Idx, n: number): void {
  const m = idx as { kind: string; value?: number; name?: string };
  m.kind = 'num';
  m.value = n;
  delete m.name;
}

/** Resolves the names of a component's expanded fields in place (aliases are inserted into `fields`). */
export function resolveComponent(id: string | null, fields: Field[], cur: TokenCursor): void {
  new Resolver(cur).component(id, fields);
}

/** The resolver: a stack of scopes and the aliases waiting to be inserted before the current item. */
class Resolver {
  private readonly stack: Scope[] = [];
  private pending: Alias[] = [];

  constructor(private readonly cur: TokenCursor) {}

  private get current(): Scope {
    return this.stack[this.stack.length - 1]!;
  }

  private fail(message: string, at: number): never {
    return this.cur.fail(message, Math.max(at, 0));
  }

  component(id: string | null, fields: Field[]): void {
    this.stack.push(new Scope(id));
    this.withAliases(fields, (f) => this.field(f), (f) => this.registerField(f), (a): Field => ({ kind: 'alias', alias: a }));
    this.stack.pop();
  }

  /**
   * Resolves `items` in order; the aliases a resolution creates are inserted before the item, and
   * the item is registered (gets its indices) only after it is resolved.
   */
  private withAliases<T>(items: T[], resolve: (t: T) => void, register: (t: T) => void, fromAlias: (a: Alias) => T): void {
    const saved = this.pending;
    this.pending = [];
    for (let i = 0; i < items.length; i++) {
      resolve(items[i]!);
      if (this.pending.length > 0) {
        items.splice(i, 0, ...this.pending.map(fromAlias));
        i += this.pending.length;
        this.pending = [];
      }
      register(items[i]!);
    }
    this.pending = saved;
  }

  // -----------------------------------------------------------------------------------------
  // Registration

  private registerAlias(a: Alias): number {
    return this.current.register(aliasSort(a), a.id, a.at, this.cur);
  }

  private registerSig(s: ItemSig): void {
    this.current.register(sortOfDesc(s.desc), s.id, s.at, this.cur);
  }

  private registerField(f: Field): void {
    const s = this.current;
    switch (f.kind) {
      case 'core-module':
        s.register('core module', f.id, f.at, this.cur);
        return;
      case 'core-instance':
        s.register('core instance', f.id, f.at, this.cur);
        return;
      case 'core-type':
        if (f.type.def.kind === 'module') s.register('core type', f.type.id, f.type.at, this.cur);
        return;
      case 'component':
        s.register('component', f.id, f.at, this.cur);
        return;
      case 'instance':
        s.register('instance', f.id, f.at, this.cur);
        return;
      case 'alias':
        this.registerAlias(f.alias);
        return;
      case 'type':
        s.register('type', f.type.id, f.type.at, this.cur);
        return;
      case 'canon':
        s.register(f.canon.kind === 'lift' ? 'func' : 'core func', f.id, f.at, this.cur);
        return;
      case 'start':
        for (const r of f.results) s.register('value', r, f.at, this.cur);
        return;
      case 'import':
        this.registerSig(f.sig);
        return;
      case 'export':
        s.register(f.export.item.sort, f.export.id, f.export.at, this.cur);
        return;
      case 'custom':
        return;
      case 'core-func':
      case 'func':
        return this.fail('internal error: abbreviation left after expansion', f.at);
    }
  }

  // -----------------------------------------------------------------------------------------
  // Resolution

  private field(f: Field): void {
    switch (f.kind) {
      case 'core-module':
      case 'custom':
        return;
      case 'core-instance':
        if (f.body.kind === 'instantiate') {
          this.itemRef(f.body.module);
          for (const a of f.body.args) {
            if (a.arg.kind !== 'ref') return this.fail('internal error: inline instance left after expansion', f.at);
            this.coreItemRef(a.arg.ref);
          }
        } else {
          for (const e of f.body.exports) this.coreItemRef(e.item);
        }
        return;
      case 'core-type':
        if (f.type.def.kind === 'func') {
          this.current.register('core type', f.type.id, f.type.at, this.cur);
          this.coreSig(f.type.def.sig.params.concat(f.type.def.sig.results));
        } else {
          this.stack.push(new Scope(f.type.id));
          this.moduleType(f.type.def.type);
          this.stack.pop();
        }
        return;
      case 'component':
        if (f.body.kind !== 'inline') return this.fail('internal error: component import left after expansion', f.at);
        this.component(f.id, f.body.fields);
        return;
      case 'instance':
        if (f.body.kind === 'instantiate') {
          this.itemRef(f.body.component);
          for (const a of f.body.args) {
            if (a.arg.kind !== 'ref') return this.fail('internal error: inline instance left after expansion', f.at);
            this.itemRef(a.arg.ref);
          }
        } else if (f.body.kind === 'exports') {
          for (const e of f.body.exports) this.itemRef(e.item);
        } else {
          return this.fail('internal error: instance import left after expansion', f.at);
        }
        return;
      case 'alias':
        this.alias(f.alias);
        return;
      case 'type':
        this.typeDef(f.type.def, f.type.id);
        return;
      case 'canon': {
        const c = f.canon;
        if (c.kind === 'lift') {
          if (c.type.kind !== 'ref') return this.fail('internal error: inline type left after expansion', f.at);
          this.itemRef(c.type.ref);
          this.coreItemRef(c.func);
          this.opts(c.opts);
          return;
        }
        const k = c.canon;
        if (k.kind === 'lower') {
          this.itemRef(k.func);
          this.opts(k.opts);
        } else if (k.kind === 'builtin') {
          for (const imm of k.imms) {
            if (imm.kind === 'type') this.itemRef(imm.ref);
            else if (imm.kind === 'core-ref') this.coreItemRef(imm.ref);
            else if (imm.kind === 'opts') this.opts(imm.opts);
            else if (imm.kind === 'result' && imm.type !== null) this.valType(imm.type);
            else if (imm.kind === 'core-valtype') this.coreSig([imm.type]);
          }
        } else {
          this.itemRef(k.type);
        }
        return;
      }
      case 'start':
        this.resolveNs(f.func, 'func');
        for (const a of f.args) this.itemRef(a);
        return;
      case 'import':
        this.itemSig(f.sig);
        return;
      case 'export':
        if (f.export.type !== null) this.itemSig(f.export.type);
        this.itemRef(f.export.item);
        return;
      case 'core-func':
      case 'func':
        return this.fail('internal error: abbreviation left after expansion', f.at);
    }
  }

  private opts(opts: CanonOpt[]): void {
    for (const o of opts) if ('ref' in o) this.coreItemRef(o.ref);
  }

  private coreSig(types: CoreValType[]): void {
    for (const t of types) {
      if (t.kind === 'ref' && t.heap.kind === 'concrete') this.lookupIn(this.current, 'core type', t.heap.idx);
    }
  }

  private valType(t: ValType): void {
    if (t.kind === 'ref') this.resolveNs(t.idx, 'type');
    else if (t.kind === 'inline' && t.def.kind !== 'prim') this.fail('internal error: inline value type left after expansion', -1);
  }

  private definedType(d: DefinedType): void {
    switch (d.kind) {
      case 'record':
        for (const x of d.fields) this.valType(x.type);
        return;
      case 'variant':
        for (const c of d.cases) if (c.type !== null) this.valType(c.type);
        return;
      case 'list':
        this.valType(d.elem);
        return;
      case 'map':
        this.valType(d.key);
        this.valType(d.value);
        return;
      case 'tuple':
        for (const t of d.types) this.valType(t);
        return;
      case 'option':
        this.valType(d.type);
        return;
      case 'result':
        if (d.ok !== null) this.valType(d.ok);
        if (d.err !== null) this.valType(d.err);
        return;
      case 'own':
      case 'borrow':
        this.resolveNs(d.idx, 'type');
        return;
      case 'stream':
      case 'future':
        if (d.elem !== null) this.valType(d.elem);
        return;
      default:
        return;
    }
  }

  private typeDef(d: TypeDef, id: string | null): void {
    switch (d.kind) {
      case 'defined':
        this.definedType(d.def);
        return;
      case 'func':
        for (const p of d.type.params) this.valType(p.type);
        if (d.type.result !== null) this.valType(d.type.result);
        return;
      case 'component':
      case 'instance':
        this.stack.push(new Scope(id));
        this.decls(d.decls);
        this.stack.pop();
        return;
      case 'resource':
        this.coreSig([d.rep]);
        if (d.dtor !== null) this.coreItemRef(d.dtor);
        return;
    }
  }

  private decls(decls: ComponentTypeDecl[]): void {
    this.withAliases(
      decls,
      (d) => {
        switch (d.kind) {
          case 'alias':
            this.alias(d.alias);
            return;
          case 'core-type':
            if (d.type.def.kind === 'func') this.coreSig(d.type.def.sig.params.concat(d.type.def.sig.results));
            else {
              this.stack.push(new Scope(d.type.id));
              this.moduleType(d.type.def.type);
              this.stack.pop();
            }
            return;
          case 'type':
            this.typeDef(d.type.def, d.type.id);
            return;
          case 'import':
          case 'export':
            this.itemSig(d.sig);
            return;
        }
      },
      (d) => {
        switch (d.kind) {
          case 'alias':
            this.registerAlias(d.alias);
            return;
          case 'core-type':
            this.current.register('core type', d.type.id, d.type.at, this.cur);
            return;
          case 'type':
            this.current.register('type', d.type.id, d.type.at, this.cur);
            return;
          case 'import':
          case 'export':
            this.registerSig(d.sig);
            return;
        }
      },
      (a): ComponentTypeDecl => ({ kind: 'alias', alias: a }),
    );
  }

  private moduleType(m: ModuleType): void {
    // Note: type declarators register before they resolve (core types may refer to themselves),
    // so names of outer core types are not aliased in automatically here: they must be aliased
    // explicitly, as in wasm-tools.
    const types = this.current.space('core type');
    this.withAliases(
      m.decls,
      (d) => {
        switch (d.kind) {
          case 'alias':
            this.alias(d.alias);
            return;
          case 'type':
            types.register(d.id, 'type', d.at, this.cur);
            this.localCoreTypes(d.sig.params.concat(d.sig.results));
            return;
          case 'import':
          case 'export':
            if ((d.sig.kind === 'func' || d.sig.kind === 'tag') && d.sig.type.index !== null) this.localIdx(d.sig.type.index, 'type');
            else if (d.sig.kind === 'table') this.localCoreTypes([d.sig.elem]);
            else if (d.sig.kind === 'global') this.localCoreTypes([d.sig.type]);
            return;
        }
      },
      (d) => {
        if (d.kind === 'alias') this.registerAlias(d.alias);
      },
      (a): ModuleType['decls'][number] => ({ kind: 'alias', alias: a }),
    );
  }

  private localCoreTypes(ts: CoreValType[]): void {
    for (const t of ts) if (t.kind === 'ref' && t.heap.kind === 'concrete') this.localIdx(t.heap.idx, 'type');
  }

  /** Resolves an index in the core type space of the current module type only. */
  private localIdx(idx: Idx, desc: string): void {
    if (idx.kind === 'num') return;
    const n = this.current.space('core type').lookup(idx.name);
    if (n === undefined) this.fail(`unknown ${desc}: failed to find name \`${idx.name}\``, idx.at);
    setIndex(idx, n);
  }

  private itemSig(s: ItemSig): void {
    const d: ExternDesc = s.desc;
    switch (d.kind) {
      case 'module':
        if (d.type.kind !== 'ref') return this.fail('internal error: inline type left after expansion', s.at);
        this.coreItemRef(d.type.ref);
        return;
      case 'func':
      case 'component':
      case 'instance':
        if (d.type.kind !== 'ref') return this.fail('internal error: inline type left after expansion', s.at);
        this.itemRef(d.type.ref);
        return;
      case 'value':
        this.valType(d.type);
        return;
      case 'type':
        if (d.bound.kind === 'eq') this.resolveNs(d.bound.idx, 'type');
        return;
    }
  }

  private alias(a: Alias): void {
    const t = a.target;
    switch (t.kind) {
      case 'export':
        this.resolveNs(t.instance, 'instance');
        return;
      case 'core-export':
        this.resolveNs(t.instance, 'core instance');
        return;
      case 'outer':
        this.outerAlias(t.outer, t.index, t.sort, a.at);
        return;
    }
  }

  private outerAlias(outer: Idx, index: Idx, sort: Sort, at: number): void {
    // Note: with both indices numeric the binary says what the text says; the validator judges it.
    if (outer.kind === 'num' && index.kind === 'num') return;
    let depth: number;
    if (outer.kind === 'id') {
      depth = 0;
      for (let i = this.stack.length - 1; i >= 0 && this.stack[i]!.id !== outer.name; i--) depth++;
      if (depth === this.stack.length) this.fail(`outer component \`${outer.name.slice(1)}\` not found`, outer.at);
    } else {
      depth = outer.value;
    }
    if (depth >= this.stack.length) this.fail(`outer count of \`${depth}\` is too large`, at);
    setIndex(outer, depth);
    this.lookupIn(this.stack[this.stack.length - 1 - depth]!, sort, index);
  }

  /** Resolves `idx` in `scope` only. */
  private lookupIn(scope: Scope, sort: Sort, idx: Idx): number {
    if (idx.kind === 'num') return idx.value;
    const n = scope.space(sort).lookup(idx.name);
    if (n === undefined) this.fail(`unknown ${sort}: failed to find name \`${idx.name}\``, idx.at);
    setIndex(idx, n);
    return n;
  }

  /**
   * Resolves `idx` in `sort`: in the current scope, else in the nearest enclosing scope that
   * defines it, through an implicit `alias outer` added to the current scope.
   */
  private resolveNs(idx: Idx, sort: Sort): number {
    if (idx.kind === 'num') return idx.value;
    const name = idx.name;
    for (let depth = 0; depth < this.stack.length; depth++) {
      const scope = this.stack[this.stack.length - 1 - depth]!;
      const found = scope.space(sort).lookup(name);
      if (found === undefined) continue;
      if (depth === 0) {
        setIndex(idx, found);
        return found;
      }
      if (!OUTER_ALIASABLE.has(sort)) this.fail(`outer item \`${name.slice(1)}\` is not a module, type, or component`, idx.at);
      const alias: Alias = {
        id: name,
        at: idx.at,
        target: { kind: 'outer', outer: { kind: 'num', value: depth, at: idx.at }, index: { kind: 'num', value: found, at: idx.at }, sort },
      };
      const local = this.registerAlias(alias);
      this.pending.push(alias);
      setIndex(idx, local);
      return local;
    }
    return this.fail(`unknown ${sort}: failed to find name \`${name}\``, idx.at);
  }

  /** Resolves a core item reference; `(core func $i "name")` becomes an `alias core export`. */
  private coreItemRef(r: CoreItemRef): void {
    if (r.export === null) {
      this.resolveNs(r.idx, r.sort);
      return;
    }
    if (!CORE_EXPORTABLE.has(r.sort)) {
      this.fail('core instances cannot export this kind of item, so an export name cannot be used to resolve this reference', r.idx.at);
    }
    const instance = { ...r.idx };
    this.resolveNs(instance, 'core instance');
    const alias: Alias = { id: null, at: r.idx.at, target: { kind: 'core-export', instance, name: r.export, sort: r.sort } };
    const n = this.registerAlias(alias);
    this.pending.push(alias);
    r.idx = { kind: 'num', value: n, at: r.idx.at };
    r.export = null;
  }

  /** Resolves a component item reference; `(func $i "a" "b")` becomes `alias export`s. */
  private itemRef(r: ItemRef): void {
    if (r.exports.length === 0) {
      this.resolveNs(r.idx, r.sort);
      return;
    }
    let index: Idx = { ...r.idx };
    this.resolveNs(index, 'instance');
    r.exports.forEach((name, i) => {
      const sort: Sort = i === r.exports.length - 1 ? r.sort : 'instance';
      const alias: Alias = { id: null, at: r.idx.at, target: { kind: 'export', instance: index, name, sort } };
      const n = this.registerAlias(alias);
      this.pending.push(alias);
      index = { kind: 'num', value: n, at: r.idx.at };
    });
    r.idx = index;
    r.exports = [];
  }
}
