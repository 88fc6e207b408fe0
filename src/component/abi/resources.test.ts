import { describe, expect, it } from 'vitest';
import { Trap } from '../../api/errors.js';
import type { ResourceType } from '../types.js';
import { ComponentValueError } from './abi-errors.js';
import { ComponentInstanceState } from './instance-state.js';
import { ResourceRef } from './resource-ref.js';
import { RuntimeResourceType } from './resource-type.js';
import { CallScope, LendScope, liftBorrow, liftOwn, lowerBorrow, lowerOwn, resourceDrop, resourceNew, resourceRep } from './resources.js';
import { jsFunc } from './test-kit.js';
import { thrown } from '../../../test/support/thrown.js';

const trapOf = (f: () => unknown): Trap => thrown(f, Trap);

function guest(name = 'R') {
  const inst = new ComponentInstanceState({ name: `impl of ${name}` });
  const dropped: number[] = [];
  const dtor = jsFunc({ params: ['i32'], results: [] }, (rep: number) => {
    dropped.push(rep);
  });
  return { inst, dropped, type: RuntimeResourceType.guest(name, inst, dtor) };
}

describe('resource.new / resource.rep / resource.drop', () => {
  it('create, read and destroy a guest resource', () => {
    const { inst, dropped, type } = guest();
    const h = resourceNew(inst, type, 42);
    expect(h).toBe(1);
    expect(resourceRep(inst, type, h)).toBe(42);
    resourceDrop(inst, type, h);
    expect(dropped).toEqual([42]);
    expect(trapOf(() => resourceRep(inst, type, h)).message).toBe('unknown handle index 1');
  });

  it('reuses freed handle indices', () => {
    const { inst, type } = guest();
    expect([resourceNew(inst, type, 1), resourceNew(inst, type, 2), resourceNew(inst, type, 3)]).toEqual([1, 2, 3]);
    resourceDrop(inst, type, 2);
    resourceDrop(inst, type, 1);
    expect(resourceNew(inst, type, 4)).toBe(1);
    expect(resourceNew(inst, type, 5)).toBe(2);
    expect(resourceNew(inst, type, 6)).toBe(4);
  });

  it('a guest resource without a destructor drops silently', () => {
    const inst = new ComponentInstanceState();
    const t = RuntimeResourceType.guest('plain', inst);
    resourceDrop(inst, t, resourceNew(inst, t, 7));
    expect(inst.handles.size).toBe(0);
  });

  it('handles of two resource types share one table but keep their type', () => {
    const inst = new ComponentInstanceState();
    const r1 = RuntimeResourceType.guest('R1', inst);
    const r2 = RuntimeResourceType.guest('R2', inst);
    const h = resourceNew(inst, r1, 1);
    expect(resourceNew(inst, r2, 2)).toBe(2);
    const t = trapOf(() => resourceDrop(inst, r2, h));
    expect(t.message).toBe(
      'handle index 1 used with the wrong type, expected guest-defined resource but found a different guest-defined resource (expected `R2`, found `R1`)',
    );
    expect(trapOf(() => resourceRep(inst, r2, h)).message).toMatch(/^handle index 1 used with the wrong type/);
  });

  it('tables are per instance', () => {
    const { inst, type } = guest();
    const other = new ComponentInstanceState();
    resourceNew(inst, type, 1);
    expect(trapOf(() => resourceDrop(other, type, 1)).message).toBe('unknown handle index 1');
  });

  it('new and drop trap while the instance may not leave', () => {
    const { inst, type } = guest();
    const h = resourceNew(inst, type, 1);
    inst.mayLeave = false;
    expect(trapOf(() => resourceNew(inst, type, 2)).message).toMatch(/^cannot leave component instance/);
    expect(trapOf(() => resourceDrop(inst, type, h)).message).toMatch(/^cannot leave component instance/);
    expect(resourceRep(inst, type, h)).toBe(1);
  });

  it('dropping a handle of another instance’s resource enters that instance for the destructor', () => {
    const { inst: impl, dropped, type } = guest();
    const user = new ComponentInstanceState({ name: 'user' });
    const h = lowerOwn(user, ResourceRef.own(type, 9), type);
    impl.mayEnter = false;
    expect(trapOf(() => resourceDrop(user, type, h)).message).toMatch(/^cannot enter component instance `impl of R`/);
    expect(dropped).toEqual([]);
  });

  it('a host resource’s destroy receives its JS representation', () => {
    const destroyed: unknown[] = [];
    const stream = { fd: 1 };
    const t = RuntimeResourceType.host('output-stream', (rep) => destroyed.push(rep));
    const guestInst = new ComponentInstanceState();
    const h = lowerOwn(guestInst, ResourceRef.own(t, stream), t);
    resourceDrop(guestInst, t, h);
    expect(destroyed).toEqual([stream]);
  });

  it('a wrong type involving a host resource says so', () => {
    const inst = new ComponentInstanceState();
    const host = RuntimeResourceType.host('H');
    const g = RuntimeResourceType.guest('G', inst);
    const h = lowerOwn(inst, ResourceRef.own(host, {}), host);
    expect(trapOf(() => resourceDrop(inst, g, h)).message).toMatch(
      /^handle index 1 used with the wrong type, expected guest-defined resource but found a different host-defined resource/,
    );
  });
});

