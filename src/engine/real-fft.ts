/**
 * Real FFT of size 2L through a complex FFT of size L, cut into small steps so that a large transform can be
 * spread over many audio blocks.
 *
 * Spectra are "packed": L complex bins of an interleaved array of 2L numbers, bin k at [2k, 2k + 1] for
 * 0 < k < L, and bin 0 holding the two purely real bins (DC at [0], Nyquist at [1]).
 *
 * Large sizes use the four-step decomposition L = L1·L2: L2 column FFTs of size L1, a twiddle, L1 row FFTs of
 * size L2. Its output is in transposed ("permuted") order; the real post-twiddle reads through `perm` and
 * writes natural order, so nothing outside this file sees the permutation. Small sizes use one direct FFT.
 *
 * The inverse is unnormalized (it returns L·x) and runs the forward FFT on swapped (re ↔ im) data, because
 * DFT(swap(u)) = swap(IDFT(u)) and a swapped product u·c is swap(u)·conj(c). The result therefore lands
 * swapped: `x[j] = out[j ^ 1] / L`. Callers fold the 1/L into their impulse spectra.
 *
 * Prepare (the constructor) allocates; the step methods are real-time safe.
 */
import { ComplexFFT } from './fft.js';

/** Sizes up to this many complex points run as one direct FFT step. */
const DIRECT_MAX = 2048; // complex points
/** Bin pairs per post- or pre-twiddle step. */
const TWIDDLE_CHUNK = 1024; // bin pairs

export class RealFFT {
  /** Real frames per transform (2L). */
  readonly size: number;
  /** Complex bins in a packed spectrum (L); a packed spectrum has 2L numbers. */
  readonly bins: number;
  readonly forwardSteps: number;
  readonly inverseSteps: number;

  private readonly direct: boolean;
  private readonly l1: number;
  private readonly l2: number;
  private readonly twiddleSteps: number;
  private readonly fft1: ComplexFFT;
  private readonly fft2: ComplexFFT;
  /** Natural bin k → its complex index in the FFT's output order. */
  private readonly perm: Int32Array;
  /** W_L^j = e^{−2πij/L}, interleaved, j < L (four-step twiddles). */
  private readonly twL: Float64Array;
  /** W_{2L}^k = e^{−πik/L}, interleaved, k ≤ L/2 (real post/pre twiddles). */
  private readonly twM: Float64Array;
  /** The forward transform's complex spectrum in FFT order; the direct inverse's input. */
  private readonly work: Float64Array;
  private readonly colIn: Float64Array;
  private readonly colOut: Float64Array;
  private readonly rowIn: Float64Array;
  private readonly rowOut: Float64Array;

  constructor(realSize: number) {
    if (!Number.isInteger(realSize) || realSize < 4 || (realSize & (realSize - 1)) !== 0) {
      throw new RangeError(`real FFT size ${realSize} is not supported; expected a power of two ≥ 4`);
    }
    const L = realSize >> 1;
    this.size = realSize;
    this.bins = L;
    this.direct = L <= DIRECT_MAX;
    const log2 = Math.round(Math.log2(L));
    this.l1 = this.direct ? L : 1 << (log2 >> 1);
    this.l2 = this.direct ? 1 : L / this.l1;
    this.fft1 = new ComplexFFT(this.l1);
    this.fft2 = this.direct ? this.fft1 : new ComplexFFT(this.l2);
    this.twiddleSteps = Math.ceil(L / 2 / TWIDDLE_CHUNK);
    const fftSteps = this.direct ? 1 : this.l1 + this.l2;
    this.forwardSteps = fftSteps + this.twiddleSteps;
    this.inverseSteps = this.twiddleSteps + fftSteps;

    this.perm = new Int32Array(L);
    for (let k = 0; k < L; k++) this.perm[k] = this.direct ? k : (k % this.l1) * this.l2 + Math.floor(k / this.l1);
    this.twL = new Float64Array(this.direct ? 0 : 2 * L);
    for (let j = 0; j < this.twL.length / 2; j++) {
      this.twL[2 * j] = Math.cos((2 * Math.PI * j) / L);
      this.twL[2 * j + 1] = -Math.sin((2 * Math.PI * j) / L);
    }
    this.twM = new Float64Array(L + 2);
    for (let k = 0; k <= L / 2; k++) {
      this.twM[2 * k] = Math.cos((Math.PI * k) / L);
      this.twM[2 * k + 1] = -Math.sin((Math.PI * k) / L);
    }
    this.work = new Float64Array(2 * L);
    this.colIn = new Float64Array(2 * this.l1);
    this.colOut = new Float64Array(2 * this.l1);
    this.rowIn = new Float64Array(2 * this.l2);
    this.rowOut = new Float64Array(2 * this.l2);
  }

