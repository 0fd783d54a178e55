/**
 * The one file that knows fft.js. Every quirk of the dependency stays here, so that swapping in another FFT
 * (a WASM one, say) is a one-file change:
 * - fft.js takes and fills plain indexable arrays of interleaved complex numbers; we hand it Float64Arrays of
 *   exactly 2·size entries (its loops read `.length`), owned by the caller.
 * - `transform(out, data)` refuses `out === data`, so callers keep a separate output buffer.
 * - Its inverse divides by the size in an extra pass; we never call it. An unnormalized inverse is the forward
 *   transform applied to swapped (re ↔ im) data, which the real-FFT layer does for free (see real-fft.ts).
 * - Its typings are `any`; this wrapper is where that is contained.
 */
import FFT from 'fft.js';

interface FftJs {
  transform(out: Float64Array, data: Float64Array): void;
}

export class ComplexFFT {
  /** Number of complex points. */
  readonly size: number;
  private readonly impl: FftJs;

  /** Allocates: builds twiddle and bit-reversal tables. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size ${size} is not supported; expected a power of two ≥ 2`);
    }
    this.size = size;
    this.impl = new FFT(size) as unknown as FftJs;
  }

  /**
   * Forward DFT X[k] = Σ x[n]·e^{−2πi·nk/size}, unnormalized. `out` and `data` are distinct interleaved
   * complex arrays of exactly 2·size entries. Real-time safe.
   */
  transform(out: Float64Array, data: Float64Array): void {
    this.impl.transform(out, data);
  }
}
