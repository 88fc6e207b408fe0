/**
 * The JIT's compiled modules and instances, and instantiation. An instance is an interpreter
 * instance (the interpreter runs cold functions on it) whose functions are {@link JitFunc}s and
 * whose memories are {@link JitMemory}s, plus the array of compiled-convention entries that
 * compiled code calls through.
 */

import { KpioError, LinkError, Trap, TrapCode } from '../../api/errors.js';
import { type FuncType, funcTypesEqual, type ValType } from '../../api/types.js';
import type { Extern, HostFunction, WasmFunc } from '../../api/values.js';
import { CodeReader } from '../../wasm/binary/code-reader.js';
import { Op } from '../../wasm/opcodes.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import { evalConst } from '../interp/const-expr.js';
import {
  type FuncBody,
  HostFunc,
  InterpCompiled,
  InterpFunc,
  InterpGlobal,
  InterpInstance,
  InterpTable,
} from '../interp/index.js';
import { FuncCompiler, type OsrLoop } from './codegen/compiler.js';
import type { Factory } from './codegen/factory.js';
import { instrumentedBody, OSR_CHECK_TYPE, osrEnterType } from './osr.js';
import { type CompiledFn, JitFunc, JitHostFunc } from './func.js';
import { JitMemory } from './memory.js';
import type { JitStore } from './store.js';
import { CHECK_TYPE, jsParamCount, MAX_JS_PARAMS, stubBody, trampolineType, typeKey } from './stub.js';

/** A module prepared for the JIT: interpreter bodies with entry stubs, and compiled factories. */
export class JitCompiled extends InterpCompiled {
  /** Compiled factories by defined-function index (made on first tier-up, shared by instances). */
  readonly factories: (Factory | undefined)[];
  /** Factories of the resumable forms. */
  readonly genFactories: (Factory | undefined)[];
  /** Distinct types of the defined functions, in the order of their trampolines. */
  readonly trampTypes: string[] = [];
  private readonly trampSlot: number[];
  private readonly stubs: (FuncBody | undefined)[];
  /** Whether each defined function contains a loop. */
  private readonly loops: boolean[];
  /** The OSR entry types (locals and results, see osr.ts) of functions with loops, in slot order. */
  readonly osrTypes: FuncType[] = [];
  private readonly osrSlot: number[] = [];
  /** Loops where OSR can start, by defined function (found on first use). */
  private readonly osrLoopList: (readonly OsrLoop[] | undefined)[];
  /** Factories of OSR entries by `function:loop`. */
  readonly osrFactories = new Map<string, Factory>();

  constructor(
    validated: ValidatedModule,
    readonly jitStore: JitStore,
  ) {
    super(validated, jitStore);
    const n = validated.module.funcs.length;
    jitStore.runtime.scratch.ensureResults(validated.module.types.reduce((n, t) => Math.max(n, t.results.length), 0));
    this.factories = new Array<Factory | undefined>(n);
    this.genFactories = new Array<Factory | undefined>(n);
    this.stubs = new Array<FuncBody | undefined>(n);
    this.osrLoopList = new Array<readonly OsrLoop[] | undefined>(n);
    this.loops = validated.module.funcs.map((_, i) => containsLoop(validated, validated.numImportedFuncs + i));
    const osrKeys = new Map<string, number>();
    this.loops.forEach((l, i) => {
      if (!l || jsParamCount(validated.funcInfo[i]!.localTypes) > MAX_JS_PARAMS) return;
      const t = osrEnterType(validated.funcInfo[i]!.localTypes, validated.funcTypes[validated.numImportedFuncs + i]!.results);
      const key = typeKey(t);
      let slot = osrKeys.get(key);
      if (slot === undefined) {
        slot = this.osrTypes.length;
        osrKeys.set(key, slot);
        this.osrTypes.push({ params: validated.funcInfo[i]!.localTypes, results: validated.funcTypes[validated.numImportedFuncs + i]!.results });
      }
      this.osrSlot[i] = slot;
    });
    const slots = new Map<string, number>();
    this.trampSlot = validated.module.funcs.map((f) => {
      const key = typeKey(validated.module.types[f.typeIdx]!);
      let s = slots.get(key);
      if (s === undefined) {
        s = this.trampTypes.length;
        slots.set(key, s);
        this.trampTypes.push(key);
      }
      return s;
    });
  }

  /** Index of the check host function in an instance's function space (after the module's). */
  get checkIndex(): number {
    return this.validated.funcTypes.length;
  }

  /** Index of the OSR check host function (after the trampolines). */
  get osrCheckIndex(): number {
    return this.checkIndex + 1 + this.trampTypes.length;
  }

