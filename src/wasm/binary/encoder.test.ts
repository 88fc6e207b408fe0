import { describe, expect, it } from 'vitest';
import type { Code, ElemSegment, Module } from '../module.js';
import { emptyModule } from '../module.js';
import { decodeModule } from './decoder.js';
import { encodeModule } from './encoder.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A constant expression or body from bytes (an `end` is appended). */
function code(...bytes: number[]): Code {
  const b = Uint8Array.from([...bytes, 0x0b]);
  return { bytes: b, start: 0, end: b.length };
}

function mod(parts: Partial<Module>): Module {
  return { ...emptyModule(), ...parts };
}

/** Splits an encoding into [id, contents] sections. */
function sections(bytes: Uint8Array): [number, number[]][] {
  const out: [number, number[]][] = [];
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++]!;
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++]!;
      size |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    out.push([id, [...bytes.subarray(p, p + size)]]);
    p += size;
  }
  return out;
}

const codeBytes = (c: Code | null): number[] | null => (c === null ? null : [...c.bytes.subarray(c.start, c.end)]);

/** A comparable rendering of a module. */
function shape(m: Module): unknown {
  return {
    ...m,
    funcs: m.funcs.map((f) => ({ ...f, body: codeBytes(f.body) })),
    globals: m.globals.map((g) => ({ ...g, init: codeBytes(g.init) })),
    elems: m.elems.map((e) => ({ ...e, offset: codeBytes(e.offset), init: e.init.map(codeBytes) })),
    datas: m.datas.map((d) => ({ ...d, offset: codeBytes(d.offset), bytes: [...d.bytes] })),
    customs: m.customs.map((c) => ({ name: c.name, bytes: [...c.bytes] })),
    names: m.names && { module: m.names.module, funcs: [...m.names.funcs], locals: [...m.names.locals].map(([i, l]) => [i, [...l]]) },
  };
}

/** A module that uses every section. */
function everything(): Module {
  return mod({
    types: [
      { params: ['i32', 'i64'], results: ['f32'] },
      { params: [], results: [] },
    ],
    imports: [
      { module: 'env', name: 'f', desc: { kind: 'func', typeIdx: 1 } },
      { module: 'env', name: 't', desc: { kind: 'table', type: { elemType: 'externref', limits: { min: 1 } } } },
      { module: 'env', name: 'm', desc: { kind: 'memory', type: { limits: { min: 1, max: 2 } } } },
      { module: 'env', name: 'g', desc: { kind: 'global', type: { valType: 'i32', mutable: false } } },
    ],
    funcs: [
      { typeIdx: 0, locals: [], body: code(0x43, 0, 0, 0x80, 0x3f) },
      { typeIdx: 1, locals: [{ count: 2, type: 'i32' }, { count: 1, type: 'v128' }], body: code(0xfc, 0x09, 0x00) },
    ],
    tables: [{ elemType: 'funcref', limits: { min: 2, max: 10 } }],
    globals: [{ type: { valType: 'i64', mutable: true }, init: code(0x42, 0x7f) }],
    exports: [
      { name: 'first', kind: 'func', index: 1 },
      { name: 'mem', kind: 'memory', index: 0 },
    ],
    start: 2,
    elems: [
      { mode: 'active', elemType: 'funcref', table: 1, offset: code(0x41, 0), init: [code(0xd2, 1), code(0xd2, 2)] },
      { mode: 'passive', elemType: 'externref', table: 0, offset: null, init: [code(0xd0, 0x6f)] },
    ],
    datas: [
      { mode: 'active', memory: 0, offset: code(0x41, 8), bytes: Uint8Array.from([1, 2, 3]) },
      { mode: 'passive', memory: 0, offset: null, bytes: new Uint8Array(0) },
    ],
    dataCount: 2,
    customs: [{ name: 'producers', bytes: Uint8Array.from([0]), offset: 0 }],
    names: { module: 'm', funcs: new Map([[2, 'second']]), locals: new Map([[2, new Map([[1, 'y']])]]) },
  });
}

