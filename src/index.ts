/**
 * kpio's platform-neutral library surface: types and errors, the module front end (decode, validate,
 * text), the runtime (Linker, Instance) and engine selection, WASI Preview 1 over the `sys`
 * capability layer, the Component Model, and the package format. `index.node.ts` adds the Node
 * platform (real files, sockets, stdio, the registry, and one-call runners).
 */
export * from './api/index.js';

export { decodeModule } from './wasm/binary/decoder.js';
export { encodeModule } from './wasm/binary/encoder.js';
export { validateModule } from './wasm/validate/index.js';
export type { ValidatedModule } from './wasm/validate/validated-module.js';
export type { Module } from './wasm/module.js';
export { parseWat, parseWast, WatParseError } from './wasm/text/index.js';

export { Linker, Instance, compileModule, loadModule } from './runtime/index.js';
export type { CompiledModule, Engine, EngineKind, EngineOptions } from './runtime/index.js';
export { createEngine, defaultEngineKind, ENGINE_KINDS } from './engines.js';
export { OutOfFuelTrap } from './engine/interp/index.js';

export * as sys from './sys/index.js';
export { WasiP1 } from './wasi/p1/wasi-p1.js';
export type { WasiP1Options } from './wasi/p1/wasi-p1.js';
export { WASI_P1_FUNCTIONS, WASI_P1_MODULE, WASI_P1_SIGNATURES } from './wasi/p1/abi.js';

export { decodeComponent, isComponent } from './component/binary/index.js';
export type { Component } from './component/binary/component.js';
export { instantiateComponent, HostInterfaces } from './component/link/index.js';
export type { ComponentInstance, HostInterface } from './component/link/index.js';
export { createWasiP2, runComponentCommand } from './wasi/p2/index.js';
export type { WasiP2Options } from './wasi/p2/index.js';
export { parseWave, printWave, invokeWave } from './component/wave/index.js';
export { witOfComponent } from './component/wit/index.js';

export * as packageFormat from './package/index.js';
export * as registry from './registry/index.js';
