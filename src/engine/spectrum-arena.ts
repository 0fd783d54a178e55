/**
 * Memory for the spectra the multiply-accumulate (MAC) reads and writes — delay lines, impulse spectra and the
 * accumulator — and the MAC itself. Where WebAssembly SIMD exists (browsers since 2021–23, Node ≥ 16.4, their
 * AudioWorklet scopes), the arena is one block of the scope's WebAssembly memory (scope-memory.ts: one memory
 * per scope, shared by every engine) and the MAC runs simd-kernels.wat, two complex bins per instruction:
 * ≈ 0.3–0.4 ns a bin (four partitions a pass: ≈ 0.31) against ≈ 2–5 ns for the same loop in JavaScript
 * (measured on the bench machine).
 * Elsewhere, or when the scope's memory cannot be created or grown, it is a plain ArrayBuffer and the MAC runs
 * in JavaScript: same results to float32 rounding (`fallback` says the memory was wanted and refused).
 *
 * The constructor allocates (and may grow the scope memory, which rebinds every other arena: see onRebind);
 * alloc() only hands out views; release() returns the block; mac() is real-time safe.
 */
import { kernelModule, scopeMemory, type Kernels, type ScopeMemory } from './scope-memory.js';
import { count } from './wording.js';

/** The real-FFT kernels of simd-kernels.wat (byte addresses in the arena; see the .wat for the contracts). */
export type FftKernels = Pick<Kernels, 'cfft' | 'rpost' | 'rpre' | 'macring' | 'macring4' | 'macring4p' | 'toplanar' | 'fromplanar' | 'cfft4' | 'rpost4' | 'rpre4' | 'cfft4part' | 'rpost4part' | 'rpre4part'>;
/** The per-block glue kernels (flush, readout32): what the engine does with every sample outside the levels. */
export type GlueKernels = Pick<Kernels, 'flush' | 'readout32'>;
type MacKernel = Kernels['mac'];
type Mac4Kernel = Kernels['mac4'];

const ALIGN = 16; // bytes: one SIMD vector
const VIEWS = 64; // views an arena has alignment room for
const NO_MEMORY = new ArrayBuffer(0); // a released arena's buffer

/** Whether this scope runs the SIMD multiply-accumulate. */
export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

export class SpectrumArena {
  /** true when mac() runs WebAssembly SIMD. */
  readonly simd: boolean;
  /** true when WebAssembly memory was wanted but could not be had, so this arena runs JavaScript. */
  readonly fallback: boolean;
  /**
   * Called after the scope memory grew and every view this arena handed out was detached: the owner takes
   * its views again from rebound(). Runs in whichever engine's construction grew the memory.
   */
  onRebind: (() => void) | null = null;
  private buffer: ArrayBuffer;
  private readonly memory: ScopeMemory | null;
  private readonly base: number; // byte address of the block in the buffer
  private readonly size: number; // bytes of the block
  private readonly kernel: MacKernel | null;
  private readonly kernel4: Mac4Kernel | null;
  /** The FFT kernels, where the arena is WebAssembly memory; null elsewhere. */
  readonly fft: FftKernels | null;
  /** The glue kernels, where the arena is WebAssembly memory; null elsewhere. */
  readonly glue: GlueKernels | null;
  private used = 0; // bytes handed out
  private views: (Float32Array | Float64Array)[] = []; // every view handed out, in order…
  private readonly viewStarts: number[] = []; // …its byte address…
  private readonly viewLengths: number[] = []; // …and its element count
  private replaced: Map<Float32Array | Float64Array, Float32Array | Float64Array> | null = null; // old → new view

  /**
   * Room for `floats` float32 values (count a float64 as two), plus alignment for up to 64 views. Pass
   * `simd: false` to force the JavaScript MAC. The first `unread` floats handed out (the first views, when
   * their lengths are multiples of 4) may hold an earlier engine's values: for views the owner writes before it
   * reads (impulse spectra, counted in as they are copied), so that a new engine zeroes only its state.
   */
  constructor(floats: number, simd = true, unread = 0) {
    const bytes = floats * 4 + VIEWS * ALIGN;
    const memory = simd ? scopeMemory() : null;
    const start = memory === null ? -1 : memory.allocate(bytes, this, 4 * unread);
    this.fallback = simd && simdAvailable() && start < 0;
    if (memory !== null && start >= 0) {
      this.memory = memory;
      this.buffer = memory.buffer;
      this.base = start;
      this.kernel = memory.kernels.mac;
      this.kernel4 = memory.kernels.mac4;
      this.fft = memory.kernels;
      this.glue = memory.kernels;
    } else {
      this.memory = null;
      this.buffer = new ArrayBuffer(bytes);
      this.base = 0;
      this.kernel = null;
      this.kernel4 = null;
      this.fft = null;
      this.glue = null;
    }
    this.size = bytes;
    this.simd = this.kernel !== null;
  }

