/**
 * Expansion of the text format's abbreviations into plain definitions, as wasm-tools does it
 * (so that numeric indices in the text mean what they mean there):
 *
 * - an inline type (a function type of an import or lift, a component or instance type, a
 *   module type, a non-primitive value type anywhere) becomes a type definition placed just
 *   before the definition that used it, which then refers to it;
 * - an inline instance given as an instantiation argument becomes an instance definition placed
 *   before the instantiation;
 * - `(func (import ...))`, `(core module (import ...))` and friends become import definitions;
 *   `(func ... (canon lift ...))`, `(core func (canon ...))` become canonical definitions and
 *   `(func (alias export ...))`, `(core func (alias core export ...))` aliases;
 * - inline `(export "name")` clauses become export definitions appended after all fields.
 *
 * Inside component and instance types, inline types are placed before the declarator that used
 * them. Inside module types, inline function types of imports and exports become type
 * declarators, reusing an identical one already declared.
 */

import type { Sort } from '../binary/ast.js';
import type {
  Canon,
  ComponentTypeDecl,
  CoreFuncSig,
  CoreItemSig,
  CoreTypeUse,
  CoreValType,
  DefinedType,
  ExternDesc,
  ExternName,
  Field,
  FuncType,
  Idx,
  ItemRef,
  ItemSig,
  ModuleType,
  ModuleTypeDecl,
  TypeDef,
  TypeField,
  TypeUse,
  ValType,
} from './ast.js';

/** Makes fresh identifiers that no text can spell (they contain a space). */
export class Gensym {
  private next = 0;

  /** A fresh identifier. */
  fresh(): string {
    return `$ gensym${this.next++}`;
  }
}

/** A type use after expansion: always a reference. */
type RefUse = { kind: 'ref'; ref: ItemRef };

function idIdx(name: string, at: number): Idx {
  return { kind: 'id', name, at };
}

/** Expands the abbreviations of a component's fields (recursively, nested components included). */
export function expandFields(fields: Field[], gensym: Gensym): Field[] {
  return new FieldExpander(gensym).run(fields);
}

/** Expands the fields of one component. */
class FieldExpander {
  private types: Field[] = [];
  private prepend: Field[] = [];
  private readonly append: Field[] = [];

  constructor(private readonly gensym: Gensym) {}

  run(fields: Field[]): Field[] {
    const out: Field[] = [];
    for (const f of fields) {
      const expanded = this.field(f);
      out.push(...this.types, ...this.prepend, expanded);
      this.types = [];
      this.prepend = [];
    }
    out.push(...this.append);
    return out;
  }

  /** Queues `(export name (sort $id))` for each inline export, naming the item if needed. */
  private inlineExports(exports: ExternName[], sort: Sort, id: string | null, at: number): string | null {
    if (exports.length === 0) return id;
    const name = id ?? this.gensym.fresh();
    for (const e of exports) {
      this.append.push({ kind: 'export', export: { id: null, name: e, item: { sort, idx: idIdx(name, at), exports: [] }, type: null, at } });
    }
    return name;
  }

