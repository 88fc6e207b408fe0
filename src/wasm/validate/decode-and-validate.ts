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
