import { describe, expect, it } from 'vitest';
import { CompileError } from '../../api/errors.js';
import { decodeComponent, isComponent } from './decoder.js';

// A tiny hand assembler for component binaries (Binary.md), enough to build the cases below.
const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
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
const str = (s: string): number[] => [...u32(utf8(s).length), ...utf8(s)];
const vec = (items: number[][]): number[] => [...u32(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...u32(body.length), ...body];
const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
const component = (...sections: number[][]): Uint8Array => new Uint8Array([...PREAMBLE, ...sections.flat()]);

// Productions.
const name = (s: string): number[] => [0x00, ...str(s)];
const types = (...ts: number[][]): number[] => section(7, vec(ts));
const imports = (...is: number[][]): number[] => section(10, vec(is));
const exportsSec = (...es: number[][]): number[] => section(11, vec(es));
const aliases = (...as: number[][]): number[] => section(6, vec(as));
const canons = (...cs: number[][]): number[] => section(8, vec(cs));
const U32 = 0x79;
const STRING = 0x73;
const record = (...fields: [string, number][]): number[] => [0x72, ...vec(fields.map(([n, t]) => [...str(n), t]))];
const func = (params: [string, number][], result: number | null): number[] => [0x40, ...vec(params.map(([n, t]) => [...str(n), t])), ...(result === null ? [0x01, 0x00] : [0x00, result])];
const resource = [0x3f, 0x7f, 0x00];
const externFunc = (t: number): number[] => [0x01, ...u32(t)];
const externTypeEq = (t: number): number[] => [0x03, 0x00, ...u32(t)];
const externTypeSub = [0x03, 0x01];
const externInstance = (t: number): number[] => [0x05, ...u32(t)];

// (module (func (export "f") (result i32) i32.const 0))
const CORE_F_I32 = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b];
const coreModule = section(1, CORE_F_I32);
const coreInstance = section(2, vec([[0x00, 0x00, ...vec([])]]));
const aliasCoreF = aliases([0x00, 0x00, 0x01, 0x00, ...str('f')]);

function liftF(resultType: number, opts: number[][] = []): Uint8Array {
  return component(coreModule, coreInstance, aliasCoreF, types(func([], resultType)), canons([0x00, 0x00, 0x00, ...vec(opts), 0x00]), exportsSec([...name('f'), 0x01, 0x00, 0x00]));
}

