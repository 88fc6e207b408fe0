import { describe, expect, it } from 'vitest';
import { CompileError } from '../../api/errors.js';
import { decodeModule } from './decoder.js';
import { offsetsOf } from './module-offsets.js';
import type { SyntheticCode } from './synthetic-code.js';

// ---- hand assembly ----------------------------------------------------------------------------

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...leb(b.length), ...b];
}

function vec(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function mod(...sections: number[][]): Uint8Array {
  return Uint8Array.from([...HEADER, ...sections.flat()]);
}

const TYPE_VOID = section(1, vec([[0x60, 0, 0]]));
const FUNC_1 = section(3, vec([[0]]));
const code = (...bodies: number[][]): number[] => section(10, vec(bodies.map((b) => [...leb(b.length), ...b])));
/** A module with one `[] -> []` function whose body (after the local declarations) is `body`. */
const withBody = (body: number[], ...extra: number[][]): Uint8Array =>
  mod(TYPE_VOID, FUNC_1, ...extra, code([0, ...body]));

function decodeError(bytes: Uint8Array): CompileError {
  try {
    decodeModule(bytes);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

// ---- well-formed modules ----------------------------------------------------------------------

describe('decodeModule: well-formed modules', () => {
  it('decodes the empty module', () => {
    const m = decodeModule(mod());
    expect(m.types).toEqual([]);
    expect(m.funcs).toEqual([]);
    expect(m.start).toBeNull();
    expect(m.dataCount).toBeNull();
    expect(m.names).toBeNull();
  });

  it('decodes every non-code section', () => {
    const m = decodeModule(
      mod(
        section(1, vec([[0x60, 2, 0x7f, 0x7e, 1, 0x7b], [0x60, 0, 0]])),
        section(
          2,
          vec([
            [...str('env'), ...str('f'), 0x00, 1],
            [...str('env'), ...str('t'), 0x01, 0x6f, 0x01, 1, 5],
            [...str('env'), ...str('m'), 0x02, 0x00, 2],
            [...str('env'), ...str('g'), 0x03, 0x7d, 0x01],
          ]),
        ),
        section(3, vec([[1], [0]])),
        section(4, vec([[0x70, 0x00, 3]])),
        section(6, vec([[0x7f, 0x00, 0x41, 0x2a, 0x0b]])),
        section(7, vec([[...str('run'), 0x00, 1], [...str('mem'), 0x02, 0]])),
        section(8, [1]),
        section(12, [0]),
        code([0, 0x0b], [1, 2, 0x7c, 0x0b]),
      ),
    );
    expect(m.types).toEqual([
      { params: ['i32', 'i64'], results: ['v128'] },
      { params: [], results: [] },
    ]);
    expect(m.imports).toEqual([
      { module: 'env', name: 'f', desc: { kind: 'func', typeIdx: 1 } },
      { module: 'env', name: 't', desc: { kind: 'table', type: { elemType: 'externref', limits: { min: 1, max: 5 } } } },
      { module: 'env', name: 'm', desc: { kind: 'memory', type: { limits: { min: 2 } } } },
      { module: 'env', name: 'g', desc: { kind: 'global', type: { valType: 'f32', mutable: true } } },
    ]);
    expect(m.tables).toEqual([{ elemType: 'funcref', limits: { min: 3 } }]);
    expect(m.globals[0]!.type).toEqual({ valType: 'i32', mutable: false });
    const init = m.globals[0]!.init;
    expect([...init.bytes.subarray(init.start, init.end)]).toEqual([0x41, 0x2a, 0x0b]);
    expect(m.exports).toEqual([
      { name: 'run', kind: 'func', index: 1 },
      { name: 'mem', kind: 'memory', index: 0 },
    ]);
    expect(m.start).toBe(1);
    expect(m.dataCount).toBe(0);
    expect(m.funcs.map((f) => f.typeIdx)).toEqual([1, 0]);
    expect(m.funcs[1]!.locals).toEqual([{ count: 2, type: 'f64' }]);
    const body = m.funcs[1]!.body;
    expect([...body.bytes.subarray(body.start, body.end)]).toEqual([0x0b]);
  });

  it('keeps function bodies as byte ranges of the module', () => {
    const bytes = withBody([0x41, 0x01, 0x1a, 0x0b]);
    const { body } = decodeModule(bytes).funcs[0]!;
    expect(body.bytes).toBe(bytes);
    expect([...bytes.subarray(body.start, body.end)]).toEqual([0x41, 0x01, 0x1a, 0x0b]);
  });

  it.each([
    ['flags 0: active, table 0, indices', [0x00, 0x41, 0x00, 0x0b, 1, 0], 'active', 0, 'funcref'],
    ['flags 1: passive, elemkind, indices', [0x01, 0x00, 1, 0], 'passive', 0, 'funcref'],
    ['flags 2: active, table, elemkind, indices', [0x02, 1, 0x41, 0x00, 0x0b, 0x00, 1, 0], 'active', 1, 'funcref'],
    ['flags 3: declarative, elemkind, indices', [0x03, 0x00, 1, 0], 'declarative', 0, 'funcref'],
    ['flags 4: active, table 0, expressions', [0x04, 0x41, 0x00, 0x0b, 1, 0xd2, 0, 0x0b], 'active', 0, 'funcref'],
    ['flags 5: passive, reftype, expressions', [0x05, 0x6f, 1, 0xd0, 0x6f, 0x0b], 'passive', 0, 'externref'],
    ['flags 6: active, table, reftype, expressions', [0x06, 1, 0x41, 0x00, 0x0b, 0x70, 1, 0xd2, 0, 0x0b], 'active', 1, 'funcref'],
    ['flags 7: declarative, reftype, expressions', [0x07, 0x70, 1, 0xd2, 0, 0x0b], 'declarative', 0, 'funcref'],
  ] as const)('decodes element segments, %s', (_name, seg, mode, table, elemType) => {
    const m = decodeModule(mod(TYPE_VOID, FUNC_1, section(9, vec([[...seg]])), code([0, 0x0b])));
    const e = m.elems[0]!;
    expect(e.mode).toBe(mode);
    expect(e.table).toBe(table);
    expect(e.elemType).toBe(elemType);
    expect(e.offset === null).toBe(mode !== 'active');
    expect(e.init).toHaveLength(1);
    const c = e.init[0]!;
    expect(c.bytes[c.end - 1]).toBe(0x0b);
  });

  it('turns function indices into ref.func expressions that remember their origin', () => {
    const bytes = mod(TYPE_VOID, FUNC_1, section(9, vec([[0x01, 0x00, 2, 0x80, 0x00, 0]])), code([0, 0x0b]));
    const [a, b] = decodeModule(bytes).elems[0]!.init as SyntheticCode[];
    expect([...a!.bytes.subarray(a!.start, a!.end)]).toEqual([0xd2, 0x80, 0x00, 0x0b]);
    expect([...b!.bytes.subarray(b!.start, b!.end)]).toEqual([0xd2, 0x00, 0x0b]);
    expect(bytes[a!.origin]).toBe(0x80);
  });

  it.each([
    ['flags 0: active in memory 0', [0x00, 0x41, 0x08, 0x0b, 2, 0xaa, 0xbb], 'active', [0xaa, 0xbb]],
    ['flags 1: passive', [0x01, 1, 0xcc], 'passive', [0xcc]],
    ['flags 2: active with memory index', [0x02, 0, 0x41, 0x08, 0x0b, 0], 'active', []],
  ] as const)('decodes data segments, %s', (_name, seg, mode, contents) => {
    const m = decodeModule(mod(section(5, vec([[0, 1]])), section(11, vec([[...seg]]))));
    const d = m.datas[0]!;
    expect(d.mode).toBe(mode);
    expect(d.memory).toBe(0);
    expect(d.offset === null).toBe(mode === 'passive');
    expect([...d.bytes]).toEqual(contents);
  });

  it('keeps custom sections anywhere and in order', () => {
    const m = decodeModule(mod(section(0, [...str('a'), 1, 2]), TYPE_VOID, section(0, [...str('b')])));
    expect(m.customs.map((c) => [c.name, [...c.bytes]])).toEqual([
      ['a', [1, 2]],
      ['b', []],
    ]);
    expect(m.customs[0]!.offset).toBe(HEADER.length + 4);
  });

  it('accepts non-minimal LEB128 encodings', () => {
    const m = decodeModule(mod([0x01, 0x84, 0x80, 0x80, 0x80, 0x00, 0x01, 0x60, 0x00, 0x00]));
    expect(m.types).toHaveLength(1);
  });

  it('records entry offsets without making them enumerable', () => {
    const bytes = mod(TYPE_VOID, FUNC_1, section(7, vec([[...str('f'), 0, 0]])), code([0, 0x0b]));
    const m = decodeModule(bytes);
    expect(Object.keys(m)).not.toContain('offsets');
    const offsets = offsetsOf(m)!;
    expect(bytes[offsets.exports[0]!]).toBe(1); // the name's length byte
    expect(bytes[offsets.types[0]!]).toBe(0x60);
  });
});

// ---- malformed modules ------------------------------------------------------------------------

describe('decodeModule: malformed modules', () => {
  it.each([
    ['empty input', [], 'unexpected end'],
    ['short magic', [0x00, 0x61, 0x73], 'unexpected end'],
    ['wrong magic', [0x00, 0x41, 0x53, 0x4d, 1, 0, 0, 0], 'magic header not detected'],
    ['short version', [...HEADER.slice(0, 6)], 'unexpected end'],
    ['wrong version', [...HEADER.slice(0, 4), 2, 0, 0, 0], 'unknown binary version'],
  ])('header: %s', (_name, bytes, message) => {
    expect(decodeError(Uint8Array.from(bytes)).reason).toBe(message);
  });

  it.each<[string, number[][], string]>([
    ['section id 14', [[0x0e, 0x01, 0x00]], 'malformed section id'],
    ['tag section (exceptions)', [[0x0d, 0x01, 0x00]], 'malformed section id (exception handling is not supported: Wasm 2.0)'],
    ['section size beyond the input', [[0x01, 0x07, 0x01, 0x60, 0x00, 0x00]], 'length out of bounds'],
    ['section shorter than its contents', [[0x01, 0x03, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00]], 'section size mismatch'],
    ['duplicate section', [TYPE_VOID, TYPE_VOID], 'unexpected content after last section'],
    ['sections out of order', [FUNC_1, TYPE_VOID], 'unexpected content after last section'],
    ['data count after code', [section(10, [0]), section(12, [0])], 'unexpected content after last section'],
    ['function section without code', [TYPE_VOID, FUNC_1], 'function and code section have inconsistent lengths'],
    ['code section without function section', [code([0, 0x0b])], 'function and code section have inconsistent lengths'],
    ['data count mismatch', [section(5, vec([[0, 1]])), section(12, [1])], 'data count and data section have inconsistent lengths'],
    ['vector count beyond the input', [section(1, [0x05, 0x60])], 'length out of bounds'],
    ['truncated entry', [section(5, [0x01])], 'unexpected end of section or function'],
    ['bad function type form', [section(1, vec([[0x61, 0, 0]]))], 'malformed function type'],
    ['GC struct type', [section(1, vec([[0x5f, 0]]))], 'malformed function type (garbage collection'],
    ['bad value type', [section(1, vec([[0x60, 1, 0x40, 0]]))], 'malformed value type'],
    ['typed function reference', [section(1, vec([[0x60, 1, 0x63, 0x70, 0]]))], 'malformed value type (typed function references'],
    ['overlong value type', [section(1, vec([[0x60, 1, 0xff, 0x7f, 0]]))], 'integer representation too long'],
    ['import kind 5', [section(2, vec([[...str('a'), ...str('b'), 0x05]]))], 'malformed import kind'],
    ['tag import', [section(2, vec([[...str('a'), ...str('b'), 0x04, 0, 0]]))], 'malformed import kind (exception handling'],
    ['bad UTF-8 in a name', [section(2, vec([[1, 0xff, ...str('b'), 0x00, 0]]))], 'malformed UTF-8 encoding'],
    ['surrogate in a name', [section(0, [4, 3, 0xed, 0xa0, 0x80])], 'malformed UTF-8 encoding'],
    ['mutability 2', [section(6, vec([[0x7f, 0x02, 0x41, 0, 0x0b]]))], 'malformed mutability'],
    ['limits flag 2 (shared memory)', [section(5, vec([[0x03, 1, 1]]))], 'integer too large (threads'],
    ['limits flag 4 (memory64)', [section(5, vec([[0x04, 1]]))], 'integer too large (64-bit memories'],
    ['overlong limits flag', [section(5, vec([[0x81, 0x00, 0, 0]]))], 'integer representation too long'],
    ['table of i32', [section(4, vec([[0x7f, 0, 0]]))], 'malformed reference type'],
    ['export kind 4', [section(7, vec([[...str('x'), 0x04, 0]]))], 'malformed export kind'],
    ['element segment flags 8', [section(9, vec([[0x08]]))], 'malformed elements segment kind'],
    ['element kind 1', [section(9, vec([[0x01, 0x01, 0]]))], 'malformed element kind'],
    ['element reftype i32', [section(9, vec([[0x05, 0x7f, 0]]))], 'malformed reference type'],
    ['data segment flags 3', [section(11, vec([[0x03]]))], 'malformed data segment kind'],
    ['u32 too large', [section(3, vec([[0xff, 0xff, 0xff, 0xff, 0x1f]]))], 'integer too large'],
    ['u32 too long', [section(3, vec([[0x80, 0x80, 0x80, 0x80, 0x80, 0x00]]))], 'integer representation too long'],
    ['custom section name longer than the section', [[0x00, 0x01, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65]], 'unexpected end'],
    ['global init without end', [section(6, vec([[0x7f, 0x00, 0x41, 0x00]]))], 'unexpected end'],
    ['illegal opcode in a constant expression', [section(6, vec([[0x7f, 0x00, 0xc5, 0x0b]]))], 'illegal opcode 0xc5'],
  ])('sections: %s', (_name, sections, message) => {
    expect(decodeError(mod(...sections)).reason.startsWith(message)).toBe(true);
  });

  it.each<[string, number[], string]>([
    ['missing end', [0x41, 0x01, 0x1a], 'unexpected end of section or function'],
    ['else outside if', [0x05, 0x0b], 'END opcode expected'],
    ['else in a block', [0x02, 0x40, 0x05, 0x0b, 0x0b], 'END opcode expected'],
    ['second else', [0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0b, 0x0b], 'END opcode expected'],
    ['unknown opcode', [0xc5, 0x0b], 'illegal opcode 0xc5'],
    ['return_call', [0x12, 0x00, 0x0b], 'illegal opcode 0x12 (tail calls are not supported: Wasm 2.0)'],
    ['try', [0x06, 0x40, 0x0b, 0x0b], 'illegal opcode 0x06 (exception handling'],
    ['call_ref', [0x14, 0x00, 0x0b], 'illegal opcode 0x14 (typed function references'],
    ['GC prefix', [0xfb, 0x00, 0x0b], 'illegal opcode 0xfb (garbage collection'],
    ['atomics prefix', [0xfe, 0x00, 0x0b], 'illegal opcode 0xfe (threads'],
    ['unknown 0xfc opcode', [0xfc, 0x12, 0x0b], 'illegal opcode 0xfc 0x12'],
    ['wide arithmetic', [0xfc, 0x13, 0x0b], 'illegal opcode 0xfc 0x13 (wide arithmetic'],
    ['removed SIMD opcode', [0xfd, 0x9a, 0x01, 0x0b], 'illegal opcode 0xfd 0x9a'],
    ['relaxed SIMD', [0xfd, 0x80, 0x02, 0x0b], 'illegal opcode 0xfd 0x100 (relaxed SIMD'],
    ['memory.size with memory 1', [0x3f, 0x01, 0x1a, 0x0b], 'zero byte expected (the multi-memory proposal'],
    ['memory.grow with an overlong zero', [0x41, 0, 0x40, 0x80, 0x00, 0x1a, 0x0b], 'zero byte expected'],
    ['memory.copy with memory 1', [0xfc, 0x0a, 0x00, 0x01, 0x0b], 'zero byte expected'],
    ['alignment exponent 32', [0x41, 0, 0x28, 0x20, 0x00, 0x1a, 0x0b], 'malformed memop flags'],
    ['alignment with the memory-index bit', [0x41, 0, 0x28, 0x42, 0x01, 0x00, 0x1a, 0x0b], 'malformed memop flags (the multi-memory proposal'],
    ['ref.null i32', [0xd0, 0x7f, 0x1a, 0x0b], 'malformed reference type'],
    ['negative block type', [0x02, 0x7a, 0x0b, 0x0b], 'malformed value type'],
    ['typed select with a bad type', [0x1c, 0x01, 0x40, 0x0b], 'malformed value type'],
    ['br_table count beyond the input', [0x0e, 0x7f, 0x0b], 'length out of bounds'],
    ['truncated f64.const', [0x44, 0x00, 0x00], 'unexpected end'],
    ['truncated v128.const', [0xfd, 0x0c, 0x00, 0x00], 'unexpected end'],
  ])('function bodies: %s', (_name, body, message) => {
    const e = decodeError(withBody(body));
    expect(e.reason.startsWith(message), e.reason).toBe(true);
  });

  it('rejects a body whose size does not match its instructions', () => {
    // Size 3 but the body is `nop nop end` after the locals byte (4 bytes).
    const bytes = mod(TYPE_VOID, FUNC_1, section(10, [1, 3, 0, 0x01, 0x01, 0x0b]));
    expect(decodeError(bytes).reason).toBe('section size mismatch');
  });

  it('rejects too many locals', () => {
    const locals = [2, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x01, 0x7e];
    const bytes = mod(TYPE_VOID, FUNC_1, code([...locals, 0x0b]));
    expect(decodeError(bytes).reason).toBe('too many locals');
  });

  it('requires the data count section for memory.init and data.drop', () => {
    const bytes = withBody([0xfc, 0x09, 0x00, 0x0b], section(5, vec([[0, 1]])));
    expect(decodeError(bytes).reason).toBe('data count section required');
  });

  it('reports the offset of the problem', () => {
    const bytes = withBody([0x01, 0xc5, 0x0b]);
    const e = decodeError(bytes);
    expect(bytes[e.offset]).toBe(0xc5);
    expect(e.message).toContain(`0x${e.offset.toString(16)}`);
  });

  it('reads the name section', () => {
    const names = section(0, [...str('name'), 0x01, 0x04, 0x01, 0x00, ...str('f')]);
    const m = decodeModule(mod(TYPE_VOID, FUNC_1, code([0, 0x0b]), names));
    expect(m.names?.funcs.get(0)).toBe('f');
  });

  it('never fails because of a malformed name section', () => {
    const bad = section(0, [...str('name'), 0x01, 0x05, 0x01, 0x00, 0x09]);
    const m = decodeModule(mod(TYPE_VOID, FUNC_1, code([0, 0x0b]), bad));
    expect(m.names).toBeNull();
    expect(m.customs).toHaveLength(1);
  });
});
