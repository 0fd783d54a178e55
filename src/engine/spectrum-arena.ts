/**
 * Memory for the spectra the multiply-accumulate (MAC) reads and writes — delay lines, impulse spectra and the
 * accumulator — and the MAC itself. Where WebAssembly SIMD exists (browsers since 2021–23, Node ≥ 16.4, their
 * AudioWorklet scopes), the arena is a WebAssembly memory and the MAC runs simd-kernels.wat, two complex bins per
 * instruction: ≈ 0.3–0.4 ns a bin (four partitions a pass: ≈ 0.31) against ≈ 2–5 ns for the same loop in
 * JavaScript (measured on the bench machine).
 * Elsewhere it is a plain ArrayBuffer and the MAC runs in JavaScript: same results to float32 rounding.
 *
 * The constructor allocates (and compiles nothing: the kernel module is compiled once per scope, synchronously,
 * which every scope allows at this size: under 1 KB); alloc() only hands out views; mac() is real-time safe.
 */
import { SIMD_KERNELS_WASM } from './simd-kernels-wasm.js';

/** The slice of the WebAssembly API the engine uses (it compiles against ES2022 only: no DOM or Node types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
type MacKernel = (acc: number, x: number, h: number, floats: number) => void;
type Mac4Kernel = (acc: number, x0: number, x1: number, x2: number, x3: number, h: number, hstride: number, floats: number) => void;

/** The real-FFT kernels of simd-kernels.wat (byte addresses in the arena; see the .wat for the contracts). */
export interface FftKernels {
  cfft(x: number, a: number, b: number, tw: number, n: number, first: number, last: number): number;
  rpost(z: number, dst: number, tw2: number, L: number): void;
  rpre(src: number, out: number, tw2: number, L: number): void;
  /** A small level's whole MAC in one call (the delay line as a ring; see the .wat). */
  macring(acc: number, x: number, xstride: number, slots: number, s0: number, h: number, hstride: number, count: number, floats: number): void;
}

const PAGE = 65536; // bytes in a WebAssembly page
const ALIGN = 16; // bytes: one SIMD vector
let compiled: object | null | undefined; // undefined: not tried yet; null: unavailable

function macModule(): object | null {
  if (compiled === undefined) {
    try {
      const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      const bytes = new Uint8Array(SIMD_KERNELS_WASM);
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null; // a scope that forbids compilation: the JavaScript MAC serves
    }
  }
  return compiled;
}

/** Whether this scope runs the SIMD multiply-accumulate. */
export function simdAvailable(): boolean {
  return macModule() !== null;
}

export class SpectrumArena {
  /** true when mac() runs WebAssembly SIMD. */
  readonly simd: boolean;
  private readonly buffer: ArrayBuffer;
  private readonly kernel: MacKernel | null;
  private readonly kernel4: Mac4Kernel | null;
  /** The FFT kernels, where the arena is WebAssembly memory; null elsewhere. */
  readonly fft: FftKernels | null;
  private used = 0; // bytes handed out

  /**
   * Room for `floats` float32 values (count a float64 as two), plus alignment for up to 64 views. Pass
   * `simd: false` to force the JavaScript MAC.
   */
  constructor(floats: number, simd = true) {
    const bytes = Math.max(PAGE, floats * 4 + 64 * ALIGN);
    const module = simd ? macModule() : null;
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (module !== null && wasm !== undefined) {
      const memory = new wasm.Memory({ initial: Math.ceil(bytes / PAGE) });
      const instance = new wasm.Instance(module, { env: { memory } });
      this.buffer = memory.buffer;
      this.kernel = instance.exports.mac as MacKernel;
      this.kernel4 = instance.exports.mac4 as Mac4Kernel;
      this.fft = instance.exports as unknown as FftKernels;
    } else {
      this.buffer = new ArrayBuffer(bytes);
      this.kernel = null;
      this.kernel4 = null;
      this.fft = null;
    }
    this.simd = this.kernel !== null;
  }

  /** Bytes reserved for this arena. */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** A zeroed, 16-byte-aligned view of `floats` float32 values. Allocates: prepare only. */
  alloc(floats: number): Float32Array {
    return new Float32Array(this.buffer, this.reserve(floats * 4), floats);
  }

  /** A zeroed, 16-byte-aligned view of `doubles` float64 values. Allocates: prepare only. */
  allocF64(doubles: number): Float64Array {
    return new Float64Array(this.buffer, this.reserve(doubles * 8), doubles);
  }

  private reserve(bytes: number): number {
    const start = Math.ceil(this.used / ALIGN) * ALIGN;
    if (start + bytes > this.buffer.byteLength) {
      throw new RangeError(`spectrum arena has ${this.buffer.byteLength - start} bytes left; ${bytes} requested`);
    }
    this.used = start + bytes;
    return start;
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
