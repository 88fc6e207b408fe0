/**
 * The validation context C of the spec: the module's index spaces, in the compact form (type
 * codes, typed arrays) that the function validator reads on every instruction.
 */

/** The index spaces and facts that instruction typing consults. */
export interface ModuleContext {
  /** Parameter type codes of each type index. */
  readonly typeParams: readonly Uint8Array[];
  /** Result type codes of each type index. */
  readonly typeResults: readonly Uint8Array[];
  /** Type index of each function (imports first). */
  readonly funcTypeIdx: readonly number[];
  /** Element type code of each table (imports first). */
  readonly tableTypes: Uint8Array;
  /** Number of memories (imports included). */
  readonly numMemories: number;
  /** Value type code of each global (imports first). */
  readonly globalTypes: Uint8Array;
  /** 1 for each mutable global. */
  readonly globalMutable: Uint8Array;
  /** Number of imported globals: the only globals constant expressions may read in Wasm 2.0. */
  readonly numImportedGlobals: number;
  /** Element type code of each element segment. */
  readonly elemTypes: Uint8Array;
  /** Number of data segments. */
  readonly numDatas: number;
  /** Functions `ref.func` may name in function bodies. */
  readonly declaredFuncRefs: ReadonlySet<number>;
}