describe('decodeComponent', () => {
  it('handles a chain of 100000 nested types without exhausting the host stack', () => {
    const s33 = (n: number): number[] => {
      const o: number[] = [];
      for (;;) {
        const b = n & 0x7f;
        n = Math.floor(n / 128);
        if (n === 0 && !(b & 0x40)) return [...o, b];
        o.push(b | 0x80);
      }
    };
    const n = 100_000;
    const defs: number[][] = [[0x6b, U32]];
    for (let i = 1; i <= n; i++) defs.push([0x6b, ...s33(i - 1)]);
    defs.push([0x40, ...vec([[...str('a'), ...s33(n)]]), 0x01, 0x00]);
    const c = decodeComponent(component(types(...defs), imports([...name('r'), ...externTypeEq(n)]), imports([...name('f'), ...externFunc(n + 1)])));
    expect(c.imports.get('f')?.kind).toBe('func');
  });

  it('recognises the component preamble', () => {
    expect(isComponent(component())).toBe(true);
    expect(isComponent(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBe(false);
    expect(isComponent(new Uint8Array([0, 0x61]))).toBe(false);
  });

  it('can skip core-module validation and otherwise keeps the validated module', () => {
    expect(decodeComponent(liftF(U32)).definitions[0]).toMatchObject({ kind: 'core-module', module: { validated: expect.anything() } });
    const fast = decodeComponent(liftF(U32), { validateCoreModules: false }).definitions[0];
    expect(fast?.kind === 'core-module' && fast.module.validated).toBeUndefined();
  });

  it.each([
    // Note: the offset is the id's for a bad id, and where the size should start for a missing size.
    ['an unknown id with no size byte', [0xff], /^malformed section id/, 0],
    ['id 13 with no size byte', [0x0d], /^malformed section id/, 0],
    ['id 13 with a size', [0x0d, 0x00], /^malformed section id/, 0],
    ['a custom section id with no size byte', [0x00], /^unexpected end-of-file/, 1],
    ['a type section id with no size byte', [0x07], /^unexpected end-of-file/, 1],
  ])('checks the section id before its size: %s', (_what, bytes, message, at) => {
    let caught: unknown;
    try {
      decodeComponent(component(bytes));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CompileError);
    expect((caught as CompileError).message).toMatch(message);
    expect((caught as CompileError).offset).toBe(PREAMBLE.length + at);
  });

  it('decodes an empty component', () => {
    const c = decodeComponent(component());
    expect(c.definitions).toEqual([]);
    expect(c.imports.size).toBe(0);
  });

  it('lifts a core function and exports it', () => {
    const c = decodeComponent(liftF(U32));
    expect([...c.exports.keys()]).toEqual(['f']);
    expect(c.exports.get('f')).toEqual({ kind: 'func', type: { params: [], result: { kind: 'prim', prim: 'u32' } } });
    // Index spaces point back at the definitions that created each index.
    expect(c.spaces.coreModules).toHaveLength(1);
    expect(c.spaces.coreFuncs[0]!.type).toEqual({ params: [], results: ['i32'] });
    const canonDef = c.definitions[c.spaces.funcs[0]!.def]!;
    expect(canonDef.kind).toBe('canon');
    expect(c.definitions.map((d) => d.kind)).toEqual(['core-module', 'core-instance', 'alias', 'type', 'canon', 'export']);
  });

  it('looks up types and functions by index', async () => {
    const { typeAt, valueTypeAt, funcTypeAt } = await import('./resolve.js');
    const c = decodeComponent(component(types(record(['x', U32])), imports([...name('r'), ...externTypeEq(0)]), types(func([['a', 1]], null)), imports([...name('f'), ...externFunc(2)])));
    expect(valueTypeAt(c, 0)).toEqual({ kind: 'record', fields: [{ name: 'x', type: { kind: 'prim', prim: 'u32' } }] });
    expect(typeAt(c, 2).kind).toBe('func');
    expect(funcTypeAt(c, 0).params[0]!.type).toBe(valueTypeAt(c, 1));
    expect(() => valueTypeAt(c, 2)).toThrow(/not a defined value type/);
    expect(() => typeAt(c, 9)).toThrow(CompileError);
  });

  it('resolves imported types into value-type trees with resource identity', () => {
    const bytes = component(
      types([0x42, ...vec([[0x04, ...name('r'), ...externTypeSub], [0x01, 0x69, 0x00], [0x01, ...func([], 1)], [0x04, ...name('[constructor]r'), ...externFunc(2)]])]),
      imports([...name('ns:pkg/iface@1.2.3'), ...externInstance(0)]),
      aliases([0x03, 0x00, 0x00, ...str('r')]),
    );
    const c = decodeComponent(bytes);
    const inst = c.imports.get('ns:pkg/iface@1.2.3');
    if (inst?.kind !== 'instance') throw new Error('expected an instance');
    const r = inst.type.exports.get('r');
    const ctor = inst.type.exports.get('[constructor]r');
    if (r?.kind !== 'type' || r.type.kind !== 'resource' || ctor?.kind !== 'func' || ctor.type.result?.kind !== 'own') throw new Error('bad shapes');
    expect(ctor.type.result.resource).toBe(r.type.resource);
    // The alias of the export is the same resource.
    const aliased = c.spaces.types[1]!.type;
    expect(aliased).toEqual({ kind: 'resource', resource: r.type.resource });
  });

  it('keeps custom sections and reads the component-name section', () => {
    const nameSec = section(0, [...str('component-name'), ...section(0, str('demo')), ...section(1, [0x01, ...vec([[0x00, ...str('my-func')]])])]);
    const c = decodeComponent(new Uint8Array([...liftF(U32), ...nameSec, ...section(0, [...str('producers'), 1, 2, 3])]));
    expect(c.names?.component).toBe('demo');
    expect(c.names?.sorts.get('func')?.get(0)).toBe('my-func');
    expect(c.customSections.map((s) => s.name)).toEqual(['producers']);
    expect([...c.customSections[0]!.data]).toEqual([1, 2, 3]);
  });

  it('gives fresh resources to two imports of the same instance type', () => {
    const c = decodeComponent(
      component(types([0x42, ...vec([[0x04, ...name('r'), ...externTypeSub]])]), imports([...name('a'), ...externInstance(0)], [...name('b'), ...externInstance(0)])),
    );
    const a = c.imports.get('a');
    const b = c.imports.get('b');
    if (a?.kind !== 'instance' || b?.kind !== 'instance') throw new Error('expected instances');
    const ra = a.type.exports.get('r');
    const rb = b.type.exports.get('r');
    if (ra?.kind !== 'type' || rb?.kind !== 'type' || ra.type.kind !== 'resource' || rb.type.kind !== 'resource') throw new Error('bad shapes');
    expect(ra.type.resource).not.toBe(rb.type.resource);
  });

  it('checks instantiation: supplied resources must match `eq` bounds', () => {
    // (component (import "T1" (type (sub resource))) (import "T2" (type (sub resource)))
    //   (component (import "a" (type (sub resource))) (import "b" (type (eq 0))))
    //   (instance (instantiate 0 (with "a" (type T)) (with "b" (type U)))))
    const inner = [...component(imports([...name('a'), ...externTypeSub], [...name('b'), ...externTypeEq(0)]))];
    const make = (b: number): Uint8Array =>
      component(
        imports([...name('t1'), ...externTypeSub], [...name('t2'), ...externTypeSub]),
        section(4, inner),
        section(5, vec([[0x00, 0x00, ...vec([[...str('a'), 0x03, 0x00], [...str('b'), 0x03, b]])]])),
      );
    expect(() => decodeComponent(make(0))).not.toThrow();
    expect(() => decodeComponent(make(1))).toThrow(/resource types are not the same/);
  });

  it('requires an externally visible name for types used by exports', () => {
    const ok = component(types(record(['x', U32])), imports([...name('r'), ...externTypeEq(0)]), types(func([['a', 1]], null)), imports([...name('f'), ...externFunc(2)]));
    expect(() => decodeComponent(ok)).not.toThrow();
    const bad = component(types(record(['x', U32]), func([['a', 0]], null)), imports([...name('f'), ...externFunc(1)]));
    expect(() => decodeComponent(bad)).toThrow(/func not valid to be used as import/);
  });

  const invalid: [string, Uint8Array, RegExp][] = [
    ['a core module', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), /core module, not a component/],
    ['bad magic', new Uint8Array([1, 2, 3, 4, 0x0d, 0, 1, 0]), /magic header not detected/],
    ['an unknown version', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0c, 0, 1, 0]), /unknown binary version 0xc/],
    ['a truncated section', new Uint8Array([...PREAMBLE, 7, 10, 1]), /unexpected end/],
    ['an unknown section', component(section(13, [])), /unknown section id 13/],
    ['trailing bytes in a section', component(section(7, [0, 0])), /section size mismatch/],
    ['an empty record', component(types([0x72, 0x00])), /record type must have at least one field/],
    ['duplicate fields', component(types(record(['a-b', U32], ['A-B', U32]))), /record field name `A-B` conflicts with previous field name `a-b`/],
    ['a non-kebab field', component(types(record(['aB', U32]))), /record field name `aB` is not in kebab case/],
    ['an empty variant', component(types([0x71, 0x00])), /variant type must have at least one case/],
    ['an empty enum', component(types([0x6d, 0x00])), /enum type must have at least one variant/],
    ['33 flags', component(types([0x6e, ...vec(Array.from({ length: 33 }, (_, i) => str(`f${i}`)))])), /cannot have more than 32 flags/],
    ['own of a non-resource', component(types([U32], [0x69, 0x00])), /type index 0 is not a resource type/],
    ['borrow in a result', component(types(resource, [0x68, 0x00], func([], 1))), /function result cannot contain a `borrow` type/],
    ['a type index out of bounds', component(imports([...name('f'), ...externFunc(5)])), /type index out of bounds/],
    ['a func import of a non-func type', component(types([U32]), imports([...name('f'), ...externFunc(0)])), /type index 0 is not a function type/],
    ['a non-kebab import', component(types(func([], null)), imports([...name('aBc'), ...externFunc(0)])), /`aBc` is not in kebab case/],
    ['a bad interface version', component(types(func([], null)), imports([...name('a:b/c@1.'), ...externFunc(0)])), /is not a valid extern name.*unexpected end of input/],
    ['duplicate imports', component(types(func([], null)), imports([...name('a'), ...externFunc(0)], [...name('A'), ...externFunc(0)])), /import name `A` conflicts with previous name `a`/],
    ['a missing instance export', component(types([0x42, 0x00]), imports([...name('i'), ...externInstance(0)]), aliases([0x01, 0x00, 0x00, ...str('x')])), /instance 0 has no export named `x`/],
    ['an outer alias out of range', component(aliases([0x03, 0x02, 0x01, 0x00])), /invalid outer alias count/],
    ['a resource in an instance type', component(types([0x42, ...vec([[0x01, ...resource]])])), /resources can only be defined within a concrete component/],
    ['a method without self', component(imports([...name('r'), ...externTypeSub]), types(func([], null)), imports([...name('[method]r.m'), ...externFunc(1)])), /should have at least one argument/],
    ['a constructor without a result', component(types(func([], null)), imports([...name('[constructor]r'), ...externFunc(0)])), /function should return one value/],
    ['a static function of an unknown resource', component(types(func([], null)), imports([...name('[static]r.f'), ...externFunc(0)])), /static resource name is not known in this context/],
    ['resource.new of an imported resource', component(imports([...name('r'), ...externTypeSub]), canons([0x02, 0x00])), /not a local resource/],
    ['lifting strings without memory', liftF(STRING), /canonical option `memory` is required/],
    ['a lift whose core type does not match', liftF(0x77), /lowered result types `\[I64\]` do not match result types `\[I32\]`/],
    ['realloc without memory', liftF(U32, [[0x04, 0x00]]), /`realloc` requires `memory`/],
    ['two string encodings', liftF(U32, [[0x00], [0x01]]), /canonical encoding option `utf8` conflicts with option `utf16`/],
    ['a value type of 2^28 bytes', component(types([0x67, 0x7d, ...u32(2 ** 28)])), /exceeds maximum byte size/],
    ['a non-zero variant case byte', component(types([0x71, 0x01, ...str('c'), 0x00, 0x01])), /invalid leading byte \(0x1\) for zero byte required/],
    ['an outer alias of a func', component(aliases([0x01, 0x02, 0x00, 0x00])), /invalid leading byte \(0x1\) for component outer alias kind/],
    ['an invalid core module body', component(section(1, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b])), /invalid core module: type mismatch/],
    ['duplicate core imports', component(section(1, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0b, 0x02, 0x00, 0x01, 0x61, 0x00, 0x00, 0x00, 0x01, 0x61, 0x00, 0x00])), /duplicate import name `:a`/],
  ];
  it.each(invalid)('rejects %s', (_what, bytes, message) => {
    let err: unknown;
    try {
      decodeComponent(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).message).toMatch(message);
    expect((err as CompileError).offset).toBeGreaterThanOrEqual(0);
  });
});
