/**
 * The external-visibility rule for types (Explainer.md, "External Visibility of Types") across
 * nested instantiation: an instantiated child confers no names on the types its exports mention
 * (only exporting the instance, or the type, does), and a child's `eq`-bounded type imports stand
 * for the types supplied for them (wasm-tools' "type renamings"). Every case's verdict was checked
 * against wasm-tools' validator (jco's `componentWit`), which agrees on each.
 */

import { describe, expect, it } from 'vitest';
import { CompileError } from '../../../src/api/errors.js';
import { decodeComponent } from '../../../src/component/binary/index.js';
import { parseComponentText } from '../../../src/component/text/index.js';

/** A core instance `$ci` exporting `f: [i32] -> []`, for lifting `(func (param "r" <record>))`. */
const CORE = `
  (core module $m (func (export "f") (param i32)))
  (core instance $ci (instantiate $m))`;

interface Case {
  readonly name: string;
  readonly text: string;
  /** null: valid; else the start of the expected error. */
  readonly error: string | null;
}

const CASES: readonly Case[] = [
  {
    name: 'a record aliased out of an unexported instantiated child has no name',
    text: `(component ${CORE}
      (component $C
        (type $Rec (record (field "x" u32)))
        (export "t" (type $Rec)))
      (instance $c (instantiate $C))
      (alias export $c "t" (type $Rec))
      (func $f (param "r" $Rec) (canon lift (core func $ci "f")))
      (export "f" (func $f)))`,
    error: 'func not valid to be used as export',
  },
  {
    name: 'exporting the instantiated child names its types for aliases of the export',
    text: `(component ${CORE}
      (component $C
        (type $Rec (record (field "x" u32)))
        (export "t" (type $Rec)))
      (instance $c (instantiate $C))
      (export $c2 "c" (instance $c))
      (alias export $c2 "t" (type $Rec))
      (func $f (param "r" $Rec) (canon lift (core func $ci "f")))
      (export "f" (func $f)))`,
    error: null,
  },
  {
    name: "re-exporting a child's instance does not name types only the child exported",
    text: `(component
      (component $A ${CORE}
        (type $Rec (record (field "x" u32)))
        (export $Rec2 "t" (type $Rec))
        (func $f (param "r" $Rec2) (canon lift (core func $ci "f")))
        (instance $bag (export "f" (func $f)))
        (export "i" (instance $bag)))
      (instance $a (instantiate $A))
      (export "i2" (instance $a "i")))`,
    error: 'instance not valid to be used as export',
  },
  {
    name: "a child's function over its `eq` import is exportable when the argument is an imported name",
    text: `(component
      (type $Rec (record (field "x" u32)))
      (import "t" (type $T0 (eq $Rec)))
      (component $C ${CORE}
        (type $Rec (record (field "x" u32)))
        (import "t" (type $T (eq $Rec)))
        (func $g (param "r" $T) (canon lift (core func $ci "f")))
        (export "g" (func $g)))
      (instance $c (instantiate $C (with "t" (type $T0))))
      (export "g" (func $c "g")))`,
    error: null,
  },
  {
    name: "a child's function over its `eq` import is not exportable when the argument has no name",
    text: `(component
      (type $Rec (record (field "x" u32)))
      (component $C ${CORE}
        (type $Rec (record (field "x" u32)))
        (import "t" (type $T (eq $Rec)))
        (func $g (param "r" $T) (canon lift (core func $ci "f")))
        (export "g" (func $g)))
      (instance $c (instantiate $C (with "t" (type $Rec))))
      (export "g" (func $c "g")))`,
    error: 'func not valid to be used as export',
  },
  {
    name: 'renamings follow `eq` types through instance-typed imports',
    text: `(component
      (type $Rec (record (field "x" u32)))
      (import "i" (instance $i0 (export "t" (type (eq $Rec)))))
      (component $C ${CORE}
        (type $Rec (record (field "x" u32)))
        (import "i" (instance $i (export "t" (type (eq $Rec)))))
        (alias export $i "t" (type $T))
        (func $g (param "r" $T) (canon lift (core func $ci "f")))
        (export "g" (func $g)))
      (instance $c (instantiate $C (with "i" (instance $i0))))
      (export "g" (func $c "g")))`,
    error: null,
  },
  {
    name: "a renaming never names the parent's own type that a child's bound refers to",
    text: `(component ${CORE}
      (type $Rec (record (field "x" u32)))
      (import "n" (type $N (eq $Rec)))
      (component $C
        (alias outer 1 $Rec (type $R))
        (import "i" (instance (export "t" (type (eq $R))))))
      (instance $i (export "t" (type $N)))
      (instance $c (instantiate $C (with "i" (instance $i))))
      (func $f (param "r" $Rec) (canon lift (core func $ci "f")))
      (export "f" (func $f)))`,
    error: 'func not valid to be used as export',
  },
  {
    name: 'types of a nested bag of exports are named once the outer bag is exported',
    text: `(component ${CORE}
      (type $Rec (record (field "x" u32)))
      (instance $bag (export "t" (type $Rec)))
      (instance $bag2 (export "i" (instance $bag)))
      (export $b "b" (instance $bag2))
      (alias export $b "i" (instance $i))
      (alias export $i "t" (type $T))
      (func $f (param "r" $T) (canon lift (core func $ci "f")))
      (export "f" (func $f)))`,
    error: null,
  },
  {
    name: 'a type named by an exported instance cannot be used by an import',
    text: `(component
      (type $Rec (record (field "x" u32)))
      (instance $bag (export "t" (type $Rec)))
      (export $b "b" (instance $bag))
      (alias export $b "t" (type $T))
      (import "f" (func (param "r" $T))))`,
    error: 'func not valid to be used as import',
  },
  {
    name: 'a resource of an imported instance can be used by a later import',
    text: `(component
      (import "i" (instance $i (export "r" (type (sub resource)))))
      (alias export $i "r" (type $R))
      (import "f" (func (param "x" (own $R)))))`,
    error: null,
  },
  {
    name: "in a component type, an import cannot use a resource of an exported instance",
    text: `(component
      (type (component
        (export "i" (instance $i (export "r" (type (sub resource)))))
        (alias export $i "r" (type $R))
        (import "f" (func (result (own $R)))))))`,
    error: 'func not valid to be used as import',
  },
];

describe('external visibility through nested instantiation', () => {
  it.each(CASES)('$name', ({ text, error }) => {
    const bytes = parseComponentText(text, 'case.wat');
    if (error === null) {
      expect(() => decodeComponent(bytes)).not.toThrow();
      return;
    }
    let caught: unknown;
    try {
      decodeComponent(bytes);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CompileError);
    expect((caught as Error).message.startsWith(error)).toBe(true);
  });
});
