/** kpio for Node.js: the library surface plus the Node platform. */
export * from './index.js';
