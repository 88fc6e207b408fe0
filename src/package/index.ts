/**
 * The `.kpioapp` package format: manifest schema, reading (with every hostile-archive check),
 * packing, content digests, ed25519 signatures and the run-configuration grant model.
 * Bytes in, bytes out: nothing here touches a file system.
 */
export * from './errors.js';
export * from './limits.js';
export * from './entry-path.js';
export * from './manifest.js';
export * from './network-pattern.js';
export * from './digest.js';
export * from './signature.js';
export * from './entry-check.js';
export * from './read-package.js';
export * from './pack.js';
export * from './run-config.js';
export { readZipDirectory } from './zip-directory.js';
export type { ZipEntry } from './zip-directory.js';
