/**
 * The context of one lift or lower (the spec's `LiftLowerContext`): the canonical options, the
 * instance, the borrow scope of the call, the memory view, and the `realloc` protocol with the
 * checks the specification applies to every pointer `realloc` returns.
 */

import { LinkError } from '../../api/errors.js';
import { componentTrap, hex } from './abi-errors.js';
import { GuestMemory } from './guest-memory.js';
import type { ComponentInstanceState } from './instance-state.js';
import type { CanonOptions, StringEncoding } from './options.js';
import type { CallScope, LendScope } from './resources.js';
import { TypeInfoCache } from './type-info.js';

/** Settings of a {@link LiftLowerContext} beyond the canonical options. */
export interface LiftLowerSettings {
  /**
   * The borrow scope: a {@link CallScope} when lowering arguments into a lifted callee (borrow
   * handles it receives are counted), a {@link LendScope} when lifting arguments out of a lowered
   * import's caller (lent handles are pinned), `null` elsewhere (results, which may not hold borrows).
   */
  readonly scope?: CallScope | LendScope | null;
  /**
   * When true, lifted strings are {@link CanonString}s that remember their source encoding, so that
   * lowering them into another component follows the spec's transcoding allocation sequence
   * exactly. Component-to-component adapters set it; host-facing calls leave it false (plain strings).
   */
  readonly canonStrings?: boolean;
  /** Layout cache to share between calls (one per lifted or lowered function); a fresh one by default. */
  readonly types?: TypeInfoCache;
}

/** Everything a lift or lower needs to know about where it happens. */
export class LiftLowerContext {
  /** The canonical options. */
  readonly options: CanonOptions;
  /** The instance whose memory and handle table are used. */
  readonly instance: ComponentInstanceState;
  /** The string encoding of the guest side. */
  readonly encoding: StringEncoding;
  /** See {@link LiftLowerSettings.scope}. */
  readonly scope: CallScope | LendScope | null;
  /** See {@link LiftLowerSettings.canonStrings}. */
  readonly canonStrings: boolean;
  /** Layout information of the types being lifted or lowered. */
  readonly types: TypeInfoCache;
  #memory: GuestMemory | null = null;

  constructor(options: CanonOptions, settings: LiftLowerSettings = {}) {
    this.options = options;
    this.instance = options.instance;
    this.encoding = options.stringEncoding ?? 'utf8';
    this.scope = settings.scope ?? null;
    this.canonStrings = settings.canonStrings ?? false;
    this.types = settings.types ?? new TypeInfoCache();
  }

  /** The guest memory; throws a {@link LinkError} when the options have none. */
  get memory(): GuestMemory {
    if (this.#memory === null) {
      const m = this.options.memory;
      if (m === undefined) throw new LinkError('canonical ABI: this value needs the `memory` canonical option');
      this.#memory = new GuestMemory(m);
    }
    return this.#memory;
  }

  /**
   * Calls the guest's `realloc(old, oldSize, alignment, newSize)` with `may_leave` cleared (the
   * allocator may not call imports) and returns the pointer as an unsigned number.
   */
  reallocate(old: number, oldSize: number, alignment: number, newSize: number): number {
    const realloc = this.options.realloc;
    if (realloc === undefined) throw new LinkError('canonical ABI: this value needs the `realloc` canonical option');
    const inst = this.instance;
    inst.mayLeave = false;
    const r = realloc.call(old | 0, oldSize | 0, alignment | 0, newSize | 0);
    inst.mayLeave = true;
    return Number(r) >>> 0;
  }

  /** `realloc(0, 0, alignment, size)`. */
  allocate(alignment: number, size: number): number {
    return this.reallocate(0, 0, alignment, size);
  }

  /**
   * Checks a pointer `realloc` returned for a `what` (`list`, `string`, `values`): traps with
   * "realloc return: result not aligned" or "`what` content out-of-bounds" (wasmtime's wording)
   * followed by "realloc return: beyond end of memory".
   */
  checkAllocation(ptr: number, alignment: number, size: number, what = 'values'): void {
    if (ptr % alignment !== 0) {
      throw componentTrap(`realloc return: result not aligned (unaligned pointer ${hex(ptr)}, alignment ${alignment})`);
    }
    const len = this.memory.byteLength;
    if (ptr + size > len) {
      throw componentTrap(
        `${what} content out-of-bounds: realloc return: beyond end of memory (${hex(ptr)} + ${size} bytes > memory size ${len})`,
      );
    }
  }

  /**
   * Checks a pointer the guest passed for a value of `size` bytes: traps with "unaligned pointer"
   * or "`what` content out-of-bounds" (wasmtime's wording) with the pointer and length.
   */
  checkRange(what: string, ptr: number, alignment: number, size: number): void {
    if (ptr % alignment !== 0) {
      throw componentTrap(`unaligned pointer: ${what} pointer ${hex(ptr)} is not ${alignment}-byte aligned`);
    }
    const len = this.memory.byteLength;
    if (ptr + size > len) {
      // Note: wasmtime words this trap two ways in different places; the scripts check both.
      throw componentTrap(`${what} content out-of-bounds: ${what} pointer/length out of bounds of memory (${hex(ptr)} + ${size} bytes > memory size ${len})`);
    }
  }
}
