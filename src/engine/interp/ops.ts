/**
 * The interpreter's internal instruction set: a compact slot/register code the translator emits
 * and the executor runs.
 *
 * Code is an `Int32Array`: an opcode word followed by its operand words (the comment after each op
 * lists them). Operands are
 * - `d`, `a`, `b`, `c`, `v`, `s`, `n` (in table/memory ops): frame offsets in 4-byte *cells* (a
 *   value slot is 8 bytes = 2 cells; a v128 takes 2 slots = 4 cells). The executor adds the frame
 *   pointer `fp` (also in cells).
 * - `t`: an absolute branch target (index into the code array). `BR_TABLE` has `n` then `n + 1`
 *   targets, the last one the default.
 * - `imm`, `lo`, `hi`, `w0..w3`: immediate int32 words; `off` (a memarg offset) and `n` of `FUEL`
 *   are unsigned: read them with `>>> 0`.
 * - `f`, `g`, `table`, `table2`, `seg`: indices into the instance's spaces; `typeId`: the engine's
 *   interned id of a function type.
 * - `base`: the cell offset where a call's arguments start; the callee frame begins there and its
 *   results are written there.
 *
 * Numbering: the hot ops are dense from 0 (the executor's main `switch` becomes one jump table);
 * rare ops start at {@link MISC_BASE}; SIMD ops are `SIMD_BASE + (the 0xfd sub-opcode)`.
 *
 * Note: the executor switches on numeric literals (`case 88: // I32_ADD`), because V8 compiles a
 * switch to a jump table only when its case labels are literals; a unit test checks that every
 * literal there matches this table.
 */

/** First opcode of the rare ("misc") group, run outside the main dispatch loop. */
export const MISC_BASE = 300;
/** SIMD ops are `SIMD_BASE + sub-opcode` of the 0xfd prefix. */
export const SIMD_BASE = 1024;

