// Runtime-corpus hosts for the resource tests of wit-bindgen (resources, resource_*, and the
// ownership tests `owning` / `borrowing`): host resources are `RuntimeResourceType.host` types
// whose representations index a per-instantiation table, like the reference hosts' `map_l`.
import { expect } from 'vitest';
import { ResourceRef } from '../../../src/component/abi/resource-ref.js';
import { RuntimeResourceType } from '../../../src/component/abi/resource-type.js';
import { ok, some, type RuntimeCase } from './case.js';

/** A host resource type with a table of representations: id -> value. */
class HostResource<T> {
  readonly values = new Map<number, T>();
  readonly type: RuntimeResourceType;
  #next = 0;

  constructor(name: string, onDrop?: (id: number) => void) {
    this.type = RuntimeResourceType.host(name, (rep) => {
      const id = rep as number;
      if (onDrop) onDrop(id);
      this.values.delete(id);
    });
  }

  /** A new own reference to a new representation holding `value`. */
  create(value: T): ResourceRef {
    const id = this.#next++;
    this.values.set(id, value);
    return ResourceRef.own(this.type, id);
  }

  /** The value behind a reference. */
  get(ref: ResourceRef): T {
    expect(ref.type).toBe(this.type);
    const v = this.values.get(ref.rep as number);
    if (v === undefined) throw new Error(`no ${this.type.name} with id ${String(ref.rep)}`);
    return v;
  }

  set(ref: ResourceRef, value: T): void {
    this.values.set(ref.rep as number, value);
  }
}

const resources: RuntimeCase = {
  file: 'resources.component.wasm',
  host() {
    const y = new HostResource<number>('imports.y');
    return {
      imports: {
        imports: {
          y: y.type,
          '[constructor]y': (a: number) => y.create(a),
          '[method]y.get-a': (self: ResourceRef) => y.get(self),
          '[method]y.set-a': (self: ResourceRef, a: number) => y.set(self, a),
          '[static]y.add': (r: ResourceRef, a: number) => {
            // Note: the guest gave up ownership of `r`; the host is done with it once read.
            const value = y.get(r);
            r.drop();
            return y.create(value + a);
          },
        },
      },
      run(inst) {
        expect(inst.call('exports#test-imports')).toEqual(ok());
        const x = inst.resource('exports#x');
        const xi = x.construct(5) as ResourceRef;
        expect(x.method('get-a', xi)).toBe(5);
        x.method('set-a', xi, 10);
        expect(x.method('get-a', xi)).toBe(10);
        const z = inst.resource('exports#z');
        const z1 = z.construct(10) as ResourceRef;
        expect(z.method('get-a', z1)).toBe(10);
        const z2 = z.construct(20) as ResourceRef;
        expect(z.method('get-a', z2)).toBe(20);
        const xAdd = x.callStatic('add', xi, 5) as ResourceRef;
        expect(xi.state).toBe('moved');
        expect(x.method('get-a', xAdd)).toBe(15);
        const zAdd = inst.call('exports#add', [z1, z2]) as ResourceRef;
        expect(z.method('get-a', zAdd)).toBe(30);
        const droppedBefore = z.callStatic('num-dropped') as number;
        z1.drop();
        z2.drop();
        inst.call('exports#consume', [xAdd]);
        expect(z.callStatic('num-dropped')).toBe(droppedBefore + 2);
        const k = inst.resource('exports#kebab-case');
        const ki = k.construct(7) as ResourceRef;
        expect(k.method('get-a', ki)).toBe(7);
        expect(k.callStatic('take-owned', ki)).toBe(7);
        // Note: every host `y` the guest made was dropped again.
        expect(y.values.size).toBe(0);
      },
    };
  },
};

