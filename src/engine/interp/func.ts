/**
 * The interpreter's function objects: functions defined by a module instance and functions
 * implemented by the host. Both are `WasmFunc`s; wasm calls between them never recurse in JS
 * (the executor pushes a frame), host functions are called in the JS-API convention.
 */

import type { FuncType } from '../../api/types.js';
import type { HostFunction, Value, WasmFunc } from '../../api/values.js';
import type { Execution } from './execution.js';
import type { FuncBody } from './func-body.js';
import type { InterpInstance } from './instance.js';
import type { InterpStore } from './store.js';
import { layoutOf } from './layout.js';

/** A function of the interpreter engine (either kind). */
export abstract class InterpFunc implements WasmFunc {
  readonly kind = 'func';
  /** True for host functions (the executor branches on this). */
  abstract readonly isHost: boolean;
  /** Cell offsets of the parameters (from the call's base cell). */
  readonly paramOffsets: Int32Array;
  /** Cell offsets of the results. */
  readonly resultOffsets: Int32Array;

  constructor(
    /** The engine-wide state this function belongs to. */
    readonly store: InterpStore,
    readonly type: FuncType,
    /** The engine's interned id of {@link type} (equal ids mean equal types). */
    readonly typeId: number,
  ) {
    this.paramOffsets = layoutOf(type.params);
    this.resultOffsets = layoutOf(type.results);
  }

  /**
   * Calls with JS-API values; returns `undefined`, one value, or an array. i64 is a bigint;
   * v128 (which the JS API cannot pass) is accepted and returned as a 16-byte Uint8Array.
   */
  call(...args: unknown[]): unknown {
    return this.store.callJs(this, args);
  }

  /** Calls with exact values. */
  callExact(args: readonly Value[]): Value[] {
    return this.store.callExact(this, args);
  }

  /**
   * Calls through the async entry point: host imports that return a Promise suspend the guest,
   * which resumes with the settled value.
   */
  callAsync(...args: unknown[]): Promise<unknown> {
    return this.store.callAsync(this, args);
  }
}

/**
 * A hook that may run a call of a defined function in place of its interpreted body (see
 * {@link DefinedFunc.jit}). The executor calls it as a method of the callee with the caller's
 * activation, the cell where the call's arguments are (its results go to the same cells, as for a
 * host call) and the caller's frame depth in that activation. It returns true when it ran the call,
 * false to let the interpreter run the body.
 */
export type CallHook = (this: DefinedFunc, ex: Execution, base: number, depth: number) => boolean;

/** A function defined by a module instance. */
export class DefinedFunc extends InterpFunc {
  readonly isHost = false;
  /** The translated body, or null until the first call translates it. */
  body: FuncBody | null = null;
  /**
   * The hook the executor's CALL and CALL_INDIRECT try before interpreting the body, or null (the
   * plain interpreter). The JIT puts its tier-up entry here: it counts the call and, once the
   * function is compiled, runs the compiled code on the caller's cells (no JS-API conversions).
   */
  jit: CallHook | null = null;
  /**
   * Tiering counter: the JIT's calls and the iterations of loops with a LOOP_PROBE (see
   * TranslateOptions.loopProbe) add to it; the plain interpreter never reads it.
   */
  hotness = 0;

  constructor(
    store: InterpStore,
    type: FuncType,
    typeId: number,
    /** The instance whose code, memory, tables and globals the body uses. */
    readonly instance: InterpInstance,
    /** Index in the module's function index space (imports first). */
    readonly index: number,
  ) {
    super(store, type, typeId);
  }

  /** The translated body, translating it now when needed (shared by all instances of the module). */
  compile(): FuncBody {
    const b = this.instance.compiled.bodyOf(this.index);
    this.body = b;
    return b;
  }
}

/** A function implemented by the host in the JS-API calling convention. */
export class HostFunc extends InterpFunc {
  readonly isHost = true;

  constructor(
    store: InterpStore,
    type: FuncType,
    typeId: number,
    /** The host implementation. */
    readonly fn: HostFunction,
  ) {
    super(store, type, typeId);
  }
}
