/**
 * What a convolution level needs of a real FFT: a transform of `size` real frames to a packed spectrum of
 * `bins` complex bins and back (unnormalized and swapped: x[j] = out[j ^ 1] / bins), cut into steps a scheduler
 * can spread over blocks. Two implementations: RealFFT (JavaScript on fft.js, any size) and WasmRealFFT
 * (WebAssembly SIMD, direct sizes, buffers in a SpectrumArena). createRealTransform picks one.
 *
 * Construction allocates; the step methods are real-time safe.
 */
import { RealFFT, DIRECT_MAX } from './real-fft.js';
import type { SpectrumArena } from './spectrum-arena.js';
import { WasmRealFFT } from './wasm-real-fft.js';

export interface RealTransform {
  /** Real frames per transform (2L). */
  readonly size: number;
  /** Complex bins in a packed spectrum (L); a packed spectrum has 2L numbers. */
  readonly bins: number;
  readonly forwardSteps: number;
  readonly inverseSteps: number;
  /** Bytes of typed arrays it uses (scratch, and tables it shares with others of its size). */
  readonly byteLength: number;
  /** Position of natural bin k (0 < k < L) in a packed spectrum, in complex units. */
  binIndex(k: number): number;
  /** Relative cost of a step (units of real-fft-tables' fftCost), for schedulers. */
  stepCost(step: number, inverse: boolean): number;
  forward(src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void;
  inverse(src: Float32Array | Float64Array, out: Float64Array): void;
  /** Steps run in order on the same arguments. */
  forwardStep(step: number, src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void;
  inverseStep(step: number, src: Float32Array | Float64Array, out: Float64Array): void;
}

/**
 * The WebAssembly transform when `arena` runs WebAssembly and the size is direct (then every buffer passed to
 * it must be a view of that arena), else the JavaScript one.
 */
export function createRealTransform(realSize: number, arena?: SpectrumArena): RealTransform {
  if (arena?.fft != null && realSize / 2 <= DIRECT_MAX && realSize >= 4) return new WasmRealFFT(realSize, arena);
  return new RealFFT(realSize);
}
