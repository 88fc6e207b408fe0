// A small encoder of component binaries (Binary.md) for the linker's tests: each call appends one
// definition in its own section and returns the index it got in its index space, so tests read
// like the component text format. Core modules are written in WAT and encoded with kpio's own
// text front end. Only what the tests need is here; it is not a general-purpose encoder.
import { encodeModule } from '../../../src/wasm/binary/encoder.js';
import { parseWat } from '../../../src/wasm/text/wat.js';

/** A component-level value type: a primitive name or a type index. */
export type Val = 'bool' | 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64' | 'f32' | 'f64' | 'char' | 'string' | number;

const PRIM: Record<string, number> = {
  bool: 0x7f,
  s8: 0x7e,
  u8: 0x7d,
  s16: 0x7c,
  u16: 0x7b,
  s32: 0x7a,
  u32: 0x79,
  s64: 0x78,
  u64: 0x77,
  f32: 0x76,
  f64: 0x75,
  char: 0x74,
  string: 0x73,
};

const CORE_SORT = { func: 0x00, table: 0x01, memory: 0x02, global: 0x03, type: 0x10, module: 0x11, instance: 0x12 } as const;
/** A core sort. */
export type CoreSort = keyof typeof CORE_SORT;
const SORT = { func: 0x01, value: 0x02, type: 0x03, component: 0x04, instance: 0x05 } as const;
/** A component-level sort (or `core module`). */
export type Sort = keyof typeof SORT | 'core module';

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...u32(b.length), ...b];
}

function vec<T>(items: readonly T[], f: (x: T) => number[]): number[] {
  return [...u32(items.length), ...items.flatMap(f)];
}

/** Encodes a value type reference. */
export function val(v: Val): number[] {
  return typeof v === 'number' ? u32(v) : [PRIM[v]!];
}

function opt(v: Val | null | undefined): number[] {
  return v === null || v === undefined ? [0x00] : [0x01, ...val(v)];
}

/** Encodings of type definitions (`deftype`). */
export const T = {
  record: (fields: [string, Val][]) => [0x72, ...vec(fields, ([n, t]) => [...str(n), ...val(t)])],
  variant: (cases: [string, Val | null][]) => [0x71, ...vec(cases, ([n, t]) => [...str(n), ...opt(t), 0x00])],
  list: (t: Val) => [0x70, ...val(t)],
  tuple: (ts: Val[]) => [0x6f, ...vec(ts, val)],
  flags: (names: string[]) => [0x6e, ...vec(names, str)],
  enum: (names: string[]) => [0x6d, ...vec(names, str)],
  option: (t: Val) => [0x6b, ...val(t)],
  result: (ok: Val | null, err: Val | null) => [0x6a, ...opt(ok), ...opt(err)],
  own: (i: number) => [0x69, ...u32(i)],
  borrow: (i: number) => [0x68, ...u32(i)],
  func: (params: [string, Val][], result: Val | null = null) => [0x40, ...vec(params, ([n, t]) => [...str(n), ...val(t)]), ...(result === null ? [0x01, 0x00] : [0x00, ...val(result)])],
  resource: (dtor: number | null = null) => [0x3f, 0x7f, ...(dtor === null ? [0x00] : [0x01, ...u32(dtor)])],
};

/** An `externdesc`. */
export const D = {
  func: (typeIndex: number) => [0x01, ...u32(typeIndex)],
  instance: (typeIndex: number) => [0x05, ...u32(typeIndex)],
  component: (typeIndex: number) => [0x04, ...u32(typeIndex)],
  typeEq: (typeIndex: number) => [0x03, 0x00, ...u32(typeIndex)],
  subResource: () => [0x03, 0x01],
};

/** Declarators of an instance or component type, with local index bookkeeping. */
export class TypeDecls {
  readonly bytes: number[] = [];
  #types = 0;

  /** The number of declarators written. */
  count = 0;

  /** A local type definition; returns its local type index. */
  type(def: number[]): number {
    this.count++;
    this.bytes.push(0x01, ...def);
    return this.#types++;
  }

  /** An export declarator; returns the local type index when it declares a type. */
  export(name: string, desc: number[]): number {
    this.count++;
    this.bytes.push(0x04, 0x00, ...str(name), ...desc);
    return desc[0] === 0x03 ? this.#types++ : -1;
  }

