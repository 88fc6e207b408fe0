import { describe, expect, it } from 'vitest';
import { KpioError, LinkError, Trap } from '../../api/errors.js';
import type { WasmFunc } from '../../api/values.js';
import { prim, type ComponentFuncType, type ValueType } from '../types.js';
import { ComponentValueError } from './abi-errors.js';
import { callFunction, callLifted, hostFunction, liftFunction, lowerFunction, makeLoweredImport } from './call.js';
import { ComponentInstanceState } from './instance-state.js';
import type { CanonOptions, StringEncoding } from './options.js';
import { ResourceRef } from './resource-ref.js';
import { RuntimeResourceType } from './resource-type.js';
import { lowerOwn, resourceDrop, resourceNew, resourceRep } from './resources.js';
import { ArrayMemory, BumpAllocator, jsFunc } from './test-kit.js';
import { thrown } from '../../../test/support/thrown.js';

const u32 = prim('u32');
const str = prim('string');
const fn = (params: [string, ValueType][], result: ValueType | null = null): ComponentFuncType => ({
  params: params.map(([name, type]) => ({ name, type })),
  result,
});

function env(name: string, stringEncoding: StringEncoding = 'utf8', log?: string[]) {
  const instance = new ComponentInstanceState({ name });
  const memory = new ArrayMemory(1);
  const alloc = new BumpAllocator(memory, 1024);
  const realloc: WasmFunc = log
    ? jsFunc(alloc.realloc.type, (...a: unknown[]) => {
        log.push(`${name} realloc`);
        return alloc.realloc.call(...a);
      })
    : alloc.realloc;
  const options: CanonOptions = { instance, memory, realloc, stringEncoding };
  const view = () => new DataView(memory.buffer);
  return { instance, memory, alloc, options, view, bytes: () => memory.bytes() };
}

const trapOf = (f: () => unknown): Trap => thrown(f, Trap);

const utf8 = (b: Uint8Array, ptr: number, len: number) => new TextDecoder().decode(b.subarray(ptr, ptr + len));

