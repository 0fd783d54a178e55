/**
 * A noise reverb: Gaussian noise under an exponential envelope that reaches −60 dB at RT60, what Tone.js's
 * Reverb renders, but seeded and with frequency-dependent decay. Damping splits each noise into a low and a
 * high band with a complementary one-pole crossover (low + high = the original noise exactly) and lets the
 * high band die `hfRatio` times faster, as air and soft surfaces make real rooms do.
 */
import { ImpulseAudioBuffer } from './impulse-buffer.js';
import { deriveSeed, gaussian, mulberry32 } from './random.js';
import { biquad, butterworth4 } from './biquad.js';

export interface NoiseReverbOptions {
  sampleRate?: number; // Hz, default 48000
  /** Time for the (low-frequency) decay to fall by 60 dB, in seconds. Default 2. */
  rt60?: number;
  /** Silence before the reverb starts, in seconds. Default 0. */
  preDelay?: number;
  /** High-band RT60 as a fraction of `rt60`: 1 = no damping. Default 0.5. */
  hfRatio?: number;
  /** Crossover between the low and the high band, in Hz. Default 3000. */
  dampingFrequency?: number;
  /** High-pass corner in Hz (plates and small spaces have little bass), 0 for none. Default 0. */
  lowCut?: number;
  /** 0 = identical channels, 1 = independent noise per channel. Default 1. */
  decorrelation?: number;
  /** Gain of the cross paths (L→R, R→L) of a true-stereo IR, linear. Default 0.7. */
  crossGain?: number;
  channels?: 1 | 2 | 4;
  /** Length in seconds; default pre-delay + 1.2 × RT60 (the decay ends 72 dB down). */
  duration?: number;
  seed?: number;
}

export const DEFAULT_NOISE_REVERB_OPTIONS = Object.freeze({
  sampleRate: 48000, rt60: 2, preDelay: 0, hfRatio: 0.5, dampingFrequency: 3000, lowCut: 0,
  decorrelation: 1, crossGain: 0.7, channels: 2 as 1 | 2 | 4, seed: 1,
});

export const DECAY_60_DB = 3 * Math.LN10; // e-folds in 60 dB of amplitude decay (6.908)
const ATTACK = 0.001; // s: raised-cosine onset so the reverb never starts with a click

export function synthesizeNoiseReverb(options: NoiseReverbOptions = {}): ImpulseAudioBuffer {
  const o = { ...DEFAULT_NOISE_REVERB_OPTIONS, ...options };
  checkPositive('rt60', o.rt60, 's');
  checkRange('preDelay', o.preDelay, 0, 60, 's');
  checkRange('hfRatio', o.hfRatio, 0.01, 1, '');
  checkRange('decorrelation', o.decorrelation, 0, 1, '');
  checkRange('dampingFrequency', o.dampingFrequency, 1, o.sampleRate / 2, 'Hz');
  checkRange('lowCut', o.lowCut, 0, o.sampleRate / 2, 'Hz');
  checkChannels(o.channels);
  const duration = o.duration ?? o.preDelay + 1.2 * o.rt60;
  checkPositive('duration', duration, 's');
  const length = Math.max(1, Math.round(duration * o.sampleRate));
  const start = Math.min(length - 1, Math.round(o.preDelay * o.sampleRate));
  const noise = (index: number) =>
    decayingNoise(length - start, o.sampleRate, o.rt60, o.hfRatio, o.dampingFrequency, deriveSeed(o.seed, index));
  const n = [0, 1, 2, 3].slice(0, o.channels).map(noise);
  const same = 1 - o.decorrelation; // correlation coefficient between the mixed channels
  const other = Math.sqrt(1 - same * same);
  const mix = (a: Float32Array, b: Float32Array, g = 1) => a.map((x, i) => g * (same * x + other * b[i]));
  let tails: Float32Array[];
  if (o.channels === 1) tails = [n[0]];
  else if (o.channels === 2) tails = [n[0], mix(n[0], n[1])];
  else tails = [n[0], n[1].map((x) => x * o.crossGain), mix(n[1], n[2], o.crossGain), mix(n[0], n[3])];
  const channels = tails.map((tail) => {
    if (o.lowCut > 0) biquad(tail, 'highpass', o.lowCut, Math.SQRT1_2, o.sampleRate);
    const out = new Float32Array(length);
    out.set(tail, start);
    return out;
  });
  return new ImpulseAudioBuffer(channels, o.sampleRate);
}

/**
 * `length` frames of seeded Gaussian noise whose low band decays by 60 dB in `rt60` s and whose high band
 * (above `crossover` Hz) in `rt60 × hfRatio` s, scaled so the whole decay carries unit energy.
 */
export function decayingNoise(
  length: number, sampleRate: number, rt60: number, hfRatio: number, crossover: number, seed: number,
): Float32Array {
  const normal = gaussian(mulberry32(seed));
  const white = new Float32Array(length);
  for (let i = 0; i < length; i++) white[i] = normal();
  // A steep low band (4th-order Butterworth) and its exact complement: a gentle crossover would leak the
  // slowly decaying low band far up into the high band and hide the damping.
  const low = white.slice();
  butterworth4(low, 'lowpass', crossover, sampleRate);
  const lowRate = Math.exp(-DECAY_60_DB / (rt60 * sampleRate)); // amplitude ratio per frame
  const highRate = Math.exp(-DECAY_60_DB / (rt60 * hfRatio * sampleRate));
  const attack = Math.max(1, Math.round(ATTACK * sampleRate));
  const out = white;
  let lowGain = 1;
  let highGain = 1;
  let energy = 0;
  for (let i = 0; i < length; i++) {
    const onset = i < attack ? 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / attack) : 1;
    const y = onset * (lowGain * low[i] + highGain * (white[i] - low[i]));
    out[i] = y;
    energy += y * y;
    lowGain *= lowRate;
    highGain *= highRate;
  }
  const scale = 1 / Math.sqrt(energy);
  for (let i = 0; i < length; i++) out[i] *= scale;
  return out;
}

export function checkPositive(name: string, value: number, unit: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} is ${value}; expected a number of ${unit} > 0`);
}

export function checkRange(name: string, value: number, min: number, max: number, unit: string): void {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`${name} is ${value}${unit ? ' ' + unit : ''}; expected ${min} to ${max}${unit ? ' ' + unit : ''}`);
  }
}

export function checkChannels(channels: number): void {
  if (channels !== 1 && channels !== 2 && channels !== 4) {
    throw new RangeError(`channels is ${channels}; expected 1, 2 or 4 (true stereo)`);
  }
}