/** Internal opcode numbers by name. */
export const IOp = {
  UNREACHABLE: 0,
  BR: 1, // t
  BR_IF: 2, // c t
  BR_IFZ: 3, // c t
  BR_TABLE: 4, // c n t*
  RETURN: 5,
  RETURN32: 6, // a
  RETURN64: 7, // a
  CALL: 8, // f base
  CALL_INDIRECT: 9, // table typeId c base
  FUEL: 10, // n
  COPY32: 11, // d a
  COPY64: 12, // d a
  COPY128: 13, // d a
  COPY_REF: 14, // d a
  CONST32: 15, // d imm
  CONST64: 16, // d lo hi
  SELECT32: 17, // d c a b
  SELECT64: 18, // d c a b
  GLOBAL_GET32: 19, // d g
  GLOBAL_GET64: 20, // d g
  GLOBAL_SET32: 21, // g a
  GLOBAL_SET64: 22, // g a
  REF_NULL: 23, // d
  REF_IS_NULL: 24, // d a
  REF_FUNC: 25, // d f
  MEMORY_SIZE: 26, // d
  MEMORY_GROW: 27, // d a
  BR_I32_EQ: 28, // a b t
  BR_I32_NE: 29, // a b t
  BR_I32_LT_S: 30, // a b t
  BR_I32_LT_U: 31, // a b t
  BR_I32_GT_S: 32, // a b t
  BR_I32_GT_U: 33, // a b t
  BR_I32_LE_S: 34, // a b t
  BR_I32_LE_U: 35, // a b t
  BR_I32_GE_S: 36, // a b t
  BR_I32_GE_U: 37, // a b t
  BR_I32_EQ_IMM: 38, // a imm t
  BR_I32_NE_IMM: 39, // a imm t
  BR_I32_LT_S_IMM: 40, // a imm t
  BR_I32_LT_U_IMM: 41, // a imm t
  BR_I32_GT_S_IMM: 42, // a imm t
  BR_I32_GT_U_IMM: 43, // a imm t
  BR_I32_LE_S_IMM: 44, // a imm t
  BR_I32_LE_U_IMM: 45, // a imm t
  BR_I32_GE_S_IMM: 46, // a imm t
  BR_I32_GE_U_IMM: 47, // a imm t
  BR_I64_EQ: 48, // a b t
  BR_I64_NE: 49, // a b t
  BR_I64_LT_S: 50, // a b t
  BR_I64_LT_U: 51, // a b t
  BR_I64_GT_S: 52, // a b t
  BR_I64_GT_U: 53, // a b t
  BR_I64_LE_S: 54, // a b t
  BR_I64_LE_U: 55, // a b t
  BR_I64_GE_S: 56, // a b t
  BR_I64_GE_U: 57, // a b t
  LOAD32: 58, // d a off
  LOAD64: 59, // d a off
  LOAD8_S: 60, // d a off
  LOAD8_U: 61, // d a off
  LOAD16_S: 62, // d a off
  LOAD16_U: 63, // d a off
  I64_LOAD8_S: 64, // d a off
  I64_LOAD8_U: 65, // d a off
  I64_LOAD16_S: 66, // d a off
  I64_LOAD16_U: 67, // d a off
  I64_LOAD32_S: 68, // d a off
  I64_LOAD32_U: 69, // d a off
  STORE32: 70, // a v off
  STORE64: 71, // a v off
  STORE8: 72, // a v off
  STORE16: 73, // a v off
  I32_EQZ: 74, // d a
  I32_EQ: 75, // d a b
  I32_NE: 76, // d a b
  I32_LT_S: 77, // d a b
  I32_LT_U: 78, // d a b
  I32_GT_S: 79, // d a b
  I32_GT_U: 80, // d a b
  I32_LE_S: 81, // d a b
  I32_LE_U: 82, // d a b
  I32_GE_S: 83, // d a b
  I32_GE_U: 84, // d a b
  I32_CLZ: 85, // d a
  I32_CTZ: 86, // d a
  I32_POPCNT: 87, // d a
  I32_ADD: 88, // d a b
  I32_SUB: 89, // d a b
  I32_MUL: 90, // d a b
  I32_DIV_S: 91, // d a b
  I32_DIV_U: 92, // d a b
  I32_REM_S: 93, // d a b
  I32_REM_U: 94, // d a b
  I32_AND: 95, // d a b
  I32_OR: 96, // d a b
  I32_XOR: 97, // d a b
  I32_SHL: 98, // d a b
  I32_SHR_S: 99, // d a b
  I32_SHR_U: 100, // d a b
  I32_ROTL: 101, // d a b
  I32_ROTR: 102, // d a b
  I32_ADD_IMM: 103, // d a imm
  I32_MUL_IMM: 104, // d a imm
  I32_AND_IMM: 105, // d a imm
  I32_OR_IMM: 106, // d a imm
  I32_XOR_IMM: 107, // d a imm
  I32_SHL_IMM: 108, // d a imm
  I32_SHR_S_IMM: 109, // d a imm
  I32_SHR_U_IMM: 110, // d a imm
  I32_EQ_IMM: 111, // d a imm
  I32_NE_IMM: 112, // d a imm
  I32_LT_S_IMM: 113, // d a imm
  I32_LT_U_IMM: 114, // d a imm
  I32_GT_S_IMM: 115, // d a imm
  I32_GT_U_IMM: 116, // d a imm
  I32_LE_S_IMM: 117, // d a imm
  I32_LE_U_IMM: 118, // d a imm
  I32_GE_S_IMM: 119, // d a imm
  I32_GE_U_IMM: 120, // d a imm
  I64_EQZ: 121, // d a
  I64_EQ: 122, // d a b
  I64_NE: 123, // d a b
  I64_LT_S: 124, // d a b
  I64_LT_U: 125, // d a b
  I64_GT_S: 126, // d a b
  I64_GT_U: 127, // d a b
  I64_LE_S: 128, // d a b
  I64_LE_U: 129, // d a b
  I64_GE_S: 130, // d a b
  I64_GE_U: 131, // d a b
  I64_CLZ: 132, // d a
  I64_CTZ: 133, // d a
  I64_POPCNT: 134, // d a
  I64_ADD: 135, // d a b
  I64_SUB: 136, // d a b
  I64_MUL: 137, // d a b
  I64_DIV_S: 138, // d a b
  I64_DIV_U: 139, // d a b
  I64_REM_S: 140, // d a b
  I64_REM_U: 141, // d a b
  I64_AND: 142, // d a b
  I64_OR: 143, // d a b
  I64_XOR: 144, // d a b
  I64_SHL: 145, // d a b
  I64_SHR_S: 146, // d a b
  I64_SHR_U: 147, // d a b
  I64_ROTL: 148, // d a b
  I64_ROTR: 149, // d a b
  I64_ADD_IMM: 150, // d a imm
  F32_EQ: 151, // d a b
  F32_NE: 152, // d a b
  F32_LT: 153, // d a b
  F32_GT: 154, // d a b
  F32_LE: 155, // d a b
  F32_GE: 156, // d a b
  F32_ABS: 157, // d a
  F32_NEG: 158, // d a
  F32_CEIL: 159, // d a
  F32_FLOOR: 160, // d a
  F32_TRUNC: 161, // d a
  F32_NEAREST: 162, // d a
  F32_SQRT: 163, // d a
  F32_ADD: 164, // d a b
  F32_SUB: 165, // d a b
  F32_MUL: 166, // d a b
  F32_DIV: 167, // d a b
  F32_MIN: 168, // d a b
  F32_MAX: 169, // d a b
  F32_COPYSIGN: 170, // d a b
  F64_EQ: 171, // d a b
  F64_NE: 172, // d a b
  F64_LT: 173, // d a b
  F64_GT: 174, // d a b
  F64_LE: 175, // d a b
  F64_GE: 176, // d a b
  F64_ABS: 177, // d a
  F64_NEG: 178, // d a
  F64_CEIL: 179, // d a
  F64_FLOOR: 180, // d a
  F64_TRUNC: 181, // d a
  F64_NEAREST: 182, // d a
  F64_SQRT: 183, // d a
  F64_ADD: 184, // d a b
  F64_SUB: 185, // d a b
  F64_MUL: 186, // d a b
  F64_DIV: 187, // d a b
  F64_MIN: 188, // d a b
  F64_MAX: 189, // d a b
  F64_COPYSIGN: 190, // d a b
  I32_TRUNC_F32_S: 191, // d a
  I32_TRUNC_F32_U: 192, // d a
  I32_TRUNC_F64_S: 193, // d a
  I32_TRUNC_F64_U: 194, // d a
  I64_EXTEND_I32_S: 195, // d a
  I64_EXTEND_I32_U: 196, // d a
  I64_TRUNC_F32_S: 197, // d a
  I64_TRUNC_F32_U: 198, // d a
  I64_TRUNC_F64_S: 199, // d a
  I64_TRUNC_F64_U: 200, // d a
  F32_CONVERT_I32_S: 201, // d a
  F32_CONVERT_I32_U: 202, // d a
  F32_CONVERT_I64_S: 203, // d a
  F32_CONVERT_I64_U: 204, // d a
  F32_DEMOTE_F64: 205, // d a
  F64_CONVERT_I32_S: 206, // d a
  F64_CONVERT_I32_U: 207, // d a
  F64_CONVERT_I64_S: 208, // d a
  F64_CONVERT_I64_U: 209, // d a
  F64_PROMOTE_F32: 210, // d a
  I32_EXTEND8_S: 211, // d a
  I32_EXTEND16_S: 212, // d a
  I64_EXTEND8_S: 213, // d a
  I64_EXTEND16_S: 214, // d a
  I64_EXTEND32_S: 215, // d a
  STORE32_IMM: 216, // a imm off
  CONST128: 300, // d w0 w1 w2 w3
  SELECT128: 301, // d c a b
  SELECT_REF: 302, // d c a b
  GLOBAL_GET128: 303, // d g
  GLOBAL_GET_REF: 304, // d g
  GLOBAL_SET128: 305, // g a
  GLOBAL_SET_REF: 306, // g a
  TABLE_GET: 307, // d table a
  TABLE_SET: 308, // table a v
  TABLE_SIZE: 309, // d table
  TABLE_GROW: 310, // d table v n
  TABLE_FILL: 311, // table a v n
  TABLE_COPY: 312, // table table2 d s n
  TABLE_INIT: 313, // table seg d s n
  ELEM_DROP: 314, // seg
  MEMORY_INIT: 315, // seg d s n
  DATA_DROP: 316, // seg
  MEMORY_COPY: 317, // d s n
  MEMORY_FILL: 318, // d v n
  I32_TRUNC_SAT_F32_S: 319, // d a
  I32_TRUNC_SAT_F32_U: 320, // d a
  I32_TRUNC_SAT_F64_S: 321, // d a
  I32_TRUNC_SAT_F64_U: 322, // d a
  I64_TRUNC_SAT_F32_S: 323, // d a
  I64_TRUNC_SAT_F32_U: 324, // d a
  I64_TRUNC_SAT_F64_S: 325, // d a
  I64_TRUNC_SAT_F64_U: 326, // d a
} as const;

/** A non-SIMD internal opcode name. */
export type IOpName = keyof typeof IOp;

/** Internal opcode names by number (non-SIMD), for disassembly and the consistency test. */
export const IOP_NAMES: ReadonlyMap<number, IOpName> = new Map(
  (Object.entries(IOp) as [IOpName, number][]).map(([name, code]) => [code, name]),
);
