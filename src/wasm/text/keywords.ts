/**
 * The keywords the text front end knows. A keyword-shaped token that is not in the set is
 * rejected as soon as the parser reaches it with "unknown operator <token>", in any context,
 * which is what the reference interpreter's lexer does.
 */

import { opsByName } from '../opcodes.js';

/** Keywords of the module grammar that are not instruction names. */
const MODULE_WORDS = [
  'i32', 'i64', 'f32', 'f64', 'v128',
  'i8x16', 'i16x8', 'i32x4', 'i64x2', 'f32x4', 'f64x2',
  'extern', 'externref', 'funcref', 'mut',
  'then',
  'type', 'func', 'param', 'result', 'start', 'local', 'global', 'table', 'memory',
  'elem', 'data', 'declare', 'offset', 'item', 'import', 'export', 'module',
] as const;

/** Keywords of `.wast` scripts. */
const SCRIPT_WORDS = [
  'binary', 'quote', 'script', 'register', 'invoke', 'get',
  'assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_return', 'assert_trap',
  'assert_exhaustion', 'assert_uninstantiable',
  'nan:canonical', 'nan:arithmetic', 'input', 'output', 'ref.extern',
] as const;

/**
 * The keyword set of Wasm 2.0 text and scripts: every instruction name, the module grammar's
 * words and the script commands. (Like the reference interpreter, one set serves both, so a
 * script word inside a module is a syntax error rather than an unknown operator.)
 */
export const WAST_KEYWORDS: ReadonlySet<string> = new Set<string>([
  ...opsByName().keys(),
  ...MODULE_WORDS,
  ...SCRIPT_WORDS,
]);
