/**
 * kpio extern objects over the host's WebAssembly objects: functions, memories, tables, globals.
 */

import { KpioError, TrapCode, Trap } from '../../api/errors.js';
import type { FuncType, GlobalType, MemoryType, TableType } from '../../api/types.js';
import { isRefType } from '../../api/types.js';
import type { Value, WasmFunc, WasmGlobal, WasmMemory, WasmTable } from '../../api/values.js';
import { fromJsValue, resultsFromJs, toJsValue } from '../../util/js-values.js';
import { needsTrampoline, readExact, TRAMPOLINE_SLOT, writeExact } from './exact-trampoline.js';
import { mapNativeError } from './trap-mapping.js';

/** What the externs need from their engine: wrapping/unwrapping functions and trampolines. */
export interface NativeContext {
  /** The kpio wrapper of a host-native function value (or null). */
  wrapFunc(fn: unknown): NativeFunc | null;
  /** A trampoline instance calling `fn` with exact values. */
  callTrampoline(fn: NativeFunc): { call: (...refs: unknown[]) => unknown; memory: WebAssembly.Memory };
  /** A trampoline instance reading/writing `g` exactly. */
  globalTrampoline(g: NativeGlobal): { get: () => void; set?: () => void; memory: WebAssembly.Memory };
}

/** Unwraps a kpio funcref value into the host's function value. */
function unwrapRef(x: unknown): unknown {
  return x instanceof NativeFunc ? x.fn : x;
}

/** A function of the native engine: an exported wasm function or a host function. */
export class NativeFunc implements WasmFunc {
  readonly kind = 'func';
  private readonly hasRefs: boolean;

  constructor(
    private readonly ctx: NativeContext,
    /** The host-callable function (a wasm exported function or our host wrapper). */
    readonly fn: (...args: unknown[]) => unknown,
    private readonly knownType: FuncType | null,
  ) {
    this.hasRefs = !!knownType && [...knownType.params, ...knownType.results].some(isRefType);
  }

  /** The signature. Functions read out of tables that were never exported have no reflected type. */
  get type(): FuncType {
    if (!this.knownType) {
      throw new KpioError('the native engine cannot reflect the type of a function that was only obtained from a table');
    }
    return this.knownType;
  }

  call(...args: unknown[]): unknown {
    let r: unknown;
    try {
      r = this.hasRefs ? this.fn(...args.map(unwrapRef)) : this.fn(...args);
    } catch (e) {
      throw mapNativeError(e);
    }
    if (!this.hasRefs) return r;
    const results = this.type.results;
    if (results.length === 1) return results[0] === 'funcref' ? this.ctx.wrapFunc(r) : r;
    if (results.length > 1) {
      return (r as unknown[]).map((x, i) => (results[i] === 'funcref' ? this.ctx.wrapFunc(x) : x));
    }
    return r;
  }

  callExact(args: readonly Value[]): Value[] {
    const t = this.type;
    if (args.length !== t.params.length) throw new KpioError(`expected ${t.params.length} arguments, got ${args.length}`);
    if (!needsTrampoline(t.params) && !needsTrampoline(t.results)) {
      const r = this.call(...args.map(toJsValue));
      return resultsFromJs(t.results, r);
    }
    const tr = this.ctx.callTrampoline(this);
    const view = new DataView(tr.memory.buffer);
    const refs: unknown[] = [];
    args.forEach((a, i) => {
      if (isRefType(a.type)) refs.push(unwrapRef(toJsValue(a)));
      else writeExact(view, i * TRAMPOLINE_SLOT, a);
    });
    let r: unknown;
    try {
      r = tr.call(...refs);
    } catch (e) {
      throw mapNativeError(e);
    }
    const refResults: unknown[] = t.results.filter(isRefType).length > 1 ? (r as unknown[]) : [r];
    let k = 0;
    const out = new DataView(tr.memory.buffer);
    return t.results.map((rt, j) => {
      if (isRefType(rt)) {
        const x = refResults[k++];
        return rt === 'funcref' ? { type: 'funcref', value: this.ctx.wrapFunc(x) } : { type: 'externref', value: x };
      }
      return readExact(out, (t.params.length + j) * TRAMPOLINE_SLOT, rt);
    });
  }