  private field(f: Field): Field {
    switch (f.kind) {
      case 'core-module': {
        const id = this.inlineExports(f.exports, 'core module', f.id, f.at);
        if (f.body.kind === 'inline') return { ...f, id, exports: [] };
        const type = this.coreTypeUse(f.body.type, f.at);
        return { kind: 'import', name: f.body.name, sig: { id, desc: { kind: 'module', type }, at: f.at } };
      }
      case 'core-instance':
        if (f.body.kind === 'instantiate') {
          for (const a of f.body.args) {
            if (a.arg.kind !== 'exports') continue;
            const name = this.gensym.fresh();
            this.prepend.push({ kind: 'core-instance', id: name, body: { kind: 'exports', exports: a.arg.exports }, at: a.arg.at });
            a.arg = { kind: 'ref', ref: { sort: 'core instance', idx: idIdx(name, a.arg.at), export: null } };
          }
        }
        return f;
      case 'core-type':
        if (f.type.def.kind === 'module') expandModuleType(f.type.def.type, this.gensym);
        return f;
      case 'component': {
        const id = this.inlineExports(f.exports, 'component', f.id, f.at);
        if (f.body.kind === 'inline') return { ...f, id, exports: [], body: { kind: 'inline', fields: expandFields(f.body.fields, this.gensym) } };
        const type = this.typeUse(f.body.type, (t) => ({ kind: 'component', decls: t }), f.at);
        return { kind: 'import', name: f.body.name, sig: { id, desc: { kind: 'component', type }, at: f.at } };
      }
      case 'instance': {
        const id = this.inlineExports(f.exports, 'instance', f.id, f.at);
        const body = f.body;
        if (body.kind === 'import') {
          const type = this.typeUse(body.type, (t) => ({ kind: 'instance', decls: t }), f.at);
          return { kind: 'import', name: body.name, sig: { id, desc: { kind: 'instance', type }, at: f.at } };
        }
        if (body.kind === 'instantiate') {
          for (const a of body.args) {
            if (a.arg.kind !== 'exports') continue;
            const name = this.gensym.fresh();
            this.prepend.push({ kind: 'instance', id: name, exports: [], body: { kind: 'exports', exports: a.arg.exports }, at: a.arg.at });
            a.arg = { kind: 'ref', ref: { sort: 'instance', idx: idIdx(name, a.arg.at), exports: [] } };
          }
        }
        return { ...f, id, exports: [] };
      }
      case 'type':
        return { kind: 'type', type: this.typeField(f.type) };
      case 'canon':
        return { ...f, canon: this.canon(f.canon, f.at) };
      case 'core-func':
        if (f.body.kind === 'alias') {
          return { kind: 'alias', alias: { id: f.id, at: f.at, target: { kind: 'core-export', instance: f.body.instance, name: f.body.name, sort: 'core func' } } };
        }
        return { kind: 'canon', id: f.id, canon: this.canon({ kind: 'core', canon: f.body.canon }, f.at), at: f.at };
      case 'func': {
        const id = this.inlineExports(f.exports, 'func', f.id, f.at);
        const body = f.body;
        switch (body.kind) {
          case 'import': {
            const type = this.typeUse(body.type, (t) => ({ kind: 'func', type: t }), f.at);
            return { kind: 'import', name: body.name, sig: { id, desc: { kind: 'func', type }, at: f.at } };
          }
          case 'lift':
            return { kind: 'canon', id, canon: this.canon({ kind: 'lift', func: body.func, opts: body.opts, type: body.type }, f.at), at: f.at };
          case 'alias':
            return { kind: 'alias', alias: { id, at: f.at, target: { kind: 'export', instance: body.instance, name: body.name, sort: 'func' } } };
        }
        break;
      }
      case 'import':
        this.itemSig(f.sig);
        return f;
      case 'export':
        if (f.export.type !== null) this.itemSig(f.export.type);
        return f;
      default:
        return f;
    }
    return f;
  }

  private canon(c: Canon, at: number): Canon {
    if (c.kind === 'lift') return { ...c, type: { kind: 'ref', ref: this.typeUseRef(c.type, (t) => ({ kind: 'func', type: t }), at) } };
    if (c.canon.kind === 'builtin') {
      for (const imm of c.canon.imms) {
        if (imm.kind === 'result' && imm.type !== null) imm.type = this.valType(imm.type);
      }
    }
    return c;
  }

  private typeField(t: TypeField): TypeField {
    const def = this.typeDef(t.def);
    let id = t.id;
    if (t.exports.length > 0) {
      id ??= this.gensym.fresh();
      for (const e of t.exports) {
        this.append.push({ kind: 'export', export: { id: null, name: e, item: { sort: 'type', idx: idIdx(id, t.at), exports: [] }, type: null, at: t.at } });
      }
    }
    return { id, exports: [], def, at: t.at };
  }

  private typeDef(d: TypeDef): TypeDef {
    switch (d.kind) {
      case 'defined':
        return { kind: 'defined', def: this.definedType(d.def) };
      case 'func':
        return { kind: 'func', type: this.funcType(d.type) };
      case 'component':
      case 'instance':
        return { kind: d.kind, decls: expandDecls(d.decls, this.gensym) };
      case 'resource':
        return d;
    }
  }

  private funcType(f: FuncType): FuncType {
    return { async: f.async, params: f.params.map((p) => ({ name: p.name, type: this.valType(p.type) })), result: f.result === null ? null : this.valType(f.result) };
  }

  private definedType(d: DefinedType): DefinedType {
    return mapDefined(d, (t) => this.valType(t));
  }

  /** Replaces an inline non-primitive value type by a reference to a new type definition. */
  private valType(t: ValType): ValType {
    if (t.kind !== 'inline') return t;
    if (t.def.kind === 'prim') return { kind: 'prim', prim: t.def.prim };
    const def = this.definedType(t.def);
    const name = this.gensym.fresh();
    this.types.push({ kind: 'type', type: { id: name, exports: [], def: { kind: 'defined', def }, at: -1 } });
    return { kind: 'ref', idx: idIdx(name, -1) };
  }

