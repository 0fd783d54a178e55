/**
 * The JavaScript real FFT (on fft.js): size 2L through a complex FFT of size L, cut into small steps so that a
 * large transform can be spread over many audio blocks. (WasmRealFFT is the WebAssembly twin for direct sizes.)
 *
 * Spectra are "packed": L complex bins in an interleaved array of 2L numbers in natural order — bin k at
 * [2k, 2k + 1] — with position 0 holding the two purely real bins (DC at [0], Nyquist at [1]), the order of the
 * WebAssembly transforms at every size, so that an IR's spectra prepared by one are read by the other.
 *
 * Large sizes use the four-step decomposition L = L1·L2: column FFTs of size L1, a twiddle, L1 row FFTs of
 * size L2, whose complex output is in transposed order (k1 + L1·k2 at k1·L2 + k2); the real twiddle pass reads
 * it there and writes natural order. Small sizes use one direct FFT.
 *
 * The inverse is unnormalized (it returns L·x) and runs the forward FFT on swapped (re ↔ im) data, because
 * DFT(swap(u)) = swap(IDFT(u)) and a swapped product u·c is swap(u)·conj(c). The result therefore lands
 * swapped: `x[j] = out[j ^ 1] / L`. Callers fold the 1/L into their impulse spectra.
 *
 * Prepare (the constructor) allocates; the step methods are real-time safe.
 */
import type { ComplexFFT } from './fft.js';
import { fftCost, sharedTables } from './real-fft-tables.js';
import type { RealTransform } from './real-transform.js';

/** Sizes up to this many complex points run as one direct FFT step. */
export const DIRECT_MAX = 4096; // complex points: one step of ≈ 45 µs here, a small share of a block
/** Adjacent columns per four-step column step: 4 complex float64 = one 64-byte cache line per strided read. */
const COLUMN_GROUP = 4;
/** Bin pairs per post- or pre-twiddle step. */
const TWIDDLE_CHUNK = 1024; // bin pairs

