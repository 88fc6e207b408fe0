/**
 * Exports whose type is ascribed as a fresh abstract resource (`(export "r" (type $R) (type (sub
 * resource)))`, Explainer.md "Type Definitions": the existential introduction rule), and instance
 * exports ascribed an instance type with its own `(sub resource)`. Outside, the export is a new
 * abstract type; at run time types are erased, so functions typed with the export's new index
 * must lift and lower the handles the component's core code makes with `resource.new` of the
 * defined resource. Checked from TypeScript, through a parent component that lowers the child's
 * functions into its own core code, and on the interp and native engines.
 */

import { describe, expect, it } from 'vitest';
import { ResourceRef } from '../../../src/component/abi/resource-ref.js';
import { decodeComponent } from '../../../src/component/binary/index.js';
import { instantiateComponent } from '../../../src/component/link/index.js';
import { parseComponentText } from '../../../src/component/text/index.js';
import { createEngine } from '../../../src/engines.js';
import type { EngineKind } from '../../../src/runtime/engine.js';

/**
 * A component defining resource `$R` (rep = 10 x the constructor's argument; the destructor
 * records the last rep dropped) and exporting it only as `r`, ascribed `(sub resource)`, with a
 * constructor and a method typed with the export's new type index.
 */
const CHILD = `
  (core module $impl
    (global $last (mut i32) (i32.const 0))
    (func (export "dtor") (param i32) (global.set $last (local.get 0)))
    (func (export "last") (result i32) (global.get $last)))
  (core instance $impl (instantiate $impl))
  (alias core export $impl "dtor" (core func $dtor))
  (type $R (resource (rep i32) (dtor (core func $dtor))))
  (core func $new (canon resource.new $R))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) (call $new (i32.mul (local.get 0) (i32.const 10))))
    (func (export "get") (param i32) (result i32) (local.get 0)))
  (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
  (export $R2 "r" (type $R) (type (sub resource)))
  (func $ctor (param "v" u32) (result (own $R2)) (canon lift (core func $i "ctor")))
  (export "[constructor]r" (func $ctor))
  (func $get (param "self" (borrow $R2)) (result u32) (canon lift (core func $i "get")))
  (export "[method]r.get" (func $get))
  (func $last (result u32) (canon lift (core func $impl "last")))
  (export "last-dropped" (func $last))`;

/** The child instantiated inside a parent whose core code makes, reads and drops an `r`. */
const PARENT = `(component
  (component $C ${CHILD})
  (instance $c (instantiate $C))
  (alias export $c "r" (type $R))
  (alias export $c "[constructor]r" (func $ctor))
  (alias export $c "[method]r.get" (func $get))
  (core func $ctor-l (canon lower (func $ctor)))
  (core func $get-l (canon lower (func $get)))
  (core func $drop (canon resource.drop $R))
  (core module $use
    (import "c" "ctor" (func $ctor (param i32) (result i32)))
    (import "c" "get" (func $get (param i32) (result i32)))
    (import "c" "drop" (func $drop (param i32)))
    (func (export "round-trip") (param i32) (result i32) (local $h i32) (local $v i32)
      (local.set $h (call $ctor (local.get 0)))
      (local.set $v (call $get (local.get $h)))
      (call $drop (local.get $h))
      (local.get $v)))
  (core instance $u (instantiate $use
    (with "c" (instance (export "ctor" (func $ctor-l)) (export "get" (func $get-l)) (export "drop" (func $drop))))))
  (func $rt (param "v" u32) (result u32) (canon lift (core func $u "round-trip")))
  (export "round-trip" (func $rt))
  (export "api" (instance $c)))`;

/**
 * A bag of exports ascribed an instance type whose resource is a fresh `(sub resource)`; a
 * function lifted afterwards uses the resource through an alias of the exported instance.
 */
const INSTANCE_ASCRIBED = `(component
  (type $R (resource (rep i32)))
  (core func $new (canon resource.new $R))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) (call $new (i32.add (local.get 0) (i32.const 100))))
    (func (export "get") (param i32) (result i32) (local.get 0)))
  (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
  (export $R1 "r" (type $R))
  (func $ctor (param "v" u32) (result (own $R1)) (canon lift (core func $i "ctor")))
  (func $get (param "self" (borrow $R1)) (result u32) (canon lift (core func $i "get")))
  (instance $bag (export "r" (type $R1)) (export "new" (func $ctor)) (export "get" (func $get)))
  (export $api "api" (instance $bag) (instance
    (export "r" (type $r (sub resource)))
    (export "new" (func (param "v" u32) (result (own $r))))
    (export "get" (func (param "self" (borrow $r)) (result u32)))))
  (alias export $api "r" (type $R3))
  (func $make (param "v" u32) (result (own $R3)) (canon lift (core func $i "ctor")))
  (export "make" (func $make)))`;

function instantiate(text: string, engine: EngineKind) {
  return instantiateComponent(decodeComponent(parseComponentText(text, 'case.wat')), { engine: createEngine(engine) });
}

describe.each(['interp', 'native'] as const)('(sub resource)-ascribed exports on %s', (engine) => {
  it('decodes the export as a new abstract resource implemented by the defined one', () => {
    const c = decodeComponent(parseComponentText(`(component ${CHILD})`));
    const r = c.exports.get('r');
    expect(r?.kind === 'type' && r.type.kind === 'resource' && r.type.resource.implementedBy !== undefined && r.type.resource.rep === undefined).toBe(true);
  });

  it('constructs, calls methods on and drops the resource from TypeScript', () => {
    const inst = instantiate(`(component ${CHILD})`, engine);
    const r = inst.resource('r');
    expect(r.type.name).toBe('root.r');
    const x = r.construct(4) as ResourceRef;
    expect(x).toBeInstanceOf(ResourceRef);
    expect(x.type).toBe(r.type);
    expect(r.method('get', x)).toBe(40);
    expect(inst.call('last-dropped')).toBe(0);
    x.drop();
    expect(inst.call('last-dropped')).toBe(40);
  });

  it("lowers a child's functions over the ascribed resource into a parent's core code", () => {
    const inst = instantiate(PARENT, engine);
    expect(inst.call('round-trip', [7])).toBe(70);
    expect(inst.call('api#last-dropped')).toBe(70);
    const api = inst.instance('api');
    const x = api.resource('r').construct(2) as ResourceRef;
    expect(api.resource('r').method('get', x)).toBe(20);
    x.drop();
    expect(inst.call('api#last-dropped')).toBe(20);
  });

  it("binds an instance type's own (sub resource) to the exported bag's resource", () => {
    const inst = instantiate(INSTANCE_ASCRIBED, engine);
    const api = inst.instance('api');
    const fromMake = inst.call('make', [1]) as ResourceRef;
    expect(fromMake.type).toBe(api.resource('r').type);
    expect(api.call('get', [fromMake])).toBe(101);
    const fromNew = api.call('new', [2]) as ResourceRef;
    expect(fromNew.type).toBe(fromMake.type);
    expect(api.call('get', [fromNew])).toBe(102);
    fromMake.drop();
    fromNew.drop();
  });
});
