/**
 * The interpreter's globals: a value kept as raw 32-bit words (bit-exact for floats and v128) or
 * a reference.
 */

import { KpioError } from '../../api/errors.js';
import type { GlobalType } from '../../api/types.js';
import type { Value, WasmGlobal } from '../../api/values.js';
import { fromJsValue, toJsValue } from '../../util/js-values.js';
import { exactToWords, wordsToExact } from './value-words.js';

/** A global of the interpreter engine. */
export class InterpGlobal implements WasmGlobal {
  readonly kind = 'global';
  /** Word 0 of the value (i32, f32 bits, low half of i64/f64, lane 0 of v128). */
  w0 = 0;
  /** Word 1: high half of i64/f64, lane 1 of v128. */
  w1 = 0;
  /** Word 2: lane 2 of v128. */
  w2 = 0;
  /** Word 3: lane 3 of v128. */
  w3 = 0;
  /** The value of a reference-typed global (a function, a host value or null). */
  ref: unknown = null;

  /** Creates a global of `type` holding `init` (whose type must match). */
  constructor(
    readonly owner: object,
    readonly type: GlobalType,
    init: Value,
  ) {
    this.store(init);
  }

  /** The value in the JS-API convention (v128 has none and throws). */
  get value(): unknown {
    return toJsValue(this.getExact());
  }

  set value(v: unknown) {
    if (!this.type.mutable) throw new KpioError('cannot set the value of an immutable global');
    this.store(fromJsValue(this.type.valType, v));
  }

  /** The value with every bit. */
  getExact(): Value {
    const t = this.type.valType;
    if (t === 'funcref' || t === 'externref') return { type: t, value: this.ref } as Value;
    return wordsToExact(t, this.w0, this.w1, this.w2, this.w3);
  }

  /** Sets the value with every bit (throws for immutable globals and wrong types). */
  setExact(v: Value): void {
    if (!this.type.mutable) throw new KpioError('cannot set the value of an immutable global');
    this.store(v);
  }

  /** Stores without the mutability check (initialisation). */
  store(v: Value): void {
    if (v.type !== this.type.valType) {
      throw new KpioError(`a global of type ${this.type.valType} cannot hold a ${v.type} value`);
    }
    if (v.type === 'funcref' || v.type === 'externref') {
      this.ref = v.value;
      return;
    }
    const w = exactToWords(v);
    this.w0 = w[0]!;
    this.w1 = w[1]!;
    this.w2 = w[2]!;
    this.w3 = w[3]!;
  }
}
