/** Public types of kpio: value types, extern interfaces and errors. Imports nothing. */
export * from './types.js';
export * from './errors.js';
export * from './values.js';