  /** Relative cost of a forward or inverse step (arbitrary units ≈ flops), for schedulers. */
  stepCost(step: number, inverse: boolean): number {
    const fftStep = inverse ? step - this.twiddleSteps : step;
    const fftSteps = this.forwardSteps - this.twiddleSteps;
    if (fftStep < 0 || fftStep >= fftSteps) return 12 * TWIDDLE_CHUNK;
    if (this.direct) return fftCost(this.bins);
    const rowsFirst = inverse;
    const isColumn = rowsFirst ? fftStep >= this.l1 : fftStep < this.l2;
    return isColumn ? fftCost(this.l1) + 8 * this.l1 : fftCost(this.l2) + 8 * this.l2;
  }

  /** Runs every forward step: `src` (2L real frames) → packed spectrum at dst[dstOffset…]. */
  forward(src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    for (let s = 0; s < this.forwardSteps; s++) this.forwardStep(s, src, dst, dstOffset);
  }

  /** Runs every inverse step: packed spectrum → `out` holding L·x swapped (x[j] = out[j ^ 1] / L). */
  inverse(src: Float64Array, out: Float64Array): void {
    for (let s = 0; s < this.inverseSteps; s++) this.inverseStep(s, src, out);
  }

  /** One forward step; steps must run in order 0…forwardSteps−1 on the same `src`. Real-time safe. */
  forwardStep(step: number, src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    if (this.direct) {
      if (step === 0) this.fft1.transform(this.work, src);
      else this.postTwiddle(step - 1, dst, dstOffset);
    } else if (step < this.l2) {
      this.forwardColumn(step, src);
    } else if (step < this.l2 + this.l1) {
      this.forwardRow(step - this.l2);
    } else {
      this.postTwiddle(step - this.l2 - this.l1, dst, dstOffset);
    }
  }

  /** One inverse step; steps run in order on the same `src` and `out`. Real-time safe. */
  inverseStep(step: number, src: Float64Array, out: Float64Array): void {
    if (step < this.twiddleSteps) {
      this.preTwiddle(step, src, this.direct ? this.work : out);
    } else if (this.direct) {
      this.fft1.transform(out, this.work);
    } else if (step < this.twiddleSteps + this.l1) {
      this.inverseRow(step - this.twiddleSteps, out);
    } else {
      this.inverseColumn(step - this.twiddleSteps - this.l1, out);
    }
  }

  private forwardColumn(n2: number, src: Float64Array): void {
    const l1 = this.l1;
    const l2 = this.l2;
    const colIn = this.colIn;
    const colOut = this.colOut;
    const work = this.work;
    const twL = this.twL;
    const mask = this.bins - 1;
    for (let n1 = 0; n1 < l1; n1++) {
      const at = 2 * (n1 * l2 + n2);
      colIn[2 * n1] = src[at];
      colIn[2 * n1 + 1] = src[at + 1];
    }
    this.fft1.transform(colOut, colIn);
    for (let k1 = 0; k1 < l1; k1++) {
      const t = 2 * ((n2 * k1) & mask);
      const c = twL[t];
      const s = twL[t + 1];
      const re = colOut[2 * k1];
      const im = colOut[2 * k1 + 1];
      const at = 2 * (k1 * l2 + n2);
      work[at] = re * c - im * s;
      work[at + 1] = re * s + im * c;
    }
  }

  private forwardRow(k1: number): void {
    const l2 = this.l2;
    const rowIn = this.rowIn;
    const rowOut = this.rowOut;
    const work = this.work;
    const base = 2 * k1 * l2;
    for (let i = 0; i < 2 * l2; i++) rowIn[i] = work[base + i];
    this.fft2.transform(rowOut, rowIn);
    for (let i = 0; i < 2 * l2; i++) work[base + i] = rowOut[i];
  }

  private inverseRow(k1: number, out: Float64Array): void {
    const l2 = this.l2;
    const rowIn = this.rowIn;
    const rowOut = this.rowOut;
    const twL = this.twL;
    const mask = this.bins - 1;
    const base = 2 * k1 * l2;
    for (let i = 0; i < 2 * l2; i++) rowIn[i] = out[base + i];
    this.fft2.transform(rowOut, rowIn);
    for (let n2 = 0; n2 < l2; n2++) {
      const t = 2 * ((n2 * k1) & mask);
      const c = twL[t];
      const s = twL[t + 1];
      const re = rowOut[2 * n2];
      const im = rowOut[2 * n2 + 1];
      out[base + 2 * n2] = re * c - im * s;
      out[base + 2 * n2 + 1] = re * s + im * c;
    }
  }

