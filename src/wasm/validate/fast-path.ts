/**
 * The function validator's fast path: one loop over a body that types the common instructions
 * (locals, constants, numeric operators, loads and stores, blocks, branches, calls) with the
 * stacks held in local variables, and hands every other instruction to the reference path
 * ({@link FuncValidator.step}).
 *
 * Note: a body is validated once per run, mostly before V8 has optimised anything, so what counts
 * is how much the interpreter executes per instruction: here no method call, property load or
 * allocation for the common cases. The fast path only ever takes the well-typed case: it checks
 * an instruction's preconditions first and, when anything is unusual (a type that does not match,
 * an operand missing at a frame's bottom, unreachable code, a block type index, a multi-byte
 * alignment, a full stack), leaves the stacks untouched and lets the reference path redo that
 * instruction from its first byte. So errors, their messages and offsets, `maxStackHeight` and
 * `maxControlDepth` are exactly the reference path's.
 */

import type { CodeReader } from '../binary/code-reader.js';
import { EMPTY, FRAME_BLOCK, FRAME_ELSE, FRAME_IF, FRAME_LOOP } from './frames.js';
import type { FuncValidator } from './func-validator.js';
import { OP_INFO } from '../opcodes.js';
import { F32, F64, I32, I64, UNKNOWN, isNumOrVec, opTables } from './op-types.js';

/** Shapes of the one-byte fixed-signature instructions the fast path types from tables (0: none). */
const SHAPE_UNARY = 1;
const SHAPE_BINARY = 2;
const SHAPE_LOAD = 3;
const SHAPE_STORE = 4;

/** Per one-byte opcode: its shape, the type of its top operand, of the one below, and its result. */
interface Shapes {
  readonly shape: Uint8Array;
  readonly top: Uint8Array;
  readonly second: Uint8Array;
  readonly result: Uint8Array;
}

let shapes: Shapes | null = null;

/** The shape tables, built on the first body validated. */
function shapeTables(): Shapes {
  if (shapes !== null) return shapes;
  const { sigPops, sigPush } = opTables();
  const shape = new Uint8Array(256);
  const top = new Uint8Array(256);
  const second = new Uint8Array(256);
  const result = new Uint8Array(256);
  for (const info of OP_INFO.values()) {
    // Note: only instructions whose whole typing is their signature, plus a memarg for loads and
    // stores; `memory.size`/`memory.grow` (a reserved byte) and the rest stay with the reference path.
    const b = info.code;
    const pops = sigPops[b];
    if (b > 0xff || pops === undefined || (info.imm !== 'none' && info.imm !== 'memarg')) continue;
    result[b] = sigPush[b]!;
    if (info.imm === 'none' && pops.length === 1) {
      shape[b] = SHAPE_UNARY;
      top[b] = pops[0]!;
    } else if (info.imm === 'none' && pops.length === 2) {
      shape[b] = SHAPE_BINARY;
      top[b] = pops[1]!;
      second[b] = pops[0]!;
    } else if (info.imm === 'memarg' && pops.length === 1 && pops[0] === I32) {
      shape[b] = SHAPE_LOAD;
    } else if (info.imm === 'memarg' && pops.length === 2 && pops[0] === I32) {
      shape[b] = SHAPE_STORE;
      top[b] = pops[1]!;
    }
  }
  return (shapes = { shape, top, second, result });
}

/** Reads the u32 LEB128 at `p` through `r`, which reports malformed ones; the reader ends after it. */
function u32At(r: CodeReader, p: number): number {
  r.pos = p;
  return r.u32();
}

/** True when the `n` values below the top `skip` ones have exactly the types `ts`. */
function topMatches(vals: Uint8Array, vh: number, skip: number, ts: Uint8Array): boolean {
  const base = vh - skip - ts.length;
  for (let i = 0; i < ts.length; i++) if (vals[base + i] !== ts[i]) return false;
  return true;
}

/**
 * Validates the rest of a body, from `r.pos` until its function frame is closed, on the
 * validator's stacks (set up by {@link FuncValidator.validate}).
 */
