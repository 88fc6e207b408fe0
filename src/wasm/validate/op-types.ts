/**
 * Constant tables the function validator consults per instruction: operand and result types of
 * the fixed-signature opcodes, immediate shapes, natural alignments and lane counts. Indexed by
 * the dense opcode index of `opIndex` (0x00-0xff, 0x100 + `0xfc` sub-opcode, 0x200 + `0xfd` one).
 */

import type { ValType } from '../../api/types.js';
import { opIndex } from '../binary/expr-walker.js';
import { VALTYPE_BY_CODE } from '../module.js';
import { type ImmKind, OP_INFO } from '../opcodes.js';

/** Internal type code of a value whose type is unknown (unreachable code). */
export const UNKNOWN = 0;
/** Internal type codes: the binary encodings of the value types. */
export const I32 = 0x7f;
/** See {@link I32}. */
export const I64 = 0x7e;
/** See {@link I32}. */
export const F32 = 0x7d;
/** See {@link I32}. */
export const F64 = 0x7c;
/** See {@link I32}. */
export const V128 = 0x7b;
/** See {@link I32}. */
export const FUNCREF = 0x70;
/** See {@link I32}. */
export const EXTERNREF = 0x6f;

/** Immediate shapes the generic (fixed-signature) path of the validator has to read. */
export const GenericImm = {
  none: 0,
  memArg: 1,
  memArgLane: 2,
  lane: 3,
  i32: 4,
  i64: 5,
  bytes4: 6,
  bytes8: 7,
  bytes16: 8,
  shuffle: 9,
} as const;

const SIG_LETTERS: Readonly<Record<string, number>> = { i: I32, I: I64, f: F32, F: F64, v: V128 };

function parseTypes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = SIG_LETTERS[s[i]!]!;
  return out;
}

/** The per-opcode tables of the validator (indexed by {@link opIndex}), built on first use. */
export interface OpTables {
  /** Operand types of each fixed-signature opcode, deepest first; undefined when typed by hand. */
  readonly sigPops: readonly (Uint8Array | undefined)[];
  /** Result type of each fixed-signature opcode, or 0 when it has none. */
  readonly sigPush: Uint8Array;
  /** Immediate shape of each fixed-signature opcode ({@link GenericImm}). */
  readonly genericImm: Uint8Array;
  /** log2 of the natural alignment (access size in bytes) of each memory instruction. */
  readonly maxAlign: Uint8Array;
  /** Number of lanes addressed by the lane immediate of each lane instruction. */
  readonly lanes: Uint8Array;
}

let tables: OpTables | null = null;

/**
 * The validator's opcode tables. Note: built on first use rather than when the module loads, since
 * a run on the native engine leaves function bodies to the host and never needs them.
 */
export function opTables(): OpTables {
  return (tables ??= buildOpTables());
}

/** The {@link GenericImm} shape of each immediate kind the generic path reads (the rest: none). */
const GENERIC_IMM_OF: Partial<Readonly<Record<ImmKind, number>>> = {
  memarg: GenericImm.memArg,
  memarg_lane: GenericImm.memArgLane,
  lane: GenericImm.lane,
  i32: GenericImm.i32,
  i64: GenericImm.i64,
  f32: GenericImm.bytes4,
  f64: GenericImm.bytes8,
  v128: GenericImm.bytes16,
  shuffle: GenericImm.shuffle,
};

function buildOpTables(): OpTables {
  const sigPops = new Array<Uint8Array | undefined>(0x300);
  const sigPush = new Uint8Array(0x300);
  const genericImm = new Uint8Array(0x300);
  for (const info of OP_INFO.values()) {
    const i = opIndex(info.code);
    genericImm[i] = GENERIC_IMM_OF[info.imm] ?? GenericImm.none;
    if (info.sig === null) continue;
    const colon = info.sig.indexOf(':');
    sigPops[i] = parseTypes(info.sig.slice(0, colon));
    const res = info.sig.slice(colon + 1);
    if (res.length > 0) sigPush[i] = SIG_LETTERS[res]!;
  }

  const maxAlign = new Uint8Array(0x300);
  const align = (codes: readonly number[], log2: number): void => {
    for (const c of codes) maxAlign[opIndex(c)] = log2;
  };
  // i32/i64/f32/f64 loads and stores, by access size.
  align([0x2c, 0x2d, 0x30, 0x31, 0x3a, 0x3c], 0);
  align([0x2e, 0x2f, 0x32, 0x33, 0x3b, 0x3d], 1);
  align([0x28, 0x2a, 0x34, 0x35, 0x36, 0x38, 0x3e], 2);
  align([0x29, 0x2b, 0x37, 0x39], 3);
  // v128 loads and stores.
  align([0xfd00, 0xfd0b], 4);
  align([0xfd01, 0xfd02, 0xfd03, 0xfd04, 0xfd05, 0xfd06], 3);
  align([0xfd07, 0xfd54, 0xfd58], 0);
  align([0xfd08, 0xfd55, 0xfd59], 1);
  align([0xfd09, 0xfd56, 0xfd5a, 0xfd5c], 2);
  align([0xfd0a, 0xfd57, 0xfd5b, 0xfd5d], 3);

  const lanes = new Uint8Array(0x300);
  const laneCount = (from: number, to: number, n: number): void => {
    for (let c = from; c <= to; c++) lanes[opIndex(c)] = n;
  };
  laneCount(0xfd15, 0xfd17, 16); // i8x16 extract/replace
  laneCount(0xfd18, 0xfd1a, 8); // i16x8
  laneCount(0xfd1b, 0xfd1c, 4); // i32x4
  laneCount(0xfd1d, 0xfd1e, 2); // i64x2
  laneCount(0xfd1f, 0xfd20, 4); // f32x4
  laneCount(0xfd21, 0xfd22, 2); // f64x2
  laneCount(0xfd54, 0xfd54, 16); // load8_lane
  laneCount(0xfd55, 0xfd55, 8);
  laneCount(0xfd56, 0xfd56, 4);
  laneCount(0xfd57, 0xfd57, 2);
  laneCount(0xfd58, 0xfd58, 16); // store8_lane
  laneCount(0xfd59, 0xfd59, 8);
  laneCount(0xfd5a, 0xfd5a, 4);
  laneCount(0xfd5b, 0xfd5b, 2);

  return { sigPops, sigPush, genericImm, maxAlign, lanes };
}

/** The text name of a type code ("unknown" for {@link UNKNOWN}). */
export function typeName(code: number): string {
  return VALTYPE_BY_CODE.get(code) ?? 'unknown';
}

/** The value type of a type code (which must be a real type). */
export function valTypeOf(code: number): ValType {
  return VALTYPE_BY_CODE.get(code)!;
}

/** True for numeric and vector type codes (what untyped `select` accepts). */
export function isNumOrVec(code: number): boolean {
  return code >= V128;
}

/** True for reference type codes. */
export function isRef(code: number): boolean {
  return code === FUNCREF || code === EXTERNREF;
}
