/** Turning bytes into a module an engine can instantiate: decode, validate, engine compile. */

import type { CompiledModule, Engine } from './engine.js';
import { decodeModule } from '../wasm/binary/decoder.js';
import { validateModule } from '../wasm/validate/index.js';
import type { ValidatedModule } from '../wasm/validate/validated-module.js';

/**
 * Decodes and validates module bytes with kpio's own decoder and validator (on every engine, the
 * native one included). Throws CompileError with the byte offset.
 */
export function loadModule(bytes: Uint8Array): ValidatedModule {
  return validateModule(decodeModule(bytes));
}

/** Decodes, validates and compiles module bytes for `engine`. */
export function compileModule(engine: Engine, bytes: Uint8Array): CompiledModule {
  return engine.compile(loadModule(bytes), bytes);
}