  /** An import declarator (component types only). */
  import(name: string, desc: number[]): number {
    this.count++;
    this.bytes.push(0x03, 0x00, ...str(name), ...desc);
    return desc[0] === 0x03 ? this.#types++ : -1;
  }

  /** An outer alias of a type; returns its local type index. */
  aliasOuterType(count: number, index: number): number {
    this.count++;
    this.bytes.push(0x02, 0x03, 0x02, ...u32(count), ...u32(index));
    return this.#types++;
  }
}

/** A core module from WAT text. */
export function wat(text: string): Uint8Array {
  return encodeModule(parseWat(text));
}

/** Canonical options. */
export interface CanonOpts {
  readonly memory?: number;
  readonly realloc?: number;
  readonly postReturn?: number;
  readonly encoding?: 'utf8' | 'utf16' | 'latin1+utf16';
}

function canonOpts(o: CanonOpts = {}): number[] {
  const out: number[][] = [];
  if (o.encoding !== undefined) out.push([o.encoding === 'utf8' ? 0x00 : o.encoding === 'utf16' ? 0x01 : 0x02]);
  if (o.memory !== undefined) out.push([0x03, ...u32(o.memory)]);
  if (o.realloc !== undefined) out.push([0x04, ...u32(o.realloc)]);
  if (o.postReturn !== undefined) out.push([0x05, ...u32(o.postReturn)]);
  return [...u32(out.length), ...out.flat()];
}

function sortIdx(sort: Sort, index: number): number[] {
  return sort === 'core module' ? [0x00, 0x11, ...u32(index)] : [SORT[sort], ...u32(index)];
}

type SpaceKey = 'coreFunc' | 'coreMemory' | 'coreTable' | 'coreGlobal' | 'coreModule' | 'coreInstance' | 'func' | 'value' | 'type' | 'component' | 'instance';

const SPACE_KEY: Partial<Record<string, SpaceKey>> = {
  'core func': 'coreFunc',
  'core memory': 'coreMemory',
  'core table': 'coreTable',
  'core global': 'coreGlobal',
  'core module': 'coreModule',
  'core instance': 'coreInstance',
  func: 'func',
  value: 'value',
  type: 'type',
  component: 'component',
  instance: 'instance',
};

/** Builds a component binary definition by definition. */
export class ComponentBuilder {
  readonly #out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
  readonly #n: Record<SpaceKey, number> = { coreFunc: 0, coreMemory: 0, coreTable: 0, coreGlobal: 0, coreModule: 0, coreInstance: 0, func: 0, value: 0, type: 0, component: 0, instance: 0 };

