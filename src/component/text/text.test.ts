import { describe, expect, it } from 'vitest';
import type { Alias, Definition } from '../binary/ast.js';
import { decodeComponent } from '../binary/decoder.js';
import { WatParseError } from '../../wasm/text/errors.js';
import { parseComponentFields, parseComponentText } from './index.js';

const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** The decoded definitions of a component written in text. */
function defs(text: string): readonly Definition[] {
  return decodeComponent(parseComponentText(text)).definitions;
}

/** A compact description of a definition for table-driven expectations. */
function describeDef(d: Definition): string {
  switch (d.kind) {
    case 'alias':
      return `alias ${describeAlias(d.alias)}`;
    case 'type':
      return `type ${d.type.kind === 'defined' ? d.type.type.kind : d.type.kind}`;
    case 'core-type':
      return `core-type ${d.type.kind}`;
    case 'import':
      return `import ${d.name.raw} ${d.desc.kind}`;
    case 'export':
      return `export ${d.name.raw} ${d.sort} ${d.index}`;
    case 'canon':
      return `canon ${d.canon.kind}`;
    case 'instance':
      return `instance ${d.instance.kind}`;
    case 'core-instance':
      return `core-instance ${d.instance.kind}`;
    default:
      return d.kind;
  }
}

function describeAlias(a: Alias): string {
  if (a.kind === 'outer') return `outer ${a.sort} ${a.count} ${a.index}`;
  return `${a.kind} ${a.sort} ${a.instance} "${a.name}"`;
}

