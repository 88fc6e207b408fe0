/**
 * Loading one engine on demand. `engines.ts` imports every engine up front (simple for libraries and
 * tests); the CLI loads only the engine a command uses, which keeps start-up short.
 */

import { KpioError } from './api/errors.js';
import type { Engine, EngineKind, EngineOptions } from './runtime/engine.js';
import { ENGINE_KINDS } from './engine-kinds.js';

/** Creates engines of one kind. */
export type EngineFactory = (options?: EngineOptions) => Engine;

/** Loads the module of engine `kind` and returns its factory. */
export async function loadEngineFactory(kind: EngineKind): Promise<EngineFactory> {
  switch (kind) {
    case 'interp':
      return (await import('./engine/interp/index.js')).createInterpEngine;
    case 'jit':
      return (await import('./engine/jit/index.js')).createJitEngine;
    case 'native':
      return (await import('./engine/native/index.js')).createNativeEngine;
    default:
      throw new KpioError(`unknown engine "${String(kind)}": expected one of ${ENGINE_KINDS.join(', ')}`);
  }
}

/** Loads engine `kind` and creates one with `options`. */
export async function loadEngine(kind: EngineKind, options: EngineOptions = {}): Promise<Engine> {
  return (await loadEngineFactory(kind))(options);
}
