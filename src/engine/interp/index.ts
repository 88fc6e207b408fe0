/**
 * The interpreter engine (DESIGN.md section 3): a pure-TypeScript WebAssembly 2.0 interpreter that
 * translates validated function bodies into a compact slot/register code and runs it on its own
 * frame stack, with fuel metering, a deterministic call-depth limit and resumable (async) calls.
 */

export { checkEngineOptions, createInterpEngine, InterpEngine } from './engine.js';
export { OutOfFuelTrap } from './out-of-fuel.js';
export type { FuelResumer } from './out-of-fuel.js';
export { InterpFunc, DefinedFunc, HostFunc } from './func.js';
export type { CallHook } from './func.js';
export type { Execution } from './execution.js';
export { InterpMemory } from './memory.js';
export { InterpTable } from './table.js';
export { InterpGlobal } from './global.js';
export { InterpCompiled, InterpInstance } from './instance.js';
export { InterpStore, DEFAULT_MAX_CALL_DEPTH, funcTypeKey } from './store.js';
export type { FuncBody } from './func-body.js';
export { translateFunction } from './translate.js';
export type { TranslateOptions } from './translate.js';
export { IOp, IOP_NAMES, MISC_BASE, SIMD_BASE } from './ops.js';
export { disassemble, operandsOf } from './disasm.js';