describe('callLifted', () => {
  it('calls a core function with flat scalars', () => {
    const { options } = env('A');
    const core = jsFunc({ params: ['i32', 'i32'], results: ['i32'] }, (a: number, b: number) => (a + b) | 0);
    expect(callLifted(fn([['a', u32], ['b', u32]], u32), core, options, [2, 0xffffffff])).toBe(1);
  });

  it('passes strings both ways and calls post-return after lifting, with may_leave cleared', () => {
    const a = env('A');
    const log: unknown[] = [];
    const core = jsFunc({ params: ['i32', 'i32'], results: ['i32'] }, (ptr: number, len: number) => {
      const reply = new TextEncoder().encode(`hello, ${utf8(a.bytes(), ptr, len)}`);
      a.bytes().set(reply, 512);
      a.view().setUint32(16, 512, true);
      a.view().setUint32(20, reply.length, true);
      log.push('core');
      return 16;
    });
    const postReturn = jsFunc({ params: ['i32'], results: [] }, (p: number) => {
      log.push(['post-return', p, a.instance.mayLeave]);
    });
    const out = callLifted(fn([['name', str]], str), core, { ...a.options, postReturn }, ['wörld']);
    expect(out).toBe('hello, wörld');
    expect(log).toEqual(['core', ['post-return', 16, false]]);
    expect(a.instance.mayLeave).toBe(true);
    expect(a.instance.mayEnter).toBe(true);
  });

  it('spills more than 16 flat parameters into memory from realloc', () => {
    const a = env('A');
    const ft = fn(Array.from({ length: 17 }, (_, i) => [`p${i}`, u32] as [string, ValueType]), u32);
    const core = jsFunc({ params: ['i32'], results: ['i32'] }, (ptr: number) => {
      let s = 0;
      for (let i = 0; i < 17; i++) s += a.view().getUint32(ptr + 4 * i, true);
      return s;
    });
    expect(callLifted(ft, core, a.options, Array.from({ length: 17 }, (_, i) => i))).toBe(136);
    expect(a.alloc.calls.map((c) => [c.oldSize, c.align, c.newSize])).toEqual([[0, 4, 68]]);
  });

  it('lifts a spilled result from the pointer the core function returns', () => {
    const a = env('A');
    const ft = fn([], { kind: 'tuple', types: [u32, str] });
    const core = jsFunc({ params: [], results: ['i32'] }, () => {
      a.bytes().set([0x78], 600);
      a.view().setUint32(32, 7, true);
      a.view().setUint32(36, 600, true);
      a.view().setUint32(40, 1, true);
      return 32;
    });
    expect(callLifted(ft, core, a.options, [])).toEqual([7, 'x']);
  });

  it('traps on a misaligned spilled result pointer', () => {
    const a = env('A');
    const core = jsFunc({ params: [], results: ['i32'] }, () => 34);
    const t = trapOf(() => callLifted(fn([], { kind: 'tuple', types: [u32, str] }), core, a.options, []));
    expect(t.message).toMatch(/^unaligned pointer: spilled values pointer 0x22/);
  });

  it('refuses the wrong number of arguments', () => {
    const { options } = env('A');
    const core = jsFunc({ params: ['i32'], results: [] }, () => undefined);
    expect(() => callLifted(fn([['x', u32]]), core, options, [])).toThrow('expected 1 argument(s) (x), got 0');
  });

  it('an ill-typed host argument is an error, not a trap, and leaves the instance usable', () => {
    const { options, instance } = env('A');
    const core = jsFunc({ params: ['i32'], results: ['i32'] }, (x: number) => x);
    const ft = fn([['count', u32]], u32);
    expect(() => callLifted(ft, core, options, ['3'])).toThrow(ComponentValueError);
    expect(() => callLifted(ft, core, options, ['3'])).toThrow('(at param "count")');
    expect(instance.mayEnter).toBe(true);
    expect(callLifted(ft, core, options, [3])).toBe(3);
  });

  it('traps on re-entering an instance, which then stays poisoned', () => {
    const { options } = env('A');
    const none = fn([]);
    const inner = liftFunction(none, jsFunc({ params: [], results: [] }, () => undefined), options);
    const imported = makeLoweredImport(none, () => callFunction(inner, []), options);
    const outer = jsFunc({ params: [], results: [] }, () => imported());
    expect(trapOf(() => callLifted(none, outer, options, [])).message).toBe(
      'cannot enter component instance `A`: it is already on the call stack',
    );
    expect(trapOf(() => callFunction(inner, [])).message).toBe('cannot enter component instance `A`: a previous call into it trapped');
  });

  it('a child instance cannot be entered while its parent runs, but the parent may call into the child', () => {
    const parent = new ComponentInstanceState({ name: 'P' });
    const child = new ComponentInstanceState({ name: 'C', parent });
    const none = fn([]);
    const inChild = liftFunction(none, jsFunc({ params: [], results: [] }, () => undefined), { instance: child });
    parent.enter(null);
    expect(trapOf(() => callFunction(inChild, [])).message).toBe('cannot enter component instance `P`: it is already on the call stack');
    expect(() => callFunction(inChild, [], parent)).not.toThrow();
    parent.leave(null);
    expect(() => callFunction(inChild, [])).not.toThrow();
  });

  it('a core function that throws poisons the instance and propagates the error', () => {
    const { options, instance } = env('A');
    const boom = new Trap('unreachable');
    const core = jsFunc({ params: [], results: [] }, () => {
      throw boom;
    });
    expect(() => callLifted(fn([]), core, options, [])).toThrow(boom);
    expect(instance.trapped).toBe(true);
  });
});

