/**
 * Engine selection: builds an engine of a given kind. Lives at the top of src/ because it is the one
 * place (besides the CLI) that knows every engine.
 */

import { KpioError } from './api/errors.js';
import { ENGINE_KINDS } from './engine-kinds.js';
import type { Engine, EngineKind, EngineOptions } from './runtime/engine.js';
import { createInterpEngine } from './engine/interp/index.js';
import { createNativeEngine } from './engine/native/index.js';
import { createJitEngine } from './engine/jit/index.js';

export { defaultEngineKind, ENGINE_KINDS, hostHasWebAssembly } from './engine-kinds.js';

/** Creates an engine of kind `kind` with `options`. */
export function createEngine(kind: EngineKind, options: EngineOptions = {}): Engine {
  switch (kind) {
    case 'interp':
      return createInterpEngine(options);
    case 'native':
      return createNativeEngine(options);
    case 'jit':
      return createJitEngine(options);
    default:
      throw new KpioError(`unknown engine "${String(kind)}": expected one of ${ENGINE_KINDS.join(', ')}`);
  }
}