  /** Bytes reserved for this arena (0 once released). */
  get byteLength(): number {
    return this.buffer === NO_MEMORY ? 0 : this.size;
  }

  /** A zeroed (see the constructor's `unread`), 16-byte-aligned view of `floats` float32 values. Allocates: prepare only. */
  alloc(floats: number): Float32Array {
    const view = new Float32Array(this.buffer, this.reserve(floats * 4), floats);
    this.remember(view, floats);
    return view;
  }

  /** A zeroed, 16-byte-aligned view of `doubles` float64 values. Allocates: prepare only. */
  allocF64(doubles: number): Float64Array {
    const view = new Float64Array(this.buffer, this.reserve(doubles * 8), doubles);
    this.remember(view, doubles);
    return view;
  }

  /**
   * The view that replaces `view` (one alloc() or allocF64() returned) after the last grow; `view` itself when
   * there was none. Allocates: onRebind only.
   */
  rebound<T extends Float32Array | Float64Array>(view: T): T {
    return (this.replaced?.get(view) as T | undefined) ?? view;
  }

  /** Called by the scope memory after a grow: remakes every view on the new buffer. Allocates. */
  rebind(buffer: ArrayBuffer): void {
    if (this.buffer === NO_MEMORY) return;
    this.buffer = buffer;
    const replaced = new Map<Float32Array | Float64Array, Float32Array | Float64Array>();
    this.views = this.views.map((old, i) => {
      const start = this.viewStarts[i];
      const length = this.viewLengths[i];
      const view = old instanceof Float64Array ? new Float64Array(buffer, start, length) : new Float32Array(buffer, start, length);
      replaced.set(old, view);
      return view;
    });
    this.replaced = replaced;
    this.onRebind?.();
    this.replaced = null;
  }

  /**
   * Returns the block to the scope memory, for the next engine. Every view this arena handed out must be
   * dropped: the space will hold another engine's state. Idempotent. Allocates: prepare only.
   */
  release(): void {
    if (this.buffer === NO_MEMORY) return;
    if (this.memory !== null) this.memory.release(this.base, this);
    this.buffer = NO_MEMORY;
    this.views = [];
    this.onRebind = null;
  }

  private reserve(bytes: number): number {
    const start = Math.ceil(this.used / ALIGN) * ALIGN;
    if (start + bytes > this.size || this.buffer === NO_MEMORY) {
      throw new RangeError(`spectrum arena has ${count(this.byteLength - start, 'byte')} left; ${bytes} requested`);
    }
    this.used = start + bytes;
    return this.base + start;
  }

  private remember(view: Float32Array | Float64Array, length: number): void {
    this.views.push(view);
    this.viewStarts.push(view.byteOffset);
    this.viewLengths.push(length);
  }

  /**
   * acc[a…] += X[x…] · H[h…] for `floats` numbers (a multiple of 4) of interleaved complex spectra, all three
   * views from this arena. Every pair is a complex bin: callers handle a packed bin 0 (DC, Nyquist) themselves.
   * Real-time safe.
   */
  mac(acc: Float32Array, a: number, X: Float32Array, x: number, H: Float32Array, h: number, floats: number): void {
    if (this.kernel !== null) {
      this.kernel(acc.byteOffset + 4 * a, X.byteOffset + 4 * x, H.byteOffset + 4 * h, floats);
      return;
    }
    for (let k = 0; k < floats; k += 2) {
      const xr = X[x + k];
      const xi = X[x + k + 1];
      const hr = H[h + k];
      const hi = H[h + k + 1];
      acc[a + k] += xr * hr - xi * hi;
      acc[a + k + 1] += xr * hi + xi * hr;
    }
  }

  /**
   * acc[a…] += Σ_{j<4} xs[j][xo[j]…] · H[h + j·hstride…] over `floats` numbers: four partitions in one pass,
   * so the accumulator moves once. Same rules as mac(). Real-time safe.
   */
  mac4(acc: Float32Array, a: number, xs: Float32Array[], xo: Int32Array, H: Float32Array, h: number, hstride: number, floats: number): void {
    const kernel4 = this.kernel4;
    if (kernel4 !== null) {
      kernel4(
        acc.byteOffset + 4 * a,
        xs[0].byteOffset + 4 * xo[0],
        xs[1].byteOffset + 4 * xo[1],
        xs[2].byteOffset + 4 * xo[2],
        xs[3].byteOffset + 4 * xo[3],
        H.byteOffset + 4 * h,
        4 * hstride,
        floats,
      );
      return;
    }
    for (let j = 0; j < 4; j++) this.mac(acc, a, xs[j], xo[j], H, h + j * hstride, floats);
  }
}
