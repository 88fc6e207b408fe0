/**
 * The state shared by the generators of one module ({@link ModuleEnv}) and of one function body
 * ({@link FuncState}).
 *
 * Exactness: the spec lets an arithmetic operator that returns a NaN pick any quiet NaN (payload and
 * sign), so engines may legally differ in those bits. Every f32/f64 local, global, parameter, result
 * and label carries an `exact` flag: an exact slot only ever receives values whose bits are
 * deterministic (constants, loads, reinterpretations, abs/neg/copysign of exact values, selects of
 * exact values, ...) or values passed through a canonicalising sequence that replaces any NaN by
 * the canonical one. Memory, v128 values and every operand whose bits become observable (reinterpret,
 * store, the sign operand of copysign, splats) are always exact. The differential runner compares
 * exact values bit for bit and inexact ones as "some NaN" when they are NaN.
 */

import type { FuncType, GlobalType, RefType, TableType, ValType } from '../api/types.js';
import { CodeBuilder, type ControlFrame } from './code-builder.js';
import type { Rng } from './rng.js';

/** A function signature of the module with the exactness of its float parameters and results. */
export interface SigInfo {
  readonly type: FuncType;
  readonly paramExact: readonly boolean[];
  readonly resultExact: readonly boolean[];
}

/** The host functions the runner provides (module `env`). */
export type HostFuncName = 'log' | 'mix';

/** A function of the module's function index space. */
export interface FuncEntry {
  readonly index: number;
  readonly sig: SigInfo;
  /** Set for imported host functions. */
  readonly host: HostFuncName | null;
}

/** A global of the module's global index space. */
export interface GlobalEntry {
  readonly index: number;
  readonly type: GlobalType;
  /** For f32/f64: every value written is exact. */
  readonly exact: boolean;
  /** True when generated code may `global.set` it (mutable and not the fuel counter). */
  readonly writable: boolean;
}

/** A table of the module. */
export interface TableEntry {
  readonly index: number;
  readonly type: TableType;
  /**
   * Slots that active element segments fill with functions at instantiation (slot, function
   * index): call_indirect aims at them often, so indirect calls often succeed.
   */
  readonly filled: { readonly slot: number; readonly func: number }[];
}

/** The module's memory (at most one in Wasm 2.0). */
export interface MemoryEntry {
  readonly minPages: number;
  readonly maxPages: number | undefined;
}

/** A data segment. */
export interface DataEntry {
  readonly index: number;
  readonly length: number;
}

/** An element segment. */
export interface ElemEntry {
  readonly index: number;
  readonly type: RefType;
  readonly length: number;
}

/** What the function generators know about the module being generated. */
export interface ModuleEnv {
  readonly simd: boolean;
  readonly sigs: readonly SigInfo[];
  readonly funcs: readonly FuncEntry[];
  readonly globals: readonly GlobalEntry[];
  /** Index of the fuel global (a mutable i32 decremented by every guarded call and loop back edge). */
  readonly fuelGlobal: number;
  /** Index of the checksum global (a mutable i64 that observation points fold values into). */
  readonly checksumGlobal: number;
  readonly tables: readonly TableEntry[];
  readonly memory: MemoryEntry | null;
  readonly datas: readonly DataEntry[];
  readonly elems: readonly ElemEntry[];
  /** The signature record of a function type (by structure), when the module has one. */
  sigOf(type: FuncType): SigInfo | undefined;
}

/** A loop's termination guard: an i32 local counting the back edges still allowed. */
export interface LoopGuard {
  readonly counter: number;
}

/** An open label as the generators see it. */
export interface Label {
  readonly frame: ControlFrame;
  /** The types a branch to this label carries. */
  readonly types: readonly ValType[];
  /** Exactness required of the values a branch delivers. */
  readonly exact: readonly boolean[];
  /** Set for loops: branches to this label are back edges and must be guarded. */
  readonly loop: LoopGuard | null;
}

/** A local of the function being generated. */
export interface LocalEntry {
  readonly type: ValType;
  readonly exact: boolean;
  /** Reserved locals (loop counters, scratch) are never read or written by random code. */
  readonly reserved: boolean;
}

/** The generators of values and statements, installed by the dispatcher. */
export interface Dispatch {
  /** Emits code that pushes one value of type `t`; exact values have deterministic bits. */
  value(s: FuncState, t: ValType, exact: boolean): void;
  /** Emits code that pushes values of `types` in order (see {@link FuncState.values}). */
  values(s: FuncState, types: readonly ValType[], exact: readonly boolean[]): void;
  /** Emits code with no net effect on the operand stack. */
  stmt(s: FuncState): void;
}