function parseError(text: string): WatParseError {
  try {
    parseComponentText(text, 't.wat');
  } catch (e) {
    if (e instanceof WatParseError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
}

describe('parseComponentText: encoding', () => {
  it('encodes an empty component as the preamble alone', () => {
    expect([...parseComponentText('(component)')]).toEqual(PREAMBLE);
    expect([...parseComponentText('')]).toEqual(PREAMBLE);
    expect([...parseComponentFields('')]).toEqual(PREAMBLE);
  });

  it('keeps the bytes of (component binary ...) and parses (component quote ...)', () => {
    expect([...parseComponentText('(component $c binary "\\00asm" "\\0d\\00\\01\\00")')]).toEqual(PREAMBLE);
    const quoted = parseComponentText('(component quote "(type $t u8)" "(export \\"t\\" (type $t))")');
    expect(decodeComponent(quoted).definitions.map(describeDef)).toEqual(['type prim', 'export t type 0']);
  });

  it('shares one section among consecutive definitions of a kind', () => {
    const b = parseComponentText('(component (type u8) (type u16) (import "a" (func)) (type u32))');
    // One type section holds u8, u16 and the import's function type; then the import section;
    // then a type section for u32.
    expect([...b.subarray(8)]).toEqual([0x07, 0x07, 0x03, 0x7d, 0x7b, 0x40, 0x00, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x00, 0x01, 0x61, 0x01, 0x02, 0x07, 0x02, 0x01, 0x79]);
  });

  it.each([
    ['an inline export is appended after every field', '(component (type (export "t") u8) (type u16))', ['type prim', 'type prim', 'export t type 0']],
    ['an inline function type becomes a type just before its user', '(component (import "f" (func (param "x" u32) (result string))))', ['type func', 'import f func']],
    ['an inline value type becomes its own type', '(component (import "f" (func (param "x" (list (option u8))))))', ['type option', 'type list', 'type func', 'import f func']],
    ['an inline instance type becomes a type', '(component (import "i" (instance (export "f" (func)))))', ['type instance', 'import i instance']],
    ['an export name path becomes aliases', '(component (import "i" (instance $i (export "j" (instance (export "f" (func)))))) (export "g" (func $i "j" "f")))', ['type instance', 'import i instance', 'alias export instance 0 "j"', 'alias export func 1 "f"', 'export g func 0']],
    ['a name from an enclosing component becomes an outer alias', '(component $C (type $t u8) (component (import "x" (func (param "a" $t)))))', ['type prim', 'component']],
    ['(func (alias export ...)) is an alias', '(component (import "i" (instance $i (export "f" (func)))) (func $f (alias export $i "f")) (export "f" (func $f)))', ['type instance', 'import i instance', 'alias export func 0 "f"', 'export f func 0']],
    ['(core func (alias core export ...)) is a core alias', '(component (core module $m (func (export "f"))) (core instance $i (instantiate $m)) (core func (alias core export $i "f")))', ['core-module', 'core-instance instantiate', 'alias core-export core func 0 "f"']],
    ['an inline instantiation argument becomes an instance of exports', '(component (core module $M (import "" "f" (func))) (core module $N (func (export "f"))) (core instance $n (instantiate $N)) (core instance (instantiate $M (with "" (instance (export "f" (func $n "f")))))))', ['core-module', 'core-module', 'core-instance instantiate', 'alias core-export core func 0 "f"', 'core-instance exports', 'core-instance instantiate']],
    ['(func ... (canon lift ...)) is a type, an alias and a lift', '(component (core module $m (func (export "f"))) (core instance $i (instantiate $m)) (func (export "f") (canon lift (core func $i "f"))))', ['core-module', 'core-instance instantiate', 'type func', 'alias core-export core func 0 "f"', 'canon lift', 'export f func 0']],
    ['start with value arguments and results', '(component (import "f" (func $f (param "x" u32) (result u32))) (import "v" (value $v u32)) (start $f (value $v) (result (value $r))) (export "r" (value $r)))', ['type func', 'import f func', 'import v value', 'start', 'export r value 1']],
    ['every defined value type', '(component (type $r (resource (rep i32))) (type (variant (case "a" u8) (case $b "b"))) (type (tuple u8 string)) (type (list u8 4)) (type (result (error u8))) (type (result)) (type (flags "a")) (type (enum "x")) (type (option char)) (type (record (field "f" (own $r)))))', ['type resource', 'type variant', 'type tuple', 'type list', 'type result', 'type result', 'type flags', 'type enum', 'type option', 'type own', 'type record']],
    ['core instances of exported tables and globals', '(component (core module $m (table (export "t") 1 funcref) (global (export "g") (mut i32) (i32.const 0))) (core instance $i (instantiate $m)) (core instance (export "t" (table $i "t")) (export "g" (global $i "g"))))', ['core-module', 'core-instance instantiate', 'alias core-export core table 0 "t"', 'alias core-export core global 0 "g"', 'core-instance exports']],
    ['resource built-ins take a type index or a type reference', '(component (type $r (resource (rep i32))) (core func (canon resource.new $r)) (canon resource.drop (type $r) (core func)))', ['type resource', 'canon resource.new', 'canon resource.drop']],
  ])('%s', (_, text, expected) => {
    expect(defs(text).map(describeDef)).toEqual(expected);
  });

  it('inserts the outer alias into the nested component, named like the outer type', () => {
    const d = defs('(component $C (type $t u8) (component (import "x" (func (param "a" $t)))))');
    const nested = d[1]!;
    if (nested.kind !== 'component') throw new Error(nested.kind);
    expect(nested.component.definitions.map(describeDef)).toEqual(['alias outer type 1 0', 'type func', 'import x func']);
  });

  it('numbers items as exports introduce new indices (numeric references follow)', () => {
    const d = defs(`(component
      (component (core module) (export "a" (core module 0)))
      (instance (instantiate 0))
      (alias export 0 "a" (core module))
      (export "a" (core module 0))
      (core instance (instantiate 1)))`);
    expect(d.map(describeDef)).toEqual(['component', 'instance instantiate', 'alias export core module 0 "a"', 'export a core module 0', 'core-instance instantiate']);
    const last = d[4]!;
    expect(last.kind === 'core-instance' && last.instance.kind === 'instantiate' && last.instance.module).toBe(1);
  });

  it('gives module type imports and exports the type written in the text, or a type of their own', () => {
    const d = defs('(component (core type (module (type $f (func (param i32))) (import "a" "b" (func (type $f))) (export "c" (func (param i32))) (export "d" (func)) (export "e" (func)))))');
    const t = d[0]!;
    if (t.kind !== 'core-type' || t.type.kind !== 'module') throw new Error('not a module type');
    expect(t.type.decls.map((x) => x.kind)).toEqual(['type', 'import', 'export', 'type', 'export', 'type', 'export']);
  });

  it('encodes canonical options', () => {
    const d = defs(`(component
      (core module $m (memory (export "mem") 1)
        (func (export "f") (param i32 i32) (result i32) unreachable)
        (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
        (func (export "post") (param i32)))
      (core instance $i (instantiate $m))
      (func (param "s" string) (result string)
        (canon lift (core func $i "f") string-encoding=utf16 (memory (core memory $i "mem"))
          (realloc (core func $i "realloc")) (post-return (core func $i "post")))))`);
    const lift = d.find((x) => x.kind === 'canon');
    if (lift?.kind !== 'canon' || lift.canon.kind !== 'lift') throw new Error('no lift');
    expect(lift.canon.options.map((o) => o.kind)).toEqual(['string-encoding', 'memory', 'realloc', 'post-return']);
    expect(lift.canon.options[0]).toEqual({ kind: 'string-encoding', encoding: 'utf16' });
  });

  it('encodes extern name attributes', () => {
    const d = defs('(component (import "a" (implements "x:y/z") (instance)) (import "b" (external-id "e") (func)))');
    const imps = d.filter((x) => x.kind === 'import');
    expect(imps.map((x) => x.kind === 'import' && x.attrs)).toEqual([{ implements: 'x:y/z' }, { externalId: 'e' }]);
  });

  it('names the component and its definitions in a component-name section', () => {
    const c = decodeComponent(parseComponentText('(component $top (type $t u8) (type u16) (core module $m) (component $c (type $inner u8)) (func $f (import "f")))'));
    expect(c.names?.component).toBe('top');
    const sorts = Object.fromEntries([...(c.names?.sorts ?? [])].map(([sort, m]) => [sort, Object.fromEntries(m)]));
    // Note: the import's function type is the generated type 2, which has no name.
    expect(sorts).toEqual({ type: { 0: 't' }, 'core module': { 0: 'm' }, component: { 0: 'c' }, func: { 0: 'f' } });
    const nested = c.definitions.find((d) => d.kind === 'component');
    expect(nested?.kind === 'component' && nested.component.names?.component).toBe('c');
    expect(decodeComponent(parseComponentText('(component (type u8))')).names).toBeNull();
  });

  it('accepts a bare field list, and a field list whose first field is a nested component', () => {
    expect(decodeComponent(parseComponentText('(type u8)')).definitions.map(describeDef)).toEqual(['type prim']);
    const b = parseComponentFields('(component $A) (component $B)');
    expect(decodeComponent(b).definitions.map(describeDef)).toEqual(['component', 'component']);
  });

  it('resolves an outer alias by the component id passed for a bare field list', () => {
    const b = parseComponentFields('(type $T u8) (component (alias outer $C $T (type)))', 't', { id: '$C' });
    const nested = decodeComponent(b).definitions[1]!;
    if (nested.kind !== 'component') throw new Error(nested.kind);
    expect(nested.component.definitions.map(describeDef)).toEqual(['alias outer type 1 0']);
  });
});

describe('parseComponentText: errors', () => {
  // Each case: the text, the expected reason, and the token the error points at (its last
  // occurrence in the one-line text; the duplicate-identifier case points at the definition).
  it.each([
    ['duplicate identifiers', '(component (type $t u8) (type $t u8))', 'duplicate type identifier', '(type $t u8))'],
    ['unknown names', '(component (export "x" (func $nope)))', 'unknown func: failed to find name `$nope`', '$nope'],
    ['outer names of a sort that cannot be aliased from outside', '(component (import "x" (func $x)) (component (export "x" (func $x))))', 'outer item `x` is not a module, type, or component', '$x'],
    ['unknown outer components', '(component (component (alias outer $Z 0 (type))))', 'outer component `Z` not found', '$Z'],
    ['outer counts beyond the enclosing components', '(component (alias outer 1 $t (type)))', 'outer count of `1` is too large', '(alias'],
    ['the legacy option syntax with an export name', '(component (core module $m (memory (export "m") 1)) (core instance $i (instantiate $m)) (core func (canon lower (func 0) (memory $i "m"))))', 'an export name must be written inside a nested reference', '"m"'],
    ['the legacy reference syntax without `core`', '(component (core module $m) (core instance $i (instantiate $m)) (core func (canon lower (func 0) (realloc (func 0)))))', 'the `core` keyword is required in this reference', 'func 0)))))'],
    ['outer core types that were not aliased explicitly', '(component (core module $m) (core instance $i (instantiate $m)) (core type (module (alias outer 1 $i (type)))))', 'unknown core type: failed to find name `$i`', '$i'],
    ['misspelt keywords', '(component (tpye u8))', 'unexpected token', 'tpye'],
    ['unclosed fields', '(component (type u8)', 'unexpected token', ''],
  ])('reports %s', (_, text, reason, at) => {
    const e = parseError(text);
    expect(e.reason).toContain(reason);
    expect([e.line, e.column]).toEqual([1, (at === '' ? text.length : text.lastIndexOf(at)) + 1]);
  });

  it('reports core module errors at their place in the component text', () => {
    const e = parseError('(component\n  (core module\n    (func (i32.foo))))');
    expect(e.reason).toBe('unknown operator i32.foo');
    expect([e.line, e.column]).toEqual([3, 12]);
  });

  it('counts positions from the origin given for embedded text', () => {
    try {
      parseComponentFields('(type u8)\n(tpye u8)', 'f.wast', { origin: { line: 10, column: 5 } });
      throw new Error('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(WatParseError);
      expect((e as WatParseError).message).toBe('f.wast:11:2: unexpected token');
    }
  });

  it('rejects text bytes that are not UTF-8', () => {
    expect(() => parseComponentFields(new Uint8Array([0x28, 0x74, 0xff]))).toThrow('malformed UTF-8 encoding');
  });

  it('limits nesting with an error instead of exhausting the host stack', () => {
    const deepTypes = '(component (type ' + '(list '.repeat(5000) + 'u8' + ')'.repeat(5000) + '))';
    expect(parseError(deepTypes).reason).toContain('nesting too deep');
    const deepComponents = '(component ' + '(component '.repeat(5000) + ')'.repeat(5001);
    expect(parseError(deepComponents).reason).toContain('nesting too deep');
    const deepTypeDecls = '(component (type ' + '(component (type '.repeat(3000) + 'u8' + '))'.repeat(3000) + '))';
    expect(parseError(deepTypeDecls).reason).toContain('nesting too deep');
  });

  it('leaves invalid components to the validator (the text only has to resolve)', () => {
    const b = parseComponentText('(component (type $r (resource (rep i32))) (export "f" (func 5)))');
    expect(() => decodeComponent(b)).toThrow();
  });
});