  #section(id: number, content: number[]): void {
    this.#out.push(id, ...u32(content.length), ...content);
  }

  #bump(sort: Sort | `core ${CoreSort}`): number {
    const key = SPACE_KEY[sort];
    if (key === undefined) return -1;
    return this.#n[key]++;
  }

  /** Current sizes of the index spaces. */
  get counts(): Readonly<Record<SpaceKey, number>> {
    return { ...this.#n };
  }

  /** An embedded core module (bytes, or WAT text). */
  coreModule(module: Uint8Array | string): number {
    const bytes = typeof module === 'string' ? wat(module) : module;
    this.#section(1, [...bytes]);
    return this.#bump('core module');
  }

  /** `(core instance (instantiate m (with name (instance i))*))`. */
  coreInstantiate(module: number, args: [string, number][] = []): number {
    this.#section(2, [0x01, 0x00, ...u32(module), ...vec(args, ([n, i]) => [...str(n), 0x12, ...u32(i)])]);
    return this.#bump('core instance');
  }

  /** `(core instance (export name (sort idx))*)`. */
  coreExports(exports: [string, CoreSort, number][]): number {
    this.#section(2, [0x01, 0x01, ...vec(exports, ([n, s, i]) => [...str(n), CORE_SORT[s], ...u32(i)])]);
    return this.#bump('core instance');
  }

  /** `(alias core export i name (core sort))`. */
  aliasCoreExport(sort: Exclude<CoreSort, 'type' | 'module' | 'instance'>, instance: number, name: string): number {
    this.#section(6, [0x01, 0x00, CORE_SORT[sort], 0x01, ...u32(instance), ...str(name)]);
    return this.#bump(`core ${sort}`);
  }

  /** `(alias export i name (sort))`. */
  aliasExport(sort: Sort, instance: number, name: string): number {
    const s = sort === 'core module' ? [0x00, 0x11] : [SORT[sort]];
    this.#section(6, [0x01, ...s, 0x00, ...u32(instance), ...str(name)]);
    return this.#bump(sort);
  }

  /** `(alias outer count index (sort))` for types, components and core modules. */
  aliasOuter(sort: 'type' | 'component' | 'core module', count: number, index: number): number {
    const s = sort === 'core module' ? [0x00, 0x11] : [SORT[sort]];
    this.#section(6, [0x01, ...s, 0x02, ...u32(count), ...u32(index)]);
    return this.#bump(sort);
  }

  /** A type definition (see {@link T}). */
  type(def: number[]): number {
    this.#section(7, [0x01, ...def]);
    return this.#bump('type');
  }

  /** An instance type built by `f`. */
  instanceType(f: (d: TypeDecls) => void): number {
    const d = new TypeDecls();
    f(d);
    return this.type([0x42, ...u32(d.count), ...d.bytes]);
  }

  /** A component type built by `f`. */
  componentType(f: (d: TypeDecls) => void): number {
    const d = new TypeDecls();
    f(d);
    return this.type([0x41, ...u32(d.count), ...d.bytes]);
  }

  /** `(func (canon lift (core func f) opts) (type t))`. */
  canonLift(coreFunc: number, typeIndex: number, opts?: CanonOpts): number {
    this.#section(8, [0x01, 0x00, 0x00, ...u32(coreFunc), ...canonOpts(opts), ...u32(typeIndex)]);
    return this.#bump('func');
  }

  /** `(core func (canon lower (func f) opts))`. */
  canonLower(func: number, opts?: CanonOpts): number {
    this.#section(8, [0x01, 0x01, 0x00, ...u32(func), ...canonOpts(opts)]);
    return this.#bump('core func');
  }

  /** `(core func (canon resource.new|drop|rep t))`. */
  canonResource(op: 'new' | 'drop' | 'rep', typeIndex: number): number {
    this.#section(8, [0x01, op === 'new' ? 0x02 : op === 'drop' ? 0x03 : 0x04, ...u32(typeIndex)]);
    return this.#bump('core func');
  }

  /** A nested component. */
  component(inner: ComponentBuilder): number {
    this.#section(4, [...inner.bytes()]);
    return this.#bump('component');
  }

  /** `(instance (instantiate c (with name (sort i))*))`. */
  instantiate(component: number, args: [string, Sort, number][] = []): number {
    this.#section(5, [0x01, 0x00, ...u32(component), ...vec(args, ([n, s, i]) => [...str(n), ...sortIdx(s, i)])]);
    return this.#bump('instance');
  }

  /** `(instance (export name (sort i))*)`. */
  instanceExports(exports: [string, Sort, number][]): number {
    this.#section(5, [0x01, 0x01, ...vec(exports, ([n, s, i]) => [0x00, ...str(n), ...sortIdx(s, i)])]);
    return this.#bump('instance');
  }

  /** `(import name desc)`; returns the index in the space of the imported sort. */
  import(name: string, desc: number[]): number {
    this.#section(10, [0x01, 0x00, ...str(name), ...desc]);
    return this.#bump(descSort(desc));
  }

  /** `(export name (sort i) desc?)`; returns the new index the export adds to its space. */
  export(name: string, sort: Sort, index: number, desc?: number[]): number {
    this.#section(11, [0x01, 0x00, ...str(name), ...sortIdx(sort, index), ...(desc === undefined ? [0x00] : [0x01, ...desc])]);
    return this.#bump(sort);
  }

  /** `(start f (value a)* (result n))`. */
  start(func: number, args: number[] = [], results = 0): void {
    this.#section(9, [...u32(func), ...vec(args, u32), ...u32(results)]);
    for (let i = 0; i < results; i++) this.#bump('value');
  }

  /** The binary. */
  bytes(): Uint8Array {
    return new Uint8Array(this.#out);
  }
}

function descSort(desc: number[]): Sort {
  switch (desc[0]) {
    case 0x00:
      return 'core module';
    case 0x01:
      return 'func';
    case 0x02:
      return 'value';
    case 0x03:
      return 'type';
    case 0x04:
      return 'component';
    default:
      return 'instance';
  }
}
