/** WASI Preview 1 (`wasi_snapshot_preview1`): the library API and the ABI tables. */
export { WasiP1, type WasiP1Options, type WasiP1Functions, type WasiTarget } from './wasi-p1.js';
export * from './abi.js';
export type { MemoryLike } from './guest-memory.js';
