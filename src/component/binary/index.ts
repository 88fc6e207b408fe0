/** The component binary front end: decoding, validation, index spaces and names. */

export type * from './ast.js';
export type { Component } from './component.js';
export { exportType, funcTypeAt, importType, typeAt, valueTypeAt } from './resolve.js';
export { COMPONENT_PREAMBLE, MAX_NESTING, SectionId, decodeComponent, isComponent, type DecodeComponentOptions } from './decoder.js';
export { isKebabLabel, isKebabWords, parseExternName, parseInterfaceName, parsePlainName, uniquenessKey, unversionedInterface, type ExternName, type ExternNameResult } from './names.js';
export { compareSemVer, formatSemVer, parseSemVer, type SemVer, type SemVerResult } from './semver.js';
export { SPACE_OF, type CoreTypeEntry, type IndexSpaces, type SpaceEntry } from './scope.js';
export { externMismatch, funcTypeMismatch, instantiateInstanceType, valueTypeMismatch, type ResourceMap } from './type-ops.js';
