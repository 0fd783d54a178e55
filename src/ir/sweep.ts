/**
 * The exponential sine sweep of Farina (2000): x(t) = sin(ω1·L·(e^{t/L} − 1)), L = T / ln(ω2/ω1). Its inverse
 * filter is the time-reversed sweep under an envelope e^{−t/L} (−6 dB per octave of falling frequency), so sweep ∗ inverse
 * is a band-limited impulse at delay T. A memoryless nonlinearity's k-th harmonic arrives L·ln k earlier than
 * the linear response, so the two separate in time after deconvolution.
 */
export interface SweepOptions {
  sampleRate: number; // Hz
  /** Start and end frequencies, Hz. Default 20 Hz to 0.45 × the sample rate. */
  startFrequency?: number;
  endFrequency?: number;
  /** Sweep length, s. Default 5: longer sweeps raise the signal-to-noise ratio by 3 dB per doubling. */
  duration?: number;
  /** Peak amplitude, linear. Default 0.5 (−6 dBFS), headroom for the loudspeaker. */
  amplitude?: number;
  /** Raised-cosine fades at the ends, s: no clicks (a click is broadband and smears the IR). Default 0.01. */
  fade?: number;
}

export interface Sweep {
  readonly sweep: Float32Array;
  readonly inverse: Float32Array;
  readonly sampleRate: number; // Hz
  readonly startFrequency: number; // Hz
  readonly endFrequency: number; // Hz
  /** L = T / ln(f2/f1), s: the k-th harmonic's response sits L·ln k before the linear one. */
  readonly rate: number;
}

export function createSweep(options: SweepOptions): Sweep {
  const { sampleRate } = options;
  const f1 = options.startFrequency ?? 20;
  const f2 = options.endFrequency ?? 0.45 * sampleRate;
  const duration = options.duration ?? 5;
  const amplitude = options.amplitude ?? 0.5;
  const fade = options.fade ?? 0.01;
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate is ${sampleRate}; expected Hz > 0`);
  if (!(f1 > 0 && f2 > f1 && f2 <= sampleRate / 2)) {
    throw new RangeError(`sweep runs from ${f1} to ${f2} Hz; expected 0 < start < end ≤ ${sampleRate / 2} Hz (Nyquist)`);
  }
  if (!(duration > 0 && duration <= 120)) throw new RangeError(`sweep duration is ${duration} s; expected 0 to 120 s`);
  const length = Math.round(duration * sampleRate);
  const rate = duration / Math.log(f2 / f1);
  const w1 = 2 * Math.PI * f1;
  const sweep = new Float32Array(length);
  const fadeFrames = Math.min(Math.round(fade * sampleRate), Math.floor(length / 2));
  for (let n = 0; n < length; n++) {
    const t = n / sampleRate;
    let gain = amplitude;
    if (n < fadeFrames) gain *= 0.5 - 0.5 * Math.cos((Math.PI * (n + 0.5)) / fadeFrames);
    else if (n >= length - fadeFrames) gain *= 0.5 - 0.5 * Math.cos((Math.PI * (length - n - 0.5)) / fadeFrames);
    sweep[n] = gain * Math.sin(w1 * rate * (Math.exp(t / rate) - 1));
  }
  const inverse = new Float32Array(length);
  for (let n = 0; n < length; n++) {
    // The reversed sweep starts at the top frequency: gain falls 6 dB per octave as its frequency falls,
    // which flattens the sweep's pink (−3 dB/octave power) spectrum in the product.
    inverse[n] = sweep[length - 1 - n] * Math.exp(-n / (sampleRate * rate));
  }
  // Scale so sweep ∗ inverse has unit gain mid-band: measured at the band's geometric centre.
  const centre = Math.sqrt(f1 * f2);
  const gain = magnitudeAt(sweep, centre, sampleRate) * magnitudeAt(inverse, centre, sampleRate);
  for (let n = 0; n < length; n++) inverse[n] /= gain;
  return { sweep, inverse, sampleRate, startFrequency: f1, endFrequency: f2, rate };
}

/** |X(f)| of a real signal by direct summation at one frequency. */
function magnitudeAt(x: Float32Array, frequency: number, sampleRate: number): number {
  const w = (2 * Math.PI * frequency) / sampleRate;
  let re = 0;
  let im = 0;
  for (let n = 0; n < x.length; n++) {
    re += x[n] * Math.cos(w * n);
    im -= x[n] * Math.sin(w * n);
  }
  return Math.hypot(re, im);
}
