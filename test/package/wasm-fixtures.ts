// Test fixtures: tiny hand-assembled wasm modules and components, and a minimal InspectEntry that
// walks the core export section or the component export section (the real one comes from the
// binary decoders; this one exists so package tests do not depend on them).
import type { EntryInfo } from '../../src/package/index.js';

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

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...leb(b.length), ...b];
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

/** A core module with one `() -> ()` function per export name (all empty bodies). */
export function moduleWithExports(exports: readonly string[]): Uint8Array {
  const n = Math.max(exports.length, 1);
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  bytes.push(...section(1, [0x01, 0x60, 0x00, 0x00]));
  bytes.push(...section(3, [...leb(n), ...new Array<number>(n).fill(0)]));
  const ex: number[] = [...leb(exports.length)];
  exports.forEach((e, i) => ex.push(...name(e), 0x00, ...leb(i)));
  bytes.push(...section(7, ex));
  const code: number[] = [...leb(n)];
  for (let i = 0; i < n; i++) code.push(0x02, 0x00, 0x0b);
  bytes.push(...section(10, code));
  return new Uint8Array(bytes);
}

/** A WASI command module: exports `_start` (and `memory`-less, which is fine for these tests). */
export function commandModule(): Uint8Array {
  return moduleWithExports(['_start']);
}

/** A component binary whose export section lists `exports` (instance exports, no bodies). */
export function componentWithExports(exports: readonly string[]): Uint8Array {
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
  const ex: number[] = [...leb(exports.length)];
  exports.forEach((e, i) => ex.push(0x00, ...name(e), 0x05, ...leb(i), 0x00));
  bytes.push(...section(11, ex));
  return new Uint8Array(bytes);
}

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  u8(): number {
    if (this.pos >= this.b.length) throw new Error('unexpected end');
    return this.b[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result >>> 0;
      shift += 7;
      if (shift > 28) throw new Error('integer representation too long');
    }
  }
  name(): string {
    const len = this.u32();
    if (this.pos + len > this.b.length) throw new Error('unexpected end');
    const s = new TextDecoder('utf-8', { fatal: true }).decode(this.b.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
}

function skipExternDesc(r: Reader): void {
  const tag = r.u8();
  if (tag === 0x00) {
    r.u8(); // 0x11: core module
    r.u32();
  } else if (tag === 0x02) {
    // valuebound: 0x00 index | 0x01 valtype (a primitive byte or a type index)
    if (r.u8() === 0x00) r.u32();
    else if (r.b[r.pos]! < 0x73) r.u32();
    else r.u8();
  } else if (tag === 0x03) {
    if (r.u8() === 0x00) r.u32();
  } else {
    r.u32();
  }
}

/** The minimal InspectEntry for tests. Throws on anything it cannot walk. */
export function inspectEntryForTests(bytes: Uint8Array): EntryInfo {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('magic header not detected');
  }
  const component = bytes[6] === 0x01 && bytes[7] === 0x00;
  const r = new Reader(bytes);
  r.pos = 8;
  const exports: string[] = [];
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new Error('section size mismatch');
    if (!component && id === 7) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        exports.push(r.name());
        r.u8();
        r.u32();
      }
    } else if (component && id === 11) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const tag = r.u8();
        if (tag !== 0x00 && tag !== 0x01) throw new Error('malformed export name');
        exports.push(r.name());
        const sort = r.u8();
        if (sort === 0x00) r.u8();
        r.u32();
        if (r.u8() === 0x01) skipExternDesc(r);
      }
    }
    r.pos = end;
  }
  return { kind: component ? 'component' : 'module', exports };
}
