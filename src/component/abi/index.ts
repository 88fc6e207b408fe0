/**
 * The canonical ABI of the Component Model, synchronous WASI 0.2 subset (CanonicalABI.md and its
 * `definitions.py`): layout and flattening of component types, lifting and lowering of every
 * value type (flat and in memory, strings in utf8 / utf16 / latin1+utf16), resource handle tables,
 * and complete lifted/lowered calls between the host, core instances and other components.
 *
 * The JS values a host sees are documented in `values.ts` ({@link ComponentValue}). Guest mistakes
 * are {@link Trap}s with code `Component`; host values that do not fit their type are
 * {@link ComponentValueError}s; missing or mistyped canonical options are {@link LinkError}s.
 *
 * Out of scope (Preview 3 and later): async lift/lower, streams, futures, error-context, threads,
 * 64-bit memories. `flags` with more than 32 names keep the pre-2024 layout (see `layout.ts`).
 */

export { componentTrap, ComponentValueError } from './abi-errors.js';
export {
  callFunction,
  callLifted,
  hostFunction,
  liftFunction,
  lowerFunction,
  makeLoweredImport,
  type CallRequest,
  type ComponentFunction,
} from './call.js';
export { LiftLowerContext, type LiftLowerSettings } from './context.js';
export { liftFlatValues, lowerFlatValues } from './flat-values.js';
export {
  flattenFuncType,
  flattenType,
  flattenTypes,
  flattenVariantPayload,
  join,
  paramTypes,
  resultTypes,
  type FlatType,
  type FlattenContext,
} from './flatten.js';
export { GuestMemory } from './guest-memory.js';
export { HandleTable } from './handle-table.js';
export { ComponentInstanceState, type ComponentInstanceStateOptions } from './instance-state.js';
export {
  alignOf,
  alignTo,
  discriminantSize,
  fieldOffsets,
  flagsSize,
  payloadOffset,
  sizeOf,
  PTR_SIZE,
} from './layout.js';
export { CoreValueIter, liftFlat, type FlatReader } from './lift-flat.js';
export {
  CANONICAL_F32_NAN_BITS,
  CANONICAL_F64_NAN_BITS,
  MAX_FLAT_PARAMS,
  MAX_FLAT_RESULTS,
  MAX_HANDLE_TABLE_LENGTH,
  MAX_LIST_BYTE_LENGTH,
  MAX_STRING_BYTE_LENGTH,
  REALLOC_I32_MAX,
  UTF16_TAG,
} from './limits.js';
export { load, loadListFromRange } from './load.js';
export { lowerFlat, toJsApiValues, type FlatValue } from './lower-flat.js';
export { checkCanonOptions, STRING_ENCODINGS, type CanonOptions, type StringEncoding } from './options.js';
export { ResourceRef, type ResourceRefKind, type ResourceRefState } from './resource-ref.js';
export { RuntimeResourceType } from './resource-type.js';
export {
  CallScope,
  LendScope,
  liftBorrow,
  liftOwn,
  lowerBorrow,
  lowerOwn,
  resourceDrop,
  resourceNew,
  resourceRep,
  type HandleElement,
} from './resources.js';
export { store, storeListIntoRange } from './store.js';
export { loadString, loadStringFromRange, storeString, storeStringIntoRange } from './strings.js';
export { TypeInfoCache, type TypeInfo } from './type-info.js';
export { liftFlatValue, loadValue, lowerFlatValue, storeValue } from './value-io.js';
export {
  CanonString,
  type ComponentValue,
  type FlagsValue,
  type OptionValue,
  type RecordValue,
  type ResultValue,
  type VariantValue,
} from './values.js';
