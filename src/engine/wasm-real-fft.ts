/**
 * The real FFT in WebAssembly SIMD on float64 (simd-kernels.wat): a Stockham radix-4 complex FFT of L points on
 * f64x2 plus the real twiddle passes, about 2.5× the JavaScript transform and 0.4× the float32 one
 * (WasmRealFFT32), which the engine's levels run; this one prepares IR spectra, where each bin should be right
 * to float32 rounding of its own value. Spectra are in natural order, like every transform's, so all read each
 * other's spectra.
 * A step is a group of whole Stockham passes of about STEP_BINS points of pass work; the twiddle pass rides in
 * the last forward step and the first inverse step.
 *
 * Every buffer passed to it must be a view of the arena it was built with (the kernels take byte addresses in
 * that memory); its scratch and tables live there too. The constructor allocates; steps are real-time safe.
 */
import { wasmTables } from './real-fft-tables.js';
import type { SpectrumArena } from './spectrum-arena.js';
import { STEP, WasmSteppedFFT } from './wasm-stepped-fft.js';

/**
 * Cost of a whole WebAssembly transform relative to fftCost's units (≈ 0.27 ns each): measured ≈ 2.5× faster
 * than fft.js plus the JavaScript twiddles, sizes 128–4096 (radix-4; the radix-2 kernel was ≈ 1.8×).
 */
const WASM_FFT_FACTOR = 0.37;
/** Complex points of pass work per step (whole passes: this kernel prepares IR spectra, whole transforms). */
const STEP_BINS = 2048;

export class WasmRealFFT extends WasmSteppedFFT {
  /** Time-domain buffers are float64: its kernels compute in float64. */
  readonly float32Time = false;
  private readonly a: number; // byte addresses in the arena: two scratch buffers…
  private readonly b: number;
  private readonly tw: number; // …the Stockham stage twiddles…
  private readonly tw2: number; // …and the real-FFT twiddles

  constructor(realSize: number, arena: SpectrumArena) {
    super(realSize, arena, WASM_FFT_FACTOR, 4, STEP_BINS, false, 'WasmRealFFT', 'real FFT');
    const L = this.bins;
    const tables = wasmTables(L);
    this.scratch = [arena.allocF64(2 * L), arena.allocF64(2 * L)];
    this.a = this.scratch[0].byteOffset;
    this.b = this.scratch[1].byteOffset;
    const tw = arena.allocF64(tables.stages.length);
    tw.set(tables.stages);
    const tw2 = arena.allocF64(tables.real.length);
    tw2.set(tables.real);
    this.tw = tw.byteOffset;
    this.tw2 = tw2.byteOffset;
    this.bytes = 8 * (4 * L + tables.stages.length + tables.real.length);
  }

  /** Real-time safe. `src` is read, never written. */
  forwardStep(step: number, src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    const at = step * STEP.FIELDS;
    const first = this.forwardTable[at + STEP.FIRST];
    const last = this.forwardTable[at + STEP.LAST];
    const z = this.kernels.cfft(src.byteOffset, this.a, this.b, this.tw, this.bins, first, last);
    if (this.forwardTable[at + STEP.TWIDDLE_PARTS] > 0) this.kernels.rpost(z, dst.byteOffset + dst.BYTES_PER_ELEMENT * dstOffset, this.tw2, this.bins);
  }

  /** Real-time safe. */
  inverseStep(step: number, src: Float32Array | Float64Array, out: Float64Array): void {
    const at = step * STEP.FIELDS;
    if (this.inverseTable[at + STEP.TWIDDLE_PARTS] > 0) this.kernels.rpre(src.byteOffset, this.a, this.tw2, this.bins);
    // the stages alternate between two buffers: pick them so that the last stage writes `out`
    const odd = (this.stages & 1) === 1;
    const a = odd ? out.byteOffset : this.b;
    const b = odd ? this.b : out.byteOffset;
    this.kernels.cfft(this.a, a, b, this.tw, this.bins, this.inverseTable[at + STEP.FIRST], this.inverseTable[at + STEP.LAST]);
  }
}
