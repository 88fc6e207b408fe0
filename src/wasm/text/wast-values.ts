/**
 * Values of `.wast` scripts: host references and the parsers of argument constants and
 * expected results.
 */

import type { Value } from '../../api/values.js';
import { isV128Shape, v128FromLanes } from './instructions.js';
import { TokenKind } from './lexer.js';
import { parseF32Bits, parseF64Bits, parseI32, parseI64, parseU32 } from './numbers.js';
import type { TokenCursor } from './token-cursor.js';
import type { FloatShape, HostRef, NanPattern, WastConst, WastExpected, WastLanePattern } from './wast-types.js';

/** Creates the host reference `(ref.extern n)` denotes. */
export function hostRef(n: number): HostRef {
  return { hostRef: n };
}

/** True when `v` is a {@link HostRef}. */
export function isHostRef(v: unknown): v is HostRef {
  return typeof v === 'object' && v !== null && typeof (v as { hostRef?: unknown }).hostRef === 'number';
}

/** True when `a` and `b` are host references with the same number. */
export function hostRefsEqual(a: unknown, b: unknown): boolean {
  return isHostRef(a) && isHostRef(b) && a.hostRef === b.hostRef;
}

function isNum(k: TokenKind): boolean {
  return k === TokenKind.Nat || k === TokenKind.Int || k === TokenKind.Float;
}

/** Consumes a numeric literal token and returns its text. */
function numText(cur: TokenCursor): { text: string; at: number } {
  if (!isNum(cur.peek())) cur.unexpected();
  const at = cur.pos++;
  return { text: cur.textAt(at), at };
}

function nanPatternAt(cur: TokenCursor): NanPattern | null {
  const kw = cur.keywordAt(cur.pos);
  return kw === 'nan:canonical' ? 'canonical' : kw === 'nan:arithmetic' ? 'arithmetic' : null;
}

/**
 * Parses a constant `(t.const ...)`, `(v128.const shape ...)`, `(ref.null func|extern)` or
 * `(ref.extern N)` at the cursor.
 */
export function parseWastConst(cur: TokenCursor): WastConst {
  return { kind: 'const', value: parseValue(cur) };
}

function parseValue(cur: TokenCursor): Value {
  cur.expect(TokenKind.LParen);
  const kwAt = cur.pos;
  const kw = cur.keywordAt(kwAt);
  cur.pos++;
  let value: Value;
  switch (kw) {
    case 'i32.const': {
      const { text, at } = numText(cur);
      const v = parseI32(text);
      if (v === null) cur.fail('constant out of range', at);
      value = { type: 'i32', value: v };
      break;
    }
    case 'i64.const': {
      const { text, at } = numText(cur);
      const v = parseI64(text);
      if (v === null) cur.fail('constant out of range', at);
      value = { type: 'i64', value: v };
      break;
    }
    case 'f32.const': {
      const { text, at } = numText(cur);
      const v = parseF32Bits(text);
      if (v === null) cur.fail('constant out of range', at);
      value = { type: 'f32', bits: v };
      break;
    }
    case 'f64.const': {
      const { text, at } = numText(cur);
      const v = parseF64Bits(text);
      if (v === null) cur.fail('constant out of range', at);
      value = { type: 'f64', bits: v };
      break;
    }
    case 'v128.const': {
      const shape = cur.keywordAt(cur.pos);
      if (shape === null || !isV128Shape(shape)) cur.unexpected();
      cur.pos++;
      const lanes: string[] = [];
      while (isNum(cur.peek())) lanes.push(cur.textAt(cur.pos++));
      const bytes = v128FromLanes(shape, lanes);
      if (typeof bytes === 'string') cur.fail(bytes, kwAt);
      value = { type: 'v128', bytes };
      break;
    }
    case 'ref.null': {
      const heap = cur.keywordAt(cur.pos);
      if (heap !== 'func' && heap !== 'extern') cur.unexpected();
      cur.pos++;
      value = heap === 'func' ? { type: 'funcref', value: null } : { type: 'externref', value: null };
      break;
    }
    case 'ref.extern': {
      const at = cur.expect(TokenKind.Nat);
      const n = parseU32(cur.textAt(at));
      if (n === null) cur.fail('i32 constant out of range', at);
      value = { type: 'externref', value: hostRef(n) };
      break;
    }
    default:
      cur.unexpected(kwAt);
  }
  cur.close();
  return value;
}

/** Parses one expected result of `assert_return` at the cursor. */
export function parseWastExpected(cur: TokenCursor): WastExpected {
  if (cur.peek() !== TokenKind.LParen) cur.unexpected();
  const kwAt = cur.pos + 1;
  const kw = cur.keywordAt(kwAt);
  if ((kw === 'f32.const' || kw === 'f64.const') && cur.keywordAt(kwAt + 1)?.startsWith('nan:')) {
    cur.pos = kwAt + 1;
    const nan = nanPatternAt(cur)!;
    cur.pos++;
    cur.close();
    return { kind: 'nan', type: kw === 'f32.const' ? 'f32' : 'f64', nan };
  }
  if ((kw === 'ref.func' || kw === 'ref.extern') && cur.kindAt(kwAt + 1) === TokenKind.RParen) {
    cur.pos = kwAt + 2;
    return { kind: 'ref', type: kw === 'ref.func' ? 'funcref' : 'externref' };
  }
  if (kw === 'v128.const') return parseV128Expected(cur, kwAt);
  return parseWastConst(cur);
}

function parseV128Expected(cur: TokenCursor, kwAt: number): WastExpected {
  const start = cur.pos;
  cur.pos = kwAt + 1;
  const shape = cur.keywordAt(cur.pos);
  if (shape === null || !isV128Shape(shape)) cur.unexpected();
  cur.pos++;
  const lanes: (string | NanPattern)[] = [];
  for (;;) {
    const nan = cur.peek() === TokenKind.Keyword ? nanPatternAt(cur) : null;
    if (nan !== null) {
      lanes.push(nan);
      cur.pos++;
    } else if (isNum(cur.peek())) lanes.push(cur.textAt(cur.pos++));
    else break;
  }
  const hasNan = lanes.some((l) => l === 'canonical' || l === 'arithmetic');
  if (!hasNan) {
    cur.pos = start;
    return parseWastConst(cur);
  }
  if (shape !== 'f32x4' && shape !== 'f64x2') cur.fail('invalid vector constant', kwAt);
  const count = shape === 'f32x4' ? 4 : 2;
  if (lanes.length !== count) cur.fail('wrong number of lane literals', kwAt);
  const patterns: WastLanePattern[] = lanes.map((l) => {
    if (l === 'canonical' || l === 'arithmetic') return { kind: 'nan', nan: l };
    const bits = shape === 'f32x4' ? parseF32Bits(l) : parseF64Bits(l);
    if (bits === null) cur.fail('constant out of range', kwAt);
    return { kind: 'bits', bits: BigInt(bits) };
  });
  cur.close();
  return { kind: 'v128', shape: shape as FloatShape, lanes: patterns };
}

