/**
 * The JS values a TS host sees for component values: what `lift` produces and `lower` accepts.
 *
 * | component type          | JS value                                                             |
 * |-------------------------|----------------------------------------------------------------------|
 * | `bool`                  | `boolean`                                                            |
 * | `u8` `s8` ... `u32` `s32` | `number` (an integer in the type's range)                          |
 * | `u64` `s64`             | `bigint` (in the type's range; a `number` is refused)                |
 * | `f32` `f64`             | `number`; every NaN is the canonical NaN (no payloads cross)         |
 * | `char`                  | a `string` of exactly one Unicode scalar value (no lone surrogate)   |
 * | `string`                | `string` (well-formed: lone surrogates are refused when lowering)   |
 * | `list<u8>`              | `Uint8Array` (a copy; lowering also accepts an array of numbers)     |
 * | `list<T>`, fixed `list<T, N>` | `Array` (exactly N elements for the fixed form)                 |
 * | `record`                | a plain object keyed by the field names exactly as declared, kebab-case |
 * |                         | included (`{ 'data-size': 1n }`); lowering refuses missing or unknown keys |
 * | `tuple`                 | an `Array` of the element values                                     |
 * | `variant`               | `{ tag: 'case-name', val }`; `val` is absent for cases without payload |
 * | `enum`                  | the case name as a `string`                                          |
 * | `flags`                 | an object with one boolean per flag name (lifted: every name present; |
 * |                         | lowering: missing names are `false`, unknown names are refused)     |
 * | `option<T>`             | `{ tag: 'none' }` or `{ tag: 'some', val }` (unambiguous when nested) |
 * | `result<T, E>`          | `{ tag: 'ok', val? }` or `{ tag: 'err', val? }`                       |
 * | `own<R>` `borrow<R>`    | a {@link ResourceRef}                                                |
 *
 * Lowering a JS value that does not fit its type throws a {@link ComponentValueError}.
 */

import type { ResourceRef } from './resource-ref.js';
import type { StringEncoding } from './options.js';

/** A JS value standing for a component value (see the module documentation for the mapping). */
export type ComponentValue =
  | boolean
  | number
  | bigint
  | string
  | CanonString
  | Uint8Array
  | ResourceRef
  | readonly ComponentValue[]
  | VariantValue
  | RecordValue;

/** The JS value of a `record` (keyed by field name) or `flags` (keyed by flag name). */
export interface RecordValue {
  readonly [name: string]: ComponentValue | undefined;
}

/** The JS value of a `variant` case (also `option` and `result`). */
export interface VariantValue {
  /** The case name (`'none'`/`'some'` for option, `'ok'`/`'err'` for result). */
  readonly tag: string;
  /** The payload; absent for cases without one. */
  readonly val?: ComponentValue;
}

/** The JS value of an `option<T>`. */
export type OptionValue<T extends ComponentValue = ComponentValue> =
  | { readonly tag: 'none' }
  | { readonly tag: 'some'; readonly val: T };

/** The JS value of a `result<T, E>` (`val` is absent when that side has no type). */
export type ResultValue<T extends ComponentValue = ComponentValue, E extends ComponentValue = ComponentValue> =
  | { readonly tag: 'ok'; readonly val?: T }
  | { readonly tag: 'err'; readonly val?: E };

/** The JS value of a `flags` type: one boolean per flag name. */
export type FlagsValue = { readonly [name: string]: boolean };

/**
 * A string together with how it was encoded in the memory it was lifted from (the spec's
 * `String = (str, encoding, tagged_code_units)`). Component-to-component calls pass strings in
 * this form so the callee's lowering allocates exactly as the specification prescribes for that
 * source encoding. Lowering accepts a plain `string` or a `CanonString` anywhere a string goes.
 */
export class CanonString {
  constructor(
    /** The decoded text. */
    readonly value: string,
    /** The encoding of the memory it came from. */
    readonly encoding: StringEncoding,
    /** The length in code units of that encoding; for `latin1+utf16`, with the UTF-16 tag bit. */
    readonly taggedCodeUnits: number,
  ) {}

  /** The decoded text. */
  toString(): string {
    return this.value;
  }
}
