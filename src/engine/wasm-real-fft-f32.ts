/**
 * The real FFT in WebAssembly SIMD on float32 (simd-kernels.wat's cfft4, rpost4, rpre4): a Stockham radix-4
 * complex FFT of L points with two complex numbers per vector, and the real twiddle passes two bins per vector.
 * Same contract as WasmRealFFT (the float64 one, which it replaces for L ≥ 8): float32 packed spectra in natural
 * order, the swapped unnormalized inverse. Time-domain buffers are float32, read and written in place (the
 * engine's levels keep their windows and results so), or float64, which the first forward pass converts as it
 * loads and the last inverse pass as it stores: the same float32 values either way. Steps: whole passes up to STEP_BINS points of pass work, the
 * twiddle pass in the last forward and the first inverse step; larger transforms run each pass and the twiddle
 * pass in parts of STEP_BINS points (cfft4part, rpost4part, rpre4part), bit for bit the whole passes' results.
 *
 * Every buffer passed to it must be a view of the arena it was built with; its scratch and tables live there
 * too. The constructor allocates; steps are real-time safe.
 */
import { wasm32Tables } from './real-fft-tables.js';
import type { TimeBuffer } from './real-transform.js';
import type { SpectrumArena } from './spectrum-arena.js';
import { STEP, WasmSteppedFFT } from './wasm-stepped-fft.js';

/** Cost of a whole transform in fftCost's units (≈ 0.27 ns each): ≈ 0.2 ns·L·log2 L measured (bench/fft-kernels.ts). */
const WASM32_FFT_FACTOR = 0.175;
/**
 * Complex points of pass work per step: a Stockham pass over 2048 points, or a quarter of one over 8192, ≈ 1 µs
 * here, so no block of a large level carries a whole 3–5 µs pass (issue 10's block-time shape).
 */
const STEP_BINS = 2048;
/**
 * cfft4 mode bits: the first pass reads float64 pairs; the final pass writes float64 pairs (at d64); the final
 * pass writes its float32 pairs at d64, not into the scratch.
 */
const F64_IN = 1;
const F64_OUT = 2;
const F32_OUT = 4;
/** cfft4 mode bit: the final pass writes only the second half of its float32 output at d64. */
const F32_HALF = 8;

export class WasmRealFFT32 extends WasmSteppedFFT {
  /** Smallest complex size: pass 0 runs two butterflies per vector, so it needs L/4 ≥ 2. */
  static readonly MIN_BINS = 8;
  /** Time-domain buffers may be float32 (read and written in place) or float64 (converted in the first and last pass). */
  readonly float32Time = true;
  private readonly a: number; // byte addresses in the arena: two float32 scratch buffers…
  private readonly b: number;
  private readonly tw: number; // …the passes' twiddles…
  private readonly tw2: number; // …and the real-FFT twiddles
  private readonly z: number; // a or b: where the last pass writes the forward's complex spectrum

  /** Float32 values of arena space a transform of `realSize` frames takes (scratch and tables). */
  static arenaFloats(realSize: number): number {
    const tables = wasm32Tables(realSize >> 1);
    return 2 * realSize + tables.stages.length + tables.real.length;
  }

  /** `stepBins`: points of pass work per step (a power of two ≥ 16; tests and benches vary it). Allocates. */
  constructor(realSize: number, arena: SpectrumArena, stepBins = STEP_BINS) {
    if (!Number.isInteger(stepBins) || stepBins < 16 || (stepBins & (stepBins - 1)) !== 0) {
      throw new RangeError(`stepBins ${stepBins} is not supported; expected a power of two ≥ 16`);
    }
    super(realSize, arena, WASM32_FFT_FACTOR, 2 * WasmRealFFT32.MIN_BINS, stepBins, true, 'WasmRealFFT32', 'float32 real FFT');
    const L = this.bins;
    const tables = wasm32Tables(L);
    this.scratch = [arena.alloc(2 * L), arena.alloc(2 * L)];
    this.a = this.scratch[0].byteOffset;
    this.b = this.scratch[1].byteOffset;
    this.z = ((this.stages - 1) & 1) === 1 ? this.b : this.a; // pass i writes a (i even) or b (i odd)
    const tw = arena.alloc(tables.stages.length);
    tw.set(tables.stages);
    const tw2 = arena.alloc(tables.real.length);
    tw2.set(tables.real);
    this.tw = tw.byteOffset;
    this.tw2 = tw2.byteOffset;
    this.bytes = 4 * WasmRealFFT32.arenaFloats(realSize);
  }

  /** Real-time safe. `src` (float32 or float64) is read, never written; `dst` must be a Float32Array. */
  forwardStep(step: number, src: TimeBuffer, dst: Float32Array | Float64Array, dstOffset: number): void {
    const t = this.forwardTable;
    const at = step * STEP.FIELDS;
    const first = t[at + STEP.FIRST];
    const last = t[at + STEP.LAST];
    const parts = t[at + STEP.PARTS];
    const mode = src.BYTES_PER_ELEMENT === 8 ? F64_IN : 0;
    if (parts > 1) this.kernels.cfft4part(src.byteOffset, this.a, this.b, this.tw, this.bins, first, t[at + STEP.PART], parts, mode, 0);
    else if (last > first) this.kernels.cfft4(src.byteOffset, this.a, this.b, this.tw, this.bins, first, last, mode, 0);
    const twiddleParts = t[at + STEP.TWIDDLE_PARTS];
    if (twiddleParts > 0) this.kernels.rpost4part(this.z, dst.byteOffset + 4 * dstOffset, this.tw2, this.bins, t[at + STEP.TWIDDLE_PART], twiddleParts);
  }

  /**
   * Real-time safe. `src` must be a Float32Array; `out` (float32 or float64) is written by the last pass's steps:
   * the whole result, or into a float32 `out` shorter than `size` frames, its second half (frames L … 2L − 1).
   */
  inverseStep(step: number, src: Float32Array | Float64Array, out: TimeBuffer): void {
    const t = this.inverseTable;
    const at = step * STEP.FIELDS;
    // the pre-twiddle writes b, which pass 0 reads while writing a (cfft4 lets x be b)
    const twiddleParts = t[at + STEP.TWIDDLE_PARTS];
    if (twiddleParts > 0) this.kernels.rpre4part(src.byteOffset, this.b, this.tw2, this.bins, t[at + STEP.TWIDDLE_PART], twiddleParts);
    const first = t[at + STEP.FIRST];
    const last = t[at + STEP.LAST];
    const parts = t[at + STEP.PARTS];
    const mode = out.BYTES_PER_ELEMENT === 8 ? F64_OUT : out.length < this.size ? F32_HALF : F32_OUT;
    if (parts > 1) this.kernels.cfft4part(this.b, this.a, this.b, this.tw, this.bins, first, t[at + STEP.PART], parts, mode, out.byteOffset);
    else if (last > first) this.kernels.cfft4(this.b, this.a, this.b, this.tw, this.bins, first, last, mode, out.byteOffset);
  }
}