describe('makeLoweredImport', () => {
  it('lifts the guest’s arguments, calls the host, and writes a spilled result through the out-pointer', () => {
    const a = env('A');
    const seen: unknown[] = [];
    const imp = makeLoweredImport(fn([['msg', str]], str), (msg: string) => {
      seen.push(msg);
      return `${msg}, pong!`;
    }, a.options);
    a.bytes().set(new TextEncoder().encode('ping'), 100);
    expect(imp(100, 4, 200)).toBeUndefined();
    expect(seen).toEqual(['ping']);
    const ptr = a.view().getUint32(200, true);
    const len = a.view().getUint32(204, true);
    expect(utf8(a.bytes(), ptr, len)).toBe('ping, pong!');
  });

  it('returns a flat result in the JS-API convention', () => {
    const { options } = env('A');
    expect(makeLoweredImport(fn([['x', u32]], u32), (x: number) => x + 1, options)(-2)).toBe(-1);
    expect(makeLoweredImport(fn([], prim('u64')), () => 2n ** 64n - 1n, options)()).toBe(-1n);
  });

  it('reads more than 16 flat parameters from the tuple the guest points at', () => {
    const a = env('A');
    const ft = fn(Array.from({ length: 17 }, (_, i) => [`p${i}`, u32] as [string, ValueType]), u32);
    for (let i = 0; i < 17; i++) a.view().setUint32(64 + 4 * i, i * 2, true);
    const imp = makeLoweredImport(ft, (...xs: number[]) => xs.reduce((s, x) => s + x, 0), a.options);
    expect(imp(64)).toBe(272);
  });

  it('ignores what a host function without a result returns', () => {
    const { options } = env('A');
    expect(makeLoweredImport(fn([]), () => 'ignored', options)()).toBeUndefined();
  });

  it('an ill-typed host result is a ComponentValueError naming the result', () => {
    const { options } = env('A');
    const imp = makeLoweredImport(fn([], { kind: 'option', type: u32 }), () => ({ tag: 'some', val: -1 }), options);
    expect(() => imp(0)).toThrow('expected an integer in 0..4294967295 for u32, got number -1 (at result -> case "some")');
  });

  it('refuses Promises from host functions', () => {
    const { options } = env('A');
    const imp = makeLoweredImport(fn([]), () => Promise.resolve(), options);
    expect(() => imp()).toThrow(KpioError);
    expect(() => imp()).toThrow(/returned a Promise/);
  });

  it('traps when called during post-return', () => {
    const { options } = env('A');
    const imp = makeLoweredImport(fn([]), () => undefined, options);
    const core = jsFunc({ params: [], results: ['i32'] }, () => 0);
    const postReturn = jsFunc({ params: ['i32'], results: [] }, () => imp());
    const t = trapOf(() => callLifted(fn([], u32), core, { ...options, postReturn }, []));
    expect(t.message).toBe('cannot leave component instance `A` during realloc or post-return');
  });

  it('traps when called during realloc', () => {
    const a = env('A');
    let imp: (...args: unknown[]) => unknown = () => undefined;
    const realloc = jsFunc({ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }, () => {
      imp();
      return 64;
    });
    const options = { ...a.options, realloc };
    imp = makeLoweredImport(fn([]), () => undefined, options);
    const core = jsFunc({ params: ['i32', 'i32'], results: [] }, () => undefined);
    expect(trapOf(() => callLifted(fn([['s', str]]), core, options, ['x'])).message).toMatch(/^cannot leave component instance/);
  });

  it('lends a borrowed handle for the duration of the host call', () => {
    const a = env('A');
    const stream = { name: 'stdout' };
    const H = RuntimeResourceType.host('output-stream');
    const h = lowerOwn(a.instance, ResourceRef.own(H, stream), H);
    let kept: ResourceRef | undefined;
    const imp = makeLoweredImport(fn([['self', { kind: 'borrow', resource: H }]], u32), (self: ResourceRef) => {
      kept = self;
      expect(self.kind).toBe('borrow');
      expect(self.rep).toBe(stream);
      expect(a.instance.handles.get(h).numLends).toBe(1);
      return 5;
    }, a.options);
    expect(imp(h)).toBe(5);
    expect(a.instance.handles.get(h).numLends).toBe(0);
    expect(kept!.state).toBe('expired');
    expect(() => makeLoweredImport(fn([['self', { kind: 'borrow', resource: H }]]), () => undefined, a.options)(7)).toThrow(
      'unknown handle index 7',
    );
  });

  it('moves an owned handle returned by the host into the guest’s table', () => {
    const { options, instance } = env('A');
    const H = RuntimeResourceType.host('pollable');
    const rep = { ready: true };
    const imp = makeLoweredImport(fn([], { kind: 'own', resource: H }), () => ResourceRef.own(H, rep), options);
    const h = imp() as number;
    expect(h).toBe(1);
    expect(instance.handles.get(h).rep).toBe(rep);
  });

  it('moves an owned handle passed by the guest to the host', () => {
    const { options, instance } = env('A');
    const H = RuntimeResourceType.host('pollable');
    const h = lowerOwn(instance, ResourceRef.own(H, 'x'), H);
    let got: ResourceRef | undefined;
    makeLoweredImport(fn([['p', { kind: 'own', resource: H }]]), (p: ResourceRef) => {
      got = p;
    }, options)(h);
    expect(got!.kind).toBe('own');
    expect(got!.rep).toBe('x');
    expect(instance.handles.size).toBe(0);
  });
});