  private typeUseRef<T>(u: TypeUse<T>, toDef: (t: T) => TypeDef, at: number): Extract<TypeUse<T>, { kind: 'ref' }>['ref'] {
    if (u.kind === 'ref') return u.ref;
    const def = this.typeDef(toDef(u.type));
    const name = this.gensym.fresh();
    this.types.push({ kind: 'type', type: { id: name, exports: [], def, at } });
    return { sort: 'type', idx: idIdx(name, at), exports: [] };
  }

  private typeUse<T>(u: TypeUse<T>, toDef: (t: T) => TypeDef, at: number): RefUse {
    return { kind: 'ref', ref: this.typeUseRef(u, toDef, at) };
  }

  private coreTypeUse(u: CoreTypeUse<ModuleType>, at: number): CoreTypeUse<ModuleType> {
    if (u.kind === 'ref') return u;
    expandModuleType(u.type, this.gensym);
    const name = this.gensym.fresh();
    this.types.push({ kind: 'core-type', type: { id: name, def: { kind: 'module', type: u.type }, at } });
    return { kind: 'ref', ref: { sort: 'core type', idx: idIdx(name, at), export: null } };
  }

  private itemSig(s: ItemSig): void {
    s.desc = expandDesc(s.desc, this, s.at);
  }

  /** Used by {@link expandDesc}: the same operations for either kind of expander. */
  descOps(): DescOps {
    return {
      typeUse: (u, toDef, at) => this.typeUse(u, toDef, at),
      coreTypeUse: (u, at) => this.coreTypeUse(u, at),
      valType: (t) => this.valType(t),
    };
  }
}

/** What expanding an extern description needs from the surrounding expander. */
interface DescOps {
  typeUse<T>(u: TypeUse<T>, toDef: (t: T) => TypeDef, at: number): RefUse;
  coreTypeUse(u: CoreTypeUse<ModuleType>, at: number): CoreTypeUse<ModuleType>;
  valType(t: ValType): ValType;
}

function expandDesc(d: ExternDesc, e: { descOps(): DescOps }, at: number): ExternDesc {
  const ops = e.descOps();
  switch (d.kind) {
    case 'module':
      return { kind: 'module', type: ops.coreTypeUse(d.type, at) };
    case 'func':
      return { kind: 'func', type: ops.typeUse(d.type, (t: FuncType): TypeDef => ({ kind: 'func', type: t }), at) };
    case 'component':
      return { kind: 'component', type: ops.typeUse(d.type, (t: ComponentTypeDecl[]): TypeDef => ({ kind: 'component', decls: t }), at) };
    case 'instance':
      return { kind: 'instance', type: ops.typeUse(d.type, (t: ComponentTypeDecl[]): TypeDef => ({ kind: 'instance', decls: t }), at) };
    case 'value':
      return { kind: 'value', type: ops.valType(d.type) };
    case 'type':
      return d;
  }
}

/** Applies `f` to every value type directly inside a defined type. */
function mapDefined(d: DefinedType, f: (t: ValType) => ValType): DefinedType {
  switch (d.kind) {
    case 'record':
      return { kind: 'record', fields: d.fields.map((x) => ({ name: x.name, type: f(x.type) })) };
    case 'variant':
      return { kind: 'variant', cases: d.cases.map((c) => ({ name: c.name, type: c.type === null ? null : f(c.type) })) };
    case 'list':
      return { kind: 'list', elem: f(d.elem), length: d.length };
    case 'map':
      return { kind: 'map', key: f(d.key), value: f(d.value) };
    case 'tuple':
      return { kind: 'tuple', types: d.types.map(f) };
    case 'option':
      return { kind: 'option', type: f(d.type) };
    case 'result':
      return { kind: 'result', ok: d.ok === null ? null : f(d.ok), err: d.err === null ? null : f(d.err) };
    case 'stream':
    case 'future':
      return { kind: d.kind, elem: d.elem === null ? null : f(d.elem) };
    default:
      return d;
  }
}

/** Expands the declarators of a component or instance type; inline types go before their user. */
function expandDecls(decls: ComponentTypeDecl[], gensym: Gensym): ComponentTypeDecl[] {
  return new DeclExpander(gensym).run(decls);
}

/** Expands the declarators of one component or instance type. */
class DeclExpander {
  private types: ComponentTypeDecl[] = [];

  constructor(private readonly gensym: Gensym) {}

