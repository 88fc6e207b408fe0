/**
 * Where the entries of a decoded module sit in its bytes, so that errors found after decoding
 * (validation, linking) can still point at a byte offset.
 */

import type { Module } from '../module.js';

/** Byte offsets of a module's entries, one array per index space of the AST (-1 when unknown). */
export interface ModuleOffsets {
  readonly types: number[];
  readonly imports: number[];
  /** Function section entries (the type index of each defined function). */
  readonly funcs: number[];
  readonly tables: number[];
  readonly memories: number[];
  readonly globals: number[];
  readonly exports: number[];
  readonly elems: number[];
  readonly datas: number[];
  start: number;
}

/** The entry kinds of {@link ModuleOffsets} that are arrays. */
export type EntryKind = Exclude<keyof ModuleOffsets, 'start'>;

/** Empty offset tables. */
export function emptyOffsets(): ModuleOffsets {
  return { types: [], imports: [], funcs: [], tables: [], memories: [], globals: [], exports: [], elems: [], datas: [], start: -1 };
}

/**
 * Attaches offsets to a module. Note: the property is not enumerable, so a decoded module still
 * compares equal to the same module built by other means (text parser, tests).
 */
export function attachOffsets(m: Module, offsets: ModuleOffsets): void {
  Object.defineProperty(m, 'offsets', { value: offsets, enumerable: false });
}

/** The offsets the decoder recorded for `m`, if it came from the decoder. */
export function offsetsOf(m: Module): ModuleOffsets | undefined {
  return (m as { offsets?: ModuleOffsets }).offsets;
}

/** The byte offset of entry `index` of `kind` in `m`, or -1 when not known. */
export function entryOffset(m: Module, kind: EntryKind, index: number): number {
  return offsetsOf(m)?.[kind][index] ?? -1;
}