describe('component-to-component calls', () => {
  it('transcodes strings between a utf16 caller and a utf8 callee, in the spec’s order of events', () => {
    const log: string[] = [];
    const caller = env('caller', 'utf16', log);
    const callee = env('callee', 'utf8', log);
    const ft = fn([['s', str]], str);
    const calleeCore = jsFunc({ params: ['i32', 'i32'], results: ['i32'] }, (ptr: number, len: number) => {
      log.push(`callee got ${utf8(callee.bytes(), ptr, len)}`);
      const reply = new TextEncoder().encode('ok☃🍰');
      callee.bytes().set(reply, 700);
      callee.view().setUint32(8, 700, true);
      callee.view().setUint32(12, reply.length, true);
      return 8;
    });
    const postReturn = jsFunc({ params: ['i32'], results: [] }, () => {
      log.push('callee post-return');
    });
    const lifted = liftFunction(ft, calleeCore, { ...callee.options, postReturn });
    const imp = lowerFunction(ft, lifted, caller.options);
    const arg = 'hö☃🍰';
    for (let i = 0; i < arg.length; i++) caller.view().setUint16(64 + 2 * i, arg.charCodeAt(i), true);
    imp(64, arg.length, 300);
    const ptr = caller.view().getUint32(300, true);
    const units = caller.view().getUint32(304, true);
    let back = '';
    for (let i = 0; i < units; i++) back += String.fromCharCode(caller.view().getUint16(ptr + 2 * i, true));
    expect(back).toBe('ok☃🍰');
    // utf16 -> utf8 with a non-ASCII string: allocate, grow to the worst case, shrink; then the
    // result goes back into the caller before the callee's post-return runs.
    expect(callee.alloc.calls.map((c) => [c.oldSize, c.align, c.newSize])).toEqual([
      [0, 1, 5],
      [5, 1, 15],
      [15, 1, 10],
    ]);
    expect(log).toEqual(['callee realloc', 'callee realloc', 'callee realloc', 'callee got hö☃🍰', 'caller realloc', 'caller realloc', 'callee post-return']);
    expect(caller.alloc.calls.map((c) => [c.oldSize, c.align, c.newSize])).toEqual([
      [0, 2, 18],
      [18, 2, 10],
    ]);
  });

  it('passes borrows to the implementing instance as the representation, pinning the lender', () => {
    const a = env('A');
    const c = new ComponentInstanceState({ name: 'C' });
    const R = RuntimeResourceType.guest('R', c);
    const h = lowerOwn(a.instance, ResourceRef.own(R, 3), R);
    const ft = fn([['r', { kind: 'borrow', resource: R }]], u32);
    const core = jsFunc({ params: ['i32'], results: ['i32'] }, (rep: number) => {
      expect(a.instance.handles.get(h).numLends).toBe(1);
      return rep * 10;
    });
    expect(lowerFunction(ft, liftFunction(ft, core, { instance: c }), a.options)(h)).toBe(30);
    expect(a.instance.handles.get(h).numLends).toBe(0);
    expect(c.handles.size).toBe(0);
  });

  it('a callee that is not the implementation must drop the borrow handle before returning', () => {
    const a = env('A');
    const impl = new ComponentInstanceState({ name: 'C' });
    const R = RuntimeResourceType.guest('R', impl);
    const h = lowerOwn(a.instance, ResourceRef.own(R, 3), R);
    const d = new ComponentInstanceState({ name: 'D' });
    const ft = fn([['r', { kind: 'borrow', resource: R }]]);
    const dropping = jsFunc({ params: ['i32'], results: [] }, (i: number) => {
      expect(resourceRep(d, R, i)).toBe(3);
      resourceDrop(d, R, i);
    });
    lowerFunction(ft, liftFunction(ft, dropping, { instance: d }), a.options)(h);
    expect(d.handles.size).toBe(0);
    const d2 = new ComponentInstanceState({ name: 'D2' });
    const keeping = jsFunc({ params: ['i32'], results: [] }, () => undefined);
    const t = trapOf(() => lowerFunction(ft, liftFunction(ft, keeping, { instance: d2 }), a.options)(h));
    expect(t.message).toBe('borrow handles still remain at the end of the call (1 not dropped)');
    // The caller's handle is released even though the callee trapped.
    expect(a.instance.handles.get(h).numLends).toBe(0);
  });

  it('moves an own handle from caller to callee', () => {
    const a = env('A');
    const c = new ComponentInstanceState({ name: 'C' });
    const R = RuntimeResourceType.guest('R', c);
    const h = resourceNew(a.instance, R, 9);
    let got = 0;
    const ft = fn([['r', { kind: 'own', resource: R }]]);
    const core = jsFunc({ params: ['i32'], results: [] }, (i: number) => {
      got = resourceRep(c, R, i);
    });
    lowerFunction(ft, liftFunction(ft, core, { instance: c }), a.options)(h);
    expect(got).toBe(9);
    expect(a.instance.handles.size).toBe(0);
    expect(c.handles.size).toBe(1);
  });

  it('a host function can stand in for the callee', () => {
    const { options } = env('A');
    const ft = fn([['x', u32]], u32);
    expect(lowerFunction(ft, hostFunction(ft, (x: number) => x * 2), options)(21)).toBe(42);
  });
});