export function validateBody(v: FuncValidator, r: CodeReader): void {
  const { shape: SHAPE, top: TOP, second: SECOND, result: RESULT } = shapeTables();
  const MAX_ALIGN = v.ops.maxAlign;
  const bytes = r.bytes;
  const end = r.end;
  const c = v.c;
  const locals = v.locals;
  const numLocals = v.numLocals;
  const ctlKind = v.ctlKind;
  const ctlHeight = v.ctlHeight;
  const ctlUnreachable = v.ctlUnreachable;
  const ctlParams = v.ctlParams;
  const ctlResults = v.ctlResults;
  const single = v.single;
  const funcTypeIdx = c.funcTypeIdx;
  const typeParams = c.typeParams;
  const typeResults = c.typeResults;
  const globalTypes = c.globalTypes;
  const globalMutable = c.globalMutable;
  const hasMemory = c.numMemories > 0;
  let vals = v.vals;
  let cap = vals.length;
  let vh = v.vh;
  let maxVh = v.maxVh;
  let ch = v.ch;
  let floor = ch > 0 ? ctlHeight[ch - 1]! : 0;
  let pos = r.pos;

  while (ch > 0) {
    const op = pos;
    fast: {
      if (pos >= end) break fast;
      const b = bytes[pos]!;
      switch (b) {
        case 0x20: {
          // local.get
          let p = pos + 1;
          let x = p < end ? bytes[p]! : 0x80;
          if (x < 0x80) p++;
          else {
            x = u32At(r, p);
            p = r.pos;
          }
          if (x >= numLocals || vh === cap) break fast;
          vals[vh++] = locals[x]!;
          if (vh > maxVh) maxVh = vh;
          pos = p;
          continue;
        }
        case 0x21:
        case 0x22: {
          // local.set, local.tee
          let p = pos + 1;
          let x = p < end ? bytes[p]! : 0x80;
          if (x < 0x80) p++;
          else {
            x = u32At(r, p);
            p = r.pos;
          }
          if (x >= numLocals || vh <= floor || vals[vh - 1] !== locals[x]) break fast;
          if (b === 0x21) vh--;
          pos = p;
          continue;
        }
        case 0x23:
        case 0x24: {
          // global.get, global.set
          let p = pos + 1;
          let x = p < end ? bytes[p]! : 0x80;
          if (x < 0x80) p++;
          else {
            x = u32At(r, p);
            p = r.pos;
          }
          if (x >= globalTypes.length) break fast;
          if (b === 0x23) {
            if (vh === cap) break fast;
            vals[vh++] = globalTypes[x]!;
            if (vh > maxVh) maxVh = vh;
          } else {
            if (!globalMutable[x] || vh <= floor || vals[vh - 1] !== globalTypes[x]) break fast;
            vh--;
          }
          pos = p;
          continue;
        }
        case 0x41: {
          // i32.const
          let p = pos + 1;
          if (p < end && bytes[p]! < 0x80) p++;
          else {
            r.pos = p;
            r.s32();
            p = r.pos;
          }
          if (vh === cap) break fast;
          vals[vh++] = I32;
          if (vh > maxVh) maxVh = vh;
          pos = p;
          continue;
        }
        case 0x42: {
          // i64.const: skip the LEB128; up to nine bytes it cannot be out of range
          let p = pos + 1;
          let k = 0;
          while (p < end && k < 9 && (bytes[p]! & 0x80) !== 0) {
            p++;
            k++;
          }
          if (p >= end || k >= 9 || vh === cap) break fast;
          vals[vh++] = I64;
          if (vh > maxVh) maxVh = vh;
          pos = p + 1;
          continue;
        }
        case 0x43:
        case 0x44: {
          // f32.const, f64.const
          const n = b === 0x43 ? 4 : 8;
          if (end - (pos + 1) < n || vh === cap) break fast;
          vals[vh++] = b === 0x43 ? F32 : F64;
          if (vh > maxVh) maxVh = vh;
          pos += 1 + n;
          continue;
        }
        case 0x00:
          // unreachable
          vh = floor;
          ctlUnreachable[ch - 1] = true;
          pos++;
          continue;
        case 0x01:
          // nop
          pos++;
          continue;
        case 0x1a:
          // drop
          if (vh <= floor) break fast;
          vh--;
          pos++;
          continue;
        case 0x1b: {
          // select
          if (vh - 3 < floor || vals[vh - 1] !== I32) break fast;
          const t = vals[vh - 2]!;
          if (t !== vals[vh - 3] || t === UNKNOWN || !isNumOrVec(t)) break fast;
          vh -= 2;
          pos++;
          continue;
        }
        case 0x02:
        case 0x03:
        case 0x04: {
          // block, loop, if with the empty block type or one result
          if (pos + 1 >= end) break fast;
          const bt = bytes[pos + 1]!;
          const results = bt === 0x40 ? EMPTY : single[bt];
          if (results === undefined) break fast;
          if (b === 0x04) {
            if (vh <= floor || vals[vh - 1] !== I32) break fast;
            vh--;
          }
          ctlKind[ch] = b === 0x02 ? FRAME_BLOCK : b === 0x03 ? FRAME_LOOP : FRAME_IF;
          ctlHeight[ch] = vh;
          ctlUnreachable[ch] = false;
          ctlParams[ch] = EMPTY;
          ctlResults[ch] = results;
          ch++;
          if (ch > v.maxCh) v.maxCh = ch;
          floor = vh;
          pos += 2;
          continue;
        }
        case 0x05:
        case 0x0b: {
          // else, end: the frame's results are exactly what is left in it
          const f = ch - 1;
          const kind = ctlKind[f]!;
          const results = ctlResults[f]!;
          if (vh - floor !== results.length || !topMatches(vals, vh, 0, results)) break fast;
          if (b === 0x05) {
            if (kind !== FRAME_IF || ctlParams[f]!.length !== 0) break fast;
            ctlKind[f] = FRAME_ELSE;
            ctlUnreachable[f] = false;
            vh = floor;
          } else {
            if (kind === FRAME_IF && (ctlParams[f]!.length !== 0 || results.length !== 0)) break fast;
            ch--;
            floor = ch > 0 ? ctlHeight[ch - 1]! : 0;
          }
          pos++;
          continue;
        }
        case 0x0c:
        case 0x0d:
        case 0x0f: {
          // br, br_if, return
          let p = pos + 1;
          let l = 0;
          if (b !== 0x0f) {
            l = p < end ? bytes[p]! : 0x80;
            if (l < 0x80) p++;
            else {
              l = u32At(r, p);
              p = r.pos;
            }
            if (l >= ch) break fast;
          }
          const f = b === 0x0f ? 0 : ch - 1 - l;
          const ts = b !== 0x0f && ctlKind[f] === FRAME_LOOP ? ctlParams[f]! : ctlResults[f]!;
          if (b === 0x0d) {
            if (vh - 1 - ts.length < floor || vals[vh - 1] !== I32 || !topMatches(vals, vh, 1, ts)) break fast;
            vh--;
          } else {
            if (vh - ts.length < floor || !topMatches(vals, vh, 0, ts)) break fast;
            vh = floor;
            ctlUnreachable[ch - 1] = true;
          }
          pos = p;
          continue;
        }
        case 0x10: {
          // call
          let p = pos + 1;
          let x = p < end ? bytes[p]! : 0x80;
          if (x < 0x80) p++;
          else {
            x = u32At(r, p);
            p = r.pos;
          }
          if (x >= funcTypeIdx.length) break fast;
          const t = funcTypeIdx[x]!;
          const params = typeParams[t]!;
          const results = typeResults[t]!;
          const base = vh - params.length;
          if (base < floor || base + results.length > cap || !topMatches(vals, vh, 0, params)) break fast;
          vh = base;
          for (let i = 0; i < results.length; i++) vals[vh++] = results[i]!;
          if (vh > maxVh) maxVh = vh;
          pos = p;
          continue;
        }
        default: {
          const shape = SHAPE[b]!;
          if (shape === SHAPE_UNARY) {
            if (vh <= floor || vals[vh - 1] !== TOP[b]) break fast;
            const res = RESULT[b]!;
            if (res === 0) vh--;
            else vals[vh - 1] = res;
            pos++;
            continue;
          }
          if (shape === SHAPE_BINARY) {
            if (vh - 2 < floor || vals[vh - 1] !== TOP[b] || vals[vh - 2] !== SECOND[b]) break fast;
            const res = RESULT[b]!;
            if (res === 0) vh -= 2;
            else vals[--vh - 1] = res;
            pos++;
            continue;
          }
          if (shape === SHAPE_LOAD || shape === SHAPE_STORE) {
            // memarg: a one-byte alignment exponent, then the offset
            let p = pos + 1;
            const align = p < end ? bytes[p]! : 0x80;
            if (align >= 0x80) break fast;
            p++;
            if (p < end && bytes[p]! < 0x80) p++;
            else {
              u32At(r, p);
              p = r.pos;
            }
            if (!hasMemory || align > MAX_ALIGN[b]!) break fast;
            if (shape === SHAPE_LOAD) {
              if (vh <= floor || vals[vh - 1] !== I32) break fast;
              vals[vh - 1] = RESULT[b]!;
            } else {
              if (vh - 2 < floor || vals[vh - 1] !== TOP[b] || vals[vh - 2] !== I32) break fast;
              vh -= 2;
            }
            pos = p;
            continue;
          }
        }
      }
    }
    // The reference path takes this instruction (and reports its error, if it has one).
    v.vh = vh;
    v.maxVh = maxVh;
    v.ch = ch;
    r.pos = op;
    v.step(r);
    vals = v.vals;
    cap = vals.length;
    vh = v.vh;
    maxVh = v.maxVh;
    ch = v.ch;
    floor = ch > 0 ? ctlHeight[ch - 1]! : 0;
    pos = r.pos;
  }
  v.vh = vh;
  v.maxVh = maxVh;
  v.ch = ch;
  r.pos = pos;
}
