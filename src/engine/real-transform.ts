/**
 * What a convolution level needs of a real FFT: a transform of `size` real frames to a packed spectrum of
 * `bins` complex bins and back (unnormalized and swapped: x[j] = out[j ^ 1] / bins), cut into steps a scheduler
 * can spread over blocks. Three implementations: RealFFT (JavaScript on fft.js, any size), WasmRealFFT
 * (WebAssembly SIMD on float64) and WasmRealFFT32 (on float32), both at any size with buffers in a
 * SpectrumArena; all three give packed spectra in natural order. createRealTransform picks one.
 *
 * Construction allocates; the step methods are real-time safe.
 */
import { RealFFT } from './real-fft.js';
import type { SpectrumArena } from './spectrum-arena.js';
import { WasmRealFFT } from './wasm-real-fft.js';
import { WasmRealFFT32 } from './wasm-real-fft-f32.js';

/** A transform's time-domain buffer: float64, or float32 where the transform says `float32Time`. */
export type TimeBuffer = Float32Array | Float64Array;

export interface RealTransform {
  /** Real frames per transform (2L). */
  readonly size: number;
  /** Complex bins in a packed spectrum (L); a packed spectrum has 2L numbers. */
  readonly bins: number;
  readonly forwardSteps: number;
  readonly inverseSteps: number;
  /** Bytes of typed arrays it uses (scratch, and tables it shares with others of its size). */
  readonly byteLength: number;
  /**
   * true: its time-domain buffers (forward's `src`, inverse's `out`) may be float32 views, read and written as
   * float32 (WasmRealFFT32, whose kernels compute in float32: a level then keeps float32 windows and results, half
   * the memory, same values), and a float32 `out` of L frames receives the second half of the inverse only (all an
   * overlap-save level reads); false: they must be float64, `out` of 2L frames.
   */
  readonly float32Time: boolean;
  /** Position of natural bin k (0 < k < L) in a packed spectrum, in complex units. */
  binIndex(k: number): number;
  /** Relative cost of a step (units of real-fft-tables' fftCost), for schedulers. */
  stepCost(step: number, inverse: boolean): number;
  forward(src: TimeBuffer, dst: Float32Array | Float64Array, dstOffset: number): void;
  inverse(src: Float32Array | Float64Array, out: TimeBuffer): void;
  /** Steps run in order on the same arguments. */
  forwardStep(step: number, src: TimeBuffer, dst: Float32Array | Float64Array, dstOffset: number): void;
  inverseStep(step: number, src: Float32Array | Float64Array, out: TimeBuffer): void;
  /** Maps its scratch memory's pages now (WebAssembly transforms; see WasmSteppedFFT). Allocates. */
  touchScratch?(): void;
}

/**
 * The WebAssembly transform when `arena` runs WebAssembly (then every buffer passed to it must be a view of
 * that arena), else the JavaScript one. The WebAssembly transform computes in float32
 * (WasmRealFFT32, ≈ 2.3× the float64 one) unless `float32` is false or the size is below its smallest: the
 * engine's per-block transforms take float32, whose rounding (≈ 1e-7 of the peak, the same order as the float32
 * spectra it writes) vanishes in the convolution's error; an IR's spectra, computed once off the audio thread,
 * take float64, so that each bin is right to float32 rounding of its own value, however small.
 */
export function createRealTransform(realSize: number, arena?: SpectrumArena, float32 = true): RealTransform {
  if (arena?.fft != null && realSize >= 4) {
    // float32 needs two butterflies per vector in its first pass (L ≥ 8)
    if (float32 && realSize >= 2 * WasmRealFFT32.MIN_BINS) return new WasmRealFFT32(realSize, arena);
    return new WasmRealFFT(realSize, arena);
  }
  return new RealFFT(realSize);
}