  /**
   * The interpreter body of defined function `funcIdx`, with its tier-up entry stub, and OSR probes
   * at its eligible loops (osr.ts).
   */
  override bodyOf(funcIdx: number): FuncBody {
    const i = funcIdx - this.validated.numImportedFuncs;
    let b = this.stubs[i];
    if (b === undefined) {
      const loops = this.osrLoops(funcIdx);
      const body =
        loops.length === 0
          ? super.bodyOf(funcIdx)
          : instrumentedBody(this.validated, funcIdx, loops, this.osrCheckIndex, this.osrCheckIndex + 1 + this.osrSlot[i]!, {
              metering: this.jitStore.metering,
              typeIds: this.typeIds,
            });
      b = stubBody(body, funcIdx, this.checkIndex, this.checkIndex + 1 + this.trampSlot[i]!);
      this.stubs[i] = b;
    }
    return b;
  }

  /** True when defined function `funcIdx` contains a loop. */
  hasLoop(funcIdx: number): boolean {
    return this.loops[funcIdx - this.validated.numImportedFuncs]!;
  }

  /** The loops of `funcIdx` where an OSR entry can start (found by a compile of the function). */
  osrLoops(funcIdx: number): readonly OsrLoop[] {
    const i = funcIdx - this.validated.numImportedFuncs;
    let l = this.osrLoopList[i];
    if (l === undefined) {
      l = [];
      if (this.osrSlot[i] !== undefined) {
        const fc = new FuncCompiler(this.validated, funcIdx, { maxDepth: null, metering: false, typeIds: this.typeIds });
        try {
          fc.run();
          l = fc.osrLoops;
        } catch {
          // a function the JIT cannot compile gets no OSR
        }
      }
      this.osrLoopList[i] = l;
    }
    return l;
  }
}

/** True when the body of `funcIdx` has a `loop` instruction (walks its instructions). */
function containsLoop(vm: ValidatedModule, funcIdx: number): boolean {
  const r = new CodeReader(vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body);
  while (!r.atEnd()) {
    const op = r.op();
    if (op === Op.loop) return true;
    if (op === Op.block || op === Op.if) r.blockType();
    else r.skipImmediates(op);
  }
  return false;
}

/** A JIT instance: an interpreter instance plus compiled code's view of its functions. */
export class JitInstance extends InterpInstance {
  /** The compiled-convention entry of each function of the module's function space. */
  readonly entries: CompiledFn[] = [];
  /** The resumable entry of each function (what resumable code calls). */
  readonly gentries: CompiledFn[] = [];

  constructor(readonly jitCompiled: JitCompiled) {
    super(jitCompiled);
  }
}

