/**
 * The Web Audio spec's ConvolverNode normalization, `calculateNormalizationScale`, exactly as the spec's
 * pseudo-code computes it (RMS power over all channels, a floor, the calibration gain, the sample-rate
 * factor and the true-stereo halving). Allocates nothing.
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
  const channels = buffer.numberOfChannels;
  const length = buffer.length;
  let power = 0;
  for (let c = 0; c < channels; c++) {
    const data = buffer.getChannelData(c);
    let channelPower = 0;
    for (let i = 0; i < length; i++) channelPower += data[i] * data[i];
    power += channelPower;
  }
  power = Math.sqrt(power / (channels * length));
  if (!Number.isFinite(power) || power < MIN_POWER) power = MIN_POWER;
  let scale = (1 / power) * GAIN_CALIBRATION;
  if (buffer.sampleRate) scale *= GAIN_CALIBRATION_SAMPLE_RATE / buffer.sampleRate;
  if (channels === 4) scale *= 0.5;
  return scale;
}
