/**
 * The per-engine scratch space shared by compiled code and its runtime helpers: views over one
 * small buffer for moving bits between number types, and the slot where a function or helper that
 * produces an i64 leaves the high half of its result.
 */

/** Scratch views (all over the same 16 bytes, little-endian like every supported host). */
export class Scratch {
  readonly buf = new ArrayBuffer(16);
  readonly i32 = new Int32Array(this.buf);
  readonly u32 = new Uint32Array(this.buf);
  readonly f32 = new Float32Array(this.buf);
  readonly f64 = new Float64Array(this.buf);
  /**
   * `ret[0]`: the high 32 bits of the last i64 result returned by a compiled function or helper
   * (the low half is the JS return value). Read immediately after the call.
   */
  readonly ret = new Int32Array(4);
  /** Quotient and remainder words of the 64-bit division helpers (internal to them). */
  readonly div = new Int32Array(4);
  /**
   * Where a function with several results leaves them (read immediately after the call): result
   * `k` is in `ri[2k]` (i32) or `ri[2k], ri[2k+1]` (i64), in `rf[k]` (f32, f64) or in `ro[k]` (v128,
   * references).
   * Note: never a JS array for numbers: V8 may rewrite the bits of a NaN stored in an array with
   * double elements, and wasm values must keep them.
   */
  ri = new Int32Array(32);
  rf = new Float64Array(16);
  readonly ro: unknown[] = [];

  /** Makes room for `n` results (arrays are replaced; compiled code reads them through this object). */
  ensureResults(n: number): void {
    if (this.ri.length < 2 * n) this.ri = new Int32Array(2 * n);
    if (this.rf.length < n) this.rf = new Float64Array(n);
  }
}
