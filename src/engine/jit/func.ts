/**
 * The JIT's function objects. They are the interpreter's (so interpreted code, tables and the
 * entry points treat them as usual) with the entries of compiled code: `jcall` in compiled code's
 * calling convention (see codegen/emit-access.ts), which compiled code calls every function
 * through, `gcall` for resumable code, and the interpreter's `DefinedFunc.jit` hook, through which
 * interpreted callers count calls and reach compiled code.
 */

import type { FuncType } from '../../api/types.js';
import type { HostFunction } from '../../api/values.js';
import { DefinedFunc, HostFunc, type InterpInstance } from '../interp/index.js';
import type { JitStore } from './store.js';

/** A function in compiled code's calling convention: `(depth, ...args) => result`. */
export type CompiledFn = (d: number, ...args: any[]) => unknown;

/** A function defined by a module instance, interpreted until it is compiled. */
export class JitFunc extends DefinedFunc {
  /**
   * The entry in compiled code's convention: the compiled function once compiled, before that a
   * cold entry that runs the interpreter (which counts the call and may compile it).
   */
  jcall: CompiledFn;
  /** The compiled function, or null while interpreted. */
  compiled: CompiledFn | null = null;
  /** Arrays of other instances' compiled code that hold this function's `jcall` (imports). */
  readonly sites: [CompiledFn[], number][] = [];
  /**
   * The entry of resumable compiled code (a generator function, see resumable.ts): the resumable
   * form once compiled, before that an entry that compiles it.
   */
  gcall: CompiledFn;
  /** The resumable form, or null until first needed. */
  gcompiled: CompiledFn | null = null;
  /** Arrays of other instances' resumable code that hold this function's `gcall`. */
  readonly gsites: [CompiledFn[], number][] = [];
  /** The OSR entries of its loops, by probe number (see osr.ts). */
  readonly osr: (CompiledFn | undefined)[] = [];

  constructor(store: JitStore, type: FuncType, typeId: number, instance: InterpInstance, index: number) {
    super(store, type, typeId, instance, index);
    const tier = store.tier;
    this.jit = tier.countCall;
    this.jcall = (store.runtime.adapter('cold', type, tier) as (f: JitFunc) => CompiledFn)(this);
    this.gcall = (store.runtime.adapter('gcold', type, tier) as (f: JitFunc) => CompiledFn)(this);
  }
}

/** A host function, callable from compiled code through {@link jcall}. */
export class JitHostFunc extends HostFunc {
  /** The entry in compiled code's convention (converts to and from the JS-API convention). */
  readonly jcall: CompiledFn;
  /** The entry of resumable code (a generator: a Promise result suspends the caller). */
  readonly gcall: CompiledFn;

  constructor(store: JitStore, type: FuncType, typeId: number, fn: HostFunction) {
    super(store, type, typeId, fn);
    store.runtime.scratch.ensureResults(type.results.length);
    this.jcall = (store.runtime.adapter('host', type, store) as (fn: HostFunction) => CompiledFn)(fn);
    this.gcall = (store.runtime.adapter('ghost', type, store) as (fn: HostFunction) => CompiledFn)(fn);
  }
}
