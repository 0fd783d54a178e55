/**
 * The exponential decay system g(t) = e^{−t/τ}: the impulse response of a first-order system (an RC low-pass,
 * a single resonance's envelope), the textbook LTI example. Convolving with it smears each input sample into
 * a decaying tail; its RT60 is τ·ln(1000) ≈ 6.91 τ.
 */
import { ImpulseAudioBuffer } from './impulse-buffer.js';
import { checkChannels, checkPositive, DECAY_60_DB } from './synth-noise-reverb.js';

export interface ExponentialDecayOptions {
  sampleRate?: number; // Hz, default 48000
  /** Time constant τ in seconds. Default 0.1. Give `rt60` instead to set the 60 dB decay time. */
  tau?: number;
  rt60?: number; // s
  /** Length in seconds; default until the decay is 100 dB down (≈ 11.5 τ). */
  duration?: number;
  /** 'peak': g[0] = 1, the sampled g(t). 'dc': scaled by 1/(τ·fs) so the DC gain is 1, like the RC filter. */
  scale?: 'peak' | 'dc';
  channels?: 1 | 2 | 4;
}

const DEFAULT_TAU = 0.1; // s
const DEFAULT_RANGE = 100; // dB of decay in the default length

export function synthesizeExponentialDecay(options: ExponentialDecayOptions = {}): ImpulseAudioBuffer {
  const sampleRate = options.sampleRate ?? 48000;
  checkPositive('sampleRate', sampleRate, 'Hz');
  const tau = options.tau ?? (options.rt60 !== undefined ? options.rt60 / DECAY_60_DB : DEFAULT_TAU);
  checkPositive(options.tau === undefined && options.rt60 !== undefined ? 'rt60' : 'tau', tau, 's');
  const channels = options.channels ?? 1;
  checkChannels(channels);
  const duration = options.duration ?? (tau * DEFAULT_RANGE * Math.LN10) / 20;
  checkPositive('duration', duration, 's');
  const length = Math.max(1, Math.round(duration * sampleRate));
  const gain = options.scale === 'dc' ? 1 / (tau * sampleRate) : 1;
  const g = new Float32Array(length);
  for (let n = 0; n < length; n++) g[n] = gain * Math.exp(-n / (tau * sampleRate));
  // True stereo without cross-feed: each side decays on its own, L→R and R→L are silent.
  const out = channels === 1 ? [g] : channels === 2 ? [g, g.slice()] : [g, new Float32Array(length), new Float32Array(length), g.slice()];
  return new ImpulseAudioBuffer(out, sampleRate);
}
