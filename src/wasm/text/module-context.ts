/**
 * The elaboration context of one text module: the index spaces with their symbolic names,
 * the type list (explicit definitions first, implicit ones appended in order of use), value
 * type and type-use syntax, and the per-function scope of locals and labels.
 */

import type { FuncType, RefType, ValType } from '../../api/types.js';
import { TokenKind } from './lexer.js';
import { parseU32 } from './numbers.js';
import type { TokenCursor } from './token-cursor.js';

/** The index spaces of a module that identifiers can name. */
export type SpaceKind = 'type' | 'func' | 'table' | 'memory' | 'global' | 'elem' | 'data';

/** How the reference interpreter names each space in its messages. */
const CATEGORY: Readonly<Record<SpaceKind, string>> = {
  type: 'type',
  func: 'function',
  table: 'table',
  memory: 'memory',
  global: 'global',
  elem: 'elem segment',
  data: 'data segment',
};

const VALTYPES: ReadonlyMap<string, ValType> = new Map<string, ValType>([
  ['i32', 'i32'],
  ['i64', 'i64'],
  ['f32', 'f32'],
  ['f64', 'f64'],
  ['v128', 'v128'],
  ['funcref', 'funcref'],
  ['externref', 'externref'],
]);

/** Names bound in one index space, and how many entries it has so far. */
export class IndexSpace {
  readonly names = new Map<string, number>();
  count = 0;
}

/** Locals and labels of the function being parsed. */
export class FuncScope {
  /** Local (and parameter) names -> index. */
  readonly names = new Map<string, number>();
  /** Named locals by index, for the name section. */
  readonly nameList = new Map<number, string>();
  /** Number of parameters and locals declared so far. */
  count = 0;
  /**
   * Token of a `(type x)` whose parameters are unknown (x out of range), or -1. Binding or
   * looking up a named local then reports "unknown type", as the reference interpreter does.
   */
  unknownTypeAt = -1;
  /** Enclosing labels, outermost first; null for unnamed ones. */
  readonly labels: (string | null)[];

  constructor(functionLabel: boolean) {
    this.labels = functionLabel ? [null] : [];
  }
}

/** The result of parsing a type use. */
export interface TypeUse {
  /** The type index. */
  readonly typeIdx: number;
  /** True when the use had an inline `(param ...)`/`(result ...)` part or none at all. */
  readonly inline: boolean;
}

/** Index spaces, types and type syntax shared by the module and instruction parsers. */
export class ModuleContext {
  /** Function types: explicit definitions, then implicit ones in order of use. */
  readonly types: FuncType[] = [];
  readonly spaces: Readonly<Record<SpaceKind, IndexSpace>> = {
    type: new IndexSpace(),
    func: new IndexSpace(),
    table: new IndexSpace(),
    memory: new IndexSpace(),
    global: new IndexSpace(),
    elem: new IndexSpace(),
    data: new IndexSpace(),
  };
  /** True once an instruction names a data segment (the data count section is then needed). */
  usesDataIndex = false;
  private readonly typeKeys = new Map<string, number>();

  constructor(readonly cur: TokenCursor) {}

  /** A scope for constant expressions: no locals, no labels. */
  constScope(): FuncScope {
    return new FuncScope(false);
  }

  /** Adds an entry to a space, binding `id` when given; returns its index. */
  bind(kind: SpaceKind, id: string | null, tokenIndex: number): number {
    const space = this.spaces[kind];
    const index = space.count++;
    if (id !== null) {
      if (space.names.has(id)) this.cur.defer(`duplicate ${CATEGORY[kind]} ${id}`, tokenIndex);
      else space.names.set(id, index);
    }
    return index;
  }

  /** Appends a type definition and returns its index. */
  addType(ft: FuncType): number {
    const index = this.types.length;
    this.types.push(ft);
    const key = typeKey(ft);
    if (!this.typeKeys.has(key)) this.typeKeys.set(key, index);
    return index;
  }

  /** The index of the first type equal to `ft`, appending it when there is none (spec 6.6.3). */
  inlineType(ft: FuncType): number {
    return this.typeKeys.get(typeKey(ft)) ?? this.addType(ft);
  }

  /** True when the current token can be an index (a nat or an `$id`). */
  atVar(): boolean {
    const k = this.cur.peek();
    return k === TokenKind.Nat || k === TokenKind.Id;
  }

  /**
   * Consumes an index of `kind` (a u32 or a bound `$id`). Unknown names and out-of-range
   * numbers are deferred errors; the result is then 0.
   */
  index(kind: SpaceKind): number {
    const cur: TokenCursor = this.cur;
    const i = cur.pos;
    const k = cur.peek();
    if (k === TokenKind.Nat) return this.u32Index();
    if (k === TokenKind.Id) {
      cur.pos++;
      const id = cur.textAt(i);
      const v = this.spaces[kind].names.get(id);
      if (v === undefined) {
        cur.defer(`unknown ${CATEGORY[kind]} ${id}`, i);
        return 0;
      }
      return v;
    }
    cur.unexpected();
  }

  /** Consumes a numeric index (a nat token); out-of-range values are a deferred error. */
  u32Index(): number {
    const cur: TokenCursor = this.cur;
    const i = cur.expect(TokenKind.Nat);
    const v = parseU32(cur.textAt(i));
    if (v === null) {
      cur.defer('i32 constant out of range', i);
      return 0;
    }
    return v;
  }