const resourceAggregates: RuntimeCase = {
  file: 'resource_aggregates.component.wasm',
  host() {
    const thing = new HostResource<number>('test.thing');
    const v = (r: ResourceRef) => thing.get(r);
    type Opt = { tag: string; val?: ResourceRef };
    const opt = (o: Opt) => (o.tag === 'some' || o.tag === 'ok' ? v(o.val!) : 0);
    return {
      imports: {
        'test:resource-aggregates/test': {
          thing: thing.type,
          '[constructor]thing': (x: number) => thing.create(x + 2),
          foo: (...a: any[]) => {
            const [r1, r2, r3, t1, t2, v1, v2, l1, l2, o1, o2, res1, res2] = a;
            return (
              v(r1.thing) +
              v(r2.thing) +
              v(r3.thing1) +
              v(r3.thing2) +
              v(t1[0]) +
              v(t1[1].thing) +
              v(t2[0]) +
              v(v1.val) +
              v(v2.val) +
              (l1 as ResourceRef[]).reduce((s, r) => s + v(r), 0) +
              (l2 as ResourceRef[]).reduce((s, r) => s + v(r), 0) +
              opt(o1) +
              opt(o2) +
              opt(res1) +
              opt(res2) +
              3
            );
          },
        },
      },
      run(inst) {
        const t = inst.resource('test:resource-aggregates/test#thing');
        const things: ResourceRef[] = [];
        let expected = 0;
        for (let i = 1; i < 18; i++) {
          things.push(t.construct(i) as ResourceRef);
          expected += i + 1 + 2;
        }
        expected += 3 + 4;
        const th = (i: number) => things[i]!;
        const result = inst.call('test:resource-aggregates/test#foo', [
          { thing: th(0) },
          { thing: th(1) },
          { thing1: th(2), thing2: th(3) },
          [th(4), { thing: th(5) }],
          [th(6)],
          { tag: 'thing', val: th(7) },
          { tag: 'thing', val: th(8) },
          [th(9), th(10)],
          [th(11), th(12)],
          some(th(13)),
          some(th(14)),
          ok(th(15)),
          ok(th(16)),
        ]);
        expect(result).toBe(expected);
      },
    };
  },
};

const resourceAlias: RuntimeCase = {
  file: 'resource_alias.component.wasm',
  imports: () => ({}),
  run(inst) {
    const x = inst.resource('test:resource-alias/e1#x');
    const a = x.construct(42) as ResourceRef;
    const repA = a.rep;
    const res1 = inst.call('test:resource-alias/e1#a', [{ x: a }]) as ResourceRef[];
    expect(res1.map((r) => [r.type, r.kind, r.rep])).toEqual([[x.type, 'own', repA]]);
    const f = x.construct(7) as ResourceRef;
    const g = x.construct(8) as ResourceRef;
    const h = x.construct(8) as ResourceRef;
    const reps = [f.rep, g.rep];
    const res2 = inst.call('test:resource-alias/e2#a', [{ x: f }, { x: g }, h]) as ResourceRef[];
    expect(res2.map((r) => r.rep)).toEqual(reps);
    expect(h.live).toBe(true);
    for (const r of [...res1, ...res2, h]) r.drop();
  },
};

const resourceAliasRedux: RuntimeCase = {
  file: 'resource_alias_redux.component.wasm',
  host() {
    const thing = new HostResource<string>('resource-alias1.thing');
    return {
      imports: {
        'test:resource-alias-redux/resource-alias1': {
          thing: thing.type,
          '[constructor]thing': (s: string) => thing.create(`${s} HostThing`),
          '[method]thing.get': (self: ResourceRef) => `${thing.get(self)} HostThing.get`,
          a: (f: { thing: ResourceRef }) => [f.thing],
        },
        'test:resource-alias-redux/resource-alias2': {
          b: (f: { thing: ResourceRef }, g: { thing: ResourceRef }) => [f.thing, g.thing],
        },
      },
      run(inst) {
        const thing1 = thing.create('Ni Hao HostThing');
        const res = inst.call('test', [[thing1]]) as ResourceRef[];
        expect(res.map((r) => thing.get(r))).toEqual(['Ni Hao HostThing']);
        const t = inst.resource('test:resource-alias-redux/resource-alias1#thing');
        const get = (r: ResourceRef) => t.method('get', r);
        const thing2 = t.construct('Ciao') as ResourceRef;
        const a = inst.call('test:resource-alias-redux/resource-alias1#a', [{ thing: thing2 }]) as ResourceRef[];
        expect(a.map(get)).toEqual(['Ciao Thing HostThing HostThing.get Thing.get']);
        const thing3 = t.construct('Ciao') as ResourceRef;
        const thing4 = t.construct('Aloha') as ResourceRef;
        const b = inst.call('test:resource-alias-redux/resource-alias2#b', [{ thing: thing3 }, { thing: thing4 }]) as ResourceRef[];
        expect(b.map(get)).toEqual(['Ciao Thing HostThing HostThing.get Thing.get', 'Aloha Thing HostThing HostThing.get Thing.get']);
      },
    };
  },
};

const resourceBorrowExport: RuntimeCase = {
  file: 'resource_borrow_export.component.wasm',
  imports: () => ({}),
  run(inst) {
    const thing = inst.resource('test:resource-borrow-export/test#thing').construct(42) as ResourceRef;
    expect(inst.call('test:resource-borrow-export/test#foo', [thing])).toBe(42 + 1 + 2);
    expect(thing.live).toBe(true);
    thing.drop();
  },
};