export class RealFFT implements RealTransform {
  /** Real frames per transform (2L). */
  readonly size: number;
  /** Complex bins in a packed spectrum (L); a packed spectrum has 2L numbers. */
  readonly bins: number;
  readonly forwardSteps: number;
  readonly inverseSteps: number;
  /** Time-domain buffers are float64 (its levels keep float64 windows and results). */
  readonly float32Time = false;

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
  /**
   * The bin pairs (k, L − k), 1 ≤ k ≤ L/2, of the real post/pre twiddle, listed in memory order of bin k:
   * positions of k and of L − k, and W_{2L}^k = e^{−πik/L} interleaved.
   */
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly pairK: Int32Array;
  private readonly pairTw: Float64Array;
  /** The forward transform's complex spectrum in FFT order; the direct inverse's input. */
  private readonly work: Float64Array;
  private readonly colIn: Float64Array[];
  private readonly colOut: Float64Array[];
  private readonly columnSteps: number;
  /** Views of `work`, one per four-step row, so row FFTs read in place (TypedArray.set copies back). */
  private readonly rows: Float64Array[];
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
    this.twiddleSteps = Math.ceil(L / 2 / TWIDDLE_CHUNK);
    this.columnSteps = this.direct ? 0 : this.l2 / COLUMN_GROUP;
    const fftSteps = this.direct ? 1 : this.l1 + this.columnSteps;
    this.forwardSteps = fftSteps + this.twiddleSteps;
    this.inverseSteps = this.twiddleSteps + fftSteps;
    const tables = sharedTables(L, this.direct, this.l1, this.l2);
    this.fft1 = tables.fft1;
    this.fft2 = tables.fft2;
    this.perm = tables.perm;
    this.twL = tables.twL;
    this.pairA = tables.pairA;
    this.pairB = tables.pairB;
    this.pairK = tables.pairK;
    this.pairTw = tables.pairTw;
    this.work = new Float64Array(2 * L);
    this.colIn = [];
    this.colOut = [];
    for (let g = 0; g < COLUMN_GROUP; g++) {
      this.colIn.push(new Float64Array(2 * this.l1));
      this.colOut.push(new Float64Array(2 * this.l1));
    }
    this.rows = [];
    for (let k1 = 0; k1 < (this.direct ? 0 : this.l1); k1++) {
      this.rows.push(this.work.subarray(2 * k1 * this.l2, 2 * (k1 + 1) * this.l2));
    }
    this.rowOut = new Float64Array(2 * this.l2);
  }

  /** Bytes of typed arrays this transform uses: its scratch, and the tables it shares with others of its size. */
  get byteLength(): number {
    let bytes = this.perm.byteLength + this.twL.byteLength + this.pairA.byteLength + this.pairB.byteLength;
    bytes += this.pairTw.byteLength + this.work.byteLength + this.rowOut.byteLength;
    for (let g = 0; g < this.colIn.length; g++) bytes += this.colIn[g].byteLength + this.colOut[g].byteLength;
    return bytes;
  }

  /** Position of natural bin k (0 < k < L) in a packed spectrum, in complex units: k (natural order). */
  binIndex(k: number): number {
    return k;
  }

  /** Relative cost of a forward or inverse step (arbitrary units ≈ flops), for schedulers. */
  stepCost(step: number, inverse: boolean): number {
    const fftStep = inverse ? step - this.twiddleSteps : step;
    const fftSteps = this.forwardSteps - this.twiddleSteps;
    if (fftStep < 0 || fftStep >= fftSteps) return 12 * TWIDDLE_CHUNK;
    if (this.direct) return fftCost(this.bins);
    const rowsFirst = inverse;
    const isColumn = rowsFirst ? fftStep >= this.l1 : fftStep < this.columnSteps;
    return isColumn ? COLUMN_GROUP * (fftCost(this.l1) + 8 * this.l1) : fftCost(this.l2) + 8 * this.l2;
  }

  /** Runs every forward step: `src` (2L real frames) → packed spectrum at dst[dstOffset…]. */
  forward(src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    for (let s = 0; s < this.forwardSteps; s++) this.forwardStep(s, src, dst, dstOffset);
  }

  /** Runs every inverse step: packed spectrum → `out` holding L·x swapped (x[j] = out[j ^ 1] / L). */
  inverse(src: Float32Array | Float64Array, out: Float64Array): void {
    for (let s = 0; s < this.inverseSteps; s++) this.inverseStep(s, src, out);
  }

  /** One forward step; steps must run in order 0…forwardSteps−1 on the same `src`. Real-time safe. */
  forwardStep(step: number, src: Float64Array, dst: Float32Array | Float64Array, dstOffset: number): void {
    if (this.direct) {
      if (step === 0) this.fft1.transform(this.work, src);
      else this.postTwiddle(step - 1, dst, dstOffset);
    } else if (step < this.columnSteps) {
      this.forwardColumns(step * COLUMN_GROUP, src);
    } else if (step < this.columnSteps + this.l1) {
      this.forwardRow(step - this.columnSteps);
    } else {
      this.postTwiddle(step - this.columnSteps - this.l1, dst, dstOffset);
    }
  }

  /** One inverse step; steps run in order on the same `src` and `out`. Real-time safe. */
  inverseStep(step: number, src: Float32Array | Float64Array, out: Float64Array): void {
    if (step < this.twiddleSteps) {
      this.preTwiddle(step, src, this.work);
    } else if (this.direct) {
      this.fft1.transform(out, this.work);
    } else if (step < this.twiddleSteps + this.l1) {
      this.inverseRow(step - this.twiddleSteps);
    } else {
      this.inverseColumns((step - this.twiddleSteps - this.l1) * COLUMN_GROUP, out);
    }
  }

  /** Column FFTs for columns n2 … n2 + COLUMN_GROUP − 1, then the four-step twiddle. */
  private forwardColumns(n2: number, src: Float64Array): void {
    const l1 = this.l1;
    const l2 = this.l2;
    const work = this.work;
    const twL = this.twL;
    const mask = this.bins - 1;
    const in0 = this.colIn[0];
    const in1 = this.colIn[1];
    const in2 = this.colIn[2];
    const in3 = this.colIn[3];
    for (let n1 = 0; n1 < l1; n1++) {
      const at = 2 * (n1 * l2 + n2);
      const j = 2 * n1;
      in0[j] = src[at];
      in0[j + 1] = src[at + 1];
      in1[j] = src[at + 2];
      in1[j + 1] = src[at + 3];
      in2[j] = src[at + 4];
      in2[j + 1] = src[at + 5];
      in3[j] = src[at + 6];
      in3[j + 1] = src[at + 7];
    }
    for (let g = 0; g < COLUMN_GROUP; g++) {
      const colOut = this.colOut[g];
      this.fft1.transform(colOut, this.colIn[g]);
      const column = n2 + g;
      // W^{column·k1} by recurrence from W^{column}: no scattered table reads (drift ≈ l1 · 1e-16)
      const stepC = twL[2 * column];
      const stepS = twL[2 * column + 1];
      let c = 1;
      let s = 0;
      for (let k1 = 0; k1 < l1; k1++) {
        const re = colOut[2 * k1];
        const im = colOut[2 * k1 + 1];
        const at = 2 * (k1 * l2 + column);
        work[at] = re * c - im * s;
        work[at + 1] = re * s + im * c;
        const nc = c * stepC - s * stepS;
        s = c * stepS + s * stepC;
        c = nc;
      }
    }
  }

  private forwardRow(k1: number): void {
    const row = this.rows[k1];
    this.fft2.transform(this.rowOut, row);
    row.set(this.rowOut);
  }

  /** Row FFT of the inverse, then the four-step twiddle (W, not conj W: the data is swapped). In `work`. */
  private inverseRow(k1: number): void {
    const l2 = this.l2;
    const rowOut = this.rowOut;
    const work = this.work;
    const twL = this.twL;
    const mask = this.bins - 1;
    const base = 2 * k1 * l2;
    this.fft2.transform(rowOut, this.rows[k1]);
    const stepC = twL[2 * k1];
    const stepS = twL[2 * k1 + 1];
    let c = 1;
    let s = 0;
    for (let n2 = 0; n2 < l2; n2++) {
      const re = rowOut[2 * n2];
      const im = rowOut[2 * n2 + 1];
      work[base + 2 * n2] = re * c - im * s;
      work[base + 2 * n2 + 1] = re * s + im * c;
      const nc = c * stepC - s * stepS;
      s = c * stepS + s * stepC;
      c = nc;
    }
  }

  /** Column FFTs of the inverse for columns n2 … n2 + COLUMN_GROUP − 1: `work` → `out`. */
  private inverseColumns(n2: number, out: Float64Array): void {
    const l1 = this.l1;
    const l2 = this.l2;
    const work = this.work;
    const in0 = this.colIn[0];
    const in1 = this.colIn[1];
    const in2 = this.colIn[2];
    const in3 = this.colIn[3];
    for (let k1 = 0; k1 < l1; k1++) {
      const at = 2 * (k1 * l2 + n2);
      const j = 2 * k1;
      in0[j] = work[at];
      in0[j + 1] = work[at + 1];
      in1[j] = work[at + 2];
      in1[j + 1] = work[at + 3];
      in2[j] = work[at + 4];
      in2[j + 1] = work[at + 5];
      in3[j] = work[at + 6];
      in3[j + 1] = work[at + 7];
    }
    for (let g = 0; g < COLUMN_GROUP; g++) this.fft1.transform(this.colOut[g], this.colIn[g]);
    const out0 = this.colOut[0];
    const out1 = this.colOut[1];
    const out2 = this.colOut[2];
    const out3 = this.colOut[3];
    for (let n1 = 0; n1 < l1; n1++) {
      const at = 2 * (n1 * l2 + n2);
      const j = 2 * n1;
      out[at] = out0[j];
      out[at + 1] = out0[j + 1];
      out[at + 2] = out1[j];
      out[at + 3] = out1[j + 1];
      out[at + 4] = out2[j];
      out[at + 5] = out2[j + 1];
      out[at + 6] = out3[j];
      out[at + 7] = out3[j + 1];
    }
  }

  /** Complex spectrum Z of z[m] = x[2m] + i·x[2m+1] (in `work`, FFT order) → packed real spectrum R (natural). */
  private postTwiddle(chunk: number, dst: Float32Array | Float64Array, off: number): void {
    const work = this.work;
    const pairA = this.pairA;
    const pairB = this.pairB;
    const pairK = this.pairK;
    const L = this.bins;
    const tw = this.pairTw;
    if (chunk === 0) {
      dst[off] = work[0] + work[1];
      dst[off + 1] = work[0] - work[1];
    }
    const first = chunk * TWIDDLE_CHUNK;
    const last = Math.min(pairA.length, first + TWIDDLE_CHUNK);
    for (let j = first; j < last; j++) {
      const a = 2 * pairA[j];
      const b = 2 * pairB[j];
      const zr = work[a];
      const zi = work[a + 1];
      const wr = work[b];
      const wi = work[b + 1];
      // E = (Z_k + conj Z_{L−k}) / 2, O = (Z_k − conj Z_{L−k}) / 2i, R_k = E + W^k·O, R_{L−k} = conj(E − W^k·O)
      const er = 0.5 * (zr + wr);
      const ei = 0.5 * (zi - wi);
      const or = 0.5 * (zi + wi);
      const oi = -0.5 * (zr - wr);
      const cr = tw[2 * j];
      const ci = tw[2 * j + 1];
      const tr = cr * or - ci * oi;
      const ti = cr * oi + ci * or;
      const ka = off + 2 * pairK[j]; // natural order in the packed spectrum
      const kb = off + 2 * (L - pairK[j]);
      dst[ka] = er + tr;
      dst[ka + 1] = ei + ti;
      dst[kb] = er - tr;
      dst[kb + 1] = ti - ei;
    }
  }

  /** Packed real spectrum R (natural order) → swapped complex spectrum swap(Z) in FFT order, for the inverse FFT. */
  private preTwiddle(chunk: number, src: Float32Array | Float64Array, out: Float64Array): void {
    const pairA = this.pairA;
    const pairB = this.pairB;
    const pairK = this.pairK;
    const L = this.bins;
    const tw = this.pairTw;
    if (chunk === 0) {
      out[0] = 0.5 * (src[0] - src[1]);
      out[1] = 0.5 * (src[0] + src[1]);
    }
    const first = chunk * TWIDDLE_CHUNK;
    const last = Math.min(pairA.length, first + TWIDDLE_CHUNK);
    for (let j = first; j < last; j++) {
      const a = 2 * pairA[j];
      const b = 2 * pairB[j];
      const ka = 2 * pairK[j]; // natural order in the packed spectrum
      const kb = 2 * (L - pairK[j]);
      const rkr = src[ka];
      const rki = src[ka + 1];
      const rmr = src[kb];
      const rmi = src[kb + 1];
      // E = (R_k + conj R_{L−k}) / 2, O = (R_k − conj R_{L−k})·conj(W^k) / 2, Z_k = E + iO, Z_{L−k} = conj E + i·conj O
      const er = 0.5 * (rkr + rmr);
      const ei = 0.5 * (rki - rmi);
      const dr = 0.5 * (rkr - rmr);
      const di = 0.5 * (rki + rmi);
      const cr = tw[2 * j];
      const ci = tw[2 * j + 1];
      const or = dr * cr + di * ci;
      const oi = di * cr - dr * ci;
      // swapped storage: (im, re)
      out[a] = ei + or;
      out[a + 1] = er - oi;
      out[b] = or - ei;
      out[b + 1] = er + oi;
    }
  }
}

