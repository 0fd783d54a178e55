/**
 * The arithmetic of a sweep measurement (Farina's method), free of Web Audio so Node tests can check it: the
 * exponential sine sweep, and deconvolution by a regularized spectral division limited to the sweep's band.
 * Harmonic distortion lands at negative times (the end of the circular result) and is cut away with
 * everything before the direct sound. Allocates: main thread only.
 */
import { fft, nextPowerOfTwo } from './fft.js';

export interface SweepOptions {
  sweep: number; // s
  tail: number; // s: the IR's length
  low: number; // Hz, sweep start
  high: number; // Hz, sweep end
  level: number; // linear peak of the sweep
}

const FADE = 0.01; // s: raised-cosine fades at the sweep's ends, so it starts and stops without a click
const PRE_ROLL = 0.002; // s kept before the direct sound's peak
const REGULARIZATION = 1e-3; // of the sweep's mean power: keeps the division finite where the sweep is weak
const PEAK = 0.9; // linear peak of the returned IR

/** sin(2π f1 L (e^{t/L} − 1)), L = T / ln(f2 / f1): every octave takes the same time. */
export function exponentialSweep(o: SweepOptions, rate: number): Float32Array {
  const length = Math.round(o.sweep * rate);
  const rateConstant = o.sweep / Math.log(o.high / o.low); // L, s
  const fade = Math.round(FADE * rate);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const t = i / rate;
    const edge = Math.min(i, length - 1 - i);
    const envelope = edge < fade ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / fade) : 1;
    out[i] = o.level * envelope * Math.sin(2 * Math.PI * o.low * rateConstant * (Math.exp(t / rateConstant) - 1));
  }
  return out;
}

/** The IR: recorded ⊘ sweep in the frequency domain, band-limited, cut from the direct sound on. */
export function deconvolve(recorded: Float32Array, sweep: Float32Array, o: SweepOptions, rate: number): Float32Array {
  const n = nextPowerOfTwo(recorded.length + sweep.length);
  const yr = new Float64Array(n);
  const yi = new Float64Array(n);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  yr.set(recorded);
  xr.set(sweep);
  fft(yr, yi);
  fft(xr, xi);
  let meanPower = 0;
  for (let k = 0; k < n; k++) meanPower += xr[k] * xr[k] + xi[k] * xi[k];
  const epsilon = (REGULARIZATION * meanPower) / n;
  for (let k = 0; k < n; k++) {
    const f = (Math.min(k, n - k) * rate) / n; // Hz
    const inBand = f >= o.low && f <= o.high;
    const power = xr[k] * xr[k] + xi[k] * xi[k] + epsilon;
    // Y · conj(X) / (|X|² + ε)
    const re = inBand ? (yr[k] * xr[k] + yi[k] * xi[k]) / power : 0;
    const im = inBand ? (yi[k] * xr[k] - yr[k] * xi[k]) / power : 0;
    yr[k] = re;
    yi[k] = im;
  }
  fft(yr, yi, true);
  // The direct sound: the loudest sample in the causal half (latency is far shorter than the recording).
  let peakIndex = 0;
  for (let i = 0; i < n / 2; i++) if (Math.abs(yr[i]) > Math.abs(yr[peakIndex])) peakIndex = i;
  const start = Math.max(0, peakIndex - Math.round(PRE_ROLL * rate));
  const length = Math.round(o.tail * rate);
  const out = new Float32Array(length);
  const peak = Math.abs(yr[peakIndex]) || 1;
  const fade = Math.round(0.05 * length); // frames: fade-out over the last 5 %
  for (let i = 0; i < length; i++) {
    const fadeGain = i > length - fade ? (length - i) / fade : 1;
    out[i] = (yr[start + i] / peak) * fadeGain * PEAK;
  }
  return out;
}