describe('encodeModule', () => {
  it('encodes an empty module as the header alone', () => {
    expect([...encodeModule(emptyModule())]).toEqual(HEADER);
  });

  it('writes every section in canonical order with exact contents', () => {
    const bytes = encodeModule(everything());
    expect([...bytes.subarray(0, 8)]).toEqual(HEADER);
    const s = sections(bytes);
    expect(s.map(([id]) => id)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 12, 10, 11, 0, 0]);
    const byId = (id: number, n = 0): number[] => s.filter(([i]) => i === id)[n]![1];
    expect(byId(1)).toEqual([2, 0x60, 2, 0x7f, 0x7e, 1, 0x7d, 0x60, 0, 0]);
    expect(byId(2).slice(0, 9)).toEqual([4, 3, 0x65, 0x6e, 0x76, 1, 0x66, 0x00, 1]);
    expect(byId(3)).toEqual([2, 0, 1]);
    expect(byId(4)).toEqual([1, 0x70, 0x01, 2, 10]);
    expect(byId(6)).toEqual([1, 0x7e, 0x01, 0x42, 0x7f, 0x0b]);
    expect(byId(7)).toEqual([2, 5, ...new TextEncoder().encode('first'), 0x00, 1, 3, 0x6d, 0x65, 0x6d, 0x02, 0]);
    expect(byId(8)).toEqual([2]);
    expect(byId(9)).toEqual([2, 0x02, 1, 0x41, 0, 0x0b, 0x00, 2, 1, 2, 0x05, 0x6f, 1, 0xd0, 0x6f, 0x0b]);
    expect(byId(12)).toEqual([2]);
    expect(byId(10)).toEqual([2, 7, 0, 0x43, 0, 0, 0x80, 0x3f, 0x0b, 9, 2, 2, 0x7f, 1, 0x7b, 0xfc, 0x09, 0x00, 0x0b]);
    expect(byId(11)).toEqual([2, 0x00, 0x41, 8, 0x0b, 3, 1, 2, 3, 0x01, 0]);
    // name section: module (0), functions (1), locals (2); then the other custom sections.
    expect(byId(0, 0)).toEqual([4, ...new TextEncoder().encode('name'), 0, 2, 1, 0x6d, 1, 9, 1, 2, 6, ...new TextEncoder().encode('second'), 2, 6, 1, 2, 1, 1, 1, 0x79]);
    expect(byId(0, 1)).toEqual([9, ...new TextEncoder().encode('producers'), 0]);
  });

  it('round-trips through the decoder', () => {
    const m = everything();
    const decoded = decodeModule(encodeModule(m));
    const { customs: _c1, ...rest } = shape(m) as { customs: unknown };
    const { customs, ...decodedRest } = shape(decoded) as { customs: { name: string }[] };
    expect(decodedRest).toEqual(rest);
    expect(customs.map((c) => c.name)).toEqual(['name', 'producers']);
    // Encoding the decoded module again gives the same bytes (the raw name section is not repeated).
    expect([...encodeModule(decoded)]).toEqual([...encodeModule(m)]);
  });

  it('writes a raw name section when no names are set', () => {
    const m = mod({ customs: [{ name: 'name', bytes: Uint8Array.from([0, 2, 1, 0x78]), offset: 0 }] });
    expect(sections(encodeModule(m))).toEqual([[0, [4, 0x6e, 0x61, 0x6d, 0x65, 0, 2, 1, 0x78]]]);
  });

  it('writes limits with and without a maximum, and shared memories', () => {
    const m = mod({ memories: [{ limits: { min: 0 } }, { limits: { min: 1, max: 65536 } }, { limits: { min: 1, max: 2 }, shared: true }] });
    expect(sections(encodeModule(m))).toEqual([[5, [3, 0x00, 0, 0x01, 1, 0x80, 0x80, 0x04, 0x03, 1, 2]]]);
  });

  it('writes data segments for memory 0, other memories and passive', () => {
    const m = mod({
      datas: [
        { mode: 'active', memory: 0, offset: code(0x41, 0), bytes: Uint8Array.from([9]) },
        { mode: 'active', memory: 1, offset: code(0x23, 0), bytes: new Uint8Array(0) },
        { mode: 'passive', memory: 0, offset: null, bytes: Uint8Array.from([7, 7]) },
      ],
    });
    expect(sections(encodeModule(m))).toEqual([[11, [3, 0x00, 0x41, 0, 0x0b, 1, 9, 0x02, 1, 0x23, 0, 0x0b, 0, 0x01, 2, 7, 7]]]);
  });

  const refFunc = (i: number): Code => (i < 0x80 ? code(0xd2, i) : code(0xd2, 0x80 | (i & 0x7f), i >> 7));
  const nullFunc = code(0xd0, 0x70);
  const off = code(0x41, 0);
  it.each<[string, ElemSegment, number[]]>([
    ['0: active table 0, funcref indices', { mode: 'active', elemType: 'funcref', table: 0, offset: off, init: [refFunc(3)] }, [0x00, 0x41, 0, 0x0b, 1, 3]],
    ['1: passive indices', { mode: 'passive', elemType: 'funcref', table: 0, offset: null, init: [refFunc(3)] }, [0x01, 0x00, 1, 3]],
    ['2: active table 1, indices', { mode: 'active', elemType: 'funcref', table: 1, offset: off, init: [refFunc(3)] }, [0x02, 1, 0x41, 0, 0x0b, 0x00, 1, 3]],
    ['3: declarative indices', { mode: 'declarative', elemType: 'funcref', table: 0, offset: null, init: [refFunc(0x80)] }, [0x03, 0x00, 1, 0x80, 0x01]],
    ['4: active table 0, funcref expressions', { mode: 'active', elemType: 'funcref', table: 0, offset: off, init: [nullFunc] }, [0x04, 0x41, 0, 0x0b, 1, 0xd0, 0x70, 0x0b]],
    ['5: passive expressions', { mode: 'passive', elemType: 'externref', table: 0, offset: null, init: [] }, [0x05, 0x6f, 0]],
    ['6: active table 0, externref', { mode: 'active', elemType: 'externref', table: 0, offset: off, init: [code(0xd0, 0x6f)] }, [0x06, 0, 0x41, 0, 0x0b, 0x6f, 1, 0xd0, 0x6f, 0x0b]],
    ['6: active table 2, mixed funcref items', { mode: 'active', elemType: 'funcref', table: 2, offset: off, init: [refFunc(1), nullFunc] }, [0x06, 2, 0x41, 0, 0x0b, 0x70, 2, 0xd2, 1, 0x0b, 0xd0, 0x70, 0x0b]],
    ['7: declarative expressions', { mode: 'declarative', elemType: 'funcref', table: 0, offset: null, init: [code(0xd2, 1, 0x1a)] }, [0x07, 0x70, 1, 0xd2, 1, 0x1a, 0x0b]],
    ['0: empty list', { mode: 'active', elemType: 'funcref', table: 0, offset: off, init: [] }, [0x00, 0x41, 0, 0x0b, 0]],
  ])('element segment flags %s', (_name, seg, bytes) => {
    const s = sections(encodeModule(mod({ elems: [seg] })));
    expect(s).toEqual([[9, [1, ...bytes]]]);
    const back = decodeModule(encodeModule(mod({ elems: [seg] }))).elems[0]!;
    expect(shape(mod({ elems: [back] }))).toEqual(shape(mod({ elems: [seg] })));
  });

  it('uses multi-byte LEB128 sizes for large sections', () => {
    const big = new Uint8Array(300).fill(0x01);
    const m = mod({ types: [{ params: [], results: [] }], funcs: [{ typeIdx: 0, locals: [], body: code(...big) }] });
    const bytes = encodeModule(m);
    const s = sections(bytes);
    expect(s[2]![0]).toBe(10);
    expect(s[2]![1].length).toBe(1 + 2 + 1 + 301);
    expect(decodeModule(bytes).funcs[0]!.body.end - decodeModule(bytes).funcs[0]!.body.start).toBe(301);
  });
});
