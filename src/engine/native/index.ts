/** The native engine: the host's WebAssembly behind kpio's Engine interface. */
export { createNativeEngine } from './native-engine.js';
export { mapNativeError } from './trap-mapping.js';
