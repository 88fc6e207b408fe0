/**
 * kpio's platform-neutral library surface. `index.node.ts` adds the Node platform.
 */
export * from './api/index.js';
