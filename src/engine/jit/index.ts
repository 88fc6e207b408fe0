/**
 * The JIT engine (DESIGN.md section 3): WebAssembly functions translated to JavaScript source and
 * compiled by the host's JS engine, tiering up from the interpreter. See README.md.
 */

export { createJitEngine, JitEngine } from './engine.js';
export type { JitEngineOptions } from './store.js';
export { JitStore } from './store.js';
export { JitFunc, JitHostFunc } from './func.js';
export type { CompiledFn } from './func.js';
export { JitCompiled, JitInstance } from './instance.js';
export { DEFAULT_TIER_UP_THRESHOLD } from './tier.js';
export { factorySource } from './codegen/factory.js';