describe('canonical options', () => {
  const instance = new ComponentInstanceState();
  const memory = new ArrayMemory(1);
  const realloc = new BumpAllocator(memory).realloc;
  const core0 = jsFunc({ params: ['i32', 'i32'], results: [] }, () => undefined);
  it.each([
    ['a string param needs realloc when lifting', fn([['s', str]]), { instance, memory }, 'lift', core0, /`realloc` option is required to pass strings or lists into the guest/],
    ['a string result needs memory when lifting', fn([], str), { instance }, 'lift', undefined, /`memory` option is required to pass strings or lists out of the guest/],
    ['a string param needs memory when lowering', fn([['s', str]]), { instance }, 'lower', undefined, /`memory` option is required/],
    ['a list result needs realloc when lowering', fn([], { kind: 'list', elem: u32 }), { instance, memory }, 'lower', undefined, /`realloc` option is required/],
    ['realloc needs memory', fn([]), { instance, realloc }, 'lift', undefined, /`realloc` option requires the `memory` option/],
    ['post-return only on lift', fn([]), { instance, postReturn: jsFunc({ params: [], results: [] }, () => 0) }, 'lower', undefined, /post-return/],
    ['post-return takes the flat results', fn([], u32), { instance, postReturn: jsFunc({ params: [], results: [] }, () => 0) }, 'lift', undefined, /`post-return` has type \(func\), expected \(param i32\)/],
    ['realloc has the realloc type', fn([]), { instance, memory, realloc: jsFunc({ params: ['i32'], results: ['i32'] }, () => 0) }, 'lift', undefined, /`realloc` has type \(param i32\) \(result i32\)/],
    ['the core function matches the flattened type', fn([['s', str]]), { instance, memory, realloc }, 'lift', jsFunc({ params: ['i32'], results: [] }, () => 0), /core function has type \(param i32\), expected \(param i32 i32\)/],
    ['string encodings are known', fn([]), { instance, stringEncoding: 'utf32' as StringEncoding }, 'lift', undefined, /unknown string encoding "utf32"/],
  ] as const)('%s', (_name, ft, options, context, core, message) => {
    const f = () =>
      context === 'lift'
        ? liftFunction(ft, core ?? jsFunc({ params: [], results: [] }, () => 0), options as CanonOptions)
        : lowerFunction(ft, hostFunction(ft, () => undefined), options as CanonOptions);
    expect(f).toThrow(LinkError);
    expect(f).toThrow(message);
  });
});