/** Instantiates `compiled` with resolved imports (one per module import, in order). */
export function instantiateJit(store: JitStore, compiled: JitCompiled, imports: readonly Extern[]): JitInstance {
  const vm = compiled.validated;
  const m = vm.module;
  const inst = new JitInstance(compiled);
  if (imports.length !== m.imports.length) {
    throw new LinkError(`the module has ${m.imports.length} imports, but ${imports.length} externs were given`);
  }
  m.imports.forEach((imp, i) => {
    const e = imports[i]!;
    const where = `import "${imp.module}" "${imp.name}"`;
    if (e.kind !== imp.desc.kind) throw new LinkError(`${where}: expected a ${imp.desc.kind}, got a ${e.kind}`);
    switch (e.kind) {
      case 'func': {
        const expected = m.types[(imp.desc as { typeIdx: number }).typeIdx]!;
        if (!funcTypesEqual(e.type, expected)) throw new LinkError(`${where}: function type mismatch`);
        const f = adoptFunc(store, e);
        inst.funcs.push(f);
        inst.entries.push(f.jcall);
        inst.gentries.push(f.gcall);
        if (f instanceof JitFunc) {
          f.sites.push([inst.entries, inst.entries.length - 1]);
          f.gsites.push([inst.gentries, inst.gentries.length - 1]);
        }
        break;
      }
      case 'table':
        if (!(e instanceof InterpTable) || e.store !== store) throw foreign(where);
        inst.tables.push(e);
        break;
      case 'memory':
        if (!(e instanceof JitMemory) || e.owner !== store) throw foreign(where);
        inst.memories.push(e);
        break;
      case 'global':
        if (!(e instanceof InterpGlobal) || e.owner !== store) throw foreign(where);
        inst.globals.push(e);
        break;
    }
  });
  m.funcs.forEach((def, i) => {
    const idx = vm.numImportedFuncs + i;
    const f = new JitFunc(store, m.types[def.typeIdx]!, compiled.typeIds[def.typeIdx]!, inst, idx);
    inst.funcs.push(f);
    inst.entries.push(f.jcall);
    inst.gentries.push(f.gcall);
  });
  // The tier-up hooks the entry stubs and OSR probes call (stub.ts, osr.ts), after the module's
  // functions, in the order of the indices JitCompiled gives them.
  inst.funcs.push(new HostFunc(store, CHECK_TYPE, store.typeIdOf(CHECK_TYPE), (idx: number) => store.tier.check(inst.funcs[idx] as JitFunc)));
  for (const key of compiled.trampTypes) {
    const [ps, rs] = key.split('>');
    const ft: FuncType = { params: ps ? (ps.split(',') as ValType[]) : [], results: rs ? (rs.split(',') as ValType[]) : [] };
    const t = trampolineType(ft);
    // Note: functions with more parameters than JS handles well are never compiled (tier.ts), so
    // their trampoline is never called.
    const fn =
      jsParamCount(ft.params) > MAX_JS_PARAMS ? neverCalled : (store.runtime.adapter('tramp', ft, store, inst.funcs) as HostFunction);
    inst.funcs.push(new HostFunc(store, t, store.typeIdOf(t), fn));
  }
  inst.funcs.push(
    new HostFunc(store, OSR_CHECK_TYPE, store.typeIdOf(OSR_CHECK_TYPE), (idx: number, k: number) =>
      store.tier.osrCheck(inst.funcs[idx] as JitFunc, k),
    ),
  );
  for (const ot of compiled.osrTypes) {
    const t = osrEnterType(ot.params, ot.results);
    const fn = store.runtime.adapter('osr', ot, store, inst.funcs, store.tier) as HostFunction;
    inst.funcs.push(new HostFunc(store, t, store.typeIdOf(t), fn));
  }
  for (const g of m.globals) inst.globals.push(new InterpGlobal(store, g.type, evalConst(g.init, inst)));
  for (const t of m.tables) inst.tables.push(new InterpTable(store, t, null));
  for (const mt of m.memories) inst.memories.push(new JitMemory(store, mt, store.maxMemoryPages));
  inst.memory0 = inst.memories[0] ?? null;
  for (const ex of m.exports) {
    switch (ex.kind) {
      case 'func':
        inst.exports.set(ex.name, inst.funcs[ex.index]!);
        break;
      case 'table':
        inst.exports.set(ex.name, inst.tables[ex.index]!);
        break;
      case 'memory':
        inst.exports.set(ex.name, inst.memories[ex.index]!);
        break;
      case 'global':
        inst.exports.set(ex.name, inst.globals[ex.index]!);
        break;
    }
  }
  initSegments(inst);
  if (store.jitEager) store.tier.compileAll(inst);
  if (m.start !== null) store.callExact(inst.funcs[m.start]!, []);
  return inst;
}

/** Element then data segments, in order; a segment out of bounds traps (earlier ones stay applied). */
function initSegments(inst: InterpInstance): void {
  const m = inst.compiled.validated.module;
  m.elems.forEach((seg, i) => {
    const items = seg.init.map((c) => (evalConst(c, inst) as { value: unknown }).value);
    inst.elems[i] = items;
    if (seg.mode === 'active') {
      const table = inst.tables[seg.table]!.elements;
      const off = (evalConst(seg.offset!, inst) as { value: number }).value >>> 0;
      if (off + items.length > table.length) throw new Trap(TrapCode.OutOfBoundsTableAccess);
      for (let k = 0; k < items.length; k++) table[off + k] = items[k];
    }
    if (seg.mode !== 'passive') inst.elems[i] = [];
  });
  m.datas.forEach((seg, i) => {
    inst.datas[i] = seg.bytes;
    if (seg.mode === 'active') {
      const mem = inst.memories[seg.memory]!;
      const off = (evalConst(seg.offset!, inst) as { value: number }).value >>> 0;
      if (off + seg.bytes.length > mem.byteLength) throw new Trap(TrapCode.OutOfBoundsMemoryAccess);
      mem.u8.set(seg.bytes, off);
      inst.datas[i] = new Uint8Array(0);
    }
  });
}

/** An imported function as one of ours: our functions as they are, others wrapped as host functions. */
function adoptFunc(store: JitStore, f: WasmFunc): JitFunc | JitHostFunc {
  if (f instanceof InterpFunc) {
    if (f.store === store && (f instanceof JitFunc || f instanceof JitHostFunc)) return f;
    throw new LinkError('an imported function belongs to a different engine');
  }
  // Note: a function of another engine is called through its JS-API entry point.
  return new JitHostFunc(store, f.type, store.typeIdOf(f.type), (...args: unknown[]) => f.call(...args));
}

/** The trampoline of functions that are never compiled. */
function neverCalled(): never {
  throw new KpioError('internal: the trampoline of a function that is never compiled was called');
}

function foreign(where: string): LinkError {
  return new LinkError(`${where}: the extern was created by a different engine`);
}
