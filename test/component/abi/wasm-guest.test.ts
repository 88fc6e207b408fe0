// The canonical ABI against a real core module (guest.wat, built with Debian's wat2wasm and run by
// Node's WebAssembly): a guest realloc that grows memory mid-lowering, post-return, spilled
// parameters, host imports called from the guest, re-entrance, and traps on bad guest data.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Trap } from '../../../src/api/errors.js';
import type { FuncType } from '../../../src/api/types.js';
import type { WasmFunc, WasmMemory } from '../../../src/api/values.js';
import {
  callFunction,
  ComponentInstanceState,
  liftFunction,
  makeLoweredImport,
  type CanonOptions,
  type ComponentFunction,
} from '../../../src/component/abi/index.js';
import { jsFunc } from '../../../src/component/abi/test-kit.js';
import { prim, type ComponentFuncType, type ValueType } from '../../../src/component/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function haveWat2wasm(): boolean {
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = haveWat2wasm();
if (!available) console.warn('SKIP test/component/abi/wasm-guest.test.ts: wat2wasm (Debian wabt) is not installed');

const str = prim('string');
const u32 = prim('u32');
const fn = (params: [string, ValueType][], result: ValueType | null = null): ComponentFuncType => ({
  params: params.map(([name, type]) => ({ name, type })),
  result,
});

function wrapMemory(m: WebAssembly.Memory): WasmMemory {
  return {
    kind: 'memory',
    type: { limits: { min: 1 } },
    get buffer() {
      return m.buffer;
    },
    grow: (d: number) => m.grow(d),
  };
}

describe.skipIf(!available)('canonical ABI with a real guest module', () => {
  let dir = '';
  let bytes: Uint8Array;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kpio-abi-'));
    const out = path.join(dir, 'guest.wasm');
    execFileSync('wat2wasm', [path.join(here, 'guest.wat'), '-o', out]);
    bytes = readFileSync(out);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function instantiate(host: { log?: (msg: string) => void; reenter?: () => unknown } = {}) {
    const native = new WebAssembly.Memory({ initial: 1, maximum: 100 });
    const memory = wrapMemory(native);
    const instance = new ComponentInstanceState({ name: 'guest' });
    const holder: { exports?: Record<string, (...a: unknown[]) => unknown> } = {};
    const core = (name: string, type: FuncType): WasmFunc => jsFunc(type, (...a: unknown[]) => holder.exports![name]!(...a));
    const realloc = core('cabi_realloc', { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] });
    const options: CanonOptions = { instance, memory, realloc };
    const log = makeLoweredImport(fn([['msg', str]]), host.log ?? (() => undefined), { instance, memory });
    const reenter = makeLoweredImport(fn([]), host.reenter ?? (() => undefined), { instance });
    const mod = new WebAssembly.Module(bytes);
    const inst = new WebAssembly.Instance(mod, { env: { memory: native }, host: { log, reenter } });
    holder.exports = inst.exports as Record<string, (...a: unknown[]) => unknown>;
    const lift = (name: string, ft: ComponentFuncType, type: FuncType, extra: Partial<CanonOptions> = {}): ComponentFunction =>
      liftFunction(ft, core(name, type), { ...options, ...extra });
    return { native, instance, exports: holder.exports, lift };
  }

  it('passes a string in and out, then runs post-return', () => {
    const g = instantiate();
    const postReturn = jsFunc({ params: ['i32'], results: [] }, (p: unknown) => g.exports['cabi_post_greet']!(p));
    const greet = g.lift('greet', fn([['name', str]], str), { params: ['i32', 'i32'], results: ['i32'] }, { postReturn });
    expect(callFunction(greet, ['wörld ☃'])).toBe('hello, wörld ☃');
    expect(g.exports['posts']!()).toBe(1);
  });

  it('follows memory growth inside the guest’s realloc', () => {
    const g = instantiate();
    const greet = g.lift('greet', fn([['name', str]], str), { params: ['i32', 'i32'], results: ['i32'] });
    const long = 'ü'.repeat(100_000);
    expect(callFunction(greet, [long])).toBe(`hello, ${long}`);
    expect(g.native.buffer.byteLength).toBeGreaterThan(4 * 65536);
  });

  it('spills 17 parameters and lowers a long list', () => {
    const g = instantiate();
    const sum17 = g.lift(
      'sum17',
      fn(Array.from({ length: 17 }, (_, i) => [`p${i}`, u32] as [string, ValueType]), u32),
      { params: ['i32'], results: ['i32'] },
    );
    expect(callFunction(sum17, Array.from({ length: 17 }, (_, i) => i + 1))).toBe(153);
    const total = g.lift('total', fn([['xs', { kind: 'list', elem: u32 }]], prim('u64')), { params: ['i32', 'i32'], results: ['i64'] });
    const xs = Array.from({ length: 70_000 }, (_, i) => i);
    expect(callFunction(total, [xs])).toBe(BigInt((70_000 * 69_999) / 2));
  });

  it('lets the guest call a host import with a string', () => {
    const seen: string[] = [];
    const g = instantiate({ log: (m) => void seen.push(m) });
    const shout = g.lift('shout', fn([['msg', str]]), { params: ['i32', 'i32'], results: [] });
    callFunction(shout, ['grüße 🍰']);
    expect(seen).toEqual(['grüße 🍰']);
  });

  it('traps when the host calls back into the instance that called it', () => {
    const late: { greet?: ComponentFunction } = {};
    const g = instantiate({ reenter: () => callFunction(late.greet!, ['again']) });
    late.greet = g.lift('greet', fn([['name', str]], str), { params: ['i32', 'i32'], results: ['i32'] });
    const reenter = g.lift('reenter', fn([]), { params: [], results: [] });
    let err: unknown;
    try {
      callFunction(reenter, []);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).message).toBe('cannot enter component instance `guest`: it is already on the call stack');
  });

  it('traps on a string that is not UTF-8', () => {
    const g = instantiate();
    const bad = g.lift('bad_string', fn([], str), { params: [], results: ['i32'] });
    expect(() => callFunction(bad, [])).toThrow('invalid utf-8 sequence of 1 bytes from index 0');
  });
});
