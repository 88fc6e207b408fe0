/**
 * Decoding and validating module bytes in one step, as every engine needs them: the decoder reads
 * the sections but leaves the instructions of function bodies to the validator, which reads every
 * immediate anyway, so the bodies are walked once instead of twice.
 *
 * Note: a module that fails is decoded and validated again the ordinary way, so the error is
 * exactly the one `validateModule(decodeModule(bytes))` reports (a malformed body is still
 * "malformed", before any validation error). Only a module both ways accept gets through: the
 * validator checks everything the decoder's walk checks (opcodes, immediates, nesting, the end of
 * each body, and segment indices without a data count section).
 */

import { CompileError } from '../../api/errors.js';
import { decodeModule } from '../binary/decoder.js';
import { validateModule } from './validate-module.js';
import type { ValidatedModule } from './validated-module.js';

/**
 * Decodes and validates a module binary: the same result (or `CompileError`) as
 * `validateModule(decodeModule(bytes))`, with less work for valid modules.
 */
export function decodeAndValidate(bytes: Uint8Array): ValidatedModule {
  try {
    return validateModule(decodeModule(bytes, { checkBodies: false }), { bodiesUnchecked: true });
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
  }
  return validateModule(decodeModule(bytes));
}

/**
 * Like {@link decodeAndValidate}, but the function bodies are validated only when the result's
 * `funcInfo` is first read (`ensureBodiesValidated`); everything else is validated now.
 * Engines that do not validate bodies themselves read it when they compile, so a module with an
 * invalid body still never runs; the native engine leaves the bodies to the host's compiler and
 * reads it only to explain a rejection. Either way the error, now or later, is exactly
 * `validateModule(decodeModule(bytes))`'s, passed through `mapError` when given.
 */
export function decodeAndValidateDeferred(bytes: Uint8Array, mapError: (e: CompileError) => CompileError = (e) => e): ValidatedModule {
  // Note: whenever this walk finds an error, a body error may come before it in the reference
  // order (bodies are validated before the start function and the exports): the full path decides.
  const explain = (e: CompileError): CompileError => mapError(exactError(bytes) ?? e);
  try {
    return validateModule(decodeModule(bytes, { checkBodies: false }), { bodiesUnchecked: true, deferBodies: true, deferredError: explain });
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    throw explain(e);
  }
}

/** The error `validateModule(decodeModule(bytes))` throws, or null when it accepts the module. */
function exactError(bytes: Uint8Array): CompileError | null {
  try {
    validateModule(decodeModule(bytes));
    return null;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}
