/** WASI 0.2 (Preview 2) host interfaces over the `sys` capability layer, and running wasi:cli commands. */
export { createWasiP2, WasiP2Host, type WasiP2Options, type WasiP2Preopen } from './wasi-p2.js';
export { WASI_P2_VERSION } from './io.js';
export { FS_ERROR_CODES, fsErrorCode, type FsErrorCode } from './error-code.js';
export { CLI_RUN_INTERFACE, isCommandComponent, runComponentCommand, type RunComponentOptions } from './run-command.js';