const resourceBorrowImport: RuntimeCase = {
  file: 'resource_borrow_import.component.wasm',
  host() {
    const thing = new HostResource<number>('test.thing');
    return {
      imports: {
        'test:resource-borrow-import/test': {
          thing: thing.type,
          '[constructor]thing': (v: number) => thing.create(v + 2),
          foo: (r: ResourceRef) => {
            expect(r.kind).toBe('borrow');
            return thing.get(r) + 3;
          },
        },
      },
      run(inst) {
        expect(inst.call('test', [42])).toBe(42 + 1 + 2 + 3 + 4);
        expect(thing.values.size).toBe(0);
      },
    };
  },
};

const resourceBorrowInRecord: RuntimeCase = {
  file: 'resource_borrow_in_record.component.wasm',
  host() {
    const thing = new HostResource<string>('test.thing');
    return {
      imports: {
        'test:resource-borrow-in-record/test': {
          thing: thing.type,
          '[constructor]thing': (s: string) => thing.create(`${s} HostThing`),
          '[method]thing.get': (self: ResourceRef) => `${thing.get(self)} HostThing.get`,
          test: (a: { thing: ResourceRef }[]) => a.map((x) => thing.create(`${thing.get(x.thing)} test HostThing`)),
        },
      },
      run(inst) {
        const t = inst.resource('test:resource-borrow-in-record/test#thing');
        const thing1 = t.construct('Bonjour') as ResourceRef;
        const thing2 = t.construct('mon cher') as ResourceRef;
        const res = inst.call('test:resource-borrow-in-record/test#test', [[{ thing: thing1 }, { thing: thing2 }]]) as ResourceRef[];
        expect(res.map((r) => t.method('get', r))).toEqual([
          'Bonjour Thing HostThing test HostThing HostThing.get Thing.get',
          'mon cher Thing HostThing test HostThing HostThing.get Thing.get',
        ]);
      },
    };
  },
};

const resourceBorrowSimple: RuntimeCase = {
  file: 'resource-borrow-simple.component.wasm',
  host() {
    const r = new HostResource<null>('r');
    const seen: string[] = [];
    return {
      imports: {
        r: r.type,
        '[constructor]r': () => r.create(null),
        test: (x: ResourceRef) => {
          expect(x.kind).toBe('borrow');
          seen.push(`test ${String(x.rep)}`);
        },
      },
      run(inst) {
        inst.call('test-imports');
        expect(seen).toEqual(['test 0']);
        expect(r.values.size).toBe(0);
      },
    };
  },
};

const resourceFloats: RuntimeCase = {
  file: 'resource_floats.component.wasm',
  host() {
    const imported = new HostResource<number>('imports.float');
    const test = new HostResource<number>('test.float');
    return {
      imports: {
        imports: {
          float: imported.type,
          '[constructor]float': (v: number) => imported.create(v + 2),
          '[method]float.get': (self: ResourceRef) => imported.get(self) + 4,
          // Note: like the reference host, `add` goes through the constructor (which adds 2).
          '[static]float.add': (a: ResourceRef, b: number) => imported.create(imported.get(a) + b + 6 + 2),
        },
        'test:resource-floats/test': {
          float: test.type,
          '[constructor]float': (v: number) => test.create(v + 1),
          '[method]float.get': (self: ResourceRef) => test.get(self) + 3,
        },
      },
      run(inst) {
        const f = inst.resource('exports#float');
        const float3 = f.construct(22) as ResourceRef;
        expect(f.method('get', float3)).toBe(22 + 1 + 2 + 4 + 3);
        const res = f.callStatic('add', float3, 7) as ResourceRef;
        expect(f.method('get', res)).toBe(59);
        const a = test.create(42);
        const b = test.create(55);
        const sum = inst.call('add', [a, b]) as ResourceRef;
        expect(sum.type).toBe(test.type);
        expect(test.get(sum)).toBe(42 + 3 + (55 + 3) + 5 + 1);
      },
    };
  },
};

