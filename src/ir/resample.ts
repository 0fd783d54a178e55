/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc, evaluated through an oversampled kernel table
 * with linear interpolation between table phases (so any pair of rates works, 44.1 → 48 kHz included, with one
 * code path). Pure TypeScript, no platform API: runs in the browser, in Node and in a worker.
 *
 * Design (Kaiser's formulas): the passband ends at 0.9 × the lower Nyquist frequency, the stopband starts at
 * the lower Nyquist frequency, so nothing above it aliases and nothing of the images survives; the window is
 * designed for 100 dB attenuation (10 dB of margin over the 90 dB required), which also makes the passband
 * ripple ~1e-5 dB. The table has 2048 × (lower rate / input rate) phases per input sample: the kernel's
 * bandwidth in input samples shrinks by that ratio when downsampling, so the linear interpolation error
 * between phases stays below −130 dB while the table stays ~2 MB whatever the ratio.
 */
export interface ResampleOptions {
  /** Stopband attenuation the window is designed for, in dB. Default 100. */
  attenuation?: number;
  /** Passband edge as a fraction of the lower Nyquist frequency. Default 0.9. */
  passband?: number;
}

const DEFAULT_ATTENUATION = 100; // dB
const DEFAULT_PASSBAND = 0.9; // fraction of the lower Nyquist frequency
const PHASES = 2048; // kernel table rows per input sample at a ratio of 1 (upsampling)
const MIN_PHASES = 64;

interface Kernel {
  readonly phases: number; // table rows per input sample
  readonly halfTaps: number; // taps on each side of the output instant, in input samples
  readonly table: Float64Array; // (phases + 1) rows of 2·halfTaps taps
}

const kernelCache = new Map<string, Kernel>();

/**
 * Resamples every channel from `fromRate` to `toRate` (Hz). Output length is ⌈length × toRate / fromRate⌉
 * frames; output frame n is the band-limited input evaluated at time n / toRate. Allocates: main thread only.
 */
export function resample(
  channels: readonly Float32Array[],
  fromRate: number,
  toRate: number,
  options: ResampleOptions = {},
): Float32Array[] {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (fromRate === toRate) return channels.map((c) => c.slice());
  const kernel = getKernel(fromRate, toRate, options);
  return channels.map((c) => resampleChannel(c, fromRate, toRate, kernel));
}

/** Output length in frames for an input of `length` frames. */
export function resampledLength(length: number, fromRate: number, toRate: number): number {
  return Math.ceil((length * toRate) / fromRate - 1e-9);
}

function checkRate(name: string, rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new RangeError(`${name} is ${rate}; expected a finite sample rate in Hz > 0`);
  }
}

function resampleChannel(input: Float32Array, fromRate: number, toRate: number, kernel: Kernel): Float32Array {
  const outLength = resampledLength(input.length, fromRate, toRate);
  const out = new Float32Array(outLength);
  const { halfTaps, table, phases } = kernel;
  const taps = 2 * halfTaps;
  const inLength = input.length;
  const step = fromRate / toRate; // input samples per output sample
  for (let n = 0; n < outLength; n++) {
    const t = n * step; // output instant, in input samples
    const base = Math.floor(t);
    const position = (t - base) * phases;
    const phase = Math.min(phases - 1, Math.floor(position));
    const blend = position - phase; // between table rows phase and phase + 1
    const row0 = phase * taps;
    const row1 = row0 + taps;
    const first = base - halfTaps + 1; // input index of tap 0
    const jStart = first < 0 ? -first : 0;
    const jEnd = Math.min(taps, inLength - first);
    let sum0 = 0;
    let sum1 = 0;
    for (let j = jStart; j < jEnd; j++) {
      const x = input[first + j];
      sum0 += x * table[row0 + j];
      sum1 += x * table[row1 + j];
    }
    out[n] = sum0 + (sum1 - sum0) * blend;
  }
  return out;
}

/** Row p, tap j holds h(p / phases + halfTaps − 1 − j): the kernel at (output instant − input index). */
function getKernel(fromRate: number, toRate: number, options: ResampleOptions): Kernel {
  const attenuation = options.attenuation ?? DEFAULT_ATTENUATION;
  const passband = options.passband ?? DEFAULT_PASSBAND;
  if (!(attenuation >= 20 && attenuation <= 200)) {
    throw new RangeError(`resample attenuation is ${attenuation} dB; expected 20 to 200 dB`);
  }
  if (!(passband > 0 && passband < 1)) {
    throw new RangeError(`resample passband is ${passband}; expected a fraction of Nyquist between 0 and 1`);
  }
  const ratio = Math.min(1, toRate / fromRate); // lower Nyquist relative to the input's
  const key = `${ratio}:${attenuation}:${passband}`;
  const cached = kernelCache.get(key);
  if (cached) return cached;
  // Frequencies in cycles per input sample: passband edge, stopband edge (the lower Nyquist), cutoff between.
  const stopEdge = 0.5 * ratio;
  const passEdge = passband * stopEdge;
  const cutoff = 0.5 * (passEdge + stopEdge);
  const transition = 2 * Math.PI * (stopEdge - passEdge); // radians per input sample
  const length = Math.ceil((attenuation - 7.95) / (2.285 * transition)) + 1; // Kaiser's estimate, in taps
  const halfTaps = Math.ceil(length / 2) + 1;
  const beta = kaiserBeta(attenuation);
  const i0Beta = besselI0(beta);
  const taps = 2 * halfTaps;
  const phases = Math.max(MIN_PHASES, Math.ceil(PHASES * ratio));
  const table = new Float64Array((phases + 1) * taps);
  for (let p = 0; p <= phases; p++) {
    for (let j = 0; j < taps; j++) {
      const x = p / phases + halfTaps - 1 - j; // input samples from the kernel centre
      const u = x / halfTaps; // window argument, −1 … 1
      const window = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
      table[p * taps + j] = 2 * cutoff * sinc(2 * cutoff * x) * window;
    }
  }
  const kernel: Kernel = { phases, halfTaps, table };
  kernelCache.set(key, kernel);
  return kernel;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Kaiser's empirical β for a stopband attenuation in dB. */
export function kaiserBeta(attenuation: number): number {
  if (attenuation > 50) return 0.1102 * (attenuation - 8.7);
  if (attenuation >= 21) return 0.5842 * (attenuation - 21) ** 0.4 + 0.07886 * (attenuation - 21);
  return 0;
}

/** Modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
export function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
