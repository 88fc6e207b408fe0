/** The Node platform for the capability layer: real files, sockets, stdio, clocks, randomness, blocking. */
export { createNodeSys, type NodeSys, type NodeSysOptions, type HostDirGrant, type StdinSpec, type StdoutSpec } from './node-sys.js';
export { openHostDir, type HostDirOptions } from './node-fs.js';
export { NodeClocks } from './node-clock.js';
export { NodeRandom } from './node-random.js';
export { NodeInput, NodeOutput } from './node-stdio.js';
export { NodeWaiter, WorkerPollable } from './node-waiter.js';
export { IoWorker, LazyIoWorker } from './blocking-io.js';
export { WriteBehind } from './write-behind.js';
export { listenTcp, parseListenAddress, type ListenAddress } from './node-net.js';
