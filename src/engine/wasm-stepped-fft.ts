/**
 * What the two WebAssembly real FFTs (WasmRealFFT on float64, WasmRealFFT32 on float32) share: a Stockham
 * transform of L = size/2 complex points in passes (radix-4, then one radix-2 when log2 L is odd) plus the real
 * twiddle pass, run in steps of about `stepBins` points of pass work, so that a large transform spreads over
 * blocks like the rest of a level's work; spectra in natural order. Small transforms group whole passes in a
 * step (the twiddle pass rides in the last forward and the first inverse step). Above `stepBins`, a transform
 * whose kernels take parts (`split`) cuts each pass, and the twiddle pass, into equal parts of the butterflies:
 * a whole Stockham pass over 8192 points is ≈ 3–5 µs here, one block's steps should stay near 1 µs.
 * Subclasses hold their kernels' scratch and tables and run a step as the step table says. The constructor
 * allocates; steps are real-time safe.
 */
import { fftCost, wasmPasses } from './real-fft-tables.js';
import type { RealTransform, TimeBuffer } from './real-transform.js';
import type { FftKernels, SpectrumArena } from './spectrum-arena.js';

/** Fields of a step in the step tables: passes [first, last), part of parts, twiddle part of twiddleParts. */
const FIRST = 0;
const LAST = 1;
const PART = 2;
const PARTS = 3;
const TWIDDLE_PART = 4;
const TWIDDLE_PARTS = 5; // 0: no twiddle work in this step
const FIELDS = 6;
/** The real twiddle pass against a Stockham pass over the same points (L/4 vectors against L/8, lighter ones). */
const TWIDDLE_PASSES = 1;

export abstract class WasmSteppedFFT implements RealTransform {
  readonly size: number;
  readonly bins: number;
  readonly forwardSteps: number;
  readonly inverseSteps: number;
  abstract readonly float32Time: boolean;
  protected readonly kernels: FftKernels;
  protected readonly stages: number; // Stockham passes
  /** Per forward step, FIELDS numbers (see FIRST…TWIDDLE_PARTS); `inverse` likewise, twiddle steps first. */
  protected readonly forwardTable: Int32Array;
  protected readonly inverseTable: Int32Array;
  /** Bytes of the subclass's scratch and tables. */
  protected bytes = 0;
  /** The subclass's scratch buffers (views as allocated; see touchScratch). */
  protected scratch: Array<Float32Array | Float64Array> = [];
  private readonly arena: SpectrumArena;
  private readonly costFactor: number;

  /**
   * `costFactor`: a whole transform's cost in fftCost's units (≈ 0.27 ns each), measured; `minSize`: the
   * smallest real size the kernels take; `stepBins`: complex points of pass work per step (a radix-4 pass over
   * L points is L); `split`: the kernels run parts of a pass; `name` (the class) and `what` (the transform) for
   * errors. Allocates.
   */
  protected constructor(realSize: number, arena: SpectrumArena, costFactor: number, minSize: number, stepBins: number, split: boolean, name: string, what: string) {
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
    const forward: number[] = [];
    const inverse: number[] = [];
    if (!split || L <= stepBins) {
      // small sizes run whole in one step; a radix-4 pass does the work of two radix-2 stages (L butterflies)
      const group = Math.max(1, Math.floor(stepBins / L));
      const steps = Math.ceil(this.stages / group);
      for (let s = 0; s < steps; s++) {
        const first = s * group;
        const last = Math.min(this.stages, first + group);
        forward.push(first, last, 0, 1, 0, last === this.stages ? 1 : 0);
        inverse.push(first, last, 0, 1, 0, s === 0 ? 1 : 0);
      }
    } else {
      const parts = L / stepBins; // both powers of two; each part ≥ 1 vector since stepBins ≥ 16
      const twiddleParts = Math.max(1, Math.round(parts * TWIDDLE_PASSES));
      const passes: number[] = [];
      for (let pass = 0; pass < this.stages; pass++) for (let p = 0; p < parts; p++) passes.push(pass, pass + 1, p, parts, 0, 0);
      const twiddles: number[] = [];
      for (let p = 0; p < twiddleParts; p++) twiddles.push(0, 0, 0, 1, p, twiddleParts);
      forward.push(...passes, ...twiddles);
      inverse.push(...twiddles, ...passes);
    }
    this.forwardTable = Int32Array.from(forward);
    this.inverseTable = Int32Array.from(inverse);
    this.forwardSteps = forward.length / FIELDS;
    this.inverseSteps = inverse.length / FIELDS;
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

  /** The step's share of the whole transform's cost: its passes' parts and its share of the twiddle pass. */
  stepCost(step: number, inverse = false): number {
    const t = inverse ? this.inverseTable : this.forwardTable;
    const at = step * FIELDS;
    let passes = (t[at + LAST] - t[at + FIRST]) / t[at + PARTS];
    if (t[at + TWIDDLE_PARTS] > 0) passes += TWIDDLE_PASSES / t[at + TWIDDLE_PARTS];
    return (this.costFactor * fftCost(this.bins) * passes) / (this.stages + TWIDDLE_PASSES);
  }

  forward(src: TimeBuffer, dst: Float32Array | Float64Array, dstOffset: number): void {
    for (let s = 0; s < this.forwardSteps; s++) this.forwardStep(s, src, dst, dstOffset);
  }

  inverse(src: Float32Array | Float64Array, out: TimeBuffer): void {
    for (let s = 0; s < this.inverseSteps; s++) this.inverseStep(s, src, out);
  }

  abstract forwardStep(step: number, src: TimeBuffer, dst: Float32Array | Float64Array, dstOffset: number): void;
  abstract inverseStep(step: number, src: Float32Array | Float64Array, out: TimeBuffer): void;
}

/** Indices into a step's FIELDS numbers, for the subclasses. */
export const STEP = { FIRST, LAST, PART, PARTS, TWIDDLE_PART, TWIDDLE_PARTS, FIELDS } as const;
