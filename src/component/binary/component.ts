/**
 * A decoded and validated component: its definitions in order, its index spaces with resolved
 * types, and its imports and exports. This is what the linker instantiates and what `kpio inspect`
 * and `kpio wit` describe.
 */

import type { ComponentExternType, ComponentType, ResourceType } from '../types.js';
import type { ComponentNames, CustomSection, Definition } from './ast.js';
import type { IndexSpaces } from './scope.js';

/** A decoded, validated component. */
export interface Component {
  /** Definitions in binary order; each appends to {@link Component.spaces} as the spec says. */
  readonly definitions: readonly Definition[];
  /** Custom sections other than `component-name`. */
  readonly customSections: readonly CustomSection[];
  /** The `component-name` section, when present and well-formed. */
  readonly names: ComponentNames | null;
  /**
   * The index spaces after all definitions: entry `i` of a space holds the resolved type and the
   * position in {@link Component.definitions} of the definition that created index `i`.
   */
  readonly spaces: IndexSpaces;
  /** Imports by name, in order, with resolved types. */
  readonly imports: ReadonlyMap<string, ComponentExternType>;
  /** Exports by name, in order, with resolved types. */
  readonly exports: ReadonlyMap<string, ComponentExternType>;
  /** The component's own type (what a parent sees). */
  readonly type: ComponentType;
  /** Resources defined by `(type (resource ...))` in this component (fresh per instantiation). */
  readonly localResources: ReadonlySet<ResourceType>;
  /**
   * Value types copied to give them a new name (type exports, `eq` type imports): copy -> original.
   * The WIT printer uses it to see that two names denote the same definition.
   */
  readonly copiedFrom: ReadonlyMap<object, object>;
  /** Offset of the component's preamble in the outermost byte array. */
  readonly offset: number;
  /** Offset just past the component's last byte. */
  readonly end: number;
}
