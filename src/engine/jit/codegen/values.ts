/**
 * The code generator's model of wasm values: how each operand-stack entry is available in the
 * generated JavaScript, and the names of the JS variables that hold locals and stack slots.
 */

import type { ValType } from '../../../api/types.js';

/** Kinds of operand-stack entries. */
export const Kind = {
  /** In the home variable(s) of its stack position. */
  Temp: 0,
  /** Still the value of a wasm local (`local.get` emits nothing). */
  Local: 1,
  /** A literal (or a preamble constant). */
  Const: 2,
  /** A pure expression not yet computed (only ever the top entry). */
  Pending: 3,
  /**
   * A pure JS boolean expression standing for an i32 0/1 (only ever the top entry). Its expression
   * is a primary expression (parenthesized or a name), so `(e | 0)` is its 0/1 value.
   */
  Cond: 4,
} as const;

/** One of {@link Kind}. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** One operand-stack entry. */
export interface SVal {
  readonly t: ValType;
  readonly k: Kind;
  /** The JS expression of the value (the low word of an i64). */
  readonly e: string;
  /** The high word of an i64 (empty otherwise). */
  readonly h: string;
  /** The local index of a Local entry (-1 otherwise). */
  readonly loc: number;
  /** For an i32: the low bits known to be zero (see align.ts); absent when nothing is known. */
  readonly al?: number;
}

/** The expression of entry `v` as a value (a condition becomes its 0/1 number). */
export function condValue(v: SVal): string {
  return v.k === Kind.Cond ? `(${v.e} | 0)` : v.e;
}

/** Name of the home variable of stack depth `d` for type `t` (the low word of an i64). */
export function homeName(t: ValType, d: number): string {
  switch (t) {
    case 'i32':
      return `a${d}`;
    case 'i64':
      return `b${d}`;
    case 'f32':
      return `e${d}`;
    case 'f64':
      return `g${d}`;
    case 'v128':
      return `v${d}`;
    default:
      return `r${d}`;
  }
}

/** Name of the high-word home variable of an i64 at depth `d`. */
export function homeHiName(d: number): string {
  return `c${d}`;
}

/** Name of the JS variable of wasm local `i` (the low word of an i64). */
export function localName(i: number): string {
  return `l${i}`;
}

/** Name of the high-word variable of i64 local `i`. */
export function localHiName(i: number): string {
  return `m${i}`;
}

/** The initial (zero) value of a variable of type `t`, as source. */
export function zeroOf(t: ValType): string {
  switch (t) {
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
      return '0';
    case 'v128':
      return 'V0';
    default:
      return 'null';
  }
}

/** An int32 literal as source (negative numbers parenthesized). */
export function i32Lit(v: number): string {
  v |= 0;
  return v < 0 ? `(${v})` : `${v}`;
}

/**
 * A non-NaN double literal as source, or null for NaN (which needs a preamble constant to keep its
 * bits). Keeps -0 and infinities.
 */
export function numLit(x: number): string | null {
  if (x !== x) return null;
  if (x === 0) return Object.is(x, -0) ? '(-0)' : '0';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/** An int32 expression read as unsigned (`(e >>> 0)`); integer literals are folded. */
export function u32(e: string): string {
  if (/^\(?-?\d+\)?$/.test(e)) return String(Number(e.replace(/[()]/g, '')) >>> 0);
  return `(${e} >>> 0)`;
}
