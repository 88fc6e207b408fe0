/**
 * The validator's output: the module plus the index spaces and side information that engines
 * need, so that no engine re-derives them.
 */

import type { FuncType, GlobalType, MemoryType, TableType, ValType } from '../../api/types.js';
import type { Module } from '../module.js';

/** Per-defined-function facts found during validation. */
export interface FuncInfo {
  /** Types of all locals, parameters first. */
  readonly localTypes: readonly ValType[];
  /** Largest operand-stack height (in values) reached in the body, not counting locals. */
  readonly maxStackHeight: number;
  /** Largest control-stack depth (blocks/loops/ifs nested, including the function block). */
  readonly maxControlDepth: number;
}

/** A module that passed validation. Engines accept only this. */
export interface ValidatedModule {
  readonly module: Module;
  /** Function index space (imports first): the type of each function. */
  readonly funcTypes: readonly FuncType[];
  /** Function index space: the type index of each function. */
  readonly funcTypeIndices: readonly number[];
  readonly tableTypes: readonly TableType[];
  readonly memoryTypes: readonly MemoryType[];
  readonly globalTypes: readonly GlobalType[];
  readonly numImportedFuncs: number;
  readonly numImportedTables: number;
  readonly numImportedMemories: number;
  readonly numImportedGlobals: number;
  /** Functions that `ref.func` may name: those referenced in elem segments, exports or global initialisers. */
  readonly declaredFuncRefs: ReadonlySet<number>;
  /**
   * One entry per *defined* function (index = funcIdx - numImportedFuncs). For a module from
   * `decodeAndValidateDeferred`, the first read validates the function bodies and throws
   * `CompileError` when one is invalid.
   */
  readonly funcInfo: readonly FuncInfo[];
}

/**
 * Makes sure the function bodies of `module` were validated (throws `CompileError` when one is
 * invalid). Free for modules validated the ordinary way; engines that run bodies without a
 * validator of their own call it before compiling.
 */
export function ensureBodiesValidated(module: ValidatedModule): void {
  void module.funcInfo;
}