const resourceImportAndExport: RuntimeCase = {
  file: 'resource-import-and-export.component.wasm',
  host() {
    const thing = new HostResource<number>('test.thing');
    const foo = (r: ResourceRef) => thing.get(r) + 2;
    return {
      imports: {
        'test:resource-import-and-export/test': {
          thing: thing.type,
          '[constructor]thing': (v: number) => thing.create(v + 1),
          '[method]thing.foo': foo,
          '[method]thing.bar': (self: ResourceRef, v: number) => thing.set(self, v + 3),
          // Note: like the reference host, `baz` goes through the constructor (which adds 1).
          '[static]thing.baz': (a: ResourceRef, b: ResourceRef) => thing.create(foo(a) + foo(b) + 4 + 1),
        },
        'toplevel-import': (a: ResourceRef) => a,
      },
      run(inst) {
        const t = inst.resource('test:resource-import-and-export/test#thing');
        const thing1 = t.construct(42) as ResourceRef;
        expect(t.method('foo', thing1)).toBe(48);
        t.method('bar', thing1, 33);
        expect(t.method('foo', thing1)).toBe(43);
        const thing2 = t.construct(81) as ResourceRef;
        const thing3 = t.callStatic('baz', thing1, thing2) as ResourceRef;
        expect(t.method('foo', thing3)).toBe(33 + 3 + 3 + 81 + 1 + 1 + 2 + 2 + 4 + 1 + 2 + 4 + 1 + 1 + 2 + 2);
        // Note: the world's `thing` (for the top-level functions) is the imported, host one.
        const hostThing = thing.create(5);
        const id = hostThing.rep;
        const back = inst.call('toplevel-export', [hostThing]) as ResourceRef;
        expect([back.type, back.rep]).toEqual([thing.type, id]);
      },
    };
  },
};

const resourceIntoInner: RuntimeCase = {
  file: 'resource_into_inner.component.wasm',
  imports: () => ({}),
  run(inst) {
    inst.call('test:resource-into-inner/test#test');
  },
};

const resourceWithLists: RuntimeCase = {
  file: 'resource_with_lists.component.wasm',
  host() {
    const thing = new HostResource<string>('test.thing');
    const enc = (s: string) => new TextEncoder().encode(s);
    const dec = (b: Uint8Array) => new TextDecoder().decode(b);
    return {
      imports: {
        'test:resource-with-lists/test': {
          thing: thing.type,
          '[constructor]thing': (l: Uint8Array) => thing.create(`${dec(l)} HostThing`),
          '[method]thing.foo': (self: ResourceRef) => enc(`${thing.get(self)} HostThing.foo`),
          '[method]thing.bar': (self: ResourceRef, l: Uint8Array) => thing.set(self, `${dec(l)} HostThing.bar`),
          '[static]thing.baz': (l: Uint8Array) => enc(`${dec(l)} HostThing.baz`),
        },
      },
      run(inst) {
        const t = inst.resource('test:resource-with-lists/test#thing');
        const ti = t.construct(enc('Hi')) as ResourceRef;
        expect(dec(t.method('foo', ti) as Uint8Array)).toBe('Hi Thing HostThing HostThing.foo Thing.foo');
        t.method('bar', ti, enc('Hola'));
        expect(dec(t.method('foo', ti) as Uint8Array)).toBe('Hola Thing.bar HostThing.bar HostThing.foo Thing.foo');
        expect(dec(t.callStatic('baz', enc('Ohayo Gozaimas')) as Uint8Array)).toBe('Ohayo Gozaimas Thing.baz HostThing.baz Thing.baz again');
      },
    };
  },
};

function ownership(file: string): RuntimeCase {
  return {
    file,
    host() {
      const called = { foo: false, bar: false, baz: false };
      let lastList: string[] | null = null;
      const theResource = RuntimeResourceType.host('both-list-and-resource.the-resource', () => {
        throw new Error('the host resource must not be dropped by the guest');
      });
      return {
        imports: {
          lists: {
            foo: (list: string[][]) => {
              called.foo = true;
              return list;
            },
          },
          'thing-in': {
            bar: () => {
              called.bar = true;
            },
          },
          'thing-in-and-out': {
            baz: (value: unknown) => {
              called.baz = true;
              return value;
            },
          },
          'test:ownership/both-list-and-resource': {
            'the-resource': theResource,
            '[constructor]the-resource': (list: string[]) => {
              expect(lastList).toBeNull();
              lastList = list;
              return ResourceRef.own(theResource, 100);
            },
            'list-and-resource': (value: { a: string[]; b: ResourceRef }) => {
              expect(value.b.rep).toBe(100);
              expect(value.b.kind).toBe('own');
              expect(value.a).toEqual(lastList);
            },
          },
        },
        run(inst) {
          inst.call('foo');
          expect(called).toEqual({ foo: true, bar: true, baz: true });
          expect(lastList).not.toBeNull();
        },
      };
    },
  };
}

/** The resource cases. */
export const RESOURCE_CASES: readonly RuntimeCase[] = [
  resources,
  resourceAggregates,
  resourceAlias,
  resourceAliasRedux,
  resourceBorrowExport,
  resourceBorrowImport,
  resourceBorrowInRecord,
  resourceBorrowSimple,
  resourceFloats,
  resourceImportAndExport,
  resourceIntoInner,
  resourceWithLists,
  ownership('owning.component.wasm'),
  ownership('borrowing.component.wasm'),
];
