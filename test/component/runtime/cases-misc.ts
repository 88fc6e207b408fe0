// Runtime-corpus hosts for the small and structural tests: jco's own fixtures (adder,
// asmjs_bigint, async_call, example_guest_*, simple-nested*) and wit-bindgen's smoke,
// type_section_suffix, versions, other-dependencies and rust_xcrate.
import { expect } from 'vitest';
import { ResourceRef } from '../../../src/component/abi/resource-ref.js';
import { RuntimeResourceType } from '../../../src/component/abi/resource-type.js';
import type { RuntimeCase } from './case.js';

const adder: RuntimeCase = {
  file: 'adder.component.wasm',
  imports: () => ({}),
  run(inst) {
    expect(inst.call('docs:adder/add@0.1.0#add', [1, 2])).toBe(3);
    expect(inst.call('docs:adder/add@0.1.0#add', [0xffffffff, 1])).toBe(0);
  },
};

const asmjsBigint: RuntimeCase = {
  file: 'asmjs_bigint.component.wasm',
  imports: () => ({}),
  run(inst) {
    expect(inst.call('add', [1n, 2n])).toBe(3n);
    expect(inst.call('add', [2n ** 62n, 2n ** 62n])).toBe(-(2n ** 63n));
    expect(inst.call('add', [-5n, 3n])).toBe(-2n);
  },
};

// Note: jco runs `call-async` through JSPI; the synchronous canonical ABI calls both imports
// synchronously, which the guest cannot tell apart.
const asyncCall: RuntimeCase = {
  file: 'async_call.component.wasm',
  imports: () => ({
    'something:test/test-interface': {
      'call-async': () => 'called async',
      'call-sync': () => 'called sync',
    },
  }),
  run(inst) {
    expect(inst.call('run-sync')).toBe('called sync');
    expect(inst.call('run-async')).toBe('called async');
  },
};

const exampleGuestExport: RuntimeCase = {
  file: 'example_guest_export.component.wasm',
  imports: () => ({}),
  run(inst) {
    const scalars = inst.resource('example:component/backend@0.1.0#scalars');
    expect(scalars.callStatic('get-a')).toBe(5);
    const s = scalars.construct() as ResourceRef;
    expect(s.type).toBe(scalars.type);
    expect(scalars.method('get-b', s)).toBe(2);
    expect(inst.call('example:component/backend@0.1.0#scalar-arg', [s])).toBe(7);
    s.drop();
    expect(s.live).toBe(false);
  },
};

const exampleGuestImport: RuntimeCase = {
  file: 'example_guest_import.component.wasm',
  host() {
    let next = 0;
    const dropped: number[] = [];
    const received: number[] = [];
    const scalars = RuntimeResourceType.host('scalars', (rep) => dropped.push(rep as number));
    const own = (rep: number) => ResourceRef.own(scalars, rep);
    return {
      imports: {
        'example2:component/backend@0.1.0': {
          scalars,
          '[method]scalars.get-b': (self: ResourceRef) => self.rep,
          fetch: (x: ResourceRef) => {
            expect(x.kind).toBe('borrow');
            received.push(x.rep as number);
            return own(next++);
          },
        },
      },
      run(inst) {
        const handle = (r: ResourceRef) => inst.call('example2:component/front@0.1.0#handle', [r]);
        // Note: the guest adds the value of its argument to that of the one `fetch` returns, then drops both.
        const x = own(next++);
        const y = own(next++);
        expect(handle(x)).toBe(2);
        expect(handle(y)).toBe(4);
        expect(received).toEqual([0, 1]);
        expect(handle(own(0))).toBe(4);
        expect(handle(own(1))).toBe(6);
        expect(received).toEqual([0, 1, 0, 1]);
        expect(dropped.sort()).toEqual([0, 0, 1, 1, 2, 3, 4, 5]);
      },
    };
  },
};

const helloImports = (message: string) => ({ 'calvinrp:test-async-funcs/hello@0.1.0': { 'hello-world': () => message } });

const simpleNested: RuntimeCase = {
  file: 'simple-nested.component.wasm',
  imports: () => helloImports('Hello from the host!'),
  run(inst) {
    expect(inst.call('calvinrp:test-async-funcs/hello@0.1.0#hello-world')).toBe('Hello from the host!');
  },
};

const simpleNestedOptimized: RuntimeCase = {
  file: 'simple-nested-optimized.component.wasm',
  imports: () => helloImports('Hello, nested and optimized'),
  run(inst) {
    expect(inst.call('calvinrp:test-async-funcs/hello#hello-world')).toBe('Hello, nested and optimized');
  },
};

const smoke: RuntimeCase = {
  file: 'smoke.component.wasm',
  host() {
    let hits = 0;
    return {
      imports: { 'test:smoke/imports': { thunk: () => void hits++ } },
      run(inst) {
        inst.call('thunk');
        expect(hits).toBe(1);
      },
    };
  },
};

const typeSectionSuffix: RuntimeCase = {
  file: 'type_section_suffix.component.wasm',
  host() {
    const calls: string[] = [];
    return {
      imports: {
        'test:suffix/imports': { foo: () => void calls.push('imports.foo') },
        foo: () => void calls.push('foo'),
        bar: () => void calls.push('bar'),
      },
      run(inst) {
        inst.call('run');
        expect(calls).toEqual(['imports.foo', 'imports.foo', 'foo', 'bar']);
      },
    };
  },
};

const versions: RuntimeCase = {
  file: 'versions.component.wasm',
  imports: () => ({
    'test:dep/test@0.1.0': { x: () => 1, y: (a: number) => 1 + a },
    'test:dep/test@0.2.0': { x: () => 2, z: (a: number, b: number) => 2 + a + b },
  }),
  run(inst) {
    expect(inst.call('test:dep/test@0.1.0#x')).toBe(1);
    expect(inst.call('test:dep/test@0.1.0#y', [1])).toBe(2);
    expect(inst.call('test:dep/test@0.2.0#x')).toBe(2);
    expect(inst.call('test:dep/test@0.2.0#z', [1, 1])).toBe(4);
    inst.call('test-imports');
  },
};

const otherDependencies: RuntimeCase = {
  file: 'other-dependencies.component.wasm',
  imports: () => ({}),
  run(inst) {
    // Note: an empty interface exported from a nested, empty component.
    expect(inst.names).toEqual(['other:test/test']);
    expect(inst.instance('other:test/test').names).toEqual([]);
  },
};

const rustXcrate: RuntimeCase = {
  file: 'rust_xcrate.component.wasm',
  imports: () => {
    const iface = (name: string) => {
      const x = RuntimeResourceType.host(`${name}.x`);
      return { [name.endsWith('a-imports') ? 'a' : 'b']: () => undefined, x, '[constructor]x': () => ResourceRef.own(x, 2), '[method]x.foo': () => undefined };
    };
    return { 'test:xcrate/a-imports': iface('test:xcrate/a-imports'), 'test:xcrate/b-imports': iface('test:xcrate/b-imports') };
  },
  run(inst) {
    inst.call('b');
    const x = inst.resource('an-exported-interface#x');
    const r = x.construct() as ResourceRef;
    x.method('foo', r);
    r.drop();
  },
};

/** The structural and small cases. */
export const MISC_CASES: readonly RuntimeCase[] = [
  adder,
  asmjsBigint,
  asyncCall,
  exampleGuestExport,
  exampleGuestImport,
  simpleNested,
  simpleNestedOptimized,
  smoke,
  typeSectionSuffix,
  versions,
  otherDependencies,
  rustXcrate,
];