  run(decls: ComponentTypeDecl[]): ComponentTypeDecl[] {
    const out: ComponentTypeDecl[] = [];
    for (const d of decls) {
      const x = this.decl(d);
      out.push(...this.types, x);
      this.types = [];
    }
    return out;
  }

  private decl(d: ComponentTypeDecl): ComponentTypeDecl {
    switch (d.kind) {
      case 'core-type':
        if (d.type.def.kind === 'module') expandModuleType(d.type.def.type, this.gensym);
        return d;
      case 'type':
        return { kind: 'type', type: { ...d.type, def: this.typeDef(d.type.def) } };
      case 'alias':
        return d;
      case 'import':
      case 'export':
        d.sig.desc = expandDesc(d.sig.desc, this, d.sig.at);
        return d;
    }
  }

  private typeDef(d: TypeDef): TypeDef {
    switch (d.kind) {
      case 'defined':
        return { kind: 'defined', def: mapDefined(d.def, (t) => this.valType(t)) };
      case 'func':
        return { kind: 'func', type: { async: d.type.async, params: d.type.params.map((p) => ({ name: p.name, type: this.valType(p.type) })), result: d.type.result === null ? null : this.valType(d.type.result) } };
      case 'component':
      case 'instance':
        return { kind: d.kind, decls: expandDecls(d.decls, this.gensym) };
      case 'resource':
        return d;
    }
  }

  private valType(t: ValType): ValType {
    if (t.kind !== 'inline') return t;
    if (t.def.kind === 'prim') return { kind: 'prim', prim: t.def.prim };
    const def = mapDefined(t.def, (x) => this.valType(x));
    const name = this.gensym.fresh();
    this.types.push({ kind: 'type', type: { id: name, exports: [], def: { kind: 'defined', def }, at: -1 } });
    return { kind: 'ref', idx: idIdx(name, -1) };
  }

  descOps(): DescOps {
    return {
      typeUse: <T>(u: TypeUse<T>, toDef: (t: T) => TypeDef, at: number): RefUse => {
        if (u.kind === 'ref') return u;
        const def = this.typeDef(toDef(u.type));
        const name = this.gensym.fresh();
        this.types.push({ kind: 'type', type: { id: name, exports: [], def, at } });
        return { kind: 'ref', ref: { sort: 'type', idx: idIdx(name, at), exports: [] } };
      },
      coreTypeUse: (u, at) => {
        if (u.kind === 'ref') return u;
        expandModuleType(u.type, this.gensym);
        const name = this.gensym.fresh();
        this.types.push({ kind: 'core-type', type: { id: name, def: { kind: 'module', type: u.type }, at } });
        return { kind: 'ref', ref: { sort: 'core type', idx: idIdx(name, at), export: null } };
      },
      valType: (t) => this.valType(t),
    };
  }
}

/** A structural key of a core function signature (for reusing identical type declarators). */
function sigKey(s: CoreFuncSig): string {
  const v = (t: CoreValType): string => (t.kind === 'num' ? `n${t.code}` : `r${t.nullable ? 1 : 0}${t.heap.kind === 'abstract' ? `a${t.heap.code}` : `c${t.heap.idx.kind === 'num' ? t.heap.idx.value : t.heap.idx.name}`}`);
  return `${s.params.map(v).join(',')}->${s.results.map(v).join(',')}`;
}

/** Gives every function import/export of a module type a type index, adding type declarators as needed. */
function expandModuleType(m: ModuleType, gensym: Gensym): void {
  const byKey = new Map<string, string>();
  const out: ModuleTypeDecl[] = [];
  const useFor = (sig: CoreItemSig, at: number): void => {
    if (sig.kind !== 'func' && sig.kind !== 'tag') return;
    if (sig.type.index !== null) return;
    const inline = sig.type.inline ?? { params: [], results: [] };
    const key = sigKey(inline);
    let name = byKey.get(key);
    if (name === undefined) {
      // Note: only declarators written in the text are reused; each inline signature without
      // one gets a declarator of its own, as in wasm-tools (numeric indices depend on it).
      name = gensym.fresh();
      out.push({ kind: 'type', id: name, sig: inline, at });
    }
    sig.type = { index: idIdx(name, at), inline: null };
  };
  for (const d of m.decls) {
    if (d.kind === 'type') {
      d.id ??= gensym.fresh();
      byKey.set(sigKey(d.sig), d.id);
    } else if (d.kind === 'import' || d.kind === 'export') {
      useFor(d.sig, d.at);
    }
    out.push(d);
  }
  m.decls = out;
}