describe('resources across host calls', () => {
  it('a constructor export hands the host an owning reference, which the host passes back as a borrow', () => {
    const impl = new ComponentInstanceState({ name: 'C' });
    const dropped: number[] = [];
    const R = RuntimeResourceType.guest('counter', impl, jsFunc({ params: ['i32'], results: [] }, (rep: number) => void dropped.push(rep)));
    const make = liftFunction(fn([], { kind: 'own', resource: R }), jsFunc({ params: [], results: ['i32'] }, () => resourceNew(impl, R, 40)), {
      instance: impl,
    });
    const get = liftFunction(fn([['self', { kind: 'borrow', resource: R }]], u32), jsFunc({ params: ['i32'], results: ['i32'] }, (rep: number) => rep + 2), {
      instance: impl,
    });
    const ref = callFunction(make, []) as ResourceRef;
    expect(ref).toBeInstanceOf(ResourceRef);
    expect(ref.kind).toBe('own');
    expect(impl.handles.size).toBe(0);
    expect(callFunction(get, [ref])).toBe(42);
    expect(ref.live).toBe(true);
    ref.drop();
    expect(dropped).toEqual([40]);
  });

  it('a host borrow given to a non-implementing export must be dropped by it', () => {
    const H = RuntimeResourceType.host('H');
    const user = new ComponentInstanceState({ name: 'user' });
    const ft = fn([['h', { kind: 'borrow', resource: H }]]);
    const keeps = liftFunction(ft, jsFunc({ params: ['i32'], results: [] }, () => undefined), { instance: user });
    const t = trapOf(() => callFunction(keeps, [ResourceRef.own(H, {})]));
    expect(t.message).toBe('borrow handles still remain at the end of the call (1 not dropped)');
    expect(user.trapped).toBe(true);
    const user2 = new ComponentInstanceState({ name: 'user2' });
    const drops = liftFunction(ft, jsFunc({ params: ['i32'], results: [] }, (i: number) => resourceDrop(user2, H, i)), { instance: user2 });
    const ref = ResourceRef.own(H, {});
    callFunction(drops, [ref]);
    expect(ref.live).toBe(true);
    expect(user2.handles.size).toBe(0);
  });

  it('an own argument moves the host’s reference into the guest', () => {
    const H = RuntimeResourceType.host('H');
    const user = new ComponentInstanceState({ name: 'user' });
    const take = liftFunction(fn([['h', { kind: 'own', resource: H }]], u32), jsFunc({ params: ['i32'], results: ['i32'] }, (i: number) => i), {
      instance: user,
    });
    const ref = ResourceRef.own(H, 'rep');
    expect(callFunction(take, [ref])).toBe(1);
    expect(ref.state).toBe('moved');
    expect(() => callFunction(take, [ref])).toThrow(ComponentValueError);
    expect(user.trapped).toBe(false);
  });
});
