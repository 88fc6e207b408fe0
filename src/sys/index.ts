/** The portable capability layer (DESIGN.md section 2): interfaces, errno, and in-memory implementations. */
export * from './errno.js';
export * from './file-system.js';
export * from './poll.js';
export * from './stream.js';
export * from './net.js';
export * from './clock.js';
export * from './random.js';
export * from './handle-table.js';
export * from './path-walk.js';
export * from './memory-fs.js';
export * from './memory-stdio.js';
export * from './manual-waiter.js';
export * from './js-clocks.js';
export * from './sleep-waiter.js';
export * from './context.js';