describe('own handles', () => {
  it('lifting moves the handle out; lowering moves it into another table', () => {
    const { type } = guest();
    const a = new ComponentInstanceState();
    const b = new ComponentInstanceState();
    const h = lowerOwn(a, ResourceRef.own(type, 5), type);
    const ref = liftOwn(a, h, type);
    expect(ref.kind).toBe('own');
    expect(ref.rep).toBe(5);
    expect(a.handles.size).toBe(0);
    const h2 = lowerOwn(b, ref, type);
    expect(resourceRep(b, type, h2)).toBe(5);
    expect(ref.state).toBe('moved');
  });

  it('a moved reference cannot be used again', () => {
    const { type } = guest();
    const ref = ResourceRef.own(type, 5);
    lowerOwn(new ComponentInstanceState(), ref, type);
    expect(() => lowerOwn(new ComponentInstanceState(), ref, type)).toThrow(ComponentValueError);
    expect(() => ref.rep).toThrow('resource reference to `R` is no longer usable: its ownership was transferred');
  });

  it('lowering refuses non-references, other types and borrows', () => {
    const { type } = guest();
    const other = RuntimeResourceType.host('other');
    const inst = new ComponentInstanceState();
    expect(() => lowerOwn(inst, 5, type)).toThrow('expected a ResourceRef for own<R>, got number 5');
    expect(() => lowerOwn(inst, ResourceRef.own(other, 1), type)).toThrow('expected a reference to resource `R`, got one to `other`');
    expect(() => lowerOwn(inst, ResourceRef.borrowed(type, 1), type)).toThrow('a borrowed `R` cannot be passed where own<R> is expected');
  });

  it('lifting a borrow handle as own traps', () => {
    const { type } = guest();
    const callee = new ComponentInstanceState();
    const h = lowerBorrow(callee, new CallScope(), ResourceRef.own(type, 1), type);
    expect(trapOf(() => liftOwn(callee, h, type)).message).toBe('handle index 1 is a borrow handle where an own handle is expected');
  });

  it('the host drops an owned guest resource through its destructor', () => {
    const { inst, dropped, type } = guest();
    const ref = liftOwn(inst, resourceNew(inst, type, 77), type);
    ref.drop();
    expect(dropped).toEqual([77]);
    expect(ref.state).toBe('dropped');
    expect(() => ref.drop()).toThrow(/no longer usable: it was dropped/);
  });

  it('the host cannot drop a guest resource while its instance is on the stack', () => {
    const { inst, type } = guest();
    const ref = liftOwn(inst, resourceNew(inst, type, 1), type);
    inst.enter(null);
    expect(trapOf(() => ref.drop()).message).toMatch(/^cannot enter component instance/);
  });
});

describe('borrow handles', () => {
  it('lending pins the handle until the call returns', () => {
    const { inst: impl, type } = guest();
    const caller = new ComponentInstanceState();
    const h = lowerOwn(caller, ResourceRef.own(type, 3), type);
    const lend = new LendScope();
    const ref = liftBorrow(caller, lend, h, type);
    expect(ref.kind).toBe('borrow');
    expect(caller.handles.get(h).numLends).toBe(1);
    expect(trapOf(() => resourceDrop(caller, type, h)).message).toMatch(/^cannot remove owned resource while borrowed/);
    expect(trapOf(() => liftOwn(caller, h, type)).message).toMatch(/^cannot remove owned resource while borrowed/);
    // The implementation receives the representation itself.
    expect(lowerBorrow(impl, new CallScope(), ref, type)).toBe(3);
    expect(impl.handles.size).toBe(0);
    lend.release();
    expect(caller.handles.get(h).numLends).toBe(0);
    expect(ref.state).toBe('expired');
    expect(() => ref.rep).toThrow('resource reference to `R` is no longer usable: the call that lent it has returned');
    resourceDrop(caller, type, h);
  });

  it('a callee that is not the implementation gets a borrow handle it must drop', () => {
    const { type } = guest();
    const callee = new ComponentInstanceState();
    const scope = new CallScope();
    const h = lowerBorrow(callee, scope, ResourceRef.own(type, 8), type);
    expect(scope.numBorrows).toBe(1);
    expect(resourceRep(callee, type, h)).toBe(8);
    expect(trapOf(() => scope.checkReturn()).message).toBe('borrow handles still remain at the end of the call (1 not dropped)');
    resourceDrop(callee, type, h);
    expect(scope.numBorrows).toBe(0);
    scope.checkReturn();
  });

  it('dropping a borrow handle does not run the destructor', () => {
    const { dropped, type } = guest();
    const callee = new ComponentInstanceState();
    const h = lowerBorrow(callee, new CallScope(), ResourceRef.own(type, 8), type);
    resourceDrop(callee, type, h);
    expect(dropped).toEqual([]);
  });

  it('a borrow handle lent on cannot be dropped during the inner call', () => {
    const { type } = guest();
    const mid = new ComponentInstanceState();
    const h = lowerBorrow(mid, new CallScope(), ResourceRef.own(type, 8), type);
    const lend = new LendScope();
    liftBorrow(mid, lend, h, type);
    expect(trapOf(() => resourceDrop(mid, type, h)).message).toBe('cannot drop borrow handle 1 while it is lent to 1 call(s)');
    lend.release();
    resourceDrop(mid, type, h);
  });

  it('borrows are only allowed as call arguments', () => {
    const { type } = guest();
    const inst = new ComponentInstanceState();
    const h = lowerOwn(inst, ResourceRef.own(type, 1), type);
    expect(trapOf(() => liftBorrow(inst, null, h, type)).message).toBe('a borrow handle can only be passed as a call argument');
    expect(() => lowerBorrow(inst, null, ResourceRef.own(type, 1), type)).toThrow(ComponentValueError);
  });

  it('a borrowed reference cannot be dropped by the host', () => {
    const t: ResourceType = RuntimeResourceType.host('H');
    expect(() => ResourceRef.borrowed(t, {}).drop()).toThrow('a borrowed `H` cannot be dropped by its borrower');
  });
});