  /** Consumes a value type keyword. */
  valType(): ValType {
    const cur: TokenCursor = this.cur;
    const kw = cur.keywordAt(cur.pos);
    const t = kw === null ? undefined : VALTYPES.get(kw);
    if (t === undefined) cur.unexpected();
    cur.pos++;
    return t;
  }

  /** True when the current token is a value type keyword. */
  atValType(): boolean {
    const kw = this.cur.keywordAt(this.cur.pos);
    return kw !== null && VALTYPES.has(kw);
  }

  /** Consumes `funcref` or `externref`. */
  refType(): RefType {
    const cur: TokenCursor = this.cur;
    const kw = cur.keywordAt(cur.pos);
    if (kw !== 'funcref' && kw !== 'externref') cur.unexpected();
    cur.pos++;
    return kw;
  }

  /**
   * Consumes `(param ...)*` and `(result ...)*` clauses. With a `scope`, `(param $x t)` binds
   * a local; without one, named parameters are allowed only when `allowNames` is set.
   */
  paramsResults(scope: FuncScope | null, allowNames: boolean): FuncType {
    const cur: TokenCursor = this.cur;
    const params: ValType[] = [];
    const results: ValType[] = [];
    while (cur.atOpen('param')) {
      cur.pos += 2;
      if (cur.peek() === TokenKind.Id && (allowNames || scope !== null)) {
        const at = cur.pos;
        const id = cur.textAt(cur.pos++);
        params.push(this.valType());
        if (scope !== null) this.bindLocal(scope, id, at);
      } else {
        while (cur.peek() !== TokenKind.RParen) {
          params.push(this.valType());
          if (scope !== null) scope.count++;
        }
      }
      cur.close();
    }
    while (cur.atOpen('result')) {
      cur.pos += 2;
      while (cur.peek() !== TokenKind.RParen) results.push(this.valType());
      cur.close();
    }
    return { params, results };
  }

  /**
   * Consumes a type use: `(type x)?` followed by params and results. An explicit type with a
   * non-empty inline part must agree with it ("inline function type does not match explicit
   * type"); without an explicit type the inline signature is looked up or appended.
   */
  typeUse(scope: FuncScope | null, allowNames: boolean): TypeUse {
    const cur: TokenCursor = this.cur;
    let explicit = -1;
    let explicitAt = -1;
    if (cur.atOpen('type')) {
      cur.pos += 2;
      explicitAt = cur.pos;
      explicit = this.index('type');
      cur.close();
    }
    const startCount = scope?.count ?? 0;
    const ft = this.paramsResults(scope, allowNames);
    if (explicit < 0) return { typeIdx: this.inlineType(ft), inline: true };
    if (ft.params.length === 0 && ft.results.length === 0) {
      if (scope !== null) {
        const t = this.types[explicit];
        if (t === undefined) scope.unknownTypeAt = explicitAt;
        else scope.count = startCount + t.params.length;
      }
      return { typeIdx: explicit, inline: false };
    }
    this.checkExplicit(explicit, explicitAt, ft);
    return { typeIdx: explicit, inline: true };
  }

  /** Defers an error unless type `index` exists and equals `ft`. */
  checkExplicit(index: number, at: number, ft: FuncType): void {
    const t = this.types[index];
    if (t === undefined) this.cur.defer(`unknown type ${index}`, at);
    else if (!sameType(t, ft)) this.cur.defer('inline function type does not match explicit type', at);
  }

  /** Binds a named local at the next local index. */
  bindLocal(scope: FuncScope, id: string, tokenIndex: number): void {
    if (scope.unknownTypeAt >= 0) this.cur.defer(`unknown type`, scope.unknownTypeAt);
    const index = scope.count++;
    if (scope.names.has(id)) this.cur.defer(`duplicate local ${id}`, tokenIndex);
    else {
      scope.names.set(id, index);
      scope.nameList.set(index, id.slice(1));
    }
  }

  /** Consumes a local index. */
  local(scope: FuncScope): number {
    const cur: TokenCursor = this.cur;
    if (cur.peek() === TokenKind.Id) {
      const i = cur.pos++;
      const id = cur.textAt(i);
      if (scope.unknownTypeAt >= 0) cur.defer('unknown type', scope.unknownTypeAt);
      const v = scope.names.get(id);
      if (v === undefined) {
        cur.defer(`unknown local ${id}`, i);
        return 0;
      }
      return v;
    }
    return this.u32Index();
  }

  /** Consumes a label index (relative depth). */
  label(scope: FuncScope): number {
    const cur: TokenCursor = this.cur;
    if (cur.peek() === TokenKind.Id) {
      const i = cur.pos++;
      const id = cur.textAt(i);
      const labels = scope.labels;
      for (let j = labels.length - 1; j >= 0; j--) if (labels[j] === id) return labels.length - 1 - j;
      cur.defer(`unknown label ${id}`, i);
      return 0;
    }
    return this.u32Index();
  }
}

function typeKey(ft: FuncType): string {
  return ft.params.join(',') + '>' + ft.results.join(',');
}

function sameType(a: FuncType, b: FuncType): boolean {
  return typeKey(a) === typeKey(b);
}
