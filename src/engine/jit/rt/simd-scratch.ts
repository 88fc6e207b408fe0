/**
 * How compiled code holds a v128: an `Int32Array` of 4 little-endian lanes that is never written
 * after it is made (every SIMD helper returns a new one), so values can be shared freely between
 * locals, stack slots and globals. The helpers compute through {@link LaneScratch}, 16-byte
 * scratch buffers with a view per lane shape.
 */

/** One 16-byte scratch vector with every lane view. */
export class LaneScratch {
  readonly buf = new ArrayBuffer(16);
  readonly i8 = new Int8Array(this.buf);
  readonly u8 = new Uint8Array(this.buf);
  readonly i16 = new Int16Array(this.buf);
  readonly u16 = new Uint16Array(this.buf);
  readonly i32 = new Int32Array(this.buf);
  readonly u32 = new Uint32Array(this.buf);
  readonly f32 = new Float32Array(this.buf);
  readonly f64 = new Float64Array(this.buf);

  /** Copies `v` in. */
  set(v: Int32Array): this {
    const w = this.i32;
    w[0] = v[0];
    w[1] = v[1];
    w[2] = v[2];
    w[3] = v[3];
    return this;
  }

  /** A new v128 with the scratch's contents. */
  take(): Int32Array {
    const w = this.i32;
    return Int32Array.of(w[0], w[1], w[2], w[3]);
  }
}

/** The scratch vectors SIMD helpers use: two operands and a result. */
export interface SimdScratch {
  readonly a: LaneScratch;
  readonly b: LaneScratch;
  readonly r: LaneScratch;
}

/** Fresh scratch vectors for one engine. */
export function simdScratch(): SimdScratch {
  return { a: new LaneScratch(), b: new LaneScratch(), r: new LaneScratch() };
}

/**
 * The all-zero v128 (shared: v128 values are never written).
 * Note: typed arrays with elements cannot be frozen; nothing writes this one.
 */
export const V128_ZERO: Int32Array = new Int32Array(4);
