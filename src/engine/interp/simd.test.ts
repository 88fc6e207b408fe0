import { describe, expect, it } from 'vitest';
import type { WasmFunc, WasmMemory } from '../../api/values.js';
import { encodeModule } from '../../wasm/binary/encoder.js';
import { OP_INFO } from '../../wasm/opcodes.js';
import { validateModule } from '../../wasm/validate/index.js';
import { parseWat } from '../../wasm/text/index.js';
import { createInterpEngine } from './index.js';

/**
 * Every SIMD instruction without immediates, differentially against the host's WebAssembly on
 * random and edge-case inputs. Each op runs twice: with its result in a fresh value and with the
 * result written back over its first operand (the translator then targets the operand's local, so
 * the executor must read all inputs before writing).
 */

const TYPES: Readonly<Record<string, string>> = { i: 'i32', I: 'i64', f: 'f32', F: 'f64', v: 'v128' };
const LOADS: Readonly<Record<string, string>> = { i: 'i32.load', I: 'i64.load', f: 'f32.load', F: 'f64.load', v: 'v128.load' };

const ops = [...OP_INFO.values()].filter((o) => o.code >= 0xfd00 && o.imm === 'none' && o.sig !== null);

/** Two functions per op: `N` (fresh result) and `N_alias` (result over the first operand's local). */
function moduleText(): string {
  const funcs = ops.map((o, n) => {
    const [ins, out] = o.sig!.split(':') as [string, string];
    const params = [...ins].map((t) => TYPES[t]).join(' ');
    const args = [...ins].map((_, i) => `(local.get ${i})`).join(' ');
    const loads = [...ins].map((t, i) => `(${LOADS[t]} (i32.const ${i * 16}))`).join(' ');
    const store = out === 'v' ? 'v128.store' : 'i32.store';
    return `
      (func $f${n} (param ${params}) (result ${TYPES[out]}) (${o.name} ${args}))
      (func (export "op${n}") (${store} (i32.const 64) (call $f${n} ${loads})))
      (func $g${n} (param ${params}) (result ${TYPES[out]})
        ${TYPES[ins[0]!] === TYPES[out] ? `(local.set 0 (${o.name} ${args})) (local.get 0)` : `(${o.name} ${args})`})
      (func (export "alias${n}") (${store} (i32.const 64) (call $g${n} ${loads})))`;
  });
  return `(module (memory (export "mem") 1) ${funcs.join('\n')})`;
}

/** Deterministic input vectors: special lane patterns, then pseudo-random bytes. */
function inputs(count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const special = [
    [0x00, 0x80, 0x7f, 0xff],
    [0x00, 0x00, 0xc0, 0x7f], // f32 NaN lanes
    [0x01, 0x00, 0xa0, 0x7f], // f32 signalling NaN lanes
    [0x00, 0x00, 0x80, 0x80], // -0 and small negatives
    [0x00, 0x00, 0x80, 0x7f], // +inf lanes
    [0x00, 0x00, 0xf8, 0x7f], // f64 NaN halves
    [0xff, 0xff, 0xff, 0x4e], // 2^31-ish floats
    [0x00, 0x00, 0x00, 0xcf], // -2^31 as f32
  ];
  for (const p of special) out.push(Uint8Array.from({ length: 16 }, (_, i) => p[i % 4]!));
  let s = 0x12345678;
  while (out.length < count) {
    const v = new Uint8Array(16);
    for (let i = 0; i < 16; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      v[i] = s & 0xff;
    }
    out.push(v);
  }
  return out;
}

/** Float lanes of a result may be any NaN where the reference has a NaN: compare those as equal. */
function normalize(name: string, bytes: Uint8Array): string {
  const floatOut = /^(f32x4|f64x2)\.(?!(eq|ne|lt|gt|le|ge)$)/.test(name);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 16);
  if (floatOut && name.startsWith('f64x2')) {
    return [0, 8].map((o) => (Number.isNaN(dv.getFloat64(o, true)) ? 'NaN' : dv.getBigUint64(o, true).toString(16))).join(',');
  }
  if (floatOut) {
    return [0, 4, 8, 12].map((o) => (Number.isNaN(dv.getFloat32(o, true)) ? 'NaN' : dv.getUint32(o, true).toString(16))).join(',');
  }
  return [...bytes].join(',');
}

describe('SIMD instructions match the host WebAssembly', () => {
  const module = parseWat(moduleText());
  const engine = createInterpEngine();
  const inst = engine.instantiate(engine.compile(validateModule(module), new Uint8Array()), []);
  const native = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(module) as BufferSource)).exports;
  const mine = new Uint8Array((inst.exports.get('mem') as WasmMemory).buffer);
  const theirs = new Uint8Array((native.mem as WebAssembly.Memory).buffer);
  const vectors = inputs(40);

  it(`covers ${ops.length} instructions`, () => {
    expect(ops.length).toBeGreaterThan(190);
  });

  it.each(ops.map((o, n) => [o.name, n] as const))('%s', (name, n) => {
    for (let k = 0; k < vectors.length; k++) {
      for (let j = 0; j < 3; j++) {
        const v = vectors[(k + j * 7) % vectors.length]!;
        mine.set(v, j * 16);
        theirs.set(v, j * 16);
      }
      // Shift counts and splat scalars read lane 0 of operand 1/0: keep shifts interesting.
      for (const fn of [`op${n}`, `alias${n}`]) {
        (inst.exports.get(fn) as WasmFunc).call();
        (native[fn] as () => void)();
        const got = normalize(name, mine.slice(64, 80));
        const want = normalize(name, theirs.slice(64, 80));
        expect([fn, k, got]).toEqual([fn, k, want]);
      }
    }
  });
});
