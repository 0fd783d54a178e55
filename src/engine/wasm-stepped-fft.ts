/**
 * What the two WebAssembly real FFTs (WasmRealFFT on float64, WasmRealFFT32 on float32) share: a Stockham
 * transform of L = size/2 complex points in passes (radix-4, then one radix-2 when log2 L is odd), run in steps
 * of about WASM_STEP_BUTTERFLIES radix-2-equivalent butterflies so that a large transform spreads over blocks
 * like the rest of a level's work; spectra in natural order. Subclasses hold their kernels' scratch and tables
 * and run a step's passes. The constructor allocates; steps are real-time safe.
 */
import { fftCost, wasmPasses } from './real-fft-tables.js';
import type { RealTransform } from './real-transform.js';
import type { FftKernels, SpectrumArena } from './spectrum-arena.js';

/** Butterflies per step (≈ 2–3 µs here), so large transforms spread like the rest of a level's work. */
const WASM_STEP_BUTTERFLIES = 2048;

export abstract class WasmSteppedFFT implements RealTransform {
  readonly size: number;
  readonly bins: number;
  readonly forwardSteps: number;
  readonly inverseSteps: number;
  protected readonly kernels: FftKernels;
  protected readonly stages: number; // Stockham passes
  protected readonly stageGroup: number; // passes per step
  /** Bytes of the subclass's scratch and tables. */
  protected bytes = 0;
  /** The subclass's scratch buffers (views as allocated; see touchScratch). */
  protected scratch: Array<Float32Array | Float64Array> = [];
  private readonly arena: SpectrumArena;
  private readonly costFactor: number;

  /**
   * `costFactor`: a whole transform's cost in fftCost's units (≈ 0.27 ns each), measured; `minSize`: the
   * smallest real size the kernels take; `name` (the class) and `what` (the transform) for errors. Allocates.
   */
  protected constructor(realSize: number, arena: SpectrumArena, costFactor: number, minSize: number, name: string, what: string) {
    if (arena.fft === null) throw new TypeError(`${name} needs an arena that runs WebAssembly`);
    if (!Number.isInteger(realSize) || realSize < minSize || (realSize & (realSize - 1)) !== 0) {
      throw new RangeError(`${what} size ${realSize} is not supported; expected a power of two ≥ ${minSize}`);
    }
    const L = realSize >> 1;
    this.size = realSize;
    this.bins = L;
    this.kernels = arena.fft;
    this.arena = arena;
    this.costFactor = costFactor;
    this.stages = wasmPasses(L);
    // small sizes run whole in one step; a radix-4 pass does the work of two radix-2 stages (L butterflies)
    this.stageGroup = Math.max(1, Math.floor(WASM_STEP_BUTTERFLIES / L));
    this.forwardSteps = Math.ceil(this.stages / this.stageGroup);
    this.inverseSteps = this.forwardSteps;
  }

  /**
   * Writes a zero into each page of the scratch buffers, so that fresh WebAssembly memory is mapped now rather
   * than by the first transforms' passes (a page fault costs 12–60 µs on the bench machine; a 16 384-frame
   * level's scratch is 64 pages). For engines built in preparation, not on an audio thread. Allocates: views.
   */
  touchScratch(): void {
    for (const allocated of this.scratch) {
      const view = this.arena.rebound(allocated); // a later allocation may have grown the memory
      const step = 4096 / view.BYTES_PER_ELEMENT;
      for (let i = 0; i < view.length; i += step) view[i] = 0;
    }
  }

  get byteLength(): number {
    return this.bytes;
  }

  binIndex(k: number): number {
    return k;
  }

  stepCost(step: number): number {
    const stages = Math.min(this.stageGroup, this.stages - step * this.stageGroup);
    return (this.costFactor * fftCost(this.bins) * stages) / this.stages;
  }

  forward(src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    for (let s = 0; s < this.forwardSteps; s++) this.forwardStep(s, src, dst, dstOffset);
  }

  inverse(src: Float32Array | Float64Array, out: Float64Array): void {
    for (let s = 0; s < this.inverseSteps; s++) this.inverseStep(s, src, out);
  }

  abstract forwardStep(step: number, src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void;
  abstract inverseStep(step: number, src: Float32Array | Float64Array, out: Float64Array): void;
}
