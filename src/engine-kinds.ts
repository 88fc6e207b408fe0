/** The engine kinds and the default choice, without loading any engine. */

import type { EngineKind } from './runtime/engine.js';

/** The engine kinds, in the order the CLI lists them. */
export const ENGINE_KINDS: readonly EngineKind[] = ['interp', 'jit', 'native'];

/** True when the host has a usable `WebAssembly` (then `native` is the default engine). */
export function hostHasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.Module === 'function';
}

/** The default engine kind: native where the host has WebAssembly, else jit. */
export function defaultEngineKind(): EngineKind {
  return hostHasWebAssembly() ? 'native' : 'jit';
}
