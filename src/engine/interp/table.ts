/** The interpreter's tables: a JS array of references (functions of this engine, host values, null). */

import { KpioError } from '../../api/errors.js';
import type { TableType } from '../../api/types.js';
import type { WasmTable } from '../../api/values.js';
import type { InterpStore } from './store.js';
import { checkFuncRef } from './value-io.js';

/** Largest table size the spec allows (2^32 - 1 elements). */
const MAX_TABLE = 0xffffffff;

/** A table of the interpreter engine. */
export class InterpTable implements WasmTable {
  readonly kind = 'table';
  /** The elements (the executor reads and writes this array directly). */
  readonly elements: unknown[];
  /** Largest size: the type's maximum capped by the engine's `maxTableElements`. */
  readonly maxElements: number;

  /** Creates a table of `type.limits.min` elements set to `init` (checked by the caller). */
  constructor(
    readonly store: InterpStore,
    readonly type: TableType,
    init: unknown = null,
  ) {
    this.maxElements = Math.min(type.limits.max ?? MAX_TABLE, store.maxTableElements);
    if (type.limits.min > this.maxElements) {
      throw new KpioError(
        `table limit exceeded: the table needs ${type.limits.min} elements, the limit is ${this.maxElements}`,
      );
    }
    this.elements = new Array<unknown>(type.limits.min).fill(init);
  }

  /** The current number of elements. */
  get length(): number {
    return this.elements.length;
  }

  /** The element at `index` (JS API; throws a KpioError out of range). */
  get(index: number): unknown {
    return this.elements[this.index(index)];
  }

  /** Sets the element at `index` (JS API; `undefined` means null for funcref tables). */
  set(index: number, value: unknown = null): void {
    const i = this.index(index);
    this.elements[i] = this.checkValue(value);
  }

  /** JS-API growth: returns the old length, or throws a KpioError when it cannot grow. */
  grow(delta: number, init?: unknown): number {
    const d = Number(delta);
    if (!Number.isInteger(d) || d < 0 || d > MAX_TABLE) {
      throw new KpioError(`table.grow: invalid element count ${String(delta)}`);
    }
    const r = this.growElements(d, this.checkValue(init === undefined ? null : init));
    if (r < 0) {
      throw new KpioError(
        `table.grow(${d}) failed: ${this.length} + ${d} elements exceeds the maximum of ${this.maxElements}`,
      );
    }
    return r;
  }

  /** `table.grow`: returns the old length, or -1 beyond the maximum. */
  growElements(delta: number, init: unknown): number {
    const old = this.elements.length;
    if (delta > this.maxElements - old) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }

  private index(index: number): number {
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= this.elements.length) {
      throw new KpioError(`table index ${String(index)} is out of range (length ${this.elements.length})`);
    }
    return i;
  }

  private checkValue(value: unknown): unknown {
    if (this.type.elemType === 'funcref') {
      const v = value === undefined ? null : value;
      checkFuncRef(this.store, v);
      return v;
    }
    return value;
  }
}