  private inverseColumn(n2: number, out: Float64Array): void {
    const l1 = this.l1;
    const l2 = this.l2;
    const colIn = this.colIn;
    const colOut = this.colOut;
    for (let k1 = 0; k1 < l1; k1++) {
      const at = 2 * (k1 * l2 + n2);
      colIn[2 * k1] = out[at];
      colIn[2 * k1 + 1] = out[at + 1];
    }
    this.fft1.transform(colOut, colIn);
    for (let n1 = 0; n1 < l1; n1++) {
      const at = 2 * (n1 * l2 + n2);
      out[at] = colOut[2 * n1];
      out[at + 1] = colOut[2 * n1 + 1];
    }
  }

  /** Complex spectrum Z of z[m] = x[2m] + i·x[2m+1] (FFT order, in `work`) → packed real spectrum R. */
  private postTwiddle(chunk: number, dst: Float32Array | Float64Array, off: number): void {
    const work = this.work;
    const perm = this.perm;
    const twM = this.twM;
    const L = this.bins;
    if (chunk === 0) {
      dst[off] = work[0] + work[1];
      dst[off + 1] = work[0] - work[1];
    }
    const first = 1 + chunk * TWIDDLE_CHUNK;
    const last = Math.min(L / 2, (chunk + 1) * TWIDDLE_CHUNK);
    for (let k = first; k <= last; k++) {
      const a = 2 * perm[k];
      const b = 2 * perm[L - k];
      const zr = work[a];
      const zi = work[a + 1];
      const wr = work[b];
      const wi = work[b + 1];
      // E = (Z_k + conj Z_{L−k}) / 2, O = (Z_k − conj Z_{L−k}) / 2i, R_k = E + W^k·O, R_{L−k} = conj(E − W^k·O)
      const er = 0.5 * (zr + wr);
      const ei = 0.5 * (zi - wi);
      const or = 0.5 * (zi + wi);
      const oi = -0.5 * (zr - wr);
      const cr = twM[2 * k];
      const ci = twM[2 * k + 1];
      const tr = cr * or - ci * oi;
      const ti = cr * oi + ci * or;
      dst[off + 2 * k] = er + tr;
      dst[off + 2 * k + 1] = ei + ti;
      dst[off + 2 * (L - k)] = er - tr;
      dst[off + 2 * (L - k) + 1] = ti - ei;
    }
  }

  /** Packed real spectrum R → swapped complex spectrum swap(Z) in FFT order, ready for the inverse FFT. */
  private preTwiddle(chunk: number, src: Float64Array, out: Float64Array): void {
    const perm = this.perm;
    const twM = this.twM;
    const L = this.bins;
    if (chunk === 0) {
      out[0] = 0.5 * (src[0] - src[1]);
      out[1] = 0.5 * (src[0] + src[1]);
    }
    const first = 1 + chunk * TWIDDLE_CHUNK;
    const last = Math.min(L / 2, (chunk + 1) * TWIDDLE_CHUNK);
    for (let k = first; k <= last; k++) {
      const rkr = src[2 * k];
      const rki = src[2 * k + 1];
      const rmr = src[2 * (L - k)];
      const rmi = src[2 * (L - k) + 1];
      // E = (R_k + conj R_{L−k}) / 2, O = (R_k − conj R_{L−k})·conj(W^k) / 2, Z_k = E + iO, Z_{L−k} = conj E + i·conj O
      const er = 0.5 * (rkr + rmr);
      const ei = 0.5 * (rki - rmi);
      const dr = 0.5 * (rkr - rmr);
      const di = 0.5 * (rki + rmi);
      const cr = twM[2 * k];
      const ci = twM[2 * k + 1];
      const or = dr * cr + di * ci;
      const oi = di * cr - dr * ci;
      const a = 2 * perm[k];
      const b = 2 * perm[L - k];
      // swapped storage: (im, re)
      out[a] = ei + or;
      out[a + 1] = er - oi;
      out[b] = or - ei;
      out[b + 1] = er + oi;
    }
  }
}

/** ≈ flops of a radix-4 complex FFT of n points. */
function fftCost(n: number): number {
  return 4.25 * n * Math.log2(n);
}
