/**
 * The native engine: kpio's Engine interface over the host's `WebAssembly` API. Modules are decoded
 * and validated by kpio first (so errors are kpio's), then compiled by the host. A module whose
 * function bodies kpio left unvalidated (`decodeAndValidateDeferred`) has them checked by the
 * host's compiler; kpio's validator then runs only to explain a rejection.
 */

import { CompileError, KpioError, LinkError, Trap, TrapCode } from '../../api/errors.js';
import type { FuncType, GlobalType, MemoryType, TableType } from '../../api/types.js';
import type { Extern, HostFunction, Value } from '../../api/values.js';
import { toJsValue } from '../../util/js-values.js';
import type { CompiledModule, Engine, EngineInstance, EngineOptions } from '../../runtime/engine.js';
import { ensureBodiesValidated, type ValidatedModule } from '../../wasm/validate/validated-module.js';
import { encodeModule } from '../../wasm/binary/encoder.js';
import { buildCallTrampoline, buildGlobalDefinition, buildGlobalTrampoline } from './exact-trampoline.js';
import {
  hostFunctionAdapter,
  type NativeContext,
  NativeFunc,
  NativeGlobal,
  NativeMemory,
  NativeTable,
} from './native-externs.js';
import { mapNativeError } from './trap-mapping.js';

interface NativeCompiled extends CompiledModule {
  readonly native: WebAssembly.Module;
}

const ELEMENT: Record<string, 'anyfunc' | 'externref'> = { funcref: 'anyfunc', externref: 'externref' };

/** Creates a native engine. It needs a host with `WebAssembly`; fuel is not supported. */
export function createNativeEngine(options: EngineOptions = {}): Engine {
  if (typeof WebAssembly !== 'object') {
    throw new KpioError('this host has no WebAssembly: use the interp or jit engine');
  }
  if (options.fuel !== undefined) {
    throw new KpioError('the native engine cannot meter fuel: use --engine interp or jit');
  }
  return new NativeEngine(options);
}

class NativeEngine implements Engine, NativeContext {
  readonly kind = 'native';
  private readonly wrappers = new WeakMap<object, NativeFunc>();
  private readonly callTrampolines = new WeakMap<NativeFunc, { call: (...r: unknown[]) => unknown; memory: WebAssembly.Memory }>();
  private readonly globalTrampolines = new WeakMap<NativeGlobal, { get: () => void; set?: () => void; memory: WebAssembly.Memory }>();
  private readonly trampolineModules = new Map<string, WebAssembly.Module>();

  constructor(private readonly options: EngineOptions) {}

  compile(validated: ValidatedModule, bytes: Uint8Array): CompiledModule {
    const limit = this.options.maxMemoryPages;
    let source = bytes;
    if (limit !== undefined && validated.module.memories.some((m) => m.limits.max === undefined || m.limits.max > limit)) {
      // Note: the host enforces a module's own memory maximum, so a configured limit is applied by
      // lowering that maximum in a re-encoded copy of the module.
      for (const m of validated.module.memories) {
        if (m.limits.min > limit) {
          throw new LinkError(`memory limit exceeded: the module needs ${m.limits.min} pages, the limit is ${limit}`);
        }
      }
      const memories = validated.module.memories.map((m) => ({
        ...m,
        limits: { min: m.limits.min, max: Math.min(m.limits.max ?? limit, limit) },
      }));
      source = encodeModule({ ...validated.module, memories });
    }
    let native: WebAssembly.Module;
    try {
      native = new WebAssembly.Module(source);
    } catch (e) {
      // Note: when kpio left the function bodies to the host (decodeAndValidateDeferred), its own
      // validator explains the rejection with its message and offset where it can.
      ensureBodiesValidated(validated);
      throw new CompileError(`the host WebAssembly rejected the module: ${(e as Error).message}`);
    }
    const compiled: NativeCompiled = { validated, native };
    return compiled;
  }

  instantiate(module: CompiledModule, imports: readonly Extern[]): EngineInstance {
    const { validated, native } = module as NativeCompiled;
    const importObject: Record<string, Record<string, unknown>> = Object.create(null);
    validated.module.imports.forEach((imp, i) => {
      const e = imports[i]!;
      const ns = (importObject[imp.module] ??= Object.create(null) as Record<string, unknown>);
      ns[imp.name] = this.hostValueOf(e);
    });
    let inst: WebAssembly.Instance;
    try {
      inst = new WebAssembly.Instance(native, importObject as WebAssembly.Imports);
    } catch (e) {
      if (e instanceof WebAssembly.LinkError) throw new LinkError(e.message);
      throw mapNativeError(e);
    }
    const exports = new Map<string, Extern>();
    for (const ex of validated.module.exports) {
      const v = (inst.exports as Record<string, unknown>)[ex.name];
      switch (ex.kind) {
        case 'func':
          exports.set(ex.name, this.wrapKnown(v as (...a: unknown[]) => unknown, validated.funcTypes[ex.index]!));
          break;
        case 'memory':
          exports.set(ex.name, this.wrapMemory(v as WebAssembly.Memory, validated.memoryTypes[ex.index]!));
          break;
        case 'table':
          exports.set(ex.name, this.wrapTable(v as WebAssembly.Table, validated.tableTypes[ex.index]!));
          break;
        case 'global':
          exports.set(ex.name, this.wrapGlobal(v as WebAssembly.Global, validated.globalTypes[ex.index]!));
          break;
      }
    }
    return { exports };
  }

