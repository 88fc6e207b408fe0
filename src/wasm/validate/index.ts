/**
 * Wasm 2.0 validation: {@link validateModule} turns a decoded module into the
 * {@link ValidatedModule} that engines accept.
 */

export { validateModule, type ValidateOptions } from './validate-module.js';
export { decodeAndValidate, decodeAndValidateDeferred } from './decode-and-validate.js';
export { MAX_FUNCTION_LOCALS } from './func-validator.js';
export { ensureBodiesValidated, type FuncInfo, type ValidatedModule } from './validated-module.js';
