/**
 * Measurements of an impulse response: peak, RT60 by Schroeder backward integration, pre-delay. Used by the
 * CLI's `info`, by the library generator for its manifest and by the tests of the synthesizers.
 */
import type { ImpulseBuffer } from './impulse-buffer.js';

export interface Rt60Estimate {
  /** Reverberation time in seconds, extrapolated to 60 dB of decay; NaN when the decay is too short to fit. */
  rt60: number;
  /** Which part of the energy decay curve the line was fitted to. */
  method: 'T30' | 'T20' | 'T10' | 'none';
  /** Usable decay range in dB: from the peak of the curve to the noise floor or the end of the IR. */
  dynamicRange: number;
}

export interface ImpulseAnalysis extends Rt60Estimate {
  channels: number;
  sampleRate: number; // Hz
  length: number; // frames
  duration: number; // s
  peak: number; // linear
  peakDb: number; // dBFS
  preDelay: number; // s: first frame within 20 dB of the peak
}

const NOISE_TAIL = 0.1; // fraction of the IR at its end taken as the noise floor estimate
const NOISE_MARGIN = 10; // dB above the noise floor where integration stops (Lundeby's rule of thumb)
const ENVELOPE_BLOCK = 0.01; // s: envelope resolution for finding the noise crossing
const PRE_DELAY_THRESHOLD = -20; // dB re peak

export function analyzeImpulse(buffer: ImpulseBuffer): ImpulseAnalysis {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  let peak = 0;
  for (const data of channels) for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i]));
  return {
    channels: buffer.numberOfChannels,
    sampleRate: buffer.sampleRate,
    length: buffer.length,
    duration: buffer.length / buffer.sampleRate,
    peak,
    peakDb: 20 * Math.log10(peak),
    preDelay: estimatePreDelay(channels, buffer.sampleRate),
    ...estimateRt60(channels, buffer.sampleRate),
  };
}

/** Seconds to the first frame, in any channel, within 20 dB of the overall peak. */
export function estimatePreDelay(channels: readonly Float32Array[], sampleRate: number): number {
  let peak = 0;
  for (const data of channels) for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i]));
  if (peak === 0) return NaN;
  const threshold = peak * 10 ** (PRE_DELAY_THRESHOLD / 20);
  let first = Infinity;
  for (const data of channels) {
    for (let i = 0; i < Math.min(first, data.length); i++) if (Math.abs(data[i]) >= threshold) { first = i; break; }
  }
  return first / sampleRate;
}

/** The energy decay curve (dB re its start) summed over channels, integrated backwards from `end`. */
export function energyDecayCurve(channels: readonly Float32Array[], end?: number, noisePower = 0): Float64Array {
  const length = end ?? channels[0].length;
  const curve = new Float64Array(length);
  let sum = 0;
  for (let i = length - 1; i >= 0; i--) {
    let e = -noisePower;
    for (const data of channels) e += data[i] * data[i];
    sum += e;
    curve[i] = sum;
  }
  const total = curve[0];
  for (let i = 0; i < length; i++) curve[i] = 10 * Math.log10(Math.max(curve[i], 1e-30) / total);
  return curve;
}

/**
 * Schroeder's method: integrate the squared IR backwards, fit a line to the decay curve between −5 dB and
 * −35 dB (T30), or −25 dB (T20) or −15 dB (T10) when the usable range is shorter, extrapolate to −60 dB.
 * For recorded IRs the noise floor is estimated from the last 10 % and subtracted, and integration stops
 * 10 dB above it, so a noisy tail does not bend the curve upwards.
 */
export function estimateRt60(channels: readonly Float32Array[], sampleRate: number): Rt60Estimate {
  const length = channels[0].length;
  const energy = new Float64Array(length);
  for (const data of channels) for (let i = 0; i < length; i++) energy[i] += data[i] * data[i];
  const tailStart = Math.floor(length * (1 - NOISE_TAIL));
  let noise = 0;
  for (let i = tailStart; i < length; i++) noise += energy[i];
  noise /= Math.max(1, length - tailStart);
  const block = Math.max(1, Math.round(ENVELOPE_BLOCK * sampleRate));
  let end = length;
  let peakBlock = 0;
  let peakIndex = 0;
  for (let start = 0; start + block <= length; start += block) {
    let mean = 0;
    for (let i = start; i < start + block; i++) mean += energy[i];
    mean /= block;
    if (mean > peakBlock) { peakBlock = mean; peakIndex = start; }
  }
  const floor = noise * 10 ** (NOISE_MARGIN / 10);
  if (noise > 0 && noise < peakBlock) {
    // Integration ends at the last block, after the peak, still clearly above the noise floor.
    for (let start = peakIndex; start + block <= length; start += block) {
      let mean = 0;
      for (let i = start; i < start + block; i++) mean += energy[i];
      if (mean / block > floor) end = start + block;
    }
  }
  const curve = energyDecayCurve(channels, end, noise > 0 && noise < peakBlock * 1e-3 ? noise : 0);
  const dynamicRange = noise > 0 ? 10 * Math.log10(peakBlock / floor) : -curve[end - 1];
  for (const [method, low] of [['T30', -35], ['T20', -25], ['T10', -15]] as const) {
    if (dynamicRange >= -low + 5 && curve[end - 1] < low) {
      return { rt60: fitDecay(curve, -5, low, sampleRate), method, dynamicRange };
    }
  }
  return { rt60: NaN, method: 'none', dynamicRange };
}

/** −60 / slope of the least-squares line through the curve's points between `high` and `low` dB. */
function fitDecay(curve: Float64Array, high: number, low: number, sampleRate: number): number {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < curve.length; i++) {
    const y = curve[i];
    if (y > high) continue;
    if (y < low) break;
    const x = i / sampleRate;
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); // dB per second
  return -60 / slope;
}
