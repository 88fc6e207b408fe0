/** The runtime: module loading, linking and instantiation over an injected Engine. */
export type { CompiledModule, Engine, EngineInstance, EngineKind, EngineOptions } from './engine.js';
export { Linker } from './linker.js';
export { Instance } from './instance.js';
export { compileModule, loadModule } from './compile.js';
export { externTypeOf, matchExtern } from './import-match.js';
