/**
 * Engine selection: builds an engine of a given kind. Lives at the top of src/ because it is the one
 * place (besides the CLI) that knows every engine.
 */

import { KpioError } from './api/errors.js';
import type { Engine, EngineKind, EngineOptions } from './runtime/engine.js';
import { createInterpEngine } from './engine/interp/index.js';
import { createNativeEngine } from './engine/native/index.js';

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

/** Creates an engine of kind `kind` with `options`. */
export function createEngine(kind: EngineKind, options: EngineOptions = {}): Engine {
  switch (kind) {
    case 'interp':
      return createInterpEngine(options);
    case 'native':
      return createNativeEngine(options);
    case 'jit':
      throw new KpioError('the jit engine is not available yet (issue #4): use --engine interp or native');
    default:
      throw new KpioError(`unknown engine "${String(kind)}": expected one of ${ENGINE_KINDS.join(', ')}`);
  }
}
