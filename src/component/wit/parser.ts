/**
 * The WIT parser: tokens to {@link WitFileAst} following the grammar of WIT.md (packages, nested
 * package blocks, top-level `use`, interfaces, worlds with `include ... with`, every type form,
 * resources with constructors/methods/static functions, gates and doc comments). Errors are
 * {@link CompileError}s whose message starts with `file:line:col`.
 */

import { CompileError } from '../../api/errors.js';
import type { PrimValType } from '../types.js';
import type {
  ExternAst,
  FuncTypeAst,
  GateAst,
  Ident,
  InterfaceItemAst,
  PackageBodyAst,
  PackageNameAst,
  ResourceFuncAst,
  TopItemAst,
  TypeAst,
  TypeDefAst,
  UseAst,
  UsePathAst,
  WitFileAst,
  WorldAst,
  WorldItemAst,
} from './ast.js';
import { tokenize, witError, type Span, type Token } from './lexer.js';
import { parseSemVer } from '../binary/semver.js';

const PRIMS: ReadonlySet<string> = new Set(['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string']);

class Parser {
  private i = 0;
  constructor(
    private readonly toks: readonly Token[],
    private readonly fileName: string,
  ) {}

  private peek(n = 0): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private isOp(text: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'op' && t.text === text;
  }
  private isKw(text: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'kw' && t.text === text;
  }
  private fail(t: Token, message: string): never {
    throw witError(t.span, message);
  }
  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of file';
    if (t.kind === 'kw') return `keyword \`${t.text}\``;
    if (t.kind === 'id') return `identifier \`${t.text}\``;
    return `\`${t.text}\``;
  }
  private expectOp(text: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) this.fail(t, `expected \`${text}\`, found ${this.describe(t)}`);
    return this.next();
  }
  private eatOp(text: string): boolean {
    if (this.isOp(text)) {
      this.next();
      return true;
    }
    return false;
  }
  private expectKw(text: string): Token {
    const t = this.peek();
    if (t.kind !== 'kw' || t.text !== text) this.fail(t, `expected keyword \`${text}\`, found ${this.describe(t)}`);
    return this.next();
  }
  private ident(): Ident {
    const t = this.peek();
    if (t.kind !== 'id') {
      if (t.kind === 'kw') this.fail(t, `expected an identifier, found keyword \`${t.text}\` (write \`%${t.text}\` to use it as a name)`);
      this.fail(t, `expected an identifier, found ${this.describe(t)}`);
    }
    this.next();
    if (!isKebab(t.text)) this.fail(t, `identifier \`${t.text}\` is not in kebab case`);
    return { name: t.text, span: t.span };
  }
  private docsOf(t: Token): string | null {
    return t.docs.length === 0 ? null : t.docs.join('\n');
  }
  private version(): string {
    const t = this.peek();
    if (t.kind !== 'num') this.fail(t, `expected a version, found ${this.describe(t)}`);
    this.next();
    const r = parseSemVer(t.text);
    if (!r.ok) this.fail(t, `invalid version \`${t.text}\`: ${r.error}`);
    return t.text;
  }

  /** Parses gates (`@since(...)`, `@unstable(...)`, `@deprecated(...)`, `@external-id(...)`). */
  private gate(): GateAst {
    const g: { since?: string; unstable?: string; deprecated?: string; externalId?: string; span?: Span } = {};
    while (this.isOp('@')) {
      const at = this.next();
      g.span ??= at.span;
      const name = this.peek();
      if (name.kind !== 'id') this.fail(name, `expected a gate name after \`@\`, found ${this.describe(name)}`);
      this.next();
      this.expectOp('(');
      switch (name.text) {
        case 'since':
        case 'deprecated': {
          const key = this.ident();
          if (key.name !== 'version') throw witError(key.span, `expected \`version\`, found \`${key.name}\``);
          this.expectOp('=');
          const v = this.version();
          if (name.text === 'since') {
            if (g.since !== undefined) this.fail(name, 'duplicate `@since` gate');
            g.since = v;
          } else {
            if (g.deprecated !== undefined) this.fail(name, 'duplicate `@deprecated` gate');
            g.deprecated = v;
          }
          break;
        }
        case 'unstable': {
          const key = this.ident();
          if (key.name !== 'feature') throw witError(key.span, `expected \`feature\`, found \`${key.name}\``);
          this.expectOp('=');
          if (g.unstable !== undefined) this.fail(name, 'duplicate `@unstable` gate');
          g.unstable = this.ident().name;
          break;
        }
        case 'external-id': {
          const s = this.peek();
          if (s.kind !== 'string') this.fail(s, `expected a string literal, found ${this.describe(s)}`);
          this.next();
          g.externalId = s.text;
          break;
        }
        default:
          this.fail(name, `unknown annotation \`@${name.text}\`: expected \`@since\`, \`@unstable\`, \`@deprecated\` or \`@external-id\``);
      }
      this.expectOp(')');
    }
    if (g.since !== undefined && g.unstable !== undefined) throw witError(g.span!, 'an item cannot be both `@since` and `@unstable`');
    return g;
  }

  private packageName(): PackageNameAst {
    const first = this.ident();
    this.expectOp(':');
    const name = this.ident();
    if (this.isOp(':')) this.fail(this.peek(), 'nested namespaces are not supported');
    if (this.isOp('/')) this.fail(this.peek(), 'nested packages are not supported');
    let version: string | null = null;
    if (this.eatOp('@')) version = this.version();
    return { namespace: first.name, name: name.name, version, span: first.span };
  }

  private usePath(): UsePathAst {
    const first = this.ident();
    if (!this.isOp(':')) return { kind: 'local', name: first };
    this.next();
    const pkg = this.ident();
    if (this.isOp(':')) this.fail(this.peek(), 'nested namespaces are not supported');
    this.expectOp('/');
    const name = this.ident();
    if (this.isOp('/')) this.fail(this.peek(), 'nested interface paths are not supported');
    let version: string | null = null;
    if (this.eatOp('@')) version = this.version();
    return { kind: 'package', package: { namespace: first.name, name: pkg.name, version, span: first.span }, name };
  }

  /** Parses a whole file. */
  file(): WitFileAst {
    const start = this.peek();
    const fileDocs = this.docsOf(start);
    let mainName: PackageNameAst | null = null;
    // `package a:b;` must come first; `package a:b { ... }` blocks may come anywhere.
    if (this.isKw('package') && !this.isNestedPackageAhead()) {
      this.next();
      mainName = this.packageName();
      this.expectOp(';');
    }
    const items: TopItemAst[] = [];
    const nested: PackageBodyAst[] = [];
    while (this.peek().kind !== 'eof') {
      if (this.isKw('package')) {
        const t = this.next();
        const name = this.packageName();
        if (!this.isOp('{')) this.fail(t, 'a `package` declaration must be the first item of a file');
        this.next();
        const body: TopItemAst[] = [];
        while (!this.isOp('}')) {
          if (this.peek().kind === 'eof') this.fail(this.peek(), 'expected `}` to close the package block');
          body.push(this.topItem());
        }
        this.next();
        nested.push({ name, items: body, docs: this.docsOf(t), file: this.fileName });
        continue;
      }
      items.push(this.topItem());
    }
    return { file: this.fileName, main: { name: mainName, items, docs: mainName ? fileDocs : null, file: this.fileName }, nested };
  }

  private isNestedPackageAhead(): boolean {
    // `package` id `:` id (`@` version)? `{`
    let n = 1;
    if (this.peek(n).kind !== 'id' || !this.isOp(':', n + 1) || this.peek(n + 2).kind !== 'id') return false;
    n += 3;
    if (this.isOp('@', n)) n += 2;
    return this.isOp('{', n);
  }

  private topItem(): TopItemAst {
    const first = this.peek();
    const docs = this.docsOf(first);
    const gate = this.gate();
    const t = this.peek();
    if (t.kind === 'kw' && t.text === 'use') {
      this.next();
      const path = this.usePath();
      let as: Ident | null = null;
      if (this.isKw('as')) {
        this.next();
        as = this.ident();
      }
      this.expectOp(';');
      return { kind: 'use', path, as, span: t.span };
    }
    if (t.kind === 'kw' && t.text === 'interface') {
      this.next();
      const name = this.ident();
      const items = this.interfaceBody();
      return { kind: 'interface', iface: { name, items, docs, gate, span: t.span } };
    }
    if (t.kind === 'kw' && t.text === 'world') {
      this.next();
      const name = this.ident();
      return { kind: 'world', world: this.worldBody(name, docs, gate, t.span) };
    }
    return this.fail(t, `expected \`interface\`, \`world\`, \`use\` or \`package\`, found ${this.describe(t)}`);
  }

  private interfaceBody(): InterfaceItemAst[] {
    this.expectOp('{');
    const items: InterfaceItemAst[] = [];
    while (!this.isOp('}')) {
      if (this.peek().kind === 'eof') this.fail(this.peek(), 'expected `}` to close the interface');
      items.push(this.interfaceItem());
    }
    this.next();
    return items;
  }

  private useItem(docs: string | null, gate: GateAst): UseAst {
    const t = this.expectKw('use');
    const path = this.usePath();
    this.expectOp('.');
    this.expectOp('{');
    const names: { name: Ident; as: Ident | null }[] = [];
    for (;;) {
      const name = this.ident();
      let as: Ident | null = null;
      if (this.isKw('as')) {
        this.next();
        as = this.ident();
      }
      names.push({ name, as });
      if (this.eatOp(',')) {
        if (this.isOp('}')) break;
        continue;
      }
      break;
    }
    this.expectOp('}');
    this.expectOp(';');
    return { path, names, gate, docs, span: t.span };
  }

  private interfaceItem(): InterfaceItemAst {
    const first = this.peek();
    const docs = this.docsOf(first);
    const gate = this.gate();
    const t = this.peek();
    if (t.kind === 'kw' && t.text === 'use') return { kind: 'use', use: this.useItem(docs, gate) };
    if (t.kind === 'kw') return { kind: 'type', def: this.typeDef(docs, gate) };
    const name = this.ident();
    this.expectOp(':');
    const func = this.funcType();
    this.expectOp(';');
    return { kind: 'func', name, func, docs, gate };
  }

  private typeDef(docs: string | null, gate: GateAst): TypeDefAst {
    const t = this.next();
    if (t.kind !== 'kw') this.fail(t, `expected a type definition, found ${this.describe(t)}`);
    switch (t.text) {
      case 'type': {
        const name = this.ident();
        this.expectOp('=');
        const type = this.type();
        this.expectOp(';');
        return { kind: 'alias', name, type, docs, gate };
      }
      case 'record': {
        const name = this.ident();
        const fields = this.commaList(() => {
          const d = this.docsOf(this.peek());
          const n = this.ident();
          this.expectOp(':');
          return { name: n, type: this.type(), docs: d };
        });
        return { kind: 'record', name, fields, docs, gate };
      }
      case 'flags':
      case 'enum': {
        const name = this.ident();
        const names = this.commaList(() => {
          const d = this.docsOf(this.peek());
          return { name: this.ident(), docs: d };
        });
        return { kind: t.text, name, names, docs, gate };
      }
      case 'variant': {
        const name = this.ident();
        const cases = this.commaList(() => {
          const d = this.docsOf(this.peek());
          const n = this.ident();
          let type: TypeAst | null = null;
          if (this.eatOp('(')) {
            type = this.type();
            this.expectOp(')');
          }
          return { name: n, type, docs: d };
        });
        return { kind: 'variant', name, cases, docs, gate };
      }
      case 'resource': {
        const name = this.ident();
        const funcs: ResourceFuncAst[] = [];
        if (this.eatOp(';')) return { kind: 'resource', name, funcs, docs, gate };
        this.expectOp('{');
        while (!this.isOp('}')) {
          if (this.peek().kind === 'eof') this.fail(this.peek(), 'expected `}` to close the resource');
          const fdocs = this.docsOf(this.peek());
          const fgate = this.gate();
          if (this.isKw('constructor')) {
            const c = this.next();
            const params = this.params();
            let result: TypeAst | null = null;
            if (this.eatOp('->')) result = this.type();
            this.expectOp(';');
            funcs.push({ kind: 'constructor', name: { name: 'constructor', span: c.span }, func: { async: false, params, result, span: c.span }, docs: fdocs, gate: fgate });
            continue;
          }
          const fname = this.ident();
          this.expectOp(':');
          const isStatic = this.isKw('static');
          if (isStatic) this.next();
          const func = this.funcType();
          this.expectOp(';');
          funcs.push({ kind: isStatic ? 'static' : 'method', name: fname, func, docs: fdocs, gate: fgate });
        }
        this.next();
        this.eatOp(';');
        return { kind: 'resource', name, funcs, docs, gate };
      }
      default:
        return this.fail(t, `expected a type definition, use or function, found ${this.describe(t)}`);
    }
  }

  private commaList<T>(item: () => T): T[] {
    this.expectOp('{');
    const out: T[] = [];
    while (!this.isOp('}')) {
      out.push(item());
      if (!this.eatOp(',')) break;
    }
    this.expectOp('}');
    return out;
  }

  private params(): { name: Ident; type: TypeAst }[] {
    this.expectOp('(');
    const out: { name: Ident; type: TypeAst }[] = [];
    while (!this.isOp(')')) {
      const name = this.ident();
      this.expectOp(':');
      out.push({ name, type: this.type() });
      if (!this.eatOp(',')) break;
    }
    this.expectOp(')');
    return out;
  }

  private funcType(): FuncTypeAst {
    const start = this.peek();
    let isAsync = false;
    if (this.isKw('async')) {
      this.next();
      isAsync = true;
    }
    this.expectKw('func');
    const params = this.params();
    let result: TypeAst | null = null;
    if (this.eatOp('->')) {
      if (this.isOp('(')) this.fail(this.peek(), 'named or multiple results are not supported: write a single result type');
      result = this.type();
    }
    return { async: isAsync, params, result, span: start.span };
  }

  private angled<T>(f: () => T): T {
    this.expectOp('<');
    const v = f();
    this.expectOp('>');
    return v;
  }

  private type(): TypeAst {
    const t = this.peek();
    if (t.kind === 'id') return { kind: 'name', name: this.ident() };
    if (t.kind !== 'kw') this.fail(t, `expected a type, found ${this.describe(t)}`);
    this.next();
    const span = t.span;
    if (PRIMS.has(t.text)) return { kind: 'prim', prim: t.text as PrimValType, span };
    switch (t.text) {
      case 'list':
        return this.angled(() => {
          const elem = this.type();
          if (this.eatOp(',')) {
            const n = this.peek();
            if (n.kind !== 'num' || !/^[0-9]+$/.test(n.text)) this.fail(n, `expected a list length, found ${this.describe(n)}`);
            this.next();
            const length = Number(n.text);
            if (length === 0) this.fail(n, 'fixed-length lists must have more than zero elements');
            return { kind: 'list', elem, length, span } as const;
          }
          return { kind: 'list', elem, span } as const;
        });
      case 'option':
        return { kind: 'option', type: this.angled(() => this.type()), span };
      case 'tuple':
        return this.angled(() => {
          const types: TypeAst[] = [];
          while (!this.isOp('>')) {
            types.push(this.type());
            if (!this.eatOp(',')) break;
          }
          if (types.length === 0) this.fail(t, 'a tuple needs at least one type');
          return { kind: 'tuple', types, span } as const;
        });
      case 'result': {
        if (!this.isOp('<')) return { kind: 'result', ok: null, err: null, span };
        return this.angled(() => {
          let ok: TypeAst | null = null;
          if (this.eatOp('_')) {
            this.expectOp(',');
            return { kind: 'result', ok: null, err: this.type(), span } as const;
          }
          ok = this.type();
          const err = this.eatOp(',') ? this.type() : null;
          return { kind: 'result', ok, err, span } as const;
        });
      }
      case 'borrow':
      case 'own':
        return { kind: 'handle', handle: t.text, resource: this.angled(() => this.ident()), span };
      case 'future':
      case 'stream':
        return { kind: t.text, type: this.isOp('<') ? this.angled(() => this.type()) : null, span };
      case 'map':
        return this.angled(() => {
          const key = this.type();
          this.expectOp(',');
          return { kind: 'map', key, value: this.type(), span } as const;
        });
      default:
        return this.fail(t, `expected a type, found ${this.describe(t)}`);
    }
  }

  private worldBody(name: Ident, docs: string | null, gate: GateAst, span: Span): WorldAst {
    this.expectOp('{');
    const items: WorldItemAst[] = [];
    while (!this.isOp('}')) {
      if (this.peek().kind === 'eof') this.fail(this.peek(), 'expected `}` to close the world');
      items.push(this.worldItem());
    }
    this.next();
    return { name, items, docs, gate, span };
  }

  private worldItem(): WorldItemAst {
    const first = this.peek();
    const docs = this.docsOf(first);
    const gate = this.gate();
    const t = this.peek();
    if (t.kind === 'kw' && (t.text === 'import' || t.text === 'export')) {
      this.next();
      return { kind: t.text, extern: this.externItem(), docs, gate, span: t.span };
    }
    if (t.kind === 'kw' && t.text === 'use') return { kind: 'use', use: this.useItem(docs, gate) };
    if (t.kind === 'kw' && t.text === 'include') {
      this.next();
      const path = this.usePath();
      const renames: { from: Ident; to: Ident }[] = [];
      if (this.isKw('with')) {
        this.next();
        this.expectOp('{');
        while (!this.isOp('}')) {
          const from = this.ident();
          this.expectKw('as');
          renames.push({ from, to: this.ident() });
          if (!this.eatOp(',')) break;
        }
        this.expectOp('}');
        this.eatOp(';');
      } else this.expectOp(';');
      return { kind: 'include', path, with: renames, gate, span: t.span };
    }
    if (t.kind === 'kw') return { kind: 'type', def: this.typeDef(docs, gate) };
    return this.fail(t, `expected \`import\`, \`export\`, \`use\`, \`include\` or a type definition, found ${this.describe(t)}`);
  }

  private externItem(): ExternAst {
    // `import a:b/c;` (a package path) versus `import name: ...;`
    const isPath = this.peek().kind === 'id' && (!this.isOp(':', 1) || (this.peek(2).kind === 'id' && this.isOp('/', 3)));
    if (isPath) {
      const path = this.usePath();
      this.expectOp(';');
      return { kind: 'path', path };
    }
    const name = this.ident();
    this.expectOp(':');
    if (this.isKw('func') || this.isKw('async')) {
      const func = this.funcType();
      this.expectOp(';');
      return { kind: 'func', name, func };
    }
    if (this.isKw('interface')) {
      const t = this.next();
      const items = this.interfaceBody();
      return { kind: 'interface', name, iface: { name: null, items, docs: null, gate: {}, span: t.span } };
    }
    const path = this.usePath();
    this.expectOp(';');
    return { kind: 'named-path', name, path };
  }
}

function isKebab(s: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$/.test(s) && s.split('-').every((w, i) => (i === 0 ? /^([a-z][a-z0-9]*|[A-Z][A-Z0-9]*)$/ : /^([a-z0-9]+|[A-Z0-9]+)$/).test(w));
}

/** Parses one WIT file. `filename` is used in error messages. */
export function parseWit(text: string, filename: string): WitFileAst {
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.exec(text);
  if (bad !== null) {
    const before = text.slice(0, bad.index);
    const line = before.split('\n').length;
    const col = bad.index - before.lastIndexOf('\n');
    throw witError({ file: filename, line, col }, `forbidden character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()} (control or bidirectional override)`);
  }
  try {
    return new Parser(tokenize(text, filename), filename).file();
  } catch (e) {
    // Note: types nested deeply enough to exhaust the host stack are rejected, not crashed on.
    if (e instanceof RangeError) throw new CompileError(`${filename}: WIT nested too deeply: ${e.message}`);
    throw e;
  }
}

