/**
 * The preparation steps after decoding: resample to the context rate, trim silence, cap the length, normalize.
 * Pure functions over channel arrays; browser- and Node-safe. Allocates: main thread only.
 */
import { calculateNormalizationScale } from '../engine/normalization.js';
import { ImpulseAudioBuffer, type ImpulseBuffer } from './impulse-buffer.js';
import { resample } from './resample.js';
import { validateImpulseChannels } from './validate.js';

/**
 * 'spec': scale by the Web Audio spec's `calculateNormalizationScale` (what ConvolverNode does when
 * `normalize` is true); 'peak': scale the largest sample to `peakLevel`; 'none': leave the samples alone.
 */
export type NormalizeMode = 'spec' | 'peak' | 'none';

export interface PrepareOptions {
  /** Target sample rate in Hz; the IR is resampled when it differs. Default: keep the IR's rate. */
  sampleRate?: number;
  /** Trim leading and trailing frames quieter than `trimThreshold` relative to the peak. Default false. */
  trim?: boolean;
  /** Silence threshold for trimming, in dB relative to the IR's peak. Default −80 dB. */
  trimThreshold?: number;
  /** Longest result in frames (after resampling); longer IRs are cut with a short fade-out. */
  maxLength?: number;
  /** Default 'none': the convolver node applies the spec's normalization itself when asked to. */
  normalize?: NormalizeMode;
  /** Peak level for normalize: 'peak', linear. Default 1 (0 dBFS). */
  peakLevel?: number;
}

export const DEFAULT_PREPARE_OPTIONS = Object.freeze({
  trim: false,
  trimThreshold: -80, // dB re peak
  normalize: 'none' as NormalizeMode,
  peakLevel: 1, // linear
});

const CUT_FADE = 0.01; // s: fade-out when maxLength cuts an IR, so the cut never clicks

export function prepareImpulseChannels(channels: Float32Array[], sampleRate: number, options: PrepareOptions = {}): ImpulseAudioBuffer {
  const o = { ...DEFAULT_PREPARE_OPTIONS, ...options };
  validateImpulseChannels(channels, { maxLength: Number.MAX_SAFE_INTEGER });
  let rate = sampleRate;
  let out = channels;
  if (o.sampleRate !== undefined && o.sampleRate !== sampleRate) {
    out = resample(out, sampleRate, o.sampleRate);
    rate = o.sampleRate;
  }
  if (o.trim) out = trimSilence(out, o.trimThreshold);
  if (o.maxLength !== undefined && out[0].length > o.maxLength) out = cutWithFade(out, o.maxLength, rate);
  const buffer = new ImpulseAudioBuffer(out === channels ? out.map((c) => c.slice()) : out, rate);
  normalizeImpulse(buffer, o.normalize, o.peakLevel);
  return buffer;
}

/** Removes leading and trailing frames where every channel is below `thresholdDb` re the peak. */
export function trimSilence(channels: Float32Array[], thresholdDb: number): Float32Array[] {
  if (!(thresholdDb < 0)) throw new RangeError(`trim threshold is ${thresholdDb} dB; expected a level below 0 dB re peak`);
  const peak = peakOf(channels);
  if (peak === 0) return channels.map((c) => c.slice(0, 1)); // all silent: keep one frame, never 0
  const threshold = peak * 10 ** (thresholdDb / 20);
  const length = channels[0].length;
  let first = length;
  let last = -1;
  for (const data of channels) {
    for (let i = 0; i < first; i++) if (Math.abs(data[i]) >= threshold) { first = i; break; }
    for (let i = length - 1; i > last; i--) if (Math.abs(data[i]) >= threshold) { last = i; break; }
  }
  return channels.map((c) => c.slice(first, last + 1));
}

function cutWithFade(channels: Float32Array[], length: number, sampleRate: number): Float32Array[] {
  if (!(Number.isInteger(length) && length >= 1)) {
    throw new RangeError(`maxLength is ${length}; expected an integer number of frames ≥ 1`);
  }
  const fade = Math.min(Math.round(CUT_FADE * sampleRate), Math.floor(length / 2));
  return channels.map((c) => {
    const out = c.slice(0, length);
    for (let i = 0; i < fade; i++) out[length - 1 - i] *= 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / fade);
    return out;
  });
}

/** Scales the buffer's channels in place; returns the linear gain applied. */
export function normalizeImpulse(buffer: ImpulseBuffer, mode: NormalizeMode, peakLevel = 1): number {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  let gain: number;
  if (mode === 'none') return 1;
  if (mode === 'spec') gain = calculateNormalizationScale(buffer);
  else if (mode === 'peak') {
    const peak = peakOf(channels);
    gain = peak === 0 ? 1 : peakLevel / peak;
  } else {
    throw new RangeError(`normalize mode is ${JSON.stringify(mode)}; expected 'spec', 'peak' or 'none'`);
  }
  for (const data of channels) for (let i = 0; i < data.length; i++) data[i] *= gain;
  return gain;
}

export function peakOf(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const data of channels) for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i]));
  return peak;
}
