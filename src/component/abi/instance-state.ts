/**
 * The runtime state the canonical ABI keeps for each component instance (CanonicalABI.md
 * "Component Instances"): its handle table and the `may_enter` / `may_leave` flags that forbid
 * re-entering an instance already on the stack and calling out of `realloc` or `post-return`.
 */

import { componentTrap } from './abi-errors.js';
import { HandleTable } from './handle-table.js';
import type { HandleElement } from './resources.js';

/** Options of a {@link ComponentInstanceState}. */
export interface ComponentInstanceStateOptions {
  /** A name for messages (e.g. the instance's path in the component). */
  readonly name?: string;
  /** The instance of the enclosing component, for the spec's entering-set rule. */
  readonly parent?: ComponentInstanceState | null;
  /** The largest handle index the instance's table may hand out (default 2^28 - 1). */
  readonly maxHandles?: number;
}

/** The canonical-ABI state of one component instance. */
export class ComponentInstanceState {
  /** A name for messages. */
  readonly name: string;
  /** The instance of the enclosing component, or `null` for a root instance. */
  readonly parent: ComponentInstanceState | null;
  /** The resource handles this instance holds (`own` and `borrow`). */
  readonly handles: HandleTable<HandleElement>;
  /** False while a call into this instance (or a descendant entered through it) is running. */
  mayEnter = true;
  /** False while the instance runs `realloc` or `post-return`, which may not call out. */
  mayLeave = true;
  /**
   * True once a call into the instance trapped or threw. The instance then stays un-enterable
   * (wasmtime calls this poisoned): its memory and tables may be half-updated.
   */
  trapped = false;

  constructor(options: ComponentInstanceStateOptions = {}) {
    this.name = options.name ?? 'component instance';
    this.parent = options.parent ?? null;
    this.handles = new HandleTable<HandleElement>(options.maxHandles);
  }

  /** This instance and its enclosing instances, innermost first. */
  selfAndAncestors(): ComponentInstanceState[] {
    const out: ComponentInstanceState[] = [this];
    for (let i = this.parent; i !== null; i = i.parent) out.push(i);
    return out;
  }

  /**
   * The instances a call from `caller` (`null`: the host) into this instance enters: this
   * instance and its ancestors, minus those the caller is already inside.
   */
  enteringSet(caller: ComponentInstanceState | null): ComponentInstanceState[] {
    const mine = this.selfAndAncestors();
    if (caller === null) return mine;
    const theirs = new Set(caller.selfAndAncestors());
    return mine.filter((i) => !theirs.has(i));
  }

  /** Enters this instance from `caller`; traps with "cannot enter component instance" when re-entered. */
  enter(caller: ComponentInstanceState | null): void {
    const set = this.enteringSet(caller);
    for (const i of set) {
      if (!i.mayEnter) {
        const why = i.trapped ? 'a previous call into it trapped' : 'it is already on the call stack';
        throw componentTrap(`cannot enter component instance \`${i.name}\`: ${why}`);
      }
    }
    for (const i of set) i.mayEnter = false;
  }

  /** Leaves this instance back to `caller` after a call that completed normally. */
  leave(caller: ComponentInstanceState | null): void {
    for (const i of this.enteringSet(caller)) i.mayEnter = true;
  }

  /**
   * Marks the instances a failed call from `caller` entered as trapped: they stay un-enterable
   * (the spec aborts the whole store on a trap; the embedder may still hold other instances).
   */
  poison(caller: ComponentInstanceState | null): void {
    for (const i of this.enteringSet(caller)) {
      i.mayEnter = false;
      i.trapped = true;
    }
  }

  /** Traps with "cannot leave component instance" while the instance runs `realloc` or `post-return`. */
  checkMayLeave(): void {
    if (!this.mayLeave) {
      throw componentTrap(`cannot leave component instance \`${this.name}\` during realloc or post-return`);
    }
  }
}