  createHostFunction(type: FuncType, fn: HostFunction): NativeFunc {
    const f = new NativeFunc(this, hostFunctionAdapter(this, type, fn), type);
    this.wrappers.set(f.fn, f);
    return f;
  }

  createMemory(type: MemoryType): NativeMemory {
    const limit = this.options.maxMemoryPages;
    const max = limit === undefined ? type.limits.max : Math.min(type.limits.max ?? limit, limit);
    if (limit !== undefined && type.limits.min > limit) {
      throw new Trap(TrapCode.MemoryLimitExceeded, `memory limit exceeded: ${type.limits.min} pages requested, limit ${limit}`);
    }
    const desc: WebAssembly.MemoryDescriptor = { initial: type.limits.min };
    if (max !== undefined) desc.maximum = max;
    return this.wrapMemory(new WebAssembly.Memory(desc), type);
  }

  createTable(type: TableType, init?: Value): NativeTable {
    const desc: WebAssembly.TableDescriptor = { element: ELEMENT[type.elemType]!, initial: type.limits.min };
    if (type.limits.max !== undefined) desc.maximum = type.limits.max;
    const initValue = init === undefined ? undefined : this.hostRef(toJsValue(init));
    const t = initValue === undefined ? new WebAssembly.Table(desc) : new WebAssembly.Table(desc, initValue as any);
    return this.wrapTable(t, type);
  }

  createGlobal(type: GlobalType, value: Value): NativeGlobal {
    const t = type.valType;
    if (t === 'f32' || t === 'f64' || t === 'v128') {
      const mod = new WebAssembly.Module(buildGlobalDefinition(type, value));
      const g = new WebAssembly.Instance(mod).exports.g as WebAssembly.Global;
      return this.wrapGlobal(g, type);
    }
    const desc = { value: t === 'funcref' ? 'anyfunc' : t, mutable: type.mutable } as WebAssembly.GlobalDescriptor;
    return this.wrapGlobal(new WebAssembly.Global(desc, this.hostRef(toJsValue(value)) as any), type);
  }

  owns(e: Extern): boolean {
    return e instanceof NativeFunc || e instanceof NativeMemory || e instanceof NativeTable || e instanceof NativeGlobal;
  }

  getFuel(): number | undefined {
    return undefined;
  }

  setFuel(fuel: number | undefined): void {
    if (fuel !== undefined) throw new KpioError('the native engine cannot meter fuel: use --engine interp or jit');
  }

  // --- NativeContext ---

  wrapFunc(fn: unknown): NativeFunc | null {
    if (fn === null || fn === undefined) return null;
    const known = this.wrappers.get(fn as object);
    if (known) return known;
    const f = new NativeFunc(this, fn as (...a: unknown[]) => unknown, null);
    this.wrappers.set(fn as object, f);
    return f;
  }

  callTrampoline(f: NativeFunc) {
    let tr = this.callTrampolines.get(f);
    if (!tr) {
      const key = `${f.type.params.join(',')}->${f.type.results.join(',')}`;
      let mod = this.trampolineModules.get(key);
      if (!mod) {
        mod = new WebAssembly.Module(buildCallTrampoline(f.type));
        this.trampolineModules.set(key, mod);
      }
      const ex = new WebAssembly.Instance(mod, { t: { f: f.fn } }).exports;
      tr = { call: ex.call as (...r: unknown[]) => unknown, memory: ex.m as WebAssembly.Memory };
      this.callTrampolines.set(f, tr);
    }
    return tr;
  }

  globalTrampoline(g: NativeGlobal) {
    let tr = this.globalTrampolines.get(g);
    if (!tr) {
      const ex = new WebAssembly.Instance(new WebAssembly.Module(buildGlobalTrampoline(g.type)), { t: { g: g.native } })
        .exports;
      tr = {
        get: ex.get as () => void,
        set: ex.set as (() => void) | undefined,
        memory: ex.m as WebAssembly.Memory,
      };
      this.globalTrampolines.set(g, tr);
    }
    return tr;
  }

  // --- helpers ---

  private hostValueOf(e: Extern): unknown {
    if (e instanceof NativeFunc) return e.fn;
    if (e instanceof NativeMemory || e instanceof NativeTable || e instanceof NativeGlobal) return e.native;
    throw new LinkError('an import comes from a different engine');
  }

  private hostRef(x: unknown): unknown {
    return x instanceof NativeFunc ? x.fn : x;
  }

  private wrapKnown(fn: (...a: unknown[]) => unknown, type: FuncType): NativeFunc {
    const known = this.wrappers.get(fn);
    if (known) return known;
    const f = new NativeFunc(this, fn, type);
    this.wrappers.set(fn, f);
    return f;
  }

  private readonly memories = new WeakMap<WebAssembly.Memory, NativeMemory>();
  private wrapMemory(m: WebAssembly.Memory, type: MemoryType): NativeMemory {
    let w = this.memories.get(m);
    if (!w) this.memories.set(m, (w = new NativeMemory(m, type)));
    return w;
  }

  private readonly tables = new WeakMap<WebAssembly.Table, NativeTable>();
  private wrapTable(t: WebAssembly.Table, type: TableType): NativeTable {
    let w = this.tables.get(t);
    if (!w) this.tables.set(t, (w = new NativeTable(this, t, type)));
    return w;
  }

  private readonly globals = new WeakMap<WebAssembly.Global, NativeGlobal>();
  private wrapGlobal(g: WebAssembly.Global, type: GlobalType): NativeGlobal {
    let w = this.globals.get(g);
    if (!w) this.globals.set(g, (w = new NativeGlobal(this, g, type)));
    return w;
  }
}