  async callAsync(...args: unknown[]): Promise<unknown> {
    return this.call(...args);
  }
}

/**
 * Wraps a JS host function so wasm can call it: converts funcref arguments/results between kpio
 * wrappers and host values, and refuses Promises (the native engine cannot suspend).
 */
export function hostFunctionAdapter(ctx: NativeContext, type: FuncType, fn: (...args: any[]) => unknown) {
  const refs = [...type.params, ...type.results].some(isRefType);
  const check = (r: unknown): unknown => {
    if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
      throw new Trap(
        TrapCode.HostError,
        'a host function returned a Promise, but the native engine cannot suspend wasm: use the interp engine with an async call',
      );
    }
    return r;
  };
  if (!refs) return (...args: unknown[]) => check(fn(...args));
  return (...args: unknown[]) => {
    const conv = args.map((a, i) => (type.params[i] === 'funcref' ? ctx.wrapFunc(a) : a));
    const r = check(fn(...conv));
    if (type.results.length === 1) return unwrapRef(r);
    if (type.results.length > 1) return [...(r as Iterable<unknown>)].map(unwrapRef);
    return r;
  };
}

/** A memory of the native engine. */
export class NativeMemory implements WasmMemory {
  readonly kind = 'memory';
  constructor(
    readonly native: WebAssembly.Memory,
    readonly type: MemoryType,
  ) {}
  get buffer(): ArrayBuffer {
    return this.native.buffer;
  }
  grow(delta: number): number {
    try {
      return this.native.grow(delta);
    } catch (e) {
      throw new KpioError(`memory.grow(${delta}) failed: ${(e as Error).message}`);
    }
  }
}

/** A table of the native engine. */
export class NativeTable implements WasmTable {
  readonly kind = 'table';
  constructor(
    private readonly ctx: NativeContext,
    readonly native: WebAssembly.Table,
    readonly type: TableType,
  ) {}
  get length(): number {
    return this.native.length;
  }
  get(index: number): unknown {
    const v = this.native.get(index);
    return this.type.elemType === 'funcref' ? this.ctx.wrapFunc(v) : v;
  }
  set(index: number, value: unknown): void {
    this.native.set(index, unwrapRef(value) as any);
  }
  grow(delta: number, init?: unknown): number {
    try {
      return init === undefined ? this.native.grow(delta) : this.native.grow(delta, unwrapRef(init) as any);
    } catch (e) {
      throw new KpioError(`table.grow(${delta}) failed: ${(e as Error).message}`);
    }
  }
}

/** A global of the native engine. */
export class NativeGlobal implements WasmGlobal {
  readonly kind = 'global';
  constructor(
    private readonly ctx: NativeContext,
    readonly native: WebAssembly.Global,
    readonly type: GlobalType,
  ) {}
  get value(): unknown {
    if (this.type.valType === 'v128') return toJsValue(this.getExact());
    const v = this.native.value;
    return this.type.valType === 'funcref' ? this.ctx.wrapFunc(v) : v;
  }
  set value(v: unknown) {
    if (!this.type.mutable) throw new KpioError('cannot set an immutable global');
    this.setExact(fromJsValue(this.type.valType, v));
  }
  getExact(): Value {
    const t = this.type.valType;
    if (t === 'f32' || t === 'f64' || t === 'v128') {
      const tr = this.ctx.globalTrampoline(this);
      tr.get();
      return readExact(new DataView(tr.memory.buffer), 0, t);
    }
    return fromJsValue(t, this.type.valType === 'funcref' ? this.ctx.wrapFunc(this.native.value) : this.native.value);
  }
  setExact(v: Value): void {
    if (!this.type.mutable) throw new KpioError('cannot set an immutable global');
    const t = this.type.valType;
    if (t === 'f32' || t === 'f64' || t === 'v128') {
      const tr = this.ctx.globalTrampoline(this);
      writeExact(new DataView(tr.memory.buffer), 0, v);
      tr.set!();
      return;
    }
    this.native.value = unwrapRef(toJsValue(v)) as any;
  }
}
