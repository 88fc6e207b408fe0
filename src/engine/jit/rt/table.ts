/**
 * Table helpers of compiled code: the interpreter's own table instructions (interp/bulk.ts), over
 * its tables (a JS array of references per table), with its traps.
 */

export { elemDrop, tableCopy, tableFill, tableGet, tableGrow, tableInit, tableSet } from '../../interp/bulk.js';
