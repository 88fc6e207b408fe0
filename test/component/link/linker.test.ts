// The component linker on small hand-built components (see fixtures.ts), on the interp and
// native engines: lifting and lowering, host imports (functions, instances, resources, versions),
// guest-defined resources, nested instantiation with outer aliases, start functions, traps and
// link errors.
import { describe, expect, it } from 'vitest';
import { KpioError, LinkError, Trap, TrapCode } from '../../../src/api/errors.js';
import { ComponentValueError } from '../../../src/component/abi/abi-errors.js';
import { ResourceRef } from '../../../src/component/abi/resource-ref.js';
import { RuntimeResourceType } from '../../../src/component/abi/resource-type.js';
import { decodeComponent } from '../../../src/component/binary/index.js';
import {
  compileComponent,
  ExportedFunction,
  HostInterfaces,
  instantiateComponent,
  type HostInterface,
  type ImportSource,
} from '../../../src/component/link/index.js';
import { createEngine } from '../../../src/engines.js';
import type { EngineKind } from '../../../src/runtime/engine.js';
import * as fx from './fixtures.js';

function instantiate(bytes: Uint8Array, engine: EngineKind, imports?: ImportSource) {
  return instantiateComponent(decodeComponent(bytes), { engine: createEngine(engine), ...(imports ? { imports } : {}) });
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe.each(['interp', 'native'] as const)('component linker on %s', (engine) => {
  it('lifts a core function and calls it with JS values', () => {
    const inst = instantiate(fx.adder(), engine);
    expect(inst.names).toEqual(['add']);
    expect(inst.call('add', [2, 3])).toBe(5);
    expect(inst.func('add').call(0xffffffff, 1)).toBe(0);
    expect(inst.func('add').type.params.map((p) => p.name)).toEqual(['a', 'b']);
    expect(() => inst.call('add', ['2', 3])).toThrow(ComponentValueError);
    expect(() => inst.call('nope')).toThrow(/has no export named `nope` \(exports: add\)/);
  });

  it('lowers a host function with a string parameter and lifts strings through realloc', () => {
    const seen: string[] = [];
    const inst = instantiate(fx.logger(), engine, { log: (s: string) => void seen.push(s) });
    inst.call('run');
    expect(seen).toEqual(['hello']);
    expect(inst.call('echo', ['héllo, wörld 🌍'])).toBe('héllo, wörld 🌍');
  });

  it('resolves an instance import from HostInterfaces by compatible version and binds its resource', () => {
    const destroyed: unknown[] = [];
    const r = RuntimeResourceType.host('r', (rep) => destroyed.push(rep));
    const api = (version: string, funcs: Partial<HostInterface['funcs']> = {}): HostInterface => ({
      name: 'test:res/api',
      version,
      resources: { r },
      funcs: {
        '[constructor]r': (v: number) => ResourceRef.own(r, { value: v }),
        '[method]r.get': (self: ResourceRef) => (self.rep as { value: number }).value * 2,
        ...funcs,
      },
    });
    const inst = instantiate(fx.resourceUser(), engine, new HostInterfaces().define(api('0.2.7')));
    expect(inst.call('run', [21])).toBe(42);
    expect(destroyed).toEqual([{ value: 21 }]);

    const e = errorOf(() => instantiate(fx.resourceUser(), engine, new HostInterfaces().define(api('0.3.0'))));
    expect(e).toBeInstanceOf(LinkError);
    expect(e.message).toBe('import `test:res/api@0.2.0`: no value was supplied for this instance import');

    const { '[method]r.get': _, ...withoutGet } = api('0.2.0').funcs;
    const missing = new HostInterfaces().define({ ...api('0.2.0'), funcs: withoutGet });
    expect(() => instantiate(fx.resourceUser(), engine, missing)).toThrow(
      'import `test:res/api@0.2.0`: the host interface `test:res/api@0.2.0` does not provide the function `[method]r.get`',
    );
    const noResource = new HostInterfaces().define({ ...api('0.2.0'), resources: {} });
    expect(() => instantiate(fx.resourceUser(), engine, noResource)).toThrow('does not provide the resource type `r`');
  });

  it('takes an instance import from a plain object of functions and resource types', () => {
    const r = RuntimeResourceType.host('r');
    const inst = instantiate(fx.resourceUser(), engine, {
      'test:res/api': { r, '[constructor]r': (v: number) => ResourceRef.own(r, v), '[method]r.get': (self: ResourceRef) => (self.rep as number) + 1 },
    });
    expect(inst.call('run', [1])).toBe(2);
    expect(() => instantiate(fx.resourceUser(), engine, { 'test:res/api': { r, '[constructor]r': () => ResourceRef.own(r, 0) } })).toThrow(
      new LinkError('import `test:res/api@0.2.0`: the supplied instance does not provide the function `[method]r.get`'),
    );
    expect(() => instantiate(fx.resourceUser(), engine, { 'test:res/api': { r: () => 0 } })).toThrow(
      'import `test:res/api@0.2.0`: export `r`: expected a resource type, got a function',
    );
  });

  it('makes a runtime resource type per instance for a resource the component defines', () => {
    const compiled = compileComponent(decodeComponent(fx.resourceDefiner()), createEngine(engine));
    const a = instantiateComponent(compiled, { engine: compiled.engine });
    const b = instantiateComponent(compiled, { engine: compiled.engine });
    const ra = a.resource('r');
    expect(ra.type).not.toBe(b.resource('r').type);
    const x = ra.construct(4) as ResourceRef;
    expect(x.type).toBe(ra.type);
    expect(x.rep).toBe(40);
    expect(ra.method('get', x)).toBe(40);
    // Note: resource types are generative: b's methods refuse a's handles.
    expect(() => b.resource('r').method('get', x)).toThrow(/expected a reference to resource/);
    expect(a.call('last-dropped')).toBe(0);
    x.drop();
    expect(a.call('last-dropped')).toBe(40);
    expect(b.call('last-dropped')).toBe(0);
  });

  it('instantiates a nested component with arguments and an outer type alias', () => {
    const inst = instantiate(fx.nested(), engine, { f: (x: number) => x * 2 });
    expect(inst.call('g', [5])).toBe(11);
    expect(inst.call('test:nested/api@1.2.0#g', [1])).toBe(3);
    // Note: an unversioned or compatible name finds the versioned export.
    expect(inst.call('test:nested/api#g', [2])).toBe(5);
    expect(inst.call('test:nested/api@1.0.0#g', [2])).toBe(5);
    expect(inst.lookup('test:nested/api').kind).toBe('instance');
    expect(inst.instance('narrow').names).toEqual(['g']);
    expect(inst.call('narrow#g', [3])).toBe(7);
  });

  it('links one component instance into another and checks function types', () => {
    const a = instantiate(fx.nested(), engine, { f: (x: number) => x });
    const e = errorOf(() => instantiate(fx.stringConsumer(), engine, { g: a.func('g') }));
    expect(e).toBeInstanceOf(LinkError);
    expect(e.message).toBe('import `g`: type mismatch: type mismatch in function parameter `x`: expected primitive `string` found primitive `u32`');
    const b = instantiate(fx.nested(), engine, { f: a.func('g') });
    expect(b.call('g', [1])).toBe(3);
  });

  it('runs the start function during instantiation', () => {
    const seen: number[] = [];
    instantiate(fx.starter(), engine, { log: (x: number) => void seen.push(x) });
    expect(seen).toEqual([42]);
  });

  it('reports a missing import and a value of the wrong kind as LinkErrors naming the import', () => {
    expect(() => instantiate(fx.starter(), engine)).toThrow(new LinkError('import `log`: no value was supplied for this func import'));
    expect(() => instantiate(fx.starter(), engine, { log: 42 })).toThrow('import `log`: expected a func, got a number');
    expect(() => instantiate(fx.resourceUser(), engine, { 'test:res/api@0.2.0': () => 1 })).toThrow(
      'import `test:res/api@0.2.0`: expected an instance, got a function',
    );
  });

  it('turns guest traps into Traps and refuses to re-enter a trapped instance', () => {
    const inst = instantiate(fx.trapper(), engine);
    const t = errorOf(() => inst.call('boom'));
    expect(t).toBeInstanceOf(Trap);
    expect((t as Trap).code).toBe(TrapCode.Unreachable);
    const again = errorOf(() => inst.call('ok'));
    expect(again).toBeInstanceOf(Trap);
    expect(again.message).toMatch(/^cannot enter component instance `root`: a previous call into it trapped/);
  });

  it('turns a foreign exception thrown by a host import into a HostError trap', () => {
    const cause = new RangeError('the host is out of widgets');
    const inst = instantiate(fx.callback(), engine, {
      cb: () => {
        throw cause;
      },
    });
    const e = errorOf(() => inst.call('call-cb'));
    expect(e).toBeInstanceOf(Trap);
    expect((e as Trap).code).toBe(TrapCode.HostError);
    expect(e.message).toBe('host error during a call of `call-cb`: the host is out of widgets');
    expect(e.cause).toBe(cause);
  });

  it('passes kpio errors from host imports through unchanged', () => {
    const inst = instantiate(fx.callback(), engine, {
      cb: () => {
        throw new KpioError('configured to fail');
      },
    });
    expect(() => inst.call('call-cb')).toThrow(new KpioError('configured to fail'));
  });

  it('exposes exports as typed items', () => {
    const inst = instantiate(fx.resourceDefiner(), engine);
    expect(inst.names).toEqual(['r', '[constructor]r', '[method]r.get', 'last-dropped']);
    expect(inst.get('last-dropped')).toBeInstanceOf(ExportedFunction);
    expect(inst.get('r')?.kind).toBe('resource');
    expect(() => inst.resource('last-dropped')).toThrow('export `last-dropped` is a func, not a resource type');
    expect(() => inst.instance('r')).toThrow('export `r` is a resource, not an instance');
  });
});
