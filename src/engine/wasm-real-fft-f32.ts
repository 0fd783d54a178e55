/**
 * The real FFT in WebAssembly SIMD on float32 (simd-kernels.wat's cfft4, rpost4, rpre4): a Stockham radix-4
 * complex FFT of L points with two complex numbers per vector, and the real twiddle passes two bins per vector.
 * Same contract as WasmRealFFT (the float64 one, which it replaces for L ≥ 8): float64 time-domain buffers —
 * the first forward pass converts as it loads, the last inverse pass as it stores — float32 packed spectra in
 * natural order, the swapped unnormalized inverse, steps of about WASM_STEP_BUTTERFLIES radix-2-equivalent
 * butterflies, the twiddle pass in the last forward and the first inverse step.
 *
 * Every buffer passed to it must be a view of the arena it was built with; its scratch and tables live there
 * too. The constructor allocates; steps are real-time safe.
 */
import { wasm32Tables } from './real-fft-tables.js';
import type { SpectrumArena } from './spectrum-arena.js';
import { WasmSteppedFFT } from './wasm-stepped-fft.js';

/** Cost of a whole transform in fftCost's units (≈ 0.27 ns each): ≈ 0.2 ns·L·log2 L measured (bench/fft-kernels.ts). */
const WASM32_FFT_FACTOR = 0.175;
/** cfft4 mode bits: the first pass reads float64 pairs; the final pass writes float64 pairs. */
const F64_IN = 1;
const F64_OUT = 2;

export class WasmRealFFT32 extends WasmSteppedFFT {
  /** Smallest complex size: pass 0 runs two butterflies per vector, so it needs L/4 ≥ 2. */
  static readonly MIN_BINS = 8;
  private readonly a: number; // byte addresses in the arena: two float32 scratch buffers…
  private readonly b: number;
  private readonly tw: number; // …the passes' twiddles…
  private readonly tw2: number; // …and the real-FFT twiddles

  /** Float32 values of arena space a transform of `realSize` frames takes (scratch and tables). */
  static arenaFloats(realSize: number): number {
    const tables = wasm32Tables(realSize >> 1);
    return 2 * realSize + tables.stages.length + tables.real.length;
  }

  constructor(realSize: number, arena: SpectrumArena) {
    super(realSize, arena, WASM32_FFT_FACTOR, 2 * WasmRealFFT32.MIN_BINS, 'WasmRealFFT32', 'float32 real FFT');
    const L = this.bins;
    const tables = wasm32Tables(L);
    this.scratch = [arena.alloc(2 * L), arena.alloc(2 * L)];
    this.a = this.scratch[0].byteOffset;
    this.b = this.scratch[1].byteOffset;
    const tw = arena.alloc(tables.stages.length);
    tw.set(tables.stages);
    const tw2 = arena.alloc(tables.real.length);
    tw2.set(tables.real);
    this.tw = tw.byteOffset;
    this.tw2 = tw2.byteOffset;
    this.bytes = 4 * WasmRealFFT32.arenaFloats(realSize);
  }

  /** Real-time safe. `src` (float64) is read, never written; `dst` must be a Float32Array. */
  forwardStep(step: number, src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    const first = step * this.stageGroup;
    const last = Math.min(this.stages, first + this.stageGroup);
    const z = this.kernels.cfft4(src.byteOffset, this.a, this.b, this.tw, this.bins, first, last, F64_IN, 0);
    if (last === this.stages) this.kernels.rpost4(z, dst.byteOffset + 4 * dstOffset, this.tw2, this.bins);
  }

  /** Real-time safe. `src` must be a Float32Array; `out` (float64) is written by the last step. */
  inverseStep(step: number, src: Float32Array | Float64Array, out: Float64Array): void {
    // the pre-twiddle writes b, which pass 0 reads while writing a (cfft4 lets x be b)
    if (step === 0) this.kernels.rpre4(src.byteOffset, this.b, this.tw2, this.bins);
    const first = step * this.stageGroup;
    const last = Math.min(this.stages, first + this.stageGroup);
    this.kernels.cfft4(this.b, this.a, this.b, this.tw, this.bins, first, last, F64_OUT, out.byteOffset);
  }
}
