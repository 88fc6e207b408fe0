import { describe, expect, it } from 'vitest';
import { WatParseError } from './errors.js';
import { parseWast } from './wast.js';
import type { WastCommand, WastComponentValue } from './wast-types.js';

function commands(text: string): readonly WastCommand[] {
  return parseWast(text, 't.wast').commands;
}

/** The argument values of `(invoke "f" <values>)` after a component. */
function args(values: string): readonly WastComponentValue[] {
  const c = commands(`(component) (invoke "f" ${values})`)[1]!;
  if (c.kind !== 'component_action') throw new Error(c.kind);
  return c.action.args;
}

describe('parseWast: component commands', () => {
  it('keeps the fields of a text component, its name and where they start', () => {
    const [c] = commands(';; x\n(component $C\n  (type u8))');
    expect(c).toMatchObject({ kind: 'component', name: '$C', definition: false, line: 2, column: 1, source: { kind: 'text', text: '(type u8)', line: 3, column: 3 } });
  });

  it('reads definitions, binary and quote forms and instances', () => {
    const [d, b, q, i] = commands('(component definition $D (type u8)) (component $B binary "\\00asm") (component quote "(type u8)") (component instance $i $D)');
    expect(d).toMatchObject({ kind: 'component', name: '$D', definition: true, source: { kind: 'text', text: '(type u8)' } });
    expect(b).toMatchObject({ kind: 'component', name: '$B', source: { kind: 'binary', bytes: new Uint8Array([0, 0x61, 0x73, 0x6d]) } });
    expect(q).toMatchObject({ kind: 'component', name: null, source: { kind: 'quote' } });
    expect(i).toMatchObject({ kind: 'component_instance', name: '$i', component: '$D' });
  });

  it('keeps an empty component body as empty text', () => {
    expect(commands('(component)')[0]).toMatchObject({ source: { kind: 'text', text: '' } });
  });

  it('reads the assertions on components', () => {
    const cs = commands(`
      (assert_invalid (component (type u8)) "bad")
      (assert_malformed (component quote "(") "unexpected token")
      (assert_unlinkable (component (import "x" (func))) "missing")
      (assert_trap (component (type u8)) "boom")
      (component $C)
      (assert_return (invoke "f" (u32.const 1)) (str.const "x"))
      (assert_trap (invoke $C "g") "unreachable")`);
    expect(cs.map((c) => c.kind)).toEqual([
      'component_assert_invalid',
      'component_assert_malformed',
      'component_assert_unlinkable',
      'component_assert_uninstantiable',
      'component',
      'component_assert_return',
      'component_assert_trap',
    ]);
    expect(cs[0]).toMatchObject({ message: 'bad', component: { source: { kind: 'text', text: '(type u8)' } } });
    expect(cs[5]).toMatchObject({ action: { name: 'f', module: null, args: [{ kind: 'u32', value: 1 }] }, expected: [{ kind: 'string', value: 'x' }] });
    expect(cs[6]).toMatchObject({ action: { name: 'g', module: '$C' }, message: 'unreachable' });
  });

  it('reads invokes on core modules as core actions, by the target instance', () => {
    const cs = commands(`
      (module $M (func (export "f") (param i32)))
      (component $C)
      (invoke $M "f" (i32.const 1))
      (invoke $C "f" (u32.const 1))
      (invoke "f" (u8.const 2))
      (module)
      (invoke "f" (i32.const 3))`);
    expect(cs.map((c) => c.kind)).toEqual(['module', 'component', 'action', 'component_action', 'component_action', 'module', 'action']);
  });

  it('does not make a component definition the current instance', () => {
    const cs = commands('(module) (component definition $D) (invoke "f" (i32.const 1))');
    expect(cs[2]!.kind).toBe('action');
  });

  it.each<[string, string, WastComponentValue]>([
    ['bool', '(bool.const true)', { kind: 'bool', value: true }],
    ['u8', '(u8.const 0xff)', { kind: 'u8', value: 255 }],
    ['s8', '(s8.const -128)', { kind: 's8', value: -128 }],
    ['u16', '(u16.const 65_535)', { kind: 'u16', value: 65535 }],
    ['s16', '(s16.const -1)', { kind: 's16', value: -1 }],
    ['u32', '(u32.const 4294967295)', { kind: 'u32', value: 4294967295 }],
    ['s32', '(s32.const -2147483648)', { kind: 's32', value: -2147483648 }],
    ['u64', '(u64.const 18446744073709551615)', { kind: 'u64', value: 18446744073709551615n }],
    ['s64', '(s64.const -9223372036854775808)', { kind: 's64', value: -9223372036854775808n }],
    ['f32', '(f32.const 1.5)', { kind: 'f32', bits: 0x3fc00000 }],
    ['f64', '(f64.const -0)', { kind: 'f64', bits: 0x8000000000000000n }],
    ['char', '(char.const "🍰")', { kind: 'char', value: '🍰' }],
    ['string', '(str.const "a\\n\\u{1f600}")', { kind: 'string', value: 'a\n😀' }],
    ['list', '(list.const (u8.const 1) (u8.const 2))', { kind: 'list', items: [{ kind: 'u8', value: 1 }, { kind: 'u8', value: 2 }] }],
    ['empty list', '(list.const)', { kind: 'list', items: [] }],
    ['tuple', '(tuple.const (str.const "x") (bool.const false))', { kind: 'tuple', items: [{ kind: 'string', value: 'x' }, { kind: 'bool', value: false }] }],
    ['record (bare field values)', '(record.const (field "s" str.const "v") (field "n" u32.const 7))', { kind: 'record', fields: [{ name: 's', value: { kind: 'string', value: 'v' } }, { name: 'n', value: { kind: 'u32', value: 7 } }] }],
    ['record (parenthesised field values)', '(record.const (field "n" (u32.const 7)))', { kind: 'record', fields: [{ name: 'n', value: { kind: 'u32', value: 7 } }] }],
    ['variant', '(variant.const "s" (str.const "hi"))', { kind: 'variant', case: 's', payload: { kind: 'string', value: 'hi' } }],
    ['variant without payload', '(variant.const "none")', { kind: 'variant', case: 'none', payload: null }],
    ['enum', '(enum.const "red")', { kind: 'enum', case: 'red' }],
    ['none', '(option.none)', { kind: 'option', value: null }],
    ['some', '(option.some (u32.const 5))', { kind: 'option', value: { kind: 'u32', value: 5 } }],
    ['ok', '(result.ok)', { kind: 'result', ok: true, payload: null }],
    ['err', '(result.err (u32.const 404))', { kind: 'result', ok: false, payload: { kind: 'u32', value: 404 } }],
    ['flags', '(flags.const "a" "c")', { kind: 'flags', names: ['a', 'c'] }],
  ])('reads %s values', (_, text, value) => {
    expect(args(text)).toEqual([value]);
  });

  it.each([
    ['a negative unsigned value', '(u8.const -1)', 'constant out of range'],
    ['an unsigned value too large', '(u8.const 256)', 'constant out of range'],
    ['a signed value above the signed range', '(s8.const 200)', 'constant out of range'],
    ['an empty char', '(char.const "")', 'empty string'],
    ['a char of two characters', '(char.const "ab")', 'more than one character'],
    ['an unknown value form', '(u128.const 1)', 'expected a [type].const expression'],
    ['a bool that is not true or false', '(bool.const 1)', 'unexpected token'],
  ])('rejects %s', (_, text, reason) => {
    try {
      args(text);
      throw new Error('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(WatParseError);
      expect((e as WatParseError).reason).toBe(reason);
    }
  });

  it('limits the nesting of values', () => {
    const deep = '(list.const '.repeat(500) + ')'.repeat(500);
    expect(() => args(deep)).toThrow('component value nested too deeply');
  });

  it('still parses core scripts that start with a module field', () => {
    expect(commands('(func)')[0]).toMatchObject({ kind: 'module' });
  });
});
