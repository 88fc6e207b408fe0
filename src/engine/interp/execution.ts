/**
 * One activation of the interpreter: its value stack (8-byte slots in one ArrayBuffer, viewed as
 * 32-bit cells, f32 and f64; references in a parallel array), its call-frame stack, and, while
 * suspended (async host call or fuel exhaustion), where to continue.
 */

import { Trap, TrapCode } from '../../api/errors.js';
import type { TrapFrame } from '../../api/errors.js';
import { offsetAt } from './func-body.js';
import type { DefinedFunc, HostFunc } from './func.js';
import type { InterpStore } from './store.js';

/** Initial value-stack size in cells (64 KiB; it doubles as needed). */
const INITIAL_CELLS = 1 << 14;
/** Frames shown in a trap's backtrace (innermost first), by every engine built on this one. */
export const MAX_TRACE_FRAMES = 100;

/** An activation: stacks plus the state needed to continue it. */
export class Execution {
  buf!: ArrayBuffer;
  /** The value stack as 32-bit cells. */
  i32!: Int32Array;
  /** The value stack as f32 (same indices as {@link i32}). */
  f32!: Float32Array;
  /** The value stack as f64 (index = cell >> 1). */
  f64!: Float64Array;
  /** The value stack as bytes (index = cell * 4), for SIMD lanes. */
  u8!: Uint8Array;
  /** Signed bytes (SIMD). */
  i8!: Int8Array;
  /** 16-bit lanes (index = cell * 2) (SIMD). */
  i16!: Int16Array;
  /** Unsigned 16-bit lanes (SIMD). */
  u16!: Uint16Array;
  /**
   * References, indexed by cell. Only as long as the frames of functions that hold references
   * need (see {@link growRefs}); functions without reference values never touch it.
   */
  readonly refs: unknown[] = [];

  /** Saved caller state per frame: return pc, frame pointer, function (index = depth at call). */
  fPc: Int32Array = new Int32Array(64);
  fFp: Int32Array = new Int32Array(64);
  fFn: (DefinedFunc | null)[] = new Array<DefinedFunc | null>(64).fill(null);

  /** Wasm frames active (the current one included). */
  depth = 0;
  /** The deepest `depth` since the last {@link clear} (how much of {@link fFn} to clear). */
  maxDepth = 0;
  /** Frames this activation may have (the engine's limit minus frames of enclosing activations). */
  limit = 0;
  /** Frames of enclosing activations (a host function called back into wasm). */
  base = 0;
  /** Current function, pc and frame pointer while not running (entry, suspension, trap). */
  func: DefinedFunc | null = null;
  pc = 0;
  fp = 0;
  /** True when entered through an async entry point (host Promises suspend instead of failing). */
  async = false;
  /** The thenable a suspended activation waits for. */
  pending: PromiseLike<unknown> | null = null;
  /** The host function whose result is pending, and where its results go. */
  pendingFunc: HostFunc | null = null;
  pendingBase = 0;
  /** Scratch space for SIMD operations whose result overlaps an input (16 bytes and its views). */
  readonly scratch = new ArrayBuffer(16);
  readonly sI32 = new Int32Array(this.scratch);
  readonly sI16 = new Int16Array(this.scratch);
  readonly sI8 = new Int8Array(this.scratch);
  readonly sF32 = new Float32Array(this.scratch);
  readonly sF64 = new Float64Array(this.scratch);
  /** Four temporary cells (for 64-bit products of SIMD lanes). */
  readonly t32 = new Int32Array(4);

  constructor(readonly store: InterpStore) {
    this.setBuffer(new ArrayBuffer(INITIAL_CELLS * 4));
  }

  private setBuffer(buf: ArrayBuffer): void {
    this.buf = buf;
    this.i32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
    this.u8 = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.i16 = new Int16Array(buf);
    this.u16 = new Uint16Array(buf);
  }

  /** Makes {@link refs} at least `cells` long (in place: the array object stays the same). */
  growRefs(cells: number): void {
    const r = this.refs;
    for (let i = r.length; i < cells; i++) r.push(null);
  }

  /**
   * Grows the value stack to hold at least `cells` cells (the views change: callers reload them).
   * Traps with "call stack exhausted" beyond the hard limit or when the host cannot allocate.
   */
  growStack(cells: number): void {
    const max = this.store.maxStackCells;
    if (cells > max) throw new Trap(TrapCode.CallStackExhausted);
    let n = this.i32.length * 2;
    while (n < cells) n *= 2;
    if (n > max) n = max;
    let buf: ArrayBuffer;
    try {
      buf = new ArrayBuffer(n * 4);
    } catch {
      throw new Trap(TrapCode.CallStackExhausted);
    }
    new Int32Array(buf).set(this.i32);
    this.setBuffer(buf);
  }

  /** Doubles the frame stack. */
  growFrames(): void {
    const n = this.fPc.length * 2;
    const pc = new Int32Array(n);
    pc.set(this.fPc);
    const fp = new Int32Array(n);
    fp.set(this.fFp);
    this.fPc = pc;
    this.fFp = fp;
    for (let i = this.fFn.length; i < n; i++) this.fFn.push(null);
  }

  /**
   * The wasm backtrace of the saved state, innermost first, with the byte offset of the current
   * instruction in each frame (the trapping one, then the calls).
   */
  backtrace(): TrapFrame[] {
    const frames: TrapFrame[] = [];
    if (this.func === null || this.depth <= 0) return frames;
    frames.push(frameOf(this.func, this.pc));
    for (let d = this.depth - 1; d >= 1 && frames.length < MAX_TRACE_FRAMES; d--) {
      const f = this.fFn[d];
      // Note: a frame's saved pc is its return address; the call is just before it.
      if (f) frames.push(frameOf(f, this.fPc[d]! - 1));
    }
    return frames;
  }

  /**
   * Drops what a finished activation refers to, so a pooled activation keeps no instance alive.
   * Note: the reference array is not cleared (that would cost a pass over the stack per call): its
   * stale entries are overwritten by later calls.
   */
  clear(): void {
    this.func = null;
    this.pending = null;
    this.pendingFunc = null;
    this.fFn.fill(null, 0, Math.min(this.fFn.length, Math.max(this.depth, this.maxDepth) + 1));
    this.depth = 0;
    this.maxDepth = 0;
  }
}

/**
 * The backtrace frame of function `f` at code position `pc` of its translated body (-1, or a
 * function not translated: no byte offset, e.g. a frame of the JIT's compiled code).
 */
export function frameOf(f: DefinedFunc, pc: number): TrapFrame {
  const names = f.instance.compiled.validated.module.names;
  const offset = pc < 0 || f.body === null ? -1 : offsetAt(f.body, pc);
  return {
    funcIndex: f.index,
    funcName: names?.funcs.get(f.index),
    moduleName: names?.module,
    offset: offset >= 0 ? offset : undefined,
  };
}