/** Size limits of one function body. */
export interface BodyLimits {
  /** Soft limit on the body's encoded size: past it only leaves and no new statements are made. */
  readonly maxBytes: number;
  /** Maximum nesting of value expressions. */
  readonly maxDepth: number;
  /** Maximum number of open labels. */
  readonly maxLabels: number;
}

/** The state of one function body being generated. */
export class FuncState {
  /** The builder emitting the body. */
  readonly b: CodeBuilder;
  /** Local types (parameters first), shared with the builder. */
  readonly localTypes: ValType[] = [];
  readonly locals: LocalEntry[] = [];
  /** Open labels, outermost first (the function's own label is first). */
  readonly labels: Label[] = [];
  /** Current expression nesting. */
  depth = 0;
  private readonly scratch = new Map<ValType, number>();

  constructor(
    readonly rng: Rng,
    readonly env: ModuleEnv,
    readonly sig: SigInfo,
    readonly limits: BodyLimits,
    private readonly dispatch: Dispatch,
    builderInfo: ConstructorParameters<typeof CodeBuilder>[0],
  ) {
    sig.type.params.forEach((t, i) => this.addLocal(t, sig.paramExact[i] ?? true, false));
    this.b = new CodeBuilder(builderInfo, sig.type, this.localTypes);
    this.labels.push({
      frame: this.b.top,
      types: sig.type.results,
      exact: sig.resultExact,
      loop: null,
    });
  }

  private addLocal(type: ValType, exact: boolean, reserved: boolean): number {
    this.localTypes.push(type);
    this.locals.push({ type, exact: exact || !isFloat(type), reserved });
    return this.locals.length - 1;
  }

  /** Declares a new local and returns its index. */
  newLocal(type: ValType, exact: boolean, reserved = false): number {
    return this.addLocal(type, exact, reserved);
  }

  /**
   * A reserved scratch local of `type`, shared by the short fixed sequences (canonicalisation,
   * picking one of several results) that set and read it with no generated code in between.
   */
  scratchLocal(type: ValType): number {
    let idx = this.scratch.get(type);
    if (idx === undefined) this.scratch.set(type, (idx = this.addLocal(type, false, true)));
    return idx;
  }

  /** True when the body has reached its size limit. */
  get exhausted(): boolean {
    return this.b.size >= this.limits.maxBytes;
  }

  /** Emits a value of type `t` (see {@link Dispatch.value}). */
  value(t: ValType, exact = false): void {
    this.dispatch.value(this, t, exact);
  }

  /** Emits values of `types` in order, each exact where `exact[i]` says so. */
  values(types: readonly ValType[], exact: readonly boolean[] = []): void {
    this.dispatch.values(this, types, exact);
  }

  /** Emits one statement. */
  stmt(): void {
    this.dispatch.stmt(this);
  }

  /** Emits `n` statements (fewer once the body is exhausted). */
  stmts(n: number): void {
    for (let i = 0; i < n && !this.exhausted; i++) this.stmt();
  }

  /** Drops `n` values from the top of the stack. */
  dropN(n: number): void {
    for (let i = 0; i < n; i++) this.b.drop();
  }
}

/** True for f32 and f64, the types whose NaN bits may be nondeterministic. */
export function isFloat(t: ValType): t is 'f32' | 'f64' {
  return t === 'f32' || t === 'f64';
}

/** True for funcref and externref. */
export function isRef(t: ValType): t is RefType {
  return t === 'funcref' || t === 'externref';
}

/** A way of producing a value: applicable to some types, weighted against the others. */
export interface ValueProducer {
  readonly name: string;
  readonly weight: number;
  /** True when this producer can make a value of type `t` in the current state. */
  applies(s: FuncState, t: ValType): boolean;
  /**
   * Emits code pushing one value of type `t`. `exact` asks for deterministic bits (the dispatcher
   * canonicalises when the producer cannot deliver them); returns true when the result is exact.
   */
  emit(s: FuncState, t: ValType, exact: boolean): boolean;
}

/** A way of producing a statement (no net stack effect). */
export interface StmtProducer {
  readonly name: string;
  readonly weight: number;
  applies(s: FuncState): boolean;
  emit(s: FuncState): void;
}

/** A random type, weighted toward the numeric ones. */
export function randomType(s: FuncState): ValType {
  return s.rng.weighted<ValType>([
    [4, 'i32'],
    [3, 'i64'],
    [2, 'f32'],
    [2, 'f64'],
    [1, 'funcref'],
    [0.5, 'externref'],
    [s.env.simd ? 4 : 0, 'v128'],
  ]);
}
