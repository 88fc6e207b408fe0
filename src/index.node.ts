/** kpio for Node.js: the library surface plus the Node platform. */
export * from './index.js';

export { createNodeSys } from './platform/node/node-sys.js';
export type { HostDirGrant, NodeSys, NodeSysOptions, StdinSpec, StdoutSpec } from './platform/node/node-sys.js';
export { runWasiModule, instantiateWasiModule, linkWasiP1 } from './launch/wasi-command.js';
export { runComponentFile, invokeComponentWave } from './launch/component-command.js';
export { inspectEntry } from './launch/inspect-entry.js';
export { loadEngine, loadEngineFactory } from './engine-loader.js';
export type { WasiRunOptions, WasiSession } from './launch/wasi-command.js';
export { runApp } from './launch/app-run.js';
export { openNodeRegistry, resolveKpioHome } from './platform/node/registry-home.js';
export { runCli } from './cli/main.js';
