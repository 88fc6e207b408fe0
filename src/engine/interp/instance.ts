/**
 * The interpreter's compiled modules and instances, and instantiation: imports, globals, tables,
 * memories, element and data segments (Wasm 2.0 order), then the start function.
 */

import { LinkError, Trap, TrapCode } from '../../api/errors.js';
import { funcTypesEqual } from '../../api/types.js';
import type { Extern, WasmFunc } from '../../api/values.js';
import type { CompiledModule, EngineInstance } from '../../runtime/engine.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import { evalConst } from './const-expr.js';
import type { FuncBody } from './func-body.js';
import { InterpFunc } from './func.js';
import { InterpGlobal } from './global.js';
import { InterpMemory } from './memory.js';
import type { InterpStore } from './store.js';
import { InterpTable } from './table.js';
import { type TranslateOptions, translateFunction } from './translate.js';

/** A module prepared for the interpreter: function bodies are translated on first call and shared by all instances. */
export class InterpCompiled implements CompiledModule {
  /** The engine's type id of each of the module's types. */
  readonly typeIds: readonly number[];
  private readonly bodies: (FuncBody | undefined)[];

  constructor(
    readonly validated: ValidatedModule,
    readonly store: InterpStore,
  ) {
    this.typeIds = validated.module.types.map((t) => store.typeIdOf(t));
    this.bodies = new Array<FuncBody | undefined>(validated.module.funcs.length);
  }

  /** A new, empty instance of this module (the JIT's instances carry more). */
  createInstance(): InterpInstance {
    return new InterpInstance(this);
  }

  /** How defined function `funcIdx` is translated (the JIT adds loop probes). */
  protected translateOptions(_funcIdx: number): TranslateOptions {
    return { metering: this.store.metering, typeIds: this.typeIds };
  }

  /** The translated body of defined function `funcIdx` (an index in the function space). */
  bodyOf(funcIdx: number): FuncBody {
    const i = funcIdx - this.validated.numImportedFuncs;
    let b = this.bodies[i];
    if (b === undefined) {
      b = translateFunction(this.validated, funcIdx, this.translateOptions(funcIdx));
      this.bodies[i] = b;
    }
    return b;
  }
}

/** An instance of the interpreter engine: the index spaces the executor works on. */
export class InterpInstance implements EngineInstance {
  /** Function index space (imports first). */
  readonly funcs: InterpFunc[] = [];
  readonly tables: InterpTable[] = [];
  readonly memories: InterpMemory[] = [];
  /** Memory 0, or null (the executor's loads and stores use it). */
  memory0: InterpMemory | null = null;
  readonly globals: InterpGlobal[] = [];
  /** Data segments by index (dropped segments are empty). */
  readonly datas: Uint8Array[] = [];
  /** Element segments' references by index (dropped segments are empty). */
  readonly elems: unknown[][] = [];
  readonly exports = new Map<string, Extern>();

  constructor(readonly compiled: InterpCompiled) {}
}

/**
 * Instantiates `compiled` with resolved imports (one per module import, in order). The objects it
 * creates come from the store's factories, so an engine built on the interpreter's (the JIT)
 * instantiates through here too.
 */
export function instantiate(store: InterpStore, compiled: InterpCompiled, imports: readonly Extern[]): InterpInstance {
  const vm = compiled.validated;
  const m = vm.module;
  const inst = compiled.createInstance();
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
        inst.funcs.push(adoptFunc(store, e));
        break;
      }
      case 'table':
        if (!(e instanceof InterpTable) || e.store !== store) throw foreign(where);
        inst.tables.push(e);
        break;
      case 'memory':
        if (!(e instanceof InterpMemory) || e.owner !== store) throw foreign(where);
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
    inst.funcs.push(store.createDefinedFunc(m.types[def.typeIdx]!, compiled.typeIds[def.typeIdx]!, inst, idx));
  });
  for (const g of m.globals) inst.globals.push(new InterpGlobal(store, g.type, evalConst(g.init, inst)));
  for (const t of m.tables) inst.tables.push(new InterpTable(store, t, null));
  for (const mt of m.memories) inst.memories.push(store.createMemory(mt));
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
  store.instantiated(inst);
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
function adoptFunc(store: InterpStore, f: WasmFunc): InterpFunc {
  if (f instanceof InterpFunc) {
    if (f.store === store) return f;
    throw new LinkError('an imported function belongs to a different engine');
  }
  // Note: a function of another engine kind is called through its JS-API entry point.
  return store.createHostFunc(f.type, (...args: unknown[]) => f.call(...args));
}

function foreign(where: string): LinkError {
  return new LinkError(`${where}: the extern was created by a different engine`);
}
