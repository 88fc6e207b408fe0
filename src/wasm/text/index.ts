/** The text front end: `.wat` modules and `.wast` scripts. */
export { parseWat } from './wat.js';
export type { WatParseOptions } from './wat.js';
export { WatParseError } from './errors.js';
export type { TextOrigin } from './token-cursor.js';
export { parseWast } from './wast.js';
export type * from './wast-types.js';
export { hostRef, hostRefsEqual, isHostRef } from './wast-values.js';
