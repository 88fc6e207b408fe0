/**
 * Numeric producers: every scalar operator of the opcode table (arithmetic, bit operations,
 * comparisons, conversions of all kinds including the trapping and saturating truncations, sign
 * extension and reinterpretation), with operands biased toward the values that trap or round.
 */

import type { ValType } from '../api/types.js';
import { Op, OP_INFO, type OpInfo } from '../wasm/opcodes.js';
import { f32ToBits, f64ToBits } from '../util/float-bits.js';
import { parseSig } from './code-builder.js';
import type { FuncState, ValueProducer } from './gen-context.js';
import { F32_EDGES, F64_EDGES, niceNumber } from './interesting-values.js';

/** A scalar operator with its parsed signature. */
export interface ScalarOp {
  readonly info: OpInfo;
  readonly params: readonly ValType[];
  readonly result: ValType;
}

/** Every scalar numeric operator without immediates (0x45-0xc4 and the saturating truncations). */
export const SCALAR_OPS: readonly ScalarOp[] = [...OP_INFO.values()]
  .filter((i) => i.imm === 'none' && i.sig !== null && i.code < 0xfd00 && i.sig !== ':')
  .map((info) => {
    const { params, results } = parseSig(info.sig!);
    return { info, params, result: results[0]! };
  });

const OPS_BY_RESULT: ReadonlyMap<ValType, readonly ScalarOp[]> = (() => {
  const m = new Map<ValType, ScalarOp[]>();
  for (const op of SCALAR_OPS) {
    const list = m.get(op.result) ?? [];
    list.push(op);
    m.set(op.result, list);
  }
  return m;
})();

/** How an operator treats NaN bits (see gen-context.ts on exactness). */
type BitBehaviour =
  /** abs/neg: exact result when the operand is exact. */
  | 'sign'
  /** copysign: first operand passes through, the sign operand must be exact. */
  | 'copysign'
  /** reinterpret float -> int: the operand's bits become observable, so it must be exact. */
  | 'expose'
  /** int -> float conversions and reinterpretations: never NaN or bit-exact. */
  | 'exact'
  /** other float results: NaN bits are nondeterministic. */
  | 'arith'
  /** integer results computed from values (comparisons, truncations): deterministic. */
  | 'int';

function bitBehaviour(op: ScalarOp): BitBehaviour {
  const n = op.info.name;
  if (/^f(32|64)\.(abs|neg)$/.test(n)) return 'sign';
  if (/^f(32|64)\.copysign$/.test(n)) return 'copysign';
  if (/^i(32|64)\.reinterpret_f/.test(n)) return 'expose';
  if (/^f(32|64)\.(convert_i|reinterpret_i)/.test(n)) return 'exact';
  if (op.result === 'f32' || op.result === 'f64') return 'arith';
  return 'int';
}

const isSignedDivRem = (n: string): boolean => /^i(32|64)\.(div|rem)_s$/.test(n);
const isDivRem = (n: string): boolean => /^i(32|64)\.(div|rem)_[su]$/.test(n);
const isRounding = (n: string): boolean => /^f(32|64)\.(ceil|floor|trunc|nearest)$/.test(n);
const isTrappingTrunc = (n: string): boolean => /^i(32|64)\.trunc_f(32|64)_[su]$/.test(n);

function emitIntConst(s: FuncState, t: ValType, v: bigint): void {
  if (t === 'i32') s.b.i32Const(Number(BigInt.asIntN(32, v)));
  else s.b.i64Const(v);
}

/** Emits the operands of `op` with trap-prone choices mixed in, then the operator. */
function emitOp(s: FuncState, op: ScalarOp, exact: boolean): boolean {
  const { rng } = s;
  const n = op.info.name;
  const behaviour = bitBehaviour(op);
  const [a, b] = op.params;
  if (isDivRem(n) && rng.chance(0.08)) {
    // Note: the cases that trap (x / 0, INT_MIN / -1) are rare among random operands.
    if (isSignedDivRem(n) && rng.chance(0.5)) {
      emitIntConst(s, a!, a === 'i32' ? -0x80000000n : -0x8000000000000000n);
      emitIntConst(s, b!, -1n);
    } else {
      s.value(a!);
      emitIntConst(s, b!, rng.chance(0.7) ? 0n : -1n);
    }
  } else if (isTrappingTrunc(n) && rng.chance(0.6)) {
    // Note: random float bits are mostly out of integer range; half of these operands are small
    // numbers that convert, the others sit on the conversion boundaries.
    const small = rng.chance(0.5);
    if (a === 'f32') s.b.f32Const(small ? f32ToBits(rng.range(-5000, 5000) / 4) : rng.pick(F32_EDGES));
    else s.b.f64Const(small ? f64ToBits(rng.range(-5000, 5000) / 4) : rng.pick(F64_EDGES));
  } else if (isRounding(n) && rng.chance(0.3)) {
    // Note: rounding bugs live at ties and just off them, which random bits almost never hit.
    if (a === 'f32') s.b.f32Const(f32ToBits(Math.fround(niceNumber(rng))));
    else s.b.f64Const(f64ToBits(niceNumber(rng)));
  } else if (isDivRem(n) && rng.chance(0.4)) {
    // Note: locals start at zero, so random divisors are zero far more often than 1 in 2^32.
    s.value(a!);
    s.value(b!);
    emitIntConst(s, b!, 1n);
    s.b.simple(b === 'i32' ? Op.i32_or : Op.i64_or);
  } else {
    switch (behaviour) {
      case 'sign':
        s.value(a!, exact);
        break;
      case 'copysign':
        s.value(a!, exact);
        s.value(b!, true);
        break;
      case 'expose':
        s.value(a!, true);
        break;
      default:
        op.params.forEach((t) => s.value(t, false));
    }
  }
  s.b.simple(op.info.code);
  // Note: the trap-prone operand paths above only use constants, which are exact.
  return behaviour === 'arith' ? false : behaviour === 'sign' || behaviour === 'copysign' ? exact : true;
}

/** The numeric operator producer. */
export const NUMERIC_PRODUCERS: readonly ValueProducer[] = [
  {
    name: 'numeric',
    weight: 10,
    applies: (_s, t) => OPS_BY_RESULT.has(t),
    emit: (s, t, exact) => emitOp(s, s.rng.pick(OPS_BY_RESULT.get(t)!), exact),
  },
];
